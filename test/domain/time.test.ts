import t, { type Test } from 'tap';
import {
  canonicalZone,
  describeDeadline,
  describeInZone,
  isOnTime,
  localToInstant,
  type ParsedTime,
  parseDateTime,
  parseDeadline,
} from '../../src/domain/time.js';
import { withLuxonNow } from './luxon-now.js';
import { BERLIN, BUENOS_AIRES, KIGALI, LORD_HOWE, NAIROBI, NEW_YORK, SANTIAGO, testProcessZone } from './zones.js';

testProcessZone(t, [NAIROBI, BUENOS_AIRES, NEW_YORK, BERLIN, LORD_HOWE, SANTIAGO, KIGALI]);

/** The instant of a successful parse as ISO text, or a failure that names the message. */
function instantOf(t: Test, result: ParsedTime): string | undefined {
  if (!result.ok) {
    t.fail(`expected ok, got: ${result.message}`);
    return undefined;
  }
  return result.instant.toISOString();
}

function expectRefused(t: Test, result: ParsedTime, input: string): void {
  if (result.ok) {
    t.fail(`"${input}" should be refused but was accepted as ${result.instant.toISOString()}`);
    return;
  }
  t.pass(`"${input}" is refused`);
  t.ok(result.message.length > 0, 'with a message');
  if (input.trim() !== '') t.match(result.message, input.trim(), 'the message quotes the input');
}

/** Each input, parsed in its zone, is the instant given (ISO text). */
function expectInstants(
  t: Test,
  parse: (input: string, zone: string) => ParsedTime,
  cases: [input: string, zone: string, instant: string][],
): void {
  for (const [input, zone, instant] of cases)
    t.equal(instantOf(t, parse(input, zone)), instant, `"${input}" in ${zone}`);
}

/** Each input names the zone given (its tzdb spelling), or none (null). */
function expectZones(t: Test, cases: [input: string, zone: string | null][]): void {
  for (const [input, zone] of cases) t.equal(canonicalZone(input), zone, JSON.stringify(input));
}

t.test('canonicalZone', async (t) => {
  t.test('exact tzdb names are returned as they are', async (t) => {
    expectZones(t, [
      ['Africa/Nairobi', 'Africa/Nairobi'],
      ['Africa/Kigali', 'Africa/Kigali'],
      ['Europe/Berlin', 'Europe/Berlin'],
      ['America/New_York', 'America/New_York'],
      ['Australia/Lord_Howe', 'Australia/Lord_Howe'],
      ['UTC', 'UTC'],
      ['Etc/UTC', 'Etc/UTC'],
    ]);
  });

  t.test('three-level names are valid', async (t) => {
    expectZones(t, [
      ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
      ['america/argentina/buenos_aires', 'America/Argentina/Buenos_Aires'],
    ]);
  });

  t.test('input in any case gives the tzdb spelling', async (t) => {
    expectZones(t, [
      ['africa/kigali', 'Africa/Kigali'],
      ['AFRICA/KIGALI', 'Africa/Kigali'],
      ['aFrIcA/nAiRoBi', 'Africa/Nairobi'],
      ['america/new_york', 'America/New_York'],
      ['australia/lord_howe', 'Australia/Lord_Howe'],
      ['utc', 'UTC'],
    ]);
  });

  t.test('surrounding spaces are ignored', async (t) => {
    expectZones(t, [
      ['  Europe/Berlin ', 'Europe/Berlin'],
      ['\tafrica/kigali\n', 'Africa/Kigali'],
    ]);
  });

  t.test('abbreviations are refused', async (t) => {
    expectZones(t, [
      ['EAT', null],
      ['eat', null],
      ['CET', null],
      ['EST', null],
      ['PST', null],
      ['CAT', null],
    ]);
  });

  t.test('garbage and empty input are refused', async (t) => {
    expectZones(t, [
      ['', null],
      ['   ', null],
      ['Foo/Bar', null],
      ['Africa/Nairobi2', null],
      ['Africa', null],
      ['Africa/', null],
      ['+03:00', null],
      ['Nairobi', null],
      ['Africa/Nairobi; DROP TABLE', null],
    ]);
  });
});

