import t, { type Test } from 'tap';
import {
  type PlannedDate,
  type PlanResult,
  type PlanRule,
  planDates,
  type Week,
  type Weekday,
  weekdays,
  weeks,
} from '../../src/domain/planner.js';
import { withLuxonNow } from './luxon-now.js';
import { AUCKLAND, HONOLULU, NAIROBI, NEW_YORK, SANTIAGO, SYDNEY, testProcessZone } from './zones.js';

testProcessZone(t, [NAIROBI, NEW_YORK, SANTIAGO, SYDNEY, AUCKLAND, HONOLULU]);

const rule = (over: Partial<PlanRule>): PlanRule => ({
  firstMonth: '2027-04',
  everyMonths: 1,
  count: 1,
  week: 'first',
  weekday: 'monday',
  time: '14:00',
  ...over,
});

function datesOf(t: Test, result: PlanResult): PlannedDate[] {
  if (!result.ok) {
    t.fail(`expected a plan, got: ${result.message}`);
    return [];
  }
  return result.dates;
}

const daysOf = (t: Test, result: PlanResult) => datesOf(t, result).map((d) => d.day);
const instantsOf = (t: Test, result: PlanResult) => datesOf(t, result).map((d) => d.startsAt.toISOString());

/** The rule, planned in the zone, gives these local days in this order, each starting at its instant. */
function expectPlan(t: Test, over: Partial<PlanRule>, zone: string, startByDay: Record<string, string>) {
  const result = planDates(rule(over), zone);
  t.same(daysOf(t, result), Object.keys(startByDay));
  t.same(instantsOf(t, result), Object.values(startByDay));
}

// An independent calendar, with plain Date.UTC arithmetic (no luxon): the day of the
// `week`th `weekday` of a month, as YYYY-MM-DD.
const jsWeekday: Record<Weekday, number> = {
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};
function calendarDay(year: number, month: number, week: Week, weekday: Weekday): string {
  const want = jsWeekday[weekday];
  const matches: number[] = [];
  for (let d = 1; d <= 31; d++) {
    const date = new Date(Date.UTC(year, month - 1, d));
    if (date.getUTCMonth() !== month - 1) break;
    if (date.getUTCDay() === want) matches.push(d);
  }
  const index = week === 'last' ? matches.length - 1 : weeks.indexOf(week);
  const day = matches[index];
  if (day === undefined) throw new Error('no such day');
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The local calendar day of an instant in a zone, by Intl (no luxon). */
function localDay(instant: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    instant,
  );
}

t.test('the independent calendar helper agrees with known dates', async (t) => {
  // 2027-01-01 is a Friday; 2028 is a leap year starting on a Saturday.
  t.equal(new Date(Date.UTC(2027, 0, 1)).getUTCDay(), 5);
  t.equal(new Date(Date.UTC(2028, 0, 1)).getUTCDay(), 6);
  t.equal(calendarDay(2027, 4, 'last', 'wednesday'), '2027-04-28');
  t.equal(calendarDay(2027, 3, 'second', 'sunday'), '2027-03-14'); // US DST start
  t.equal(calendarDay(2027, 11, 'first', 'sunday'), '2027-11-07'); // US DST end
  t.equal(calendarDay(2027, 3, 'last', 'sunday'), '2027-03-28'); // EU DST start
  t.equal(calendarDay(2028, 2, 'last', 'tuesday'), '2028-02-29');
});

