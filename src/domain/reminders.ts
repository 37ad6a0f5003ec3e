// When reminders are due: before a deadline, a session or a blog post's due date, at a few
// distances (7 days and 1 day). Pure, so the edges are tested without waiting.
import { DAY_MS } from './time.js';

/** How many days ahead reminders go: a week before, and the day before. */
export const REMINDER_DAYS = [7, 1] as const;
export type ReminderDays = (typeof REMINDER_DAYS)[number];

/**
 * The reminder due at `now` for something happening at `at`: the nearest window entered (1 day
 * before wins over 7 days before, so someone reached late gets one reminder, not two at once),
 * or null when `at` is further away than the widest window or already past.
 */
export function dueReminder<D extends number>(
  now: Date,
  at: Date,
  daysBefore: readonly D[],
  /** When the reader learnt of it (their invitation): a window that had opened by then is theirs no more. */
  since?: Date | null,
): D | null {
  const left = at.getTime() - now.getTime();
  if (left < 0) return null;
  const entered = daysBefore.filter(
    (days) => left <= days * DAY_MS && (!since || windowOpens(at, days).getTime() > since.getTime()),
  );
  if (entered.length === 0) return null;
  return Math.min(...entered) as D;
}

/** The instant a reminder's window opens. */
export const windowOpens = (at: Date, days: number): Date => new Date(at.getTime() - days * DAY_MS);