t.test('parseDateTime', async (t) => {
  t.test('an explicit Z is that instant whatever the zone', async (t) => {
    expectInstants(t, parseDateTime, [
      ['2027-04-28T14:00Z', NAIROBI, '2027-04-28T14:00:00.000Z'],
      ['2027-04-28T14:00Z', NEW_YORK, '2027-04-28T14:00:00.000Z'],
      ['2027-04-28T14:00:00Z', LORD_HOWE, '2027-04-28T14:00:00.000Z'],
      ['2027-04-28t14:00z', NAIROBI, '2027-04-28T14:00:00.000Z'],
    ]);
  });

  t.test('an explicit offset is honoured regardless of the zone', async (t) => {
    for (const zone of [NAIROBI, NEW_YORK, LORD_HOWE]) {
      expectInstants(t, parseDateTime, [
        ['2027-04-28T14:00+02:00', zone, '2027-04-28T12:00:00.000Z'],
        ['2027-04-28T14:00-0300', zone, '2027-04-28T17:00:00.000Z'],
        ['2027-04-28T14:00-03:00', zone, '2027-04-28T17:00:00.000Z'],
        ['2027-04-28T14:00+0530', zone, '2027-04-28T08:30:00.000Z'],
        ['2027-04-28T14:00:00+03:00', zone, '2027-04-28T11:00:00.000Z'],
      ]);
    }
    // An offset that crosses the UTC day.
    expectInstants(t, parseDateTime, [
      ['2027-04-28T01:00+03:00', NAIROBI, '2027-04-27T22:00:00.000Z'],
      ['2027-04-28T23:00-03:00', NAIROBI, '2027-04-29T02:00:00.000Z'],
      // An explicit offset inside a zone's DST gap is still just that instant.
      ['2027-03-14T02:30-05:00', NEW_YORK, '2027-03-14T07:30:00.000Z'],
    ]);
  });

  t.test('a local time without offset is read in the zone', async (t) => {
    expectInstants(t, parseDateTime, [
      ['2027-04-28T14:00', NAIROBI, '2027-04-28T11:00:00.000Z'],
      ['2027-04-28T14:00', KIGALI, '2027-04-28T12:00:00.000Z'],
      ['2027-04-28T14:00', BUENOS_AIRES, '2027-04-28T17:00:00.000Z'],
      ['2027-04-28T14:00', NEW_YORK, '2027-04-28T18:00:00.000Z'], // EDT
      ['2027-01-28T14:00', NEW_YORK, '2027-01-28T19:00:00.000Z'], // EST
      ['2027-04-28T14:00', BERLIN, '2027-04-28T12:00:00.000Z'], // CEST
      ['2027-01-28T14:00', BERLIN, '2027-01-28T13:00:00.000Z'], // CET
      ['2027-04-28T14:00', 'UTC', '2027-04-28T14:00:00.000Z'],
      // Early local morning is the previous UTC day.
      ['2027-04-28T01:00', NAIROBI, '2027-04-27T22:00:00.000Z'],
    ]);
  });

  t.test('seconds and milliseconds', async (t) => {
    expectInstants(t, parseDateTime, [
      ['2027-04-28T14:00:05', NAIROBI, '2027-04-28T11:00:05.000Z'],
      ['2027-04-28T14:00:05.123', NAIROBI, '2027-04-28T11:00:05.123Z'],
      ['2027-04-28T14:00:05.1', NAIROBI, '2027-04-28T11:00:05.100Z'],
      ['2027-04-28T14:00:05.12', NAIROBI, '2027-04-28T11:00:05.120Z'],
      ['2027-04-28T14:00:05.123456', NAIROBI, '2027-04-28T11:00:05.123Z'],
      ['2027-04-28T14:00:05.5-03:00', NAIROBI, '2027-04-28T17:00:05.500Z'],
      ['2027-04-28T14:00:59.999Z', NAIROBI, '2027-04-28T14:00:59.999Z'],
    ]);
  });

  t.test('a space instead of T, and surrounding spaces', async (t) => {
    expectInstants(t, parseDateTime, [
      ['2027-04-28 14:00', NAIROBI, '2027-04-28T11:00:00.000Z'],
      ['2027-04-28 14:00:30', NAIROBI, '2027-04-28T11:00:30.000Z'],
      ['2027-04-28 14:00+02:00', NAIROBI, '2027-04-28T12:00:00.000Z'],
      ['  2027-04-28T14:00  ', NAIROBI, '2027-04-28T11:00:00.000Z'],
    ]);
  });

  t.test('leap day exists only in leap years', async (t) => {
    t.equal(instantOf(t, parseDateTime('2028-02-29T10:00', NAIROBI)), '2028-02-29T07:00:00.000Z');
    expectRefused(t, parseDateTime('2027-02-29T10:00', NAIROBI), '2027-02-29T10:00');
  });

  t.test('malformed input is refused with a message', async (t) => {
    for (const input of [
      '2027-04-28',
      'tomorrow',
      '',
      '2027-04-28T14',
      '2027-4-28T14:00',
      '27-04-28T14:00',
      '2027-04-28T1400',
      '2027/04/28 14:00',
      '28.04.2027 14:00',
      '2027-04-28T14:00 EAT',
      '2027-04-28T14:00[Africa/Nairobi]',
    ]) {
      expectRefused(t, parseDateTime(input, NAIROBI), input);
    }
    const r = parseDateTime('tomorrow', NAIROBI);
    if (!r.ok) t.match(r.message, /ISO 8601/, 'the message says which format to use');
  });

  t.test('days and times that do not exist are refused with a message', async (t) => {
    for (const input of [
      '2027-13-01T10:00',
      '2027-00-10T10:00',
      '2027-02-30T10:00',
      '2027-04-31T10:00',
      '2027-04-00T10:00',
      '2027-04-28T25:00',
      '2027-04-28T14:60',
      '2027-04-28T14:00:60',
      '2027-02-30T10:00+02:00',
    ]) {
      expectRefused(t, parseDateTime(input, NAIROBI), input);
    }
  });

  t.test('24:00 is not a time of day: refused without an offset', async (t) => {
    // luxon takes hour 24 as the next midnight; read as such, the time would not land on the wall
    // clock and the search for a DST transition would find one that does not exist.
    expectRefused(t, parseDateTime('2027-04-28T24:00', NAIROBI), '2027-04-28T24:00');
    expectRefused(t, parseDateTime('2027-04-28T24:00:00', NEW_YORK), '2027-04-28T24:00:00');
  });

  t.test('24:00 is not a time of day: refused with an offset', async (t) => {
    expectRefused(t, parseDateTime('2027-04-28T24:00Z', NAIROBI), '2027-04-28T24:00Z');
    expectRefused(t, parseDateTime('2027-04-28T24:00+02:00', NAIROBI), '2027-04-28T24:00+02:00');
  });

  t.test('an offset of 24 hours or more, or 60 minutes, is refused', async (t) => {
    // luxon's fromISO takes any two-digit offset: without the service's own check these would be
    // read as +25 h, -99 h and +03:00.
    for (const input of ['2027-04-28T14:00+25:00', '2027-04-28T14:00-99:00', '2027-04-28T14:00+02:60']) {
      expectRefused(t, parseDateTime(input, NAIROBI), input);
    }
  });

  t.test('DST gap: a wall-clock time that does not exist moves forward to the transition', async (t) => {
    expectInstants(t, parseDateTime, [
      // New York springs forward 2027-03-14 02:00 EST -> 03:00 EDT = 07:00Z.
      ['2027-03-14T02:30', NEW_YORK, '2027-03-14T07:00:00.000Z'],
      ['2027-03-14T02:00', NEW_YORK, '2027-03-14T07:00:00.000Z'],
      ['2027-03-14T02:59:59.999', NEW_YORK, '2027-03-14T07:00:00.000Z'],
      // Just around the gap.
      ['2027-03-14T01:59', NEW_YORK, '2027-03-14T06:59:00.000Z'],
      ['2027-03-14T03:00', NEW_YORK, '2027-03-14T07:00:00.000Z'],
      ['2027-03-14T03:30', NEW_YORK, '2027-03-14T07:30:00.000Z'],
      // Berlin springs forward 2027-03-28 02:00 CET -> 03:00 CEST = 01:00Z.
      ['2027-03-28T02:30', BERLIN, '2027-03-28T01:00:00.000Z'],
      ['2027-03-28T01:59', BERLIN, '2027-03-28T00:59:00.000Z'],
      ['2027-03-28T03:00', BERLIN, '2027-03-28T01:00:00.000Z'],
      // Santiago springs forward at midnight: 2027-09-05 00:00 -04 -> 01:00 -03 = 04:00Z.
      ['2027-09-05T00:30', SANTIAGO, '2027-09-05T04:00:00.000Z'],
      ['2027-09-05T01:00', SANTIAGO, '2027-09-05T04:00:00.000Z'],
    ]);
  });

  t.test('DST gap of half an hour (Lord Howe, 2027-10-03 02:00 -> 02:30)', async (t) => {
    // +10:30 before, +11:00 after: the transition is 2027-10-02T15:30Z.
    expectInstants(t, parseDateTime, [
      ['2027-10-03T01:59', LORD_HOWE, '2027-10-02T15:29:00.000Z'],
      ['2027-10-03T02:00', LORD_HOWE, '2027-10-02T15:30:00.000Z'],
      ['2027-10-03T02:15', LORD_HOWE, '2027-10-02T15:30:00.000Z'],
      ['2027-10-03T02:29', LORD_HOWE, '2027-10-02T15:30:00.000Z'],
      ['2027-10-03T02:30', LORD_HOWE, '2027-10-02T15:30:00.000Z'],
      ['2027-10-03T03:00', LORD_HOWE, '2027-10-02T16:00:00.000Z'],
    ]);
  });

  t.test('unambiguous times next to the autumn overlap', async (t) => {
    // New York falls back 2027-11-07 02:00 EDT -> 01:00 EST (06:00Z).
    expectInstants(t, parseDateTime, [
      ['2027-11-07T00:59', NEW_YORK, '2027-11-07T04:59:00.000Z'],
      ['2027-11-07T02:00', NEW_YORK, '2027-11-07T07:00:00.000Z'],
    ]);
  });

  // The doc comment of localToInstant: "A time that occurs twice (autumn) is read as the later
  // occurrence ... so that the same wall-clock text always names the same instant."
  // That must not depend on the date the code runs on. luxon's DateTime.fromObject guesses the
  // offset of a wall-clock time from the zone's offset *now* (Settings.now()), which once made
  // the occurrence picked follow the season at run time; so luxon's clock is pinned to a northern
  // winter day and to a northern summer day, and both must give the same answers.
  for (const now of ['2027-01-15T12:00:00Z', '2027-07-15T12:00:00Z']) {
    t.test(
      `DST overlap: an ambiguous wall-clock time is the later occurrence, whatever the current date (luxon now = ${now})`,
      async (t) => {
        const got = withLuxonNow(now, () => ({
          newYork: parseDateTime('2027-11-07T01:30', NEW_YORK),
          berlin: parseDateTime('2027-10-31T02:30', BERLIN),
          lordHowe: parseDateTime('2027-04-04T01:45', LORD_HOWE),
          local: localToInstant({ year: 2027, month: 11, day: 7, hour: 1, minute: 30 }, NEW_YORK).toISOString(),
        }));
        t.equal(instantOf(t, got.newYork), '2027-11-07T06:30:00.000Z', 'New York 01:30 is 01:30 EST');
        t.equal(instantOf(t, got.berlin), '2027-10-31T01:30:00.000Z', 'Berlin 02:30 is 02:30 CET');
        t.equal(instantOf(t, got.lordHowe), '2027-04-03T15:15:00.000Z', 'Lord Howe 01:45 is 01:45 +10:30');
        t.equal(got.local, '2027-11-07T06:30:00.000Z', 'localToInstant agrees');
      },
    );
    t.test(`DST gaps, plain times and deadlines do not depend on the current date (luxon now = ${now})`, async (t) => {
      const got = withLuxonNow(now, () => [
        parseDateTime('2027-03-14T02:30', NEW_YORK),
        parseDateTime('2027-03-28T02:30', BERLIN),
        parseDateTime('2027-10-03T02:15', LORD_HOWE),
        parseDateTime('2027-04-28T14:00', NEW_YORK),
        parseDateTime('2027-01-28T14:00', NEW_YORK),
        parseDeadline('2027-11-07', NEW_YORK),
        parseDeadline('2027-03-14', NEW_YORK),
      ]);
      t.same(
        got.map((r) => instantOf(t, r)),
        [
          '2027-03-14T07:00:00.000Z',
          '2027-03-28T01:00:00.000Z',
          '2027-10-02T15:30:00.000Z',
          '2027-04-28T18:00:00.000Z',
          '2027-01-28T19:00:00.000Z',
          '2027-11-08T04:59:59.999Z',
          '2027-03-15T03:59:59.999Z',
        ],
      );
    });
  }
});

