import t from 'tap';
import {
  type AgendaProblem,
  type AgendaSegment,
  type AgendaSegmentInput,
  checkAgenda,
  defaultAgenda,
  parseClockTime,
} from '../../src/domain/agenda.js';
import { issueText } from '../../src/i18n/issues.js';

// The rules must only ever use the series' zone. Unless the runner chose a
// zone, pin the process to one none of these tests use, so an accidental read
// of the local zone shows up as a wrong time. Node honours a TZ set at runtime.
process.env.TZ ??= 'America/Los_Angeles';

const NAIROBI = 'Africa/Nairobi';
// 14:00-15:30 in Nairobi (UTC+3).
const nairobiSession = { startsAt: new Date('2026-05-12T11:00:00Z'), durationMinutes: 90 };

const minutesBetween = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 60_000;

function lengthInMinutes(segment: AgendaSegment | undefined): number {
  if (!segment) throw new Error('missing segment');
  return minutesBetween(segment.startsAt, segment.endsAt);
}

/** The problem as the API's English sentence. */
const english = (problem: AgendaProblem | undefined) => (problem ? issueText('en', 'agenda', problem) : null);

/** The segments of an agenda the rules accept, for the session (by default the 90-minute one at 14:00 in Nairobi). */
function acceptedSegments(
  segments: Parameters<typeof checkAgenda>[0],
  session: Parameters<typeof checkAgenda>[1] = nairobiSession,
  zone = NAIROBI,
): AgendaSegment[] {
  const result = checkAgenda(segments, session, zone);
  if (!result.ok) throw new Error(`expected a valid agenda, got ${JSON.stringify(result.problems)}`);
  return result.segments;
}

function expectProblems(result: ReturnType<typeof checkAgenda>): AgendaProblem[] {
  if (result.ok) throw new Error('expected problems, got a valid agenda');
  return result.problems;
}

/** The problems of an agenda for the 90-minute session at 14:00 in Nairobi. */
const nairobiProblems = (segments: Parameters<typeof checkAgenda>[0]) =>
  expectProblems(checkAgenda(segments, nairobiSession, NAIROBI));

t.test('parseClockTime', async (t) => {
  t.same(parseClockTime('08:30'), { hour: 8, minute: 30 });
  t.same(parseClockTime('8:30'), { hour: 8, minute: 30 });
  t.same(parseClockTime(' 14:05 '), { hour: 14, minute: 5 });
  t.same(parseClockTime('0:00'), { hour: 0, minute: 0 });
  t.same(parseClockTime('23:59'), { hour: 23, minute: 59 });
  for (const bad of [
    '24:00',
    '25:00',
    '7:5',
    '12:60',
    'ab',
    '',
    '   ',
    '123:00',
    '12:345',
    '12.30',
    '-1:00',
    '12:3a',
  ]) {
    t.equal(parseClockTime(bad), null, `rejects ${JSON.stringify(bad)}`);
  }
});

t.test('a valid agenda comes back sorted, as instants, with normalised times', async (t) => {
  const segments = acceptedSegments([
    { title: 'Discussion', starts: '14:30', ends: '15:20', lead: 'all' },
    { title: 'Presentation', starts: '14:00', ends: '14:25', lead: 'focal' },
    { title: 'Close', starts: '15:20', ends: '15:30' },
  ]);
  t.same(
    segments.map((s) => [s.title, s.starts, s.ends, s.lead]),
    [
      ['Presentation', '14:00', '14:25', 'focal'],
      ['Discussion', '14:30', '15:20', 'all'],
      ['Close', '15:20', '15:30', null],
    ],
  );
  t.equal(segments[0]?.startsAt.toISOString(), '2026-05-12T11:00:00.000Z');
  t.equal(segments[2]?.endsAt.toISOString(), '2026-05-12T12:30:00.000Z');
});

t.test('an empty agenda is valid', async (t) => {
  t.same(checkAgenda([], nairobiSession, NAIROBI), { ok: true, segments: [] });
});

t.test('touching segments do not overlap', async (t) => {
  const segments = acceptedSegments([
    { title: 'Presentation', starts: '14:00', ends: '14:20' },
    { title: 'Question', starts: '14:20', ends: '14:35' },
    { title: 'Rest of the call', starts: '14:35', ends: '15:30' },
  ]);
  t.equal(segments.length, 3);
});

