// A repeating run of meetings: one event whose later meetings keep the first one's wall-clock
// time in the run's zone (as an RRULE with DTSTART;TZID does), and the meetings of it that were
// moved or cancelled. Pure: instants and zone names in, instants out.
import { DateTime } from 'luxon';
import { LAST_YEAR } from './time.js';
import type { OccurrenceStatus, RepeatUnit, RunMeetingStatus } from './vocabulary.js';

export interface RepeatRule {
  every: number;
  unit: RepeatUnit;
  count: number;
}

/** The bounds the API takes (and a calendar's RRULE can carry without surprises). */
export const REPEAT_LIMITS = { every: { min: 1, max: 12 }, count: { min: 2, max: 24 } } as const;

/** The last day of the month every month has: a monthly run from a later day would skip months. */
const LAST_COMMON_DAY = 28;

/** One meeting of a run, as it stands. */
export interface Occurrence {
  /** Its place in the run, from 1. */
  n: number;
  /** Where the rule puts it: the RECURRENCE-ID that names it in a calendar. */
  originalStart: Date;
  start: Date;
  end: Date;
  status: RunMeetingStatus;
}

/** How a meeting of the run differs from the rule. */
export interface OccurrenceException {
  n: number;
  status: OccurrenceStatus;
  start: Date | null;
  durationMinutes: number | null;
}

/** The local times of the run in its zone: the first one's date stepped by the rule, its hour kept. */
function localStarts(first: Date, zone: string, rule: RepeatRule): DateTime[] {
  const local = DateTime.fromJSDate(first, { zone });
  return Array.from({ length: rule.count }, (_, i) => local.plus({ [rule.unit]: i * rule.every }));
}

/**
 * Where the rule puts each meeting. luxon keeps the wall-clock time when it steps by weeks or
 * months, which is what a calendar does with an RRULE on a DTSTART;TZID.
 */
export function runStarts(first: Date, zone: string, rule: RepeatRule): Date[] {
  return localStarts(first, zone, rule).map((d) => d.toJSDate());
}

export type RunProblem =
  | { code: 'run_month_day'; params: { day: number } }
  | { code: 'run_local_time'; params: { date: string; time: string; zone: string } }
  | { code: 'run_too_late'; params: { lastYear: number } };

/**
 * Why a run cannot be written as one calendar event that every reader expands alike, or null.
 * A monthly run from the 29th–31st would skip the months without that day in calendars (RFC
 * 5545), and a local hour that some date of the run skips or repeats (a DST change at that very
 * hour) is resolved differently by different calendars.
 */
export function runProblem(first: Date, zone: string, rule: RepeatRule): RunProblem | null {
  const starts = localStarts(first, zone, rule);
  const head = starts[0] as DateTime;
  if (rule.unit === 'months' && head.day > LAST_COMMON_DAY) {
    return { code: 'run_month_day', params: { day: head.day } };
  }
  for (const d of starts) {
    const wall = { year: d.year, month: d.month, day: d.day, hour: head.hour, minute: head.minute };
    const read = DateTime.fromObject(wall, { zone });
    const shifted = read.hour !== head.hour || read.minute !== head.minute;
    // The same wall-clock time an hour either side: the hour occurs twice that night.
    const text = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm');
    const ambiguous = [-3_600_000, 3_600_000].some((step) => text(read.toMillis() + step) === text(read.toMillis()));
    if (shifted || ambiguous) {
      return {
        code: 'run_local_time',
        params: { date: d.toISODate() ?? '', time: head.toFormat('HH:mm'), zone },
      };
    }
  }
  if ((starts.at(-1) as DateTime).toUTC().year > LAST_YEAR) {
    return { code: 'run_too_late', params: { lastYear: LAST_YEAR } };
  }
  return null;
}

/** Each meeting of the run as it stands: the rule's times, less the cancelled, the moved at their new times. */
export function occurrences(
  first: Date,
  zone: string,
  rule: RepeatRule,
  durationMinutes: number,
  exceptions: readonly OccurrenceException[],
): Occurrence[] {
  const byN = new Map(exceptions.map((e) => [e.n, e]));
  return runStarts(first, zone, rule).map((originalStart, i) => {
    const n = i + 1;
    const exception = byN.get(n);
    if (exception?.status === 'moved' && exception.start) {
      const minutes = exception.durationMinutes ?? durationMinutes;
      return {
        n,
        originalStart,
        start: exception.start,
        end: new Date(exception.start.getTime() + minutes * 60_000),
        status: 'moved' as const,
      };
    }
    return {
      n,
      originalStart,
      start: originalStart,
      end: new Date(originalStart.getTime() + durationMinutes * 60_000),
      status: exception?.status === 'cancelled' ? ('cancelled' as const) : ('scheduled' as const),
    };
  });
}
