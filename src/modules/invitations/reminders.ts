// Reminders of a session to everyone invited or accepted (never to those who declined).
import { and, eq, inArray } from 'drizzle-orm';
import { people, roleAssignments, sessions } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db.js';
import { invitedAssignmentStatuses } from '../../domain/vocabulary.js';
import { queueSessionReminders, remindableSessions, sessionReaderColumns } from '../../mail/session-reminders.js';

export function queueRoleHolderReminders(db: Db, clock: Clock): number {
  const readers = db
    .select({
      id: roleAssignments.id,
      personId: roleAssignments.personId,
      since: roleAssignments.invitedAt,
      ...sessionReaderColumns,
    })
    .from(roleAssignments)
    .innerJoin(sessions, eq(sessions.id, roleAssignments.sessionId))
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(and(remindableSessions(clock.now()), inArray(roleAssignments.status, [...invitedAssignmentStatuses])))
    .all();
  return queueSessionReminders(db, clock, readers, {
    kind: 'session_reminder',
    payload: (assignmentId, daysBefore) => ({ assignmentId, daysBefore }),
  });
}