t.test('parseDeadline', async (t) => {
  t.test('a date alone is the end of that day in the zone', async (t) => {
    expectInstants(t, parseDeadline, [
      ['2027-03-15', NAIROBI, '2027-03-15T20:59:59.999Z'],
      ['2027-03-15', BUENOS_AIRES, '2027-03-16T02:59:59.999Z'],
      ['2027-03-15', KIGALI, '2027-03-15T21:59:59.999Z'],
      ['2027-03-15', 'UTC', '2027-03-15T23:59:59.999Z'],
      [' 2027-03-15 ', NAIROBI, '2027-03-15T20:59:59.999Z'],
      ['2027-12-31', NAIROBI, '2027-12-31T20:59:59.999Z'],
      ['2028-02-29', NAIROBI, '2028-02-29T20:59:59.999Z'],
    ]);
  });

  t.test('a date on a DST-change day', async (t) => {
    expectInstants(t, parseDeadline, [
      // Spring forward: the day ends on EDT (-4).
      ['2027-03-14', NEW_YORK, '2027-03-15T03:59:59.999Z'],
      // Fall back: the day ends on EST (-5).
      ['2027-11-07', NEW_YORK, '2027-11-08T04:59:59.999Z'],
      // The day before each change.
      ['2027-03-13', NEW_YORK, '2027-03-14T04:59:59.999Z'],
      ['2027-11-06', NEW_YORK, '2027-11-07T03:59:59.999Z'],
      // Berlin.
      ['2027-03-28', BERLIN, '2027-03-28T21:59:59.999Z'],
      ['2027-10-31', BERLIN, '2027-10-31T22:59:59.999Z'],
      // Lord Howe: +11:00 after the spring change, +10:30 after the autumn change.
      ['2027-10-03', LORD_HOWE, '2027-10-03T12:59:59.999Z'],
      ['2027-04-04', LORD_HOWE, '2027-04-04T13:29:59.999Z'],
      // Santiago: the day that starts in a gap at midnight.
      ['2027-09-05', SANTIAGO, '2027-09-06T02:59:59.999Z'],
    ]);
  });

  t.test('a date that does not exist is refused', async (t) => {
    for (const input of ['2027-02-30', '2027-02-29', '2027-13-01', '2027-00-10', '2027-04-31', '2027-04-00']) {
      expectRefused(t, parseDeadline(input, NAIROBI), input);
    }
  });

  t.test('a date-time is read as by parseDateTime', async (t) => {
    expectInstants(t, parseDeadline, [
      ['2027-03-15T10:00', NAIROBI, '2027-03-15T07:00:00.000Z'],
      ['2027-03-15T10:00Z', NAIROBI, '2027-03-15T10:00:00.000Z'],
      ['2027-03-15T10:00+02:00', NAIROBI, '2027-03-15T08:00:00.000Z'],
      ['2027-03-15 23:59:59.999', NAIROBI, '2027-03-15T20:59:59.999Z'],
      ['2027-03-14T02:30', NEW_YORK, '2027-03-14T07:00:00.000Z'],
    ]);
    for (const input of ['2027-03-15T10:00', 'tomorrow', '2027-02-30T10:00', '15/03/2027']) {
      t.same(parseDeadline(input, NAIROBI), parseDateTime(input, NAIROBI), `"${input}" as parseDateTime`);
    }
    expectRefused(t, parseDeadline('tomorrow', NAIROBI), 'tomorrow');
    expectRefused(t, parseDeadline('15/03/2027', NAIROBI), '15/03/2027');
    expectRefused(t, parseDeadline('', NAIROBI), '');
  });
});

