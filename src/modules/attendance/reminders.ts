// Reminders of a session to the people registered to attend it (those who also hold a role in
// it get the role's reminder instead).
import { and, eq, isNull, not, sql } from 'drizzle-orm';
import { attendees, people, sessions } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db.js';
import { invitedAssignmentStatuses } from '../../domain/vocabulary.js';
import { queueSessionReminders, remindableSessions, sessionReaderColumns } from '../../mail/session-reminders.js';

export function queueAttendeeReminders(db: Db, clock: Clock): number {
  // Written out with table names: drizzle leaves columns unqualified in a one-table subquery.
  const holdsRole = sql`exists (select 1 from role_assignments r where r.session_id = "attendees"."session_id"
    and r.person_id = "attendees"."person_id"
    and r.status in (${sql.join(
      invitedAssignmentStatuses.map((status) => sql`${status}`),
      sql`, `,
    )}))`;
  const readers = db
    .select({
      id: attendees.id,
      personId: attendees.personId,
      since: attendees.registeredAt,
      ...sessionReaderColumns,
    })
    .from(attendees)
    .innerJoin(sessions, eq(sessions.id, attendees.sessionId))
    .innerJoin(people, eq(people.id, attendees.personId))
    .where(and(isNull(attendees.unregisteredAt), remindableSessions(clock.now()), not(holdsRole)))
    .all();
  return queueSessionReminders(db, clock, readers, {
    kind: 'attendance_reminder',
    payload: (attendeeId, daysBefore) => ({ attendeeId, daysBefore }),
  });
}
