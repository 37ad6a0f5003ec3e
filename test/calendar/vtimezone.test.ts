// The VTIMEZONE written from luxon's offsets, read by ical.js and by libical, which both resolve a
// TZID through the file's own VTIMEZONE: a fortnightly Brussels meeting across the March DST
// change keeps its local hour; zones without DST and linked zones keep their own names.
import ICAL from 'ical.js';
import t from 'tap';
import { vtimezone } from '../../src/calendar/vtimezone.js';
import { readWithLibical } from './libical.js';
import { parseIcs } from './read.js';

/** A calendar with one repeating event written in `zone`'s local time. */
function repeating(zone: string, localStart: string, rrule: string, years: [number, number]): string {
  const tz = vtimezone(zone, years[0], years[1]);
  if (!tz) throw new Error(`no VTIMEZONE for ${zone}`);
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Indaba//Test//EN',
    'METHOD:PUBLISH',
    tz,
    'BEGIN:VEVENT',
    'UID:run@example.org',
    'DTSTAMP:20300101T000000Z',
    `DTSTART;TZID=${zone}:${localStart}`,
    `DTEND;TZID=${zone}:${localStart.slice(0, 9)}${String(Number(localStart.slice(9, 11)) + 1).padStart(2, '0')}${localStart.slice(11)}`,
    `RRULE:${rrule}`,
    'SUMMARY:Workstream exchange',
    'ORGANIZER:mailto:series@example.org',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

function expandWithIcalJs(text: string, max = 20): string[] {
  const { calendar, event } = parseIcs(text);
  for (const tz of calendar.getAllSubcomponents('vtimezone')) {
    ICAL.TimezoneService.register(tz);
  }
  const iterator = new ICAL.Event(event).iterator();
  const out: string[] = [];
  for (let next = iterator.next(); next && out.length < max; next = iterator.next()) {
    out.push(next.toJSDate().toISOString().replace('.000Z', 'Z'));
  }
  return out;
}

t.test(
  'a fortnightly Brussels meeting across the March change: the same local hour, four right instants',
  async (t) => {
    // 18:00 in Brussels: CET (UTC+1) until 31 March 2030 02:00, then CEST (UTC+2).
    const text = repeating('Europe/Brussels', '20300311T180000', 'FREQ=WEEKLY;INTERVAL=2;COUNT=4', [2030, 2030]);
    const expected = ['2030-03-11T17:00:00Z', '2030-03-25T17:00:00Z', '2030-04-08T16:00:00Z', '2030-04-22T16:00:00Z'];
    t.same(expandWithIcalJs(text), expected, 'ical.js');
    const [libical] = readWithLibical([text]);
    t.same(
      libical?.events.map((e) => [e.startZone, e.occurrences]),
      [['Europe/Brussels', expected]],
      'libical',
    );
    t.same(libical?.errors, [], 'libical finds nothing to complain about');
  },
);

t.test('the VTIMEZONE carries the exact offsets and the name it was asked for', async (t) => {
  t.equal(
    vtimezone('Europe/Brussels', 2030),
    [
      'BEGIN:VTIMEZONE',
      'TZID:Europe/Brussels',
      'BEGIN:STANDARD',
      'DTSTART:20300101T000000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0100',
      'TZNAME:CET',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:20300331T020000',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0200',
      'TZNAME:CEST',
      'END:DAYLIGHT',
      'BEGIN:STANDARD',
      'DTSTART:20301027T030000',
      'TZOFFSETFROM:+0200',
      'TZOFFSETTO:+0100',
      'TZNAME:CET',
      'END:STANDARD',
      'END:VTIMEZONE',
    ].join('\r\n'),
  );
  const kigali = vtimezone('Africa/Kigali', 2030) ?? '';
  t.ok(kigali.includes('TZID:Africa/Kigali\r\n'), 'a linked zone keeps its own name');
  t.equal((kigali.match(/BEGIN:STANDARD/g) ?? []).length, 1, 'no DST: one block');
  t.ok(kigali.includes('TZOFFSETTO:+0200'));
  t.equal(vtimezone('Mars/Olympus_Mons', 2030), null, 'not a zone');
  // Mexico City has had no DST since 2022 (old published data still has it).
  t.notOk((vtimezone('America/Mexico_City', 2030) ?? '').includes('DAYLIGHT'), 'Mexico City: no DST');
});

t.test('a southern-hemisphere zone across both of its changes', async (t) => {
  // 09:00 in Sydney: AEDT (UTC+11) until 6 April 2030, AEST (UTC+10) until 6 October.
  const text = repeating('Australia/Sydney', '20300325T090000', 'FREQ=MONTHLY;COUNT=8', [2030, 2030]);
  const expected = [
    '2030-03-24T22:00:00Z',
    '2030-04-24T23:00:00Z',
    '2030-05-24T23:00:00Z',
    '2030-06-24T23:00:00Z',
    '2030-07-24T23:00:00Z',
    '2030-08-24T23:00:00Z',
    '2030-09-24T23:00:00Z',
    '2030-10-24T22:00:00Z',
  ];
  t.same(expandWithIcalJs(text), expected, 'ical.js');
  t.same(readWithLibical([text])[0]?.events[0]?.occurrences, expected, 'libical');
});
