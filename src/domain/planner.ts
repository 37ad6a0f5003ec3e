// Plans a run of sessions at a fixed rhythm: "the last Wednesday of every third month at
// 14:00" in the series' zone. Pure: the same rule always gives the same instants.
import { DateTime } from 'luxon';
import { FIRST_YEAR, LAST_YEAR, localToInstant } from './time.js';

export const weeks = ['first', 'second', 'third', 'fourth', 'last'] as const;
export const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Week = (typeof weeks)[number];
export type Weekday = (typeof weekdays)[number];

export interface PlanRule {
  /** "YYYY-MM" */
  firstMonth: string;
  everyMonths: number;
  count: number;
  week: Week;
  weekday: Weekday;
  /** "HH:MM" wall-clock time in the zone */
  time: string;
}

export interface PlannedDate {
  /** The local calendar day, "YYYY-MM-DD". */
  day: string;
  startsAt: Date;
}

/** A plan, or why there is none: the rule's field at fault, and a sentence naming its value. */
export type PlanResult =
  | { ok: true; dates: PlannedDate[] }
  | { ok: false; field: 'firstMonth' | 'time'; message: string };

export function planDates(rule: PlanRule, zone: string): PlanResult {
  const month = /^(\d{4})-(\d{2})$/.exec(rule.firstMonth);
  const firstMonthNumber = Number(month?.[2]);
  if (!month || firstMonthNumber < 1 || firstMonthNumber > 12) {
    return {
      ok: false,
      field: 'firstMonth',
      message: `firstMonth "${rule.firstMonth}" must be a month as YYYY-MM, e.g. 2027-04.`,
    };
  }
  const firstYear = Number(month[1]);
  if (firstYear < FIRST_YEAR || firstYear > LAST_YEAR) {
    return {
      ok: false,
      field: 'firstMonth',
      message: `firstMonth "${rule.firstMonth}" is outside the years ${FIRST_YEAR} to ${LAST_YEAR}.`,
    };
  }
  const time = /^(\d{1,2}):(\d{2})$/.exec(rule.time);
  const hour = Number(time?.[1]);
  const minute = Number(time?.[2]);
  if (!time || hour > 23 || minute > 59) {
    return { ok: false, field: 'time', message: `time "${rule.time}" must be a time of day as HH:MM, e.g. 14:00.` };
  }
  const isoWeekday = weekdays.indexOf(rule.weekday) + 1;
  const first = DateTime.fromObject({ year: Number(month[1]), month: firstMonthNumber, day: 1 }, { zone: 'UTC' });

  const dates: PlannedDate[] = [];
  for (let i = 0; i < rule.count; i++) {
    // Calendar arithmetic in UTC: only the day matters here, the zone comes in with the time.
    const monthStart = first.plus({ months: i * rule.everyMonths });
    const day = dayInMonth(monthStart, rule.week, isoWeekday);
    const startsAt = localToInstant({ year: day.year, month: day.month, day: day.day, hour, minute }, zone);
    if (startsAt.getUTCFullYear() > LAST_YEAR) {
      return {
        ok: false,
        field: 'firstMonth',
        message: `firstMonth "${rule.firstMonth}": session ${i + 1} would fall after ${LAST_YEAR}.`,
      };
    }
    dates.push({ day: day.toISODate() as string, startsAt });
  }
  return { ok: true, dates };
}

function dayInMonth(monthStart: DateTime, week: Week, isoWeekday: number): DateTime {
  if (week === 'last') {
    const lastDay = monthStart.endOf('month').startOf('day');
    return lastDay.minus({ days: (lastDay.weekday - isoWeekday + 7) % 7 });
  }
  const firstMatch = monthStart.plus({ days: (isoWeekday - monthStart.weekday + 7) % 7 });
  return firstMatch.plus({ weeks: weeks.indexOf(week) });
}