t.test('an overlap names both segments by title and time', async (t) => {
  const problems = nairobiProblems([
    { title: 'Close', starts: '15:20', ends: '15:30', lead: 'chair' },
    { title: 'Experiences from other countries', starts: '15:05', ends: '15:25', lead: 'all' },
    { title: 'Presentation', starts: '14:00', ends: '15:05', lead: 'focal' },
  ]);
  t.equal(problems.length, 1);
  const [overlap] = problems;
  t.match(overlap, { code: 'agenda_overlap', first: 1, second: 0 }, 'first/second are input indices in time order');
  t.match(english(overlap), '"Experiences from other countries" (15:05–15:25) overlaps "Close" (15:20–15:30)');
});

t.test('every overlapping pair is reported, not just neighbours', async (t) => {
  const problems = nairobiProblems([
    { title: 'Long', starts: '14:00', ends: '15:00' },
    { title: 'Inside A', starts: '14:10', ends: '14:20' },
    { title: 'Inside B', starts: '14:30', ends: '14:40' },
    { title: 'After', starts: '15:00', ends: '15:30' },
  ]);
  t.same(
    problems.map((p) => (p.code === 'agenda_overlap' ? [p.first, p.second] : p.code)),
    [
      [0, 1],
      [0, 2],
    ],
  );
});

t.test('segments outside the session', async (t) => {
  const early = nairobiProblems([{ title: 'Warm-up', starts: '13:50', ends: '14:10' }]);
  t.equal(early.length, 1);
  t.match(early[0], { code: 'agenda_outside_session', index: 0 });
  t.match(english(early[0]), '"Warm-up" (13:50–14:10)');
  t.match(english(early[0]), /starts before/);
  t.match(english(early[0]), '14:00–15:30', "names the session's local start and end");

  const late = nairobiProblems([
    { title: 'Presentation', starts: '14:00', ends: '15:00' },
    { title: 'Close', starts: '15:00', ends: '15:40' },
  ]);
  t.equal(late.length, 1);
  t.match(late[0], { code: 'agenda_outside_session', index: 1 });
  t.match(english(late[0]), /"Close" \(15:00–15:40\) ends after/);
  t.match(english(late[0]), '14:00–15:30');
});

t.test('outside-session problems come before overlaps', async (t) => {
  const problems = nairobiProblems([
    { title: 'A', starts: '14:00', ends: '14:30' },
    { title: 'B', starts: '14:20', ends: '15:45' },
  ]);
  t.same(
    problems.map((p) => p.code),
    ['agenda_outside_session', 'agenda_overlap'],
  );
});

t.test('impossible times are invalid_time problems', async (t) => {
  const problems = nairobiProblems([
    { title: 'A', starts: '25:00', ends: '14:30' },
    { title: 'B', starts: '14:30', ends: '12:60' },
    { title: 'C', starts: '', ends: '15:00' },
  ]);
  t.same(
    problems.map((p) => (p.code === 'invalid_time' ? [p.index, p.field, p.value] : p.code)),
    [
      [0, 'starts', '25:00'],
      [1, 'ends', '12:60'],
      [2, 'starts', ''],
    ],
  );
  t.match(english(problems[0]), /"A".*"25:00".*HH:MM/);
});

t.test('request problems are reported alone, before any conflict is considered', async (t) => {
  const problems = nairobiProblems([
    { title: 'A', starts: '14:00', ends: '15:00' },
    { title: 'B', starts: '14:30', ends: '15:45' }, // would overlap and run past the end
    { title: 'C', starts: '15:10', ends: '15:00' },
  ]);
  t.same(problems, [{ code: 'ends_before_start', params: { segment: 'C', starts: '15:10', ends: '15:00' }, index: 2 }]);
});

t.test('a segment must end after it starts', async (t) => {
  const problems = nairobiProblems([
    { title: 'Backwards', starts: '15:10', ends: '15:00' },
    { title: 'Empty', starts: '14:00', ends: '14:00' },
  ]);
  t.same(
    problems.map((p) => [p.code, 'index' in p ? p.index : -1]),
    [
      ['ends_before_start', 0],
      ['ends_before_start', 1],
    ],
  );
  t.match(english(problems[0]), '"Backwards" (15:10–15:00) must end after it starts');
});