t.test('isOnTime', async (t) => {
  const deadline = new Date('2027-03-15T20:59:59.999Z');
  const ms = (d: Date, n: number) => new Date(d.getTime() + n);

  t.test('without a deadline everything is on time', async (t) => {
    t.equal(isOnTime(new Date('2099-01-01T00:00:00Z'), null), true);
    t.equal(isOnTime(new Date('2099-01-01T00:00:00Z'), null, null), true);
    t.equal(isOnTime(new Date('2099-01-01T00:00:00Z'), null, new Date('2020-01-01T00:00:00Z')), true);
  });

  t.test('up to and including the deadline instant, not a millisecond after', async (t) => {
    t.equal(isOnTime(ms(deadline, -86_400_000), deadline), true);
    t.equal(isOnTime(ms(deadline, -1), deadline), true);
    t.equal(isOnTime(new Date('2027-03-15T20:59:59.999Z'), deadline), true, 'exactly at the deadline');
    t.equal(isOnTime(ms(deadline, 1), deadline), false, 'one millisecond later');
    t.equal(isOnTime(new Date('2027-03-15T21:00:00.000Z'), deadline), false);
    t.equal(isOnTime(ms(deadline, 1), deadline, null), false);
    t.equal(isOnTime(ms(deadline, 1), deadline, undefined), false);
  });

  t.test('an extension later than the deadline allows until the extension, inclusive', async (t) => {
    const extension = new Date('2027-03-20T20:59:59.999Z');
    t.equal(isOnTime(ms(deadline, 1), deadline, extension), true);
    t.equal(isOnTime(ms(extension, -1), deadline, extension), true);
    t.equal(isOnTime(new Date('2027-03-20T20:59:59.999Z'), deadline, extension), true, 'exactly at the extension');
    t.equal(isOnTime(ms(extension, 1), deadline, extension), false, 'one millisecond after the extension');
  });

  t.test('an extension earlier than the deadline does not shorten it', async (t) => {
    const earlier = new Date('2027-03-10T00:00:00.000Z');
    t.equal(isOnTime(ms(earlier, 1), deadline, earlier), true);
    t.equal(isOnTime(deadline, deadline, earlier), true);
    t.equal(isOnTime(ms(deadline, 1), deadline, earlier), false);
    t.equal(isOnTime(deadline, deadline, deadline), true, 'an extension equal to the deadline');
    t.equal(isOnTime(ms(deadline, 1), deadline, deadline), false);
  });
});

