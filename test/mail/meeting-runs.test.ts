import t, { type Test } from 'tap';
import * as eventChange from '../../emails/event-change.js';
import { when } from '../../emails/i18n.js';
import * as meetingMail from '../../emails/meeting.js';
import { ManualClock } from '../../src/clock.js';
import { calendarText, type LibicalCalendar, readWithLibical } from '../calendar/libical.js';
import { expandWithIcalJs, parseIcs } from '../calendar/read.js';
import { CHAIR, createSeries, createSession, createWorkstream, joinWorkstream, json } from '../helper.js';
import { buildMailApp, type Received, startSmtpServer } from './helper.js';

const LUCIA = 'lucia@example.org';
const TRAN = 'tran@example.org';
const ZONE = 'Europe/Brussels';

/** 2027-03-10 10:00 in Brussels, every two weeks, four times: across the change to summer time. */
const RULE_STARTS = ['2027-03-10T09:00:00Z', '2027-03-24T09:00:00Z', '2027-04-07T08:00:00Z', '2027-04-21T08:00:00Z'];
/** The third moved to 14:00 the next day (summer time: 12:00 UTC). */
const MOVED = '2027-04-08T12:00:00Z';

const to = (mail: Received) => mail.envelopeTo[0] ?? '';
const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');

/** What a calendar shows of the file's event, as ical.js expands it (read.ts), as ISO instants. */
const expandedByIcalJs = (text: string): string[] => expandWithIcalJs(text).map((d) => iso(d));

/** The same by libical: the RRULE expanded, less the EXDATEs, each VEVENT with a RECURRENCE-ID in place of its meeting. */
function expandWithLibical(calendar: LibicalCalendar): string[] {
  const master = calendar.events.find((e) => e.recurrenceId === null);
  if (!master?.occurrences) return [];
  const moved = new Map(calendar.events.filter((e) => e.recurrenceId).map((e) => [e.recurrenceId, e.start]));
  return master.occurrences
    .filter((o) => !master.exdates.includes(o))
    .map((o) => moved.get(o) ?? o)
    .sort();
}

/** The one VEVENT of a message, as ical.js reads it. */
function icalJsEvent(text: string) {
  const { calendar, events } = parseIcs(text);
  const [event] = events;
  const time = (name: string) => {
    const value = event?.getFirstPropertyValue(name) as { toJSDate(): Date } | null | undefined;
    return value ? iso(value.toJSDate()) : null;
  };
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    events: events.length,
    sequence: event?.getFirstPropertyValue('sequence') ?? null,
    recurrenceId: time('recurrence-id'),
    start: time('dtstart'),
    status: (event?.getFirstPropertyValue('status') as string | null) ?? null,
    rrule: event?.hasProperty('rrule') ?? false,
  };
}

async function setUp(t: Test) {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { clock: new ManualClock('2027-03-01T09:00:00Z'), config: { smtpUrl: smtp.url } });
  const series = await createSeries(test, { timezone: ZONE });
  const ws = await createWorkstream(test, series.id);
  const join = async (email: string, language: string, timezone: string) => {
    const res = await joinWorkstream(test, series.id, ws.id, email, {
      name: email.split('@')[0],
      country: 'RW',
      language,
      timezone,
    });
    t.equal(res.statusCode, 201, res.body);
  };
  await join(LUCIA, 'en', ZONE);
  await join(TRAN, 'fr', 'Africa/Kigali');
  let seen = 0;
  /** Delivers what is due; exactly the messages that arrived since the last call. */
  const deliverNew = async (count: number) => {
    await test.deliver();
    await smtp.waitFor(seen + count);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const fresh = smtp.received.slice(seen);
    seen = smtp.received.length;
    return fresh;
  };
  await deliverNew(2); // the two confirmations
  const created = await test.app.inject({
    method: 'POST',
    url: `/api/workstreams/${ws.id}/meetings`,
    headers: test.as(CHAIR),
    payload: {
      title: 'Fortnightly exchange',
      startsAt: '2027-03-10T10:00',
      durationMinutes: 60,
      repeat: { every: 2, unit: 'weeks', count: 4 },
    },
  });
  t.equal(created.statusCode, 201, created.body);
  const run = json(created);
  const api = {
    move: (place: number | string, startsAt: string) =>
      test.app.inject({
        method: 'PATCH',
        url: `/api/meetings/${run.id}/occurrences/${place}`,
        headers: test.as(CHAIR),
        payload: { startsAt },
      }),
    cancel: (place: number | string) =>
      test.app.inject({
        method: 'POST',
        url: `/api/meetings/${run.id}/occurrences/${place}/cancel`,
        headers: test.as(CHAIR),
      }),
  };
  return { smtp, test, series, ws, run, join, deliverNew, api };
}

