// Reminders 7 days and 1 day before each session to the people registered to attend it (those
// who also hold a role in it get the role's reminder instead). The outbox's unique key makes each
// go once, across restarts; a session that moves gets its reminders anew for its new time.
import { and, eq, gt, isNull, lte, not, sql } from 'drizzle-orm';
import { attendees, people, sessions } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import { type Db, inTransaction } from '../../db.js';
import { dueReminder } from '../../domain/reminders.js';
import { invitedAssignmentStatuses } from '../../domain/vocabulary.js';
import { enqueue } from '../../mail/outbox.js';

const DAY_MS = 86_400_000;
const REMINDER_DAYS = [7, 1] as const;

export function queueAttendeeReminders(db: Db, clock: Clock): number {
  const now = clock.now();
  // Written out with table names: drizzle leaves columns unqualified in a one-table subquery.
  const holdsRole = sql`exists (select 1 from role_assignments r where r.session_id = "attendees"."session_id"
    and r.person_id = "attendees"."person_id" and r.status in ${sql.raw(`(${invitedAssignmentStatuses.map((st) => `'${st}'`).join(', ')})`)})`;
  const rows = db
    .select({
      attendeeId: attendees.id,
      personId: attendees.personId,
      email: people.email,
      sessionId: sessions.id,
      seriesId: sessions.seriesId,
      startsAt: sessions.startsAt,
      registeredAt: attendees.registeredAt,
    })
    .from(attendees)
    .innerJoin(sessions, eq(sessions.id, attendees.sessionId))
    .innerJoin(people, eq(people.id, attendees.personId))
    .where(
      and(
        isNull(attendees.unregisteredAt),
        eq(sessions.status, 'scheduled'),
        gt(sessions.startsAt, now),
        lte(sessions.startsAt, new Date(now.getTime() + 7 * DAY_MS)),
        not(holdsRole),
      ),
    )
    .all();
  let queued = 0;
  inTransaction(db, () => {
    for (const row of rows) {
      if (!row.startsAt) continue;
      // Someone who registered three days ahead has just read the invitation: no "in 7 days" for them.
      const days = dueReminder(now, row.startsAt, REMINDER_DAYS, row.registeredAt);
      if (!days) continue;
      const added = enqueue(db, clock, {
        kind: 'attendance_reminder',
        toEmail: row.email,
        personId: row.personId,
        seriesId: row.seriesId,
        sessionId: row.sessionId,
        payload: { attendeeId: row.attendeeId, daysBefore: days },
        dedupeKey: `attendance-reminder:${row.attendeeId}:${row.startsAt.getTime()}:${days}`,
      });
      if (added) queued++;
    }
  });
  return queued;
}