t.test('describeDeadline and describeInZone', async (t) => {
  const parsed = parseDeadline('2027-03-15', NAIROBI);
  if (!parsed.ok) throw new Error(parsed.message);
  const text = describeDeadline(parsed.instant, NAIROBI);
  t.match(text, 'Africa/Nairobi', 'names the zone');
  t.match(text, 'UTC', 'names UTC');
  t.match(text, '23:59 (Africa/Nairobi)', 'the local clock time in the zone');
  t.match(text, '20:59 (UTC)', 'the clock time in UTC');
  t.match(text, '15 March 2027');
  t.equal(text, 'Monday 15 March 2027, 23:59 (Africa/Nairobi) = Monday 15 March 2027, 20:59 (UTC)');

  // Buenos Aires: the UTC side is on the next day.
  const ba = parseDeadline('2027-03-15', BUENOS_AIRES);
  if (!ba.ok) throw new Error(ba.message);
  t.equal(
    describeDeadline(ba.instant, BUENOS_AIRES),
    'Monday 15 March 2027, 23:59 (America/Argentina/Buenos_Aires) = Tuesday 16 March 2027, 02:59 (UTC)',
  );

  t.equal(describeInZone(new Date('2027-04-28T11:00:00Z'), NAIROBI), 'Wednesday 28 April 2027, 14:00 (Africa/Nairobi)');
  t.equal(
    describeInZone(new Date('2027-04-28T11:00:00Z'), NEW_YORK),
    'Wednesday 28 April 2027, 07:00 (America/New_York)',
  );
  t.equal(
    describeInZone(new Date('2027-03-15T20:59:59.999Z'), NAIROBI, 'fr'),
    'lundi 15 mars 2027, 23:59 (Africa/Nairobi)',
  );
});