t.test('last Wednesday of every third month at 14:00 in Nairobi, from 2027-04, count 4', async (t) => {
  const result = planDates(
    rule({ firstMonth: '2027-04', everyMonths: 3, count: 4, week: 'last', weekday: 'wednesday', time: '14:00' }),
    NAIROBI,
  );
  const expectedDays = ['2027-04-28', '2027-07-28', '2027-10-27', '2028-01-26'];
  t.same(
    [
      calendarDay(2027, 4, 'last', 'wednesday'),
      calendarDay(2027, 7, 'last', 'wednesday'),
      calendarDay(2027, 10, 'last', 'wednesday'),
      calendarDay(2028, 1, 'last', 'wednesday'),
    ],
    expectedDays,
    'the expected days are checked with an independent calendar',
  );
  t.same(datesOf(t, result), [
    { day: '2027-04-28', startsAt: new Date('2027-04-28T11:00:00.000Z') },
    { day: '2027-07-28', startsAt: new Date('2027-07-28T11:00:00.000Z') },
    { day: '2027-10-27', startsAt: new Date('2027-10-27T11:00:00.000Z') },
    { day: '2028-01-26', startsAt: new Date('2028-01-26T11:00:00.000Z') },
  ]);
  t.same(instantsOf(t, result), [
    '2027-04-28T11:00:00.000Z',
    '2027-07-28T11:00:00.000Z',
    '2027-10-27T11:00:00.000Z',
    '2028-01-26T11:00:00.000Z',
  ]);
  for (const d of datesOf(t, result)) t.ok(d.startsAt instanceof Date, 'startsAt is a Date');
});

t.test('every 2 months, last Wednesday, April to October 2027', async (t) => {
  expectPlan(t, { firstMonth: '2027-04', everyMonths: 2, count: 4, week: 'last', weekday: 'wednesday' }, NAIROBI, {
    '2027-04-28': '2027-04-28T11:00:00.000Z',
    '2027-06-30': '2027-06-30T11:00:00.000Z',
    '2027-08-25': '2027-08-25T11:00:00.000Z',
    '2027-10-27': '2027-10-27T11:00:00.000Z',
  });
});

t.test('crossing the year end', async (t) => {
  expectPlan(t, { firstMonth: '2027-11', everyMonths: 1, count: 3, week: 'first', weekday: 'monday' }, NAIROBI, {
    '2027-11-01': '2027-11-01T11:00:00.000Z',
    '2027-12-06': '2027-12-06T11:00:00.000Z',
    '2028-01-03': '2028-01-03T11:00:00.000Z',
  });
  // Every third month from November: into February and May of the next year.
  const quarterly = planDates(
    rule({ firstMonth: '2027-11', everyMonths: 3, count: 3, week: 'last', weekday: 'tuesday' }),
    NAIROBI,
  );
  t.same(daysOf(t, quarterly), ['2027-11-30', '2028-02-29', '2028-05-30']);
  // Every 12 months: the same rule a year apart.
  const yearly = planDates(
    rule({ firstMonth: '2027-12', everyMonths: 12, count: 3, week: 'last', weekday: 'friday' }),
    NAIROBI,
  );
  t.same(daysOf(t, yearly), ['2027-12-31', '2028-12-29', '2029-12-28']);
});

t.test('first, second, third and fourth weekday of a month', async (t) => {
  // March 2027 starts on a Monday and has five Mondays: 1, 8, 15, 22, 29.
  const march = (week: Week) => daysOf(t, planDates(rule({ firstMonth: '2027-03', week, weekday: 'monday' }), NAIROBI));
  t.same(march('first'), ['2027-03-01']);
  t.same(march('second'), ['2027-03-08']);
  t.same(march('third'), ['2027-03-15']);
  t.same(march('fourth'), ['2027-03-22'], 'fourth is not the last in a month with five');
  t.same(march('last'), ['2027-03-29'], 'last is the fifth');

  // June 2027 starts on a Tuesday: the first Monday is the 7th, and there are four Mondays.
  const june = (week: Week) => daysOf(t, planDates(rule({ firstMonth: '2027-06', week, weekday: 'monday' }), NAIROBI));
  t.same(june('first'), ['2027-06-07']);
  t.same(june('second'), ['2027-06-14']);
  t.same(june('third'), ['2027-06-21']);
  t.same(june('fourth'), ['2027-06-28']);
  t.same(june('last'), ['2027-06-28'], 'fourth and last are the same day');

  // The first Tuesday of June 2027 is the 1st, the first Sunday is the 6th.
  t.same(daysOf(t, planDates(rule({ firstMonth: '2027-06', weekday: 'tuesday' }), NAIROBI)), ['2027-06-01']);
  t.same(daysOf(t, planDates(rule({ firstMonth: '2027-06', weekday: 'sunday' }), NAIROBI)), ['2027-06-06']);
  // The last Saturday of July 2027 is the 31st (the last day of the month).
  t.same(daysOf(t, planDates(rule({ firstMonth: '2027-07', week: 'last', weekday: 'saturday' }), NAIROBI)), [
    '2027-07-31',
  ]);
  // February 2028 (leap): the last Tuesday is the 29th; February 2027: the fourth and last Sunday is the 28th.
  t.same(daysOf(t, planDates(rule({ firstMonth: '2028-02', week: 'last', weekday: 'tuesday' }), NAIROBI)), [
    '2028-02-29',
  ]);
  t.same(daysOf(t, planDates(rule({ firstMonth: '2027-02', week: 'fourth', weekday: 'sunday' }), NAIROBI)), [
    '2027-02-28',
  ]);
  t.same(daysOf(t, planDates(rule({ firstMonth: '2027-02', week: 'last', weekday: 'sunday' }), NAIROBI)), [
    '2027-02-28',
  ]);
});

