// Reminders of a session, 7 days and 1 day before it, to the people who hold a role in it and to
// those registered to attend it: which sessions can be due one, and the queueing of each. The
// outbox's unique key makes each go once, across restarts; a session that moves gets its
// reminders anew for its new time.
import { and, eq, gt, lte, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { people, sessions } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { type Db, inTransaction } from '../db.js';
import { dueReminder, REMINDER_DAYS, type ReminderDays } from '../domain/reminders.js';
import { DAY_MS } from '../domain/time.js';
import { enqueueForEach } from './outbox.js';
import { type MailKind, type MailPayload, Undeliverable } from './render.js';

/** One person who may be due a reminder of one session. */
interface ReminderReader {
  /** Their role assignment or their registration: what the reminder's payload names. */
  id: string;
  personId: string;
  email: string;
  sessionId: string;
  seriesId: string;
  startsAt: Date | null;
  /** When they learnt of the session (invited, registered): a window opened before then is not theirs. */
  since: Date | null;
}

/** A table of people in sessions: role assignments, registrations. */
type PeopleInSessions = SQLiteTable & { id: SQLiteColumn; personId: SQLiteColumn; sessionId: SQLiteColumn };

/**
 * The rows of `of` that may be due a reminder now: those `where` keeps, in sessions that are
 * scheduled, not begun, and within the widest reminder window. `since` is when the person learnt
 * of the session.
 */
function remindableReaders(
  db: Db,
  now: Date,
  reminder: { of: PeopleInSessions; since: SQLiteColumn; where: SQL | undefined },
): ReminderReader[] {
  const { of: rows, since, where } = reminder;
  const widest = new Date(now.getTime() + Math.max(...REMINDER_DAYS) * DAY_MS);
  return db
    .select({
      id: rows.id,
      personId: rows.personId,
      since,
      email: people.email,
      sessionId: sessions.id,
      seriesId: sessions.seriesId,
      startsAt: sessions.startsAt,
    })
    .from(rows)
    .innerJoin(sessions, eq(sessions.id, rows.sessionId))
    .innerJoin(people, eq(people.id, rows.personId))
    .where(and(eq(sessions.status, 'scheduled'), gt(sessions.startsAt, now), lte(sessions.startsAt, widest), where))
    .all() as ReminderReader[];
}

/** Queues the reminder each of the readers (`where` keeps) is due now, once each; the number queued. */
export function queueSessionReminders<K extends MailKind>(
  db: Db,
  clock: Clock,
  reminder: {
    of: PeopleInSessions;
    since: SQLiteColumn;
    where: SQL | undefined;
    kind: K;
    payload: (id: string, daysBefore: ReminderDays) => MailPayload<K>;
  },
): number {
  const now = clock.now();
  const readers = remindableReaders(db, now, reminder);
  const keyPrefix = reminder.kind.replaceAll('_', '-');
  return inTransaction(db, () =>
    enqueueForEach(db, clock, readers, (reader) => {
      if (!reader.startsAt) return null;
      // Someone who learnt of it three days ahead has just read the invitation: no "in 7 days" for them.
      const days = dueReminder(now, reader.startsAt, REMINDER_DAYS, reader.since);
      if (!days) return null;
      return {
        kind: reminder.kind,
        seriesId: reader.seriesId,
        sessionId: reader.sessionId,
        payload: reminder.payload(reader.id, days),
        dedupeKey: `${keyPrefix}:${reader.id}:${reader.startsAt.getTime()}:${days}`,
      };
    }),
  );
}

/**
 * A session reminder leaves the outbox only while it still makes sense: not once the session has
 * begun, nor when the session has moved later than the window it was queued for (its new time
 * gets reminders of its own).
 */
export function checkReminderStillDue(now: Date | undefined, startsAt: Date, daysBefore: number): void {
  if (!now) return;
  if (now.getTime() >= startsAt.getTime()) throw new Undeliverable('too_late', 'the session has already begun');
  if (startsAt.getTime() - now.getTime() > (daysBefore + 1) * DAY_MS) {
    throw new Undeliverable('changed', 'the session has moved; its reminders follow the new time');
  }
}