t.test('localToInstant', async (t) => {
  const cases: [local: Parameters<typeof localToInstant>[0], zone: string, instant: string, why: string][] = [
    [{ year: 2027, month: 4, day: 28, hour: 14, minute: 0 }, NAIROBI, '2027-04-28T11:00:00.000Z', 'no DST'],
    [
      { year: 2027, month: 4, day: 28, hour: 14, minute: 0, second: 5, millisecond: 250 },
      NAIROBI,
      '2027-04-28T11:00:05.250Z',
      'seconds and milliseconds kept',
    ],
    [{ year: 2027, month: 1, day: 1, hour: 0, minute: 0 }, NEW_YORK, '2027-01-01T05:00:00.000Z', 'winter time'],
    [{ year: 2027, month: 7, day: 1, hour: 0, minute: 0 }, NEW_YORK, '2027-07-01T04:00:00.000Z', 'summer time'],
    // In the gap: the transition itself, to the millisecond.
    [{ year: 2027, month: 3, day: 14, hour: 2, minute: 30 }, NEW_YORK, '2027-03-14T07:00:00.000Z', 'in the gap'],
    [
      { year: 2027, month: 3, day: 14, hour: 2, minute: 30, second: 15, millisecond: 250 },
      NEW_YORK,
      '2027-03-14T07:00:00.000Z',
      'in the gap, with seconds',
    ],
    [{ year: 2027, month: 3, day: 28, hour: 2, minute: 30 }, BERLIN, '2027-03-28T01:00:00.000Z', 'in a European gap'],
    [
      { year: 2027, month: 10, day: 3, hour: 2, minute: 15 },
      LORD_HOWE,
      '2027-10-02T15:30:00.000Z',
      'in a half-hour gap',
    ],
  ];
  for (const [local, zone, instant, why] of cases) t.equal(localToInstant(local, zone).toISOString(), instant, why);
  t.throws(
    () => localToInstant({ year: 2027, month: 2, day: 30, hour: 10, minute: 0 }, NAIROBI),
    RangeError,
    'a day that does not exist throws',
  );
  t.throws(
    () => localToInstant({ year: 2027, month: 4, day: 28, hour: 10, minute: 0 }, 'Foo/Bar'),
    RangeError,
    'a zone that does not exist throws',
  );
});