t.test('every week and weekday for 24 months agrees with an independent calendar', async (t) => {
  let checked = 0;
  for (const week of weeks) {
    for (const weekday of weekdays) {
      const result = planDates(
        rule({ firstMonth: '2027-01', everyMonths: 1, count: 24, week, weekday, time: '10:00' }),
        'UTC',
      );
      const got = daysOf(t, result);
      const want: string[] = [];
      for (let i = 0; i < 24; i++) want.push(calendarDay(2027 + Math.floor(i / 12), (i % 12) + 1, week, weekday));
      t.same(got, want, `${week} ${weekday}`);
      t.same(
        datesOf(t, result).map((d) => d.startsAt.toISOString()),
        want.map((day) => `${day}T10:00:00.000Z`),
        `${week} ${weekday} at 10:00 UTC`,
      );
      checked++;
    }
  }
  t.equal(checked, 35);
});

t.test('count and spacing', async (t) => {
  t.same(datesOf(t, planDates(rule({ count: 0 }), NAIROBI)), [], 'count 0 plans nothing');
  const six = planDates(
    rule({ firstMonth: '2027-01', everyMonths: 2, count: 6, week: 'third', weekday: 'thursday' }),
    NAIROBI,
  );
  t.same(daysOf(t, six), ['2027-01-21', '2027-03-18', '2027-05-20', '2027-07-15', '2027-09-16', '2027-11-18']);
  t.equal(datesOf(t, six).length, 6);
});

t.test('DST in New York', async (t) => {
  // The second Sunday of March 2027 is the spring-forward day; 02:30 does not exist and moves
  // to the transition (02:00 EST = 07:00Z), the day stays the 14th.
  expectPlan(t, { firstMonth: '2027-03', week: 'second', weekday: 'sunday', time: '02:30' }, NEW_YORK, {
    '2027-03-14': '2027-03-14T07:00:00.000Z',
  });

  // 14:00 local all along: EST (-5) in February and March, EDT (-4) from April.
  expectPlan(t, { firstMonth: '2027-02', everyMonths: 1, count: 3, week: 'first', weekday: 'tuesday' }, NEW_YORK, {
    '2027-02-02': '2027-02-02T19:00:00.000Z',
    '2027-03-02': '2027-03-02T19:00:00.000Z',
    '2027-04-06': '2027-04-06T18:00:00.000Z',
  });

  // And back in November: EDT in October, EST from the first Sunday of November.
  expectPlan(t, { firstMonth: '2027-10', everyMonths: 1, count: 2, week: 'second', weekday: 'sunday' }, NEW_YORK, {
    '2027-10-10': '2027-10-10T18:00:00.000Z',
    '2027-11-14': '2027-11-14T19:00:00.000Z',
  });

  // On the change days themselves, at 14:00.
  expectPlan(t, { firstMonth: '2027-03', everyMonths: 8, count: 2, week: 'second', weekday: 'sunday' }, NEW_YORK, {
    '2027-03-14': '2027-03-14T18:00:00.000Z',
    '2027-11-14': '2027-11-14T19:00:00.000Z',
  });
  expectPlan(t, { firstMonth: '2027-11', week: 'first', weekday: 'sunday' }, NEW_YORK, {
    '2027-11-07': '2027-11-07T19:00:00.000Z',
  });
});