t.test('"8:30" is read as 08:30', async (t) => {
  const kigaliMorning = { startsAt: new Date('2022-03-21T06:00:00Z'), durationMinutes: 60 }; // 08:00-09:00 Kigali
  const segments = acceptedSegments(
    [
      { title: 'Introduction', starts: '8:00', ends: '8:30' },
      { title: 'Opening remarks', starts: '08:30', ends: '9:00' },
    ],
    kigaliMorning,
    'Africa/Kigali',
  );
  t.same(
    segments.map((s) => [s.starts, s.ends]),
    [
      ['08:00', '08:30'],
      ['08:30', '09:00'],
    ],
  );
  t.equal(segments[0]?.endsAt.toISOString(), '2022-03-21T06:30:00.000Z');
});

t.test('a session across local midnight reads early times on the next day', async (t) => {
  // 23:00 on 12 May to 00:30 on 13 May, Nairobi.
  const lateSession = { startsAt: new Date('2026-05-12T20:00:00Z'), durationMinutes: 90 };
  const segments = acceptedSegments(
    [
      { title: 'After midnight', starts: '00:15', ends: '00:30' },
      { title: 'Across midnight', starts: '23:30', ends: '00:15' },
      { title: 'Opening', starts: '23:00', ends: '23:30' },
    ],
    lateSession,
    NAIROBI,
  );
  t.same(
    segments.map((s) => [s.title, s.startsAt.toISOString(), s.endsAt.toISOString()]),
    [
      ['Opening', '2026-05-12T20:00:00.000Z', '2026-05-12T20:30:00.000Z'],
      ['Across midnight', '2026-05-12T20:30:00.000Z', '2026-05-12T21:15:00.000Z'],
      ['After midnight', '2026-05-12T21:15:00.000Z', '2026-05-12T21:30:00.000Z'],
    ],
  );

  const tooLate = expectProblems(
    checkAgenda([{ title: 'Overrun', starts: '00:20', ends: '00:40' }], lateSession, NAIROBI),
  );
  t.same(tooLate, [
    {
      code: 'agenda_outside_session',
      params: {
        segment: 'Overrun',
        starts: '00:20',
        ends: '00:40',
        sessionStarts: '23:00',
        sessionEnds: '00:30',
        zone: 'Africa/Nairobi',
        scope: 'late',
      },
      index: 0,
    },
  ]);
  t.equal(
    english(tooLate[0]),
    '"Overrun" (00:20–00:40) ends after the session does; the session runs 23:00–00:30 (Africa/Nairobi time), so move the segment inside those times or change the session.',
  );

  // A session that stays within one day does not wrap: 13:00 is simply too early.
  const tooEarly = nairobiProblems([{ title: 'Early', starts: '13:00', ends: '14:30' }]);
  t.same(tooEarly, [
    {
      code: 'agenda_outside_session',
      params: {
        segment: 'Early',
        starts: '13:00',
        ends: '14:30',
        sessionStarts: '14:00',
        sessionEnds: '15:30',
        zone: 'Africa/Nairobi',
        scope: 'early',
      },
      index: 0,
    },
  ]);
  t.equal(
    english(tooEarly[0]),
    '"Early" (13:00–14:30) starts before the session does; the session runs 14:00–15:30 (Africa/Nairobi time), so move the segment inside those times or change the session.',
  );
  t.equal(
    issueText('fr', 'agenda', tooEarly[0]!),
    '«\u00a0Early\u00a0» (13:00–14:30) commence avant la session\u00a0; celle-ci a lieu de 14:00 à 15:30 (heures en Africa/Nairobi)\u00a0: placez la séquence dans ces horaires ou modifiez la session.',
    'and in French',
  );
});

