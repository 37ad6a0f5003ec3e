// How much time a reminder has left to tell of, as its reader counts it: by the calendar days of
// the reader's own zone between the moment the reminder goes out and the moment it is about.
// "Tomorrow" is the next date on the reader's calendar, not "within 48 hours"; a deadline 20
// hours away that falls later on the reader's own day is "today". Pure: every instant and the
// zone are handed in, nothing reads a clock or the server's zone.
import { DateTime } from 'luxon';
import { DAY_MS } from './time.js';

/** What is left: the same calendar day, the next one, or a number of days (2 or more). */
export type TimeLeft = { kind: 'today' } | { kind: 'tomorrow' } | { kind: 'days'; days: number };

function inZone(instant: Date, zone: string): DateTime {
  const local = DateTime.fromJSDate(instant, { zone });
  if (!local.isValid) throw new RangeError(`"${zone}" is not a time zone (${local.invalidExplanation ?? 'invalid'})`);
  return local;
}

/**
 * The calendar days from `from` to `at` in `zone`: 0 on the same date there, 1 on the next date,
 * negative when `at` falls on an earlier date. Counted on the dates alone, so a change of offset
 * (summer time, a half-hour zone) moves nothing.
 */
export function calendarDaysBetween(from: Date, at: Date, zone: string): number {
  const date = (d: DateTime) => Date.UTC(d.year, d.month - 1, d.day);
  return Math.round((date(inZone(at, zone)) - date(inZone(from, zone))) / DAY_MS);
}

/**
 * The time left between sending a reminder (`sentAt`) and what it reminds of (`at`), in the
 * reader's zone; null when `at` has already passed (there is nothing left to remind of).
 */
export function timeLeft(sentAt: Date, at: Date, zone: string): TimeLeft | null {
  if (at.getTime() < sentAt.getTime()) return null;
  const days = calendarDaysBetween(sentAt, at, zone);
  if (days <= 0) return { kind: 'today' };
  if (days === 1) return { kind: 'tomorrow' };
  return { kind: 'days', days };
}