// 01:30 on 2027-11-07 occurs twice in New York; time.ts documents the later occurrence (EST,
// 06:30Z). It must not depend on the date the plan is made (see the time.ts tests).
for (const now of ['2027-01-15T12:00:00Z', '2027-07-15T12:00:00Z']) {
  t.test(
    `an ambiguous planned time is the later occurrence, whatever the current date (luxon now = ${now})`,
    async (t) => {
      const result = withLuxonNow(now, () =>
        planDates(rule({ firstMonth: '2027-11', week: 'first', weekday: 'sunday', time: '01:30' }), NEW_YORK),
      );
      t.same(daysOf(t, result), ['2027-11-07']);
      t.same(instantsOf(t, result), ['2027-11-07T06:30:00.000Z']);
    },
  );
}

t.test('southern hemisphere: Santiago', async (t) => {
  // Chile is on -03 in summer and -04 from the first Sunday of April to the first Sunday of September.
  expectPlan(t, { firstMonth: '2027-03', everyMonths: 1, count: 8, week: 'first', weekday: 'tuesday' }, SANTIAGO, {
    '2027-03-02': '2027-03-02T17:00:00.000Z',
    '2027-04-06': '2027-04-06T18:00:00.000Z',
    '2027-05-04': '2027-05-04T18:00:00.000Z',
    '2027-06-01': '2027-06-01T18:00:00.000Z',
    '2027-07-06': '2027-07-06T18:00:00.000Z',
    '2027-08-03': '2027-08-03T18:00:00.000Z',
    '2027-09-07': '2027-09-07T17:00:00.000Z',
    '2027-10-05': '2027-10-05T17:00:00.000Z',
  });
  // Santiago springs forward at midnight (2027-09-05 00:00 -04 -> 01:00 -03): 00:30 moves to 04:00Z.
  expectPlan(t, { firstMonth: '2027-09', week: 'first', weekday: 'sunday', time: '00:30' }, SANTIAGO, {
    '2027-09-05': '2027-09-05T04:00:00.000Z',
  });
});

t.test('southern hemisphere: Sydney', async (t) => {
  // AEDT (+11) until the first Sunday of April 2027, AEST (+10) after.
  expectPlan(t, { firstMonth: '2027-03', everyMonths: 1, count: 3, week: 'first', weekday: 'tuesday' }, SYDNEY, {
    '2027-03-02': '2027-03-02T03:00:00.000Z',
    '2027-04-06': '2027-04-06T04:00:00.000Z',
    '2027-05-04': '2027-05-04T04:00:00.000Z',
  });
  // Back to AEDT from the first Sunday of October 2027 (the 3rd).
  expectPlan(t, { firstMonth: '2027-09', everyMonths: 1, count: 2, week: 'first', weekday: 'tuesday' }, SYDNEY, {
    '2027-09-07': '2027-09-07T04:00:00.000Z',
    '2027-10-05': '2027-10-05T03:00:00.000Z',
  });
  // 02:30 on the spring-forward night does not exist: the transition, 02:00 AEST = 16:00Z the day before.
  expectPlan(t, { firstMonth: '2027-10', week: 'first', weekday: 'sunday', time: '02:30' }, SYDNEY, {
    '2027-10-03': '2027-10-02T16:00:00.000Z',
  });
});