t.test('DST spring-forward: agenda times are real instants', async (t) => {
  const NEW_YORK = 'America/New_York';
  // 14 March 2027: clocks jump from 02:00 EST to 03:00 EDT (07:00Z). A session
  // shown locally as 01:30-03:30 lasts one real hour.
  const springSession = { startsAt: new Date('2027-03-14T06:30:00Z'), durationMinutes: 60 };

  const [segment] = acceptedSegments(
    [{ title: 'Across the change', starts: '01:45', ends: '03:15' }],
    springSession,
    NEW_YORK,
  );
  t.equal(segment?.startsAt.toISOString(), '2027-03-14T06:45:00.000Z');
  t.equal(segment?.endsAt.toISOString(), '2027-03-14T07:15:00.000Z');
  t.equal(lengthInMinutes(segment), 30, '15 minutes before the change plus 15 after, not 90 wall-clock minutes');

  // 02:30 does not exist that night; it means the moment of the change, 03:00 EDT.
  const [intoGap] = acceptedSegments(
    [{ title: 'Into the gap', starts: '01:30', ends: '02:30' }],
    springSession,
    NEW_YORK,
  );
  t.equal(intoGap?.endsAt.toISOString(), '2027-03-14T07:00:00.000Z');
  t.equal(lengthInMinutes(intoGap), 30);

  // Both ends in the skipped hour collapse to one instant: the chair is told why.
  const collapsed = expectProblems(
    checkAgenda([{ title: 'Lost hour', starts: '02:10', ends: '02:40' }], springSession, NEW_YORK),
  );
  t.same(collapsed, [
    {
      code: 'ends_before_start',
      params: { segment: 'Lost hour', starts: '02:10', ends: '02:40', scope: 'gap' },
      index: 0,
    },
  ]);
  t.equal(
    english(collapsed[0]),
    '"Lost hour" (02:10–02:40) must end after it starts; set its end time later than 02:10. On that day the clocks skip forward, so times in the skipped hour count as the moment of the change.',
  );

  // The default agenda splits real time, so its local labels jump across the gap.
  const fitted = defaultAgenda(springSession, NEW_YORK);
  t.equal(fitted[0]?.starts, '01:30');
  t.equal(fitted.at(-1)?.ends, '03:30');
  t.equal(
    fitted.reduce((sum, s) => sum + lengthInMinutes(s), 0),
    60,
  );
});

const EXPECTED_LEADS = ['focal', 'discussant', 'focal', 'all', 'chair'];
const EXPECTED_TITLES = [
  'Presentation from the focal country',
  'Context and question from the discussant',
  'Response from the focal country',
  'Experiences and questions from other countries',
  'Close',
];

/** The properties every default agenda must have, whatever the length. */
function describeFit(segments: AgendaSegment[], session: { startsAt: Date; durationMinutes: number }) {
  const sessionEndMs = session.startsAt.getTime() + session.durationMinutes * 60_000;
  const lengths = segments.map(lengthInMinutes);
  return {
    leads: segments.map((s) => s.lead),
    titles: segments.map((s) => s.title),
    startsAtSessionStart: segments[0]?.startsAt.getTime() === session.startsAt.getTime(),
    endsAtSessionEnd: segments.at(-1)?.endsAt.getTime() === sessionEndMs,
    contiguous: segments.every((s, i) => i === 0 || s.startsAt.getTime() === segments[i - 1]?.endsAt.getTime()),
    totalMinutes: lengths.reduce((a, b) => a + b, 0),
    everySegmentWholeMinutesAndNonEmpty: lengths.every((m) => Number.isInteger(m) && m >= 1),
  };
}

function expectedFit(durationMinutes: number) {
  return {
    leads: EXPECTED_LEADS,
    titles: EXPECTED_TITLES,
    startsAtSessionStart: true,
    endsAtSessionEnd: true,
    contiguous: true,
    totalMinutes: durationMinutes,
    everySegmentWholeMinutesAndNonEmpty: true,
  };
}

t.test('default agenda for 90 minutes at 14:00 Nairobi', async (t) => {
  const segments = defaultAgenda(nairobiSession, NAIROBI);
  t.same(describeFit(segments, nairobiSession), expectedFit(90));
  t.same(
    segments.map((s) => `${s.starts}–${s.ends}`),
    ['14:00–14:20', '14:20–14:35', '14:35–14:55', '14:55–15:20', '15:20–15:30'],
  );
});

t.test('default agenda for 60 minutes uses 5-minute boundaries', async (t) => {
  const session = { startsAt: nairobiSession.startsAt, durationMinutes: 60 };
  const segments = defaultAgenda(session, NAIROBI);
  t.same(describeFit(segments, session), expectedFit(60));
  t.same(segments.map(lengthInMinutes), [15, 10, 10, 20, 5]);
});

