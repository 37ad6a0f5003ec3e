// Reminders 7 days and 1 day before each session, to everyone invited or accepted (never to
// those who declined). The outbox's unique key makes each go once, across restarts; a session
// that moves gets its reminders anew for its new time.
import { and, eq, gt, inArray, lte } from 'drizzle-orm';
import { people, roleAssignments, sessions } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import { type Db, inTransaction } from '../../db.js';
import { dueReminder } from '../../domain/reminders.js';
import { enqueue } from '../../mail/outbox.js';

const DAY_MS = 86_400_000;
const SESSION_REMINDER_DAYS = [7, 1] as const;

export function queueSessionReminders(db: Db, clock: Clock): number {
  const now = clock.now();
  const rows = db
    .select({
      assignmentId: roleAssignments.id,
      personId: roleAssignments.personId,
      email: people.email,
      sessionId: sessions.id,
      seriesId: sessions.seriesId,
      startsAt: sessions.startsAt,
      invitedAt: roleAssignments.invitedAt,
    })
    .from(roleAssignments)
    .innerJoin(sessions, eq(sessions.id, roleAssignments.sessionId))
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(
      and(
        eq(sessions.status, 'scheduled'),
        gt(sessions.startsAt, now),
        lte(sessions.startsAt, new Date(now.getTime() + 7 * DAY_MS)),
        inArray(roleAssignments.status, ['invited', 'accepted', 'tentative']),
      ),
    )
    .all();
  let queued = 0;
  inTransaction(db, () => {
    for (const row of rows) {
      if (!row.startsAt) continue;
      // Someone invited three days ahead has just read the invitation: no "in 7 days" for them.
      const days = dueReminder(now, row.startsAt, SESSION_REMINDER_DAYS, row.invitedAt);
      if (!days) continue;
      const added = enqueue(db, clock, {
        kind: 'session_reminder',
        toEmail: row.email,
        personId: row.personId,
        seriesId: row.seriesId,
        sessionId: row.sessionId,
        payload: { assignmentId: row.assignmentId, daysBefore: days },
        dedupeKey: `session-reminder:${row.assignmentId}:${row.startsAt.getTime()}:${days}`,
      });
      if (added) queued++;
    }
  });
  return queued;
}