t.test(
  'a fortnightly run is one meeting, one invitation per member, the same four instants in both readers',
  async (t) => {
    const { test, ws, run, deliverNew } = await setUp(t);
    t.same(
      [run.repeat, run.invited, run.occurrences.map((o: { startsAt: string }) => o.startsAt)],
      [{ every: 2, unit: 'weeks', count: 4, zone: ZONE }, 2, RULE_STARTS.map((s) => s.replace('Z', '.000Z'))],
    );
    const shown = json(await test.app.inject({ url: `/api/workstreams/${ws.id}` }));
    t.equal(shown.meetings.length, 1, 'one meeting, not four');

    const invitations = await deliverNew(2);
    t.same(invitations.map(to).sort(), [LUCIA, TRAN], 'each member gets exactly one invitation');
    const texts = invitations.map(calendarText);
    for (const text of texts) {
      t.match(text, /\r\nDTSTART;TZID=Europe\/Brussels:20270310T100000\r\n/);
      t.match(text, /\r\nRRULE:FREQ=WEEKLY;COUNT=4;INTERVAL=2\r\n/);
      t.match(text, /\r\nBEGIN:VTIMEZONE\r\nTZID:Europe\/Brussels\r\n/);
      t.same(expandedByIcalJs(text), RULE_STARTS, 'ical.js: the four instants');
    }
    const libical = readWithLibical(texts);
    t.same(
      libical.map((c) => [c.method, c.restrictionsHold, c.errors, c.events.length, expandWithLibical(c)]),
      [
        ['REQUEST', true, [], 1, RULE_STARTS],
        ['REQUEST', true, [], 1, RULE_STARTS],
      ],
      'libical: one event, the four instants, iTIP’s rules hold',
    );
    const lucia = invitations.find((m) => to(m) === LUCIA);
    const tran = invitations.find((m) => to(m) === TRAN);
    t.ok(lucia?.parsed.text?.includes('every 2 weeks, 4 times, from 10 March to 21 April'), 'the mail says it repeats');
    t.ok(
      tran?.parsed.text?.includes('toutes les 2 semaines, 4 fois, du 10 mars au 21 avril'),
      'in the reader’s language',
    );
    t.ok(
      lucia?.parsed.text?.includes(
        [
          '1. 10 March, 10:00 Europe/Brussels',
          '2. 24 March, 10:00 Europe/Brussels',
          '3. 7 April, 10:00 Europe/Brussels',
          '4. 21 April, 10:00 Europe/Brussels',
        ].join('\n'),
      ),
      'each meeting of the run, in the reader’s zone',
      { text: lucia?.parsed.text },
    );
    t.ok(lucia?.parsed.text?.includes('The meetings of the run\n'), 'under their heading');
    t.ok(tran?.parsed.text?.includes('10 mars à 11:00 Africa/Kigali'), 'in hers');
  },
);