t.test('default agenda for 15 minutes falls back to whole minutes', async (t) => {
  const session = { startsAt: nairobiSession.startsAt, durationMinutes: 15 };
  const segments = defaultAgenda(session, NAIROBI);
  t.same(describeFit(segments, session), expectedFit(15));
  const lengths = segments.map(lengthInMinutes);
  t.ok(
    lengths.some((m) => m % 5 !== 0),
    'a 5-minute grid cannot give five segments time in 15 minutes',
  );
});

t.test('default agenda works for every length from 15 to 720 minutes and passes checkAgenda', async (t) => {
  for (let minutes = 15; minutes <= 720; minutes++) {
    const session = { startsAt: nairobiSession.startsAt, durationMinutes: minutes };
    const segments = defaultAgenda(session, NAIROBI);
    const fit = describeFit(segments, session);
    const lengths = segments.map(lengthInMinutes);
    // Internal boundaries sit on the 5-minute grid once the session is long enough for it.
    const onGrid = minutes < 50 || lengths.slice(0, -1).every((m) => m % 5 === 0);
    const inputs: AgendaSegmentInput[] = segments.map(({ title, starts, ends, lead }) => ({
      title,
      starts,
      ends,
      lead,
    }));
    const passesCheck = checkAgenda(inputs, session, NAIROBI).ok;
    // One assertion per length would drown the report in 700 lines; stop at the first misfit.
    const actual = { ...fit, onGrid, passesCheck };
    const expected = { ...expectedFit(minutes), onGrid: true, passesCheck: true };
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      t.same(actual, expected, `${minutes} minutes (${lengths.join(', ')})`);
      return;
    }
  }
  t.pass('all lengths fit');
});

t.test('default agenda rejects lengths it cannot split', async (t) => {
  t.throws(() => defaultAgenda({ startsAt: nairobiSession.startsAt, durationMinutes: 4 }, NAIROBI), RangeError);
});

t.test('an unknown zone is a programming error, not an agenda problem', async (t) => {
  t.throws(() => checkAgenda([], nairobiSession, 'Mars/Olympus_Mons'), RangeError);
});

t.test('the published agenda of the Rwanda SHP policy dialogue has an overlap', async (t) => {
  // /work/shared/reference/policy-dialogue-concept-note.txt, "6. Proposed Agenda":
  // a one-day workshop on 21 March 2022 in Rwanda, 08:00-17:00 local time.
  // Times exactly as published (including "8:30"); the asterisk on the
  // coffee breaks is a footnote marker about posters, so it is left out.
  const published: AgendaSegmentInput[] = [
    { title: 'Introduction: Participants and workshop agenda', starts: '08:00', ends: '8:30' },
    { title: 'Opening remarks', starts: '08:30', ends: '09:00' },
    { title: 'Introduction to the SHP functional approach', starts: '09:00', ends: '09:30' },
    { title: 'SHP functional mapping results', starts: '09:30', ends: '10:00' },
    { title: 'Q&A', starts: '10:00', ends: '10:30' },
    { title: 'Coffee-break', starts: '10:30', ends: '11:00' },
    { title: 'Evidence synthesis results', starts: '11:00', ends: '11:30' },
    { title: 'Q&A', starts: '11:30', ends: '12:00' },
    { title: 'Capitation: progress update', starts: '12:00', ends: '12:30' },
    { title: 'Health Benefits Package: progress update', starts: '12:30', ends: '13:00' },
    { title: 'Lunch', starts: '12:45', ends: '13:45' },
    {
      title: 'Policy dialogue: discuss shared lessons and how they should translate into policy (actions)',
      starts: '13:45',
      ends: '14:45',
    },
    { title: 'SHP learning agenda', starts: '14:45', ends: '16:00' },
    { title: 'Coffee-break', starts: '16:00', ends: '16:30' },
    { title: 'Next Steps and closure', starts: '16:30', ends: '17:00' },
  ];
  // Kigali is UTC+2 all year.
  const workshop = { startsAt: new Date('2022-03-21T06:00:00Z'), durationMinutes: 9 * 60 };

  const problems = expectProblems(checkAgenda(published, workshop, 'Africa/Kigali'));
  t.same(
    problems.map((p) => p.code),
    ['agenda_overlap'],
    'the only problem is one overlap',
  );
  t.match(problems[0], { code: 'agenda_overlap', first: 9, second: 10 });
  t.match(
    english(problems[0]),
    '"Health Benefits Package: progress update" (12:30–13:00) overlaps "Lunch" (12:45–13:45)',
  );
});
