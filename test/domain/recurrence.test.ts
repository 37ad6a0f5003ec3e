// A repeating run keeps its first meeting's wall-clock hour in its zone, as a calendar expands an
// RRULE on a DTSTART;TZID; runs that calendars would expand differently are refused.
import t from 'tap';
import { occurrences, runProblem, runStarts } from '../../src/domain/recurrence.js';

const fortnightly = { every: 2, unit: 'weeks', count: 4 } as const;

t.test('a fortnightly Brussels run across the March change keeps 10:00 local', async (t) => {
  t.same(
    runStarts(new Date('2027-03-10T09:00:00Z'), 'Europe/Brussels', fortnightly).map((d) => d.toISOString()),
    ['2027-03-10T09:00:00.000Z', '2027-03-24T09:00:00.000Z', '2027-04-07T08:00:00.000Z', '2027-04-21T08:00:00.000Z'],
  );
  t.equal(runProblem(new Date('2027-03-10T09:00:00Z'), 'Europe/Brussels', fortnightly), null);
});

t.test('runs calendars would read differently are refused, with the reason and its parameters', async (t) => {
  t.same(runProblem(new Date('2027-03-14T01:30:00Z'), 'Europe/Brussels', fortnightly), {
    code: 'run_local_time',
    params: { date: '2027-03-28', time: '02:30', zone: 'Europe/Brussels' },
  });
  t.same(runProblem(new Date('2027-10-17T00:30:00Z'), 'Europe/Brussels', { every: 1, unit: 'weeks', count: 4 }), {
    code: 'run_local_time',
    params: { date: '2027-10-31', time: '02:30', zone: 'Europe/Brussels' },
  });
  t.same(runProblem(new Date('2027-01-31T09:00:00Z'), 'Europe/Brussels', { every: 1, unit: 'months', count: 4 }), {
    code: 'run_month_day',
    params: { day: 31 },
  });
  t.same(runProblem(new Date('2099-06-01T09:00:00Z'), 'Europe/Brussels', { every: 12, unit: 'months', count: 24 }), {
    code: 'run_too_late',
    params: { lastYear: 2100 },
  });
});

t.test('a moved meeting keeps its place and RECURRENCE-ID; a cancelled one stays in the list', async (t) => {
  const list = occurrences(new Date('2027-03-10T09:00:00Z'), 'Europe/Brussels', fortnightly, 60, [
    { n: 3, status: 'moved', start: new Date('2027-04-08T12:00:00Z'), durationMinutes: null },
    { n: 4, status: 'cancelled', start: null, durationMinutes: null },
  ]);
  t.same(
    list.map((o) => [o.n, o.originalStart.toISOString(), o.start.toISOString(), o.end.toISOString(), o.status]),
    [
      [1, '2027-03-10T09:00:00.000Z', '2027-03-10T09:00:00.000Z', '2027-03-10T10:00:00.000Z', 'scheduled'],
      [2, '2027-03-24T09:00:00.000Z', '2027-03-24T09:00:00.000Z', '2027-03-24T10:00:00.000Z', 'scheduled'],
      [3, '2027-04-07T08:00:00.000Z', '2027-04-08T12:00:00.000Z', '2027-04-08T13:00:00.000Z', 'moved'],
      [4, '2027-04-21T08:00:00.000Z', '2027-04-21T08:00:00.000Z', '2027-04-21T09:00:00.000Z', 'cancelled'],
    ],
  );
});