t.test('moving the third, cancelling the fourth: RECURRENCE-ID, then the run with its EXDATE', async (t) => {
  const { smtp, test, run, join, deliverNew, api } = await setUp(t);
  await deliverNew(2);

  const moved = await api.move(3, '2027-04-08T14:00');
  t.equal(moved.statusCode, 200, moved.body);
  t.same(json(moved).occurrences[2], {
    place: 3,
    startsAt: '2027-04-08T12:00:00.000Z',
    endsAt: '2027-04-08T13:00:00.000Z',
    originalStartsAt: '2027-04-07T08:00:00.000Z',
    status: 'moved',
  });
  const moves = await deliverNew(2);
  t.same(moves.map(to).sort(), [LUCIA, TRAN]);
  const moveTexts = moves.map(calendarText);
  t.same(
    moveTexts.map(icalJsEvent),
    moveTexts.map(() => ({
      method: 'REQUEST',
      events: 1,
      sequence: 1,
      recurrenceId: RULE_STARTS[2],
      start: MOVED,
      status: 'CONFIRMED',
      rrule: false,
    })),
    'ical.js: that one meeting, named by its rule start, at its new time',
  );
  t.same(
    readWithLibical(moveTexts).map((c) => [
      c.method,
      c.restrictionsHold,
      c.events.map((e) => [e.sequence, e.recurrenceId, e.start, e.rrule]),
    ]),
    moveTexts.map(() => ['REQUEST', true, [[1, RULE_STARTS[2], MOVED, []]]]),
    'libical: the same',
  );
  const luciaMove = moves.find((m) => to(m) === LUCIA);
  const at = (instant: string) => when(new Date(instant), 'en', ZONE, ZONE);
  t.ok(
    luciaMove?.parsed.text?.includes(eventChange.text.en.time(at(MOVED), at(RULE_STARTS[2] as string))),
    'the old time beside the new, in the reader’s zone',
  );
  t.equal(
    luciaMove?.parsed.subject,
    meetingMail.text.en.subjectOccurrenceUpdate('Fortnightly exchange', '3', '8 April'),
  );

  const cancelled = await api.cancel(4);
  t.equal(cancelled.statusCode, 200, cancelled.body);
  t.same(
    json(cancelled).occurrences.map((o: { status: string }) => o.status),
    ['scheduled', 'scheduled', 'moved', 'cancelled'],
  );
  const cancels = await deliverNew(2);
  const cancelTexts = cancels.map(calendarText);
  t.same(
    cancelTexts.map(icalJsEvent),
    cancelTexts.map(() => ({
      method: 'CANCEL',
      events: 1,
      sequence: 2,
      recurrenceId: RULE_STARTS[3],
      start: RULE_STARTS[3],
      status: 'CANCELLED',
      rrule: false,
    })),
    'ical.js: that one meeting called off',
  );
  t.same(
    readWithLibical(cancelTexts).map((c) => [
      c.method,
      c.restrictionsHold,
      c.events.map((e) => [e.sequence, e.recurrenceId, e.status]),
    ]),
    cancelTexts.map(() => ['CANCEL', true, [[2, RULE_STARTS[3], 'CANCELLED']]]),
    'libical: the same',
  );

  // The run sent again (a new link): the cancelled meeting as EXDATE, the moved one beside the master.
  const relinked = await test.app.inject({
    method: 'PATCH',
    url: `/api/meetings/${run.id}`,
    headers: test.as(CHAIR),
    payload: { meetingUrl: 'https://meet.example.org/exchange' },
  });
  t.equal(relinked.statusCode, 200, relinked.body);
  t.same(
    json(relinked).occurrences.map((o: { status: string }) => o.status),
    ['scheduled', 'scheduled', 'moved', 'cancelled'],
    'changing the run keeps its exceptions',
  );
  const updates = await deliverNew(2);
  const expected = [RULE_STARTS[0], RULE_STARTS[1], MOVED];
  const updateTexts = updates.map(calendarText);
  for (const text of updateTexts) {
    t.match(text, /\r\nEXDATE;TZID=Europe\/Brussels:20270421T100000\r\n/);
    t.same(expandedByIcalJs(text), expected, 'ical.js: three meetings, the third at its new time');
  }
  const luciaUpdate = updates.find((m) => to(m) === LUCIA)?.parsed.text ?? '';
  t.ok(luciaUpdate.includes('3. 8 April, 14:00 Europe/Brussels (moved)'), 'the update lists the moved meeting');
  t.ok(luciaUpdate.includes('4. 21 April, 10:00 Europe/Brussels (cancelled)'), 'and the cancelled one');
  const libicalUpdates = readWithLibical(updateTexts);
  t.same(
    libicalUpdates.map((c) => [c.method, c.restrictionsHold, c.events.map((e) => e.sequence), expandWithLibical(c)]),
    updateTexts.map(() => ['REQUEST', true, [3, 3], expected]),
    'libical: the same three, SEQUENCE above every earlier message',
  );
  t.same(libicalUpdates[0]?.events[0]?.exdates, [RULE_STARTS[3]]);

  // A newcomer gets the run as it stands.
  await join('newcomer@example.org', 'en', ZONE);
  const welcome = (await deliverNew(2)).filter((m) =>
    m.parsed.attachments.some((a) => a.contentType === 'text/calendar'),
  );
  t.same(welcome.map(to), ['newcomer@example.org']);
  const welcomeText = calendarText(welcome[0] as Received);
  t.same(expandedByIcalJs(welcomeText), expected, 'ical.js: the newcomer’s run');
  t.same(readWithLibical([welcomeText]).map(expandWithLibical), [expected], 'libical: the same');

  // Lucía leaves: her copy of the run goes, the run itself goes on.
  test.clock.set('2027-03-12T09:00:00Z');
  const left = await test.app.inject({
    method: 'POST',
    url: `/api/workstreams/${run.workstreamId}/leave`,
    headers: test.as(LUCIA),
  });
  t.equal(left.statusCode, 204);
  const [withdrawal] = await deliverNew(1);
  t.equal(to(withdrawal as Received), LUCIA);
  const withdrawalText = calendarText(withdrawal as Received);
  t.same(
    [icalJsEvent(withdrawalText).method, icalJsEvent(withdrawalText).recurrenceId, icalJsEvent(withdrawalText).status],
    ['CANCEL', null, null],
    'ical.js: a CANCEL of the whole run, for her copy only',
  );
  t.same(
    readWithLibical([withdrawalText]).map((c) => [
      c.method,
      c.restrictionsHold,
      c.events[0]?.recurrenceId,
      c.events[0]?.sequence,
    ]),
    [['CANCEL', true, null, 4]],
  );

  // The whole run cancelled: the master, STATUS:CANCELLED, to everyone still holding it.
  const gone = await test.app.inject({
    method: 'POST',
    url: `/api/meetings/${run.id}/cancel`,
    headers: test.as(CHAIR),
  });
  t.equal(gone.statusCode, 200);
  const ends = await deliverNew(2);
  t.same(ends.map(to).sort(), ['newcomer@example.org', TRAN]);
  const endTexts = ends.map(calendarText);
  t.same(
    readWithLibical(endTexts).map((c) => [
      c.method,
      c.restrictionsHold,
      c.events[0]?.recurrenceId,
      c.events[0]?.status,
    ]),
    endTexts.map(() => ['CANCEL', true, null, 'CANCELLED']),
  );

  // Every message a person got for the UID carries a higher SEQUENCE than the one before.
  const byPerson = new Map<string, number[]>();
  for (const mail of smtp.received.filter((m) => m.parsed.attachments.some((a) => a.contentType === 'text/calendar'))) {
    const sequence = Number(icalJsEvent(calendarText(mail)).sequence);
    byPerson.set(to(mail), [...(byPerson.get(to(mail)) ?? []), sequence]);
  }
  t.same(Object.fromEntries(byPerson), {
    [LUCIA]: [0, 1, 2, 3, 4],
    [TRAN]: [0, 1, 2, 3, 4],
    'newcomer@example.org': [3, 4],
  });
});

