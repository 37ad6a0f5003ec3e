// Reminders of a session to the people registered to attend it (those who also hold a role in
// it get the role's reminder instead).
import { and, isNull, not, sql } from 'drizzle-orm';
import { attendees } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db.js';
import { invitedAssignmentStatuses } from '../../domain/vocabulary.js';
import { queueSessionReminders } from '../../mail/session-reminders.js';

export function queueAttendeeReminders(db: Db, clock: Clock): number {
  // Written out with table names: drizzle leaves columns unqualified in a one-table subquery.
  const holdsRole = sql`exists (select 1 from role_assignments r where r.session_id = "attendees"."session_id"
    and r.person_id = "attendees"."person_id"
    and r.status in (${sql.join(
      invitedAssignmentStatuses.map((status) => sql`${status}`),
      sql`, `,
    )}))`;
  return queueSessionReminders(db, clock, {
    of: attendees,
    since: attendees.registeredAt,
    where: and(isNull(attendees.unregisteredAt), not(holdsRole)),
    kind: 'attendance_reminder',
    payload: (attendeeId, daysBefore) => ({ attendeeId, daysBefore }),
  });
}