t.test('day is the local calendar day, not the UTC one', async (t) => {
  // Auckland (NZST, +12) in April-May 2027: 08:00 local is the previous UTC day.
  const morning = planDates(
    rule({ firstMonth: '2027-04', count: 2, week: 'first', weekday: 'monday', time: '08:00' }),
    AUCKLAND,
  );
  t.same(datesOf(t, morning), [
    { day: '2027-04-05', startsAt: new Date('2027-04-04T20:00:00.000Z') },
    { day: '2027-05-03', startsAt: new Date('2027-05-02T20:00:00.000Z') },
  ]);
  // 23:30 in Auckland is 11:30Z on the same day (Auckland is ahead of UTC).
  const late = planDates(rule({ firstMonth: '2027-04', week: 'first', weekday: 'monday', time: '23:30' }), AUCKLAND);
  t.same(datesOf(t, late), [{ day: '2027-04-05', startsAt: new Date('2027-04-05T11:30:00.000Z') }]);
  // Auckland in NZDT (+13), January 2028: 09:00 on Monday the 3rd is Sunday 20:00Z.
  const summer = planDates(rule({ firstMonth: '2028-01', week: 'first', weekday: 'monday', time: '09:00' }), AUCKLAND);
  t.same(datesOf(t, summer), [{ day: '2028-01-03', startsAt: new Date('2028-01-02T20:00:00.000Z') }]);
  // Honolulu (-10): 23:30 local is the next UTC day.
  const honolulu = planDates(rule({ firstMonth: '2027-04', week: 'last', weekday: 'friday', time: '23:30' }), HONOLULU);
  t.same(datesOf(t, honolulu), [{ day: '2027-04-30', startsAt: new Date('2027-05-01T09:30:00.000Z') }]);

  for (const [zone, plan] of [
    [AUCKLAND, morning],
    [AUCKLAND, late],
    [AUCKLAND, summer],
    [HONOLULU, honolulu],
  ] as const) {
    for (const d of datesOf(t, plan)) t.equal(localDay(d.startsAt, zone), d.day, `${zone}: ${d.day} is the local day`);
  }
});

t.test('time of day', async (t) => {
  t.same(instantsOf(t, planDates(rule({ time: '00:00' }), NAIROBI)), ['2027-04-04T21:00:00.000Z']);
  t.same(daysOf(t, planDates(rule({ time: '00:00' }), NAIROBI)), ['2027-04-05']);
  t.same(instantsOf(t, planDates(rule({ time: '23:59' }), NAIROBI)), ['2027-04-05T20:59:00.000Z']);
  t.same(instantsOf(t, planDates(rule({ time: '9:05' }), NAIROBI)), ['2027-04-05T06:05:00.000Z'], 'a one-digit hour');
  t.same(instantsOf(t, planDates(rule({ time: '09:05' }), NAIROBI)), ['2027-04-05T06:05:00.000Z']);
});

t.test('invalid rules are refused with a message naming the field', async (t) => {
  const refused = (t: Test, result: PlanResult, field: string, value: string) => {
    if (result.ok) {
      t.fail(`${field} "${value}" should be refused, got ${JSON.stringify(result.dates)}`);
      return;
    }
    t.equal(result.field, field, 'the field at fault');
    t.match(result.message, field, `the message names ${field}`);
    t.match(result.message, `"${value}"`, 'and quotes the value');
  };
  for (const firstMonth of ['2027-13', '2027-00', '2027-4', '27-04', '2027/04', '2027-04-01', '']) {
    refused(t, planDates(rule({ firstMonth }), NAIROBI), 'firstMonth', firstMonth);
  }
  for (const time of ['25:00', '14:60', '24:00', '14', '14:5', '1400', '-1:00', '14:00:00', '2pm', '']) {
    refused(t, planDates(rule({ time }), NAIROBI), 'time', time);
  }
  // The edges that are valid.
  t.same(daysOf(t, planDates(rule({ firstMonth: '2027-12' }), NAIROBI)), ['2027-12-06']);
  t.same(daysOf(t, planDates(rule({ firstMonth: '2027-01' }), NAIROBI)), ['2027-01-04']);
});

t.test('the same rule always gives the same instants', async (t) => {
  const r = rule({ firstMonth: '2027-04', everyMonths: 3, count: 4, week: 'last', weekday: 'wednesday' });
  t.same(instantsOf(t, planDates(r, NAIROBI)), instantsOf(t, planDates(r, NAIROBI)));
  t.same(
    r,
    rule({ firstMonth: '2027-04', everyMonths: 3, count: 4, week: 'last', weekday: 'wednesday' }),
    'the rule is not changed',
  );
});