t.test('what cannot be done to a meeting of a run is a 409 that says why', async (t) => {
  const { test, series, ws, run, api } = await setUp(t);
  const code = async (res: Awaited<ReturnType<typeof api.move>>) => [res.statusCode, json(res).error];
  t.same(await code(await api.move(5, '2027-05-05T10:00')), [409, 'occurrence_outside_run'], 'a place outside the run');
  t.equal(json(await api.move(5, '2027-05-05T10:00')).message, 'The run has 4 meetings: there is no meeting 5.');
  t.same(await code(await api.move('x', '2027-05-05T10:00')), [400, 'invalid_request'], 'a place that is no number');
  t.same(await code(await api.move(2, '2027-03-10T10:30')), [409, 'occurrence_clash'], 'onto the first meeting');
  t.same(await code(await api.move(2, '2027-02-10T10:00')), [409, 'in_the_past'], 'to a time already past');
  const change = (payload: object) =>
    test.app.inject({ method: 'PATCH', url: `/api/meetings/${run.id}`, headers: test.as(CHAIR), payload });
  t.same(await code(await api.move(2, '2027-03-10T12:00')), [200, undefined], 'to the first one’s day, after it');
  t.same(
    await code(await change({ durationMinutes: 180 })),
    [409, 'occurrence_clash'],
    'a longer run would overlap its moved meeting',
  );
  t.same(
    await code(await change({ linkedSessionId: (await createSession(test, series.id)).id })),
    [409, 'run_feedback'],
    'a run is no feedback meeting of one session',
  );
  t.same(await code(await api.cancel(4)), [200, undefined]);
  t.same(await code(await api.cancel(4)), [409, 'occurrence_cancelled'], 'cancelled already');
  t.same(
    await code(await api.move(4, '2027-05-05T10:00')),
    [409, 'occurrence_cancelled'],
    'a cancelled one cannot move',
  );
  t.same(await code(await api.cancel(2)), [200, undefined]);
  t.same(await code(await api.cancel(3)), [200, undefined]);
  t.same(await code(await api.cancel(1)), [409, 'occurrence_last'], 'the last one left: cancel the meeting');
  test.clock.set('2027-03-11T09:00:00Z');
  t.same(await code(await api.move(1, '2027-05-05T10:00')), [409, 'occurrence_past'], 'a meeting already held');
  t.same(await code(await api.cancel(1)), [409, 'occurrence_past']);
  t.same(
    await code(await change({ startsAt: '2027-03-17T10:00' })),
    [409, 'run_started'],
    'a run already begun cannot move as a whole',
  );
  t.same(await code(await change({ title: 'Exchange' })), [200, undefined], 'its title still can');
  const single = json(
    await test.app.inject({
      method: 'POST',
      url: `/api/workstreams/${ws.id}/meetings`,
      headers: test.as(CHAIR),
      payload: { title: 'One-off', startsAt: '2027-05-05T10:00' },
    }),
  );
  const once = await test.app.inject({
    method: 'POST',
    url: `/api/meetings/${single.id}/occurrences/1/cancel`,
    headers: test.as(CHAIR),
  });
  t.same([once.statusCode, json(once).error], [409, 'not_a_run'], 'a meeting that does not repeat');
  await test.app.inject({ method: 'POST', url: `/api/meetings/${run.id}/cancel`, headers: test.as(CHAIR) });
  t.same(await code(await api.move(3, '2027-05-05T10:00')), [409, 'meeting_cancelled'], 'a cancelled run');
  const monthly = await test.app.inject({
    method: 'POST',
    url: `/api/workstreams/${ws.id}/meetings`,
    headers: test.as(CHAIR),
    payload: { title: 'Monthly', startsAt: '2027-05-31T10:00', repeat: { every: 1, unit: 'months', count: 3 } },
  });
  t.same([monthly.statusCode, json(monthly).error, json(monthly).details], [409, 'run_month_day', { day: 31 }]);
});
