import t from 'tap';
import { changesBetween, runFields, snapshotOf } from '../../src/calendar/event.js';
import { sessionEvent } from '../../src/calendar/ics.js';
import { readWithLibical } from './libical.js';
import { expandWithIcalJs } from './read.js';

const base = {
  uid: 'meeting-run@example.org',
  stamp: new Date('2027-02-01T09:00:00Z'),
  summary: 'Citizen participation: fortnightly exchange',
  description: 'Fortnightly exchange',
  organizer: { name: 'Webinar series', email: 'series@example.org' },
  attendee: { name: 'Lucía', email: 'lucia@example.org' },
  zone: 'Europe/Brussels',
};
const first = new Date('2027-03-10T09:00:00Z'); // 10:00 in Brussels, CET
const hour = (d: Date) => new Date(d.getTime() + 3_600_000);
const rule = { freq: 'WEEKLY' as const, interval: 2, count: 4 };

/** What a calendar shows of the file's event, as ical.js expands it (read.ts), as ISO instants. */
const expandedByIcalJs = (text: string): string[] => expandWithIcalJs(text).map((d) => d.toISOString());

t.test('four fortnightly meetings across the March change: the right four instants in both readers', async (t) => {
  const text = sessionEvent({
    ...base,
    method: 'REQUEST',
    sequence: 0,
    start: first,
    end: hour(first),
    repeat: { ...rule, exclude: [] },
  });
  const expected = [
    '2027-03-10T09:00:00.000Z',
    '2027-03-24T09:00:00.000Z',
    '2027-04-07T08:00:00.000Z',
    '2027-04-21T08:00:00.000Z',
  ];
  t.match(text, /\r\nDTSTART;TZID=Europe\/Brussels:20270310T100000\r\n/);
  t.match(text, /\r\nRRULE:FREQ=WEEKLY;COUNT=4;INTERVAL=2\r\n/);
  t.match(text, /\r\nBEGIN:VTIMEZONE\r\nTZID:Europe\/Brussels\r\n/);
  t.same(expandedByIcalJs(text), expected, 'ical.js');
  const [lib] = readWithLibical([text]);
  t.same(
    lib?.events.map((e) => [e.startZone, e.occurrences]),
    [['Europe/Brussels', expected.map((x) => x.replace('.000Z', 'Z'))]],
    'libical',
  );
  t.same([lib?.restrictionsHold, lib?.errors], [true, []], 'libical: iTIP’s rules hold');
});

t.test('the third moved, the fourth cancelled: the messages and the updated run', async (t) => {
  const third = new Date('2027-04-07T08:00:00Z');
  const fourth = new Date('2027-04-21T08:00:00Z');
  const moved = new Date('2027-04-08T12:00:00Z'); // 14:00 the next day
  const move = sessionEvent({
    ...base,
    method: 'REQUEST',
    sequence: 1,
    start: moved,
    end: hour(moved),
    recurrenceId: third,
  });
  const cancel = sessionEvent({
    ...base,
    method: 'CANCEL',
    wholeEvent: true,
    sequence: 2,
    start: fourth,
    end: hour(fourth),
    recurrenceId: fourth,
  });
  const master = sessionEvent({
    ...base,
    method: 'REQUEST',
    sequence: 3,
    start: first,
    end: hour(first),
    repeat: { ...rule, exclude: [fourth] },
    overrides: [{ recurrenceId: third, start: moved, end: hour(moved) }],
  });
  t.match(move, /\r\nRECURRENCE-ID;TZID=Europe\/Brussels:20270407T100000\r\n/);
  t.match(move, /\r\nDTSTART;TZID=Europe\/Brussels:20270408T140000\r\n/);
  t.notMatch(move, /RRULE/);
  t.match(cancel, /\r\nMETHOD:CANCEL\r\n[\s\S]*RECURRENCE-ID;TZID=Europe\/Brussels:20270421T100000\r\n/);
  t.match(master, /\r\nEXDATE;TZID=Europe\/Brussels:20270421T100000\r\n/);
  const libical = readWithLibical([move, cancel, master]);
  t.same(
    libical.map((c) => [
      c.method,
      c.restrictionsHold,
      c.events.map((e) => [e.uid, e.sequence, e.recurrenceId, e.start, e.status]),
    ]),
    [
      ['REQUEST', true, [[base.uid, 1, '2027-04-07T08:00:00Z', '2027-04-08T12:00:00Z', 'CONFIRMED']]],
      ['CANCEL', true, [[base.uid, 2, '2027-04-21T08:00:00Z', '2027-04-21T08:00:00Z', 'CANCELLED']]],
      [
        'REQUEST',
        true,
        [
          [base.uid, 3, null, '2027-03-10T09:00:00Z', 'CONFIRMED'],
          [base.uid, 3, '2027-04-07T08:00:00Z', '2027-04-08T12:00:00Z', 'CONFIRMED'],
        ],
      ],
    ],
    'libical: same UID, rising SEQUENCE, the occurrence named by its RECURRENCE-ID',
  );
  t.same(libical[2]?.events[0]?.exdates, ['2027-04-21T08:00:00Z'], 'libical: the EXDATE');
  t.same(
    expandedByIcalJs(master),
    ['2027-03-10T09:00:00.000Z', '2027-03-24T09:00:00.000Z', '2027-04-08T12:00:00.000Z'],
    'ical.js: three meetings, the third at its new time',
  );
});

t.test('a run’s snapshot: moving or cancelling one of its meetings is a change of time for every holder', async (t) => {
  const run = { zone: 'Europe/Brussels', every: 2, unit: 'weeks' as const, count: 4, exceptions: [] };
  const state = { start: first, end: hour(first), url: null, title: 'Exchange', description: null, run };
  const held = snapshotOf(state);
  t.same(held.rule, '2 weeks 4 Europe/Brussels');
  const third = new Date('2027-04-07T08:00:00Z');
  const moved = new Date('2027-04-08T12:00:00Z');
  const withMove = { ...run, exceptions: [{ n: 3, originalStart: third, start: moved, end: hour(moved) }] };
  t.same(changesBetween(held, snapshotOf({ ...state, run: withMove })), ['time']);
  t.same(changesBetween(snapshotOf({ ...state, run: withMove }), snapshotOf({ ...state, run: withMove })), []);
  t.same(changesBetween(snapshotOf({ ...state, run: undefined }), snapshotOf({ ...state, run: undefined })), []);
  const fourth = new Date('2027-04-21T08:00:00Z');
  t.same(
    runFields({
      ...withMove,
      exceptions: [...withMove.exceptions, { n: 4, originalStart: fourth, start: null, end: null }],
    }),
    {
      zone: 'Europe/Brussels',
      repeat: { freq: 'WEEKLY', interval: 2, count: 4, exclude: [fourth] },
      overrides: [{ recurrenceId: third, start: moved, end: hour(moved) }],
    },
  );
});
