// Reminders of a session to everyone invited or accepted (never to those who declined).
import { inArray } from 'drizzle-orm';
import { roleAssignments } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db.js';
import { invitedAssignmentStatuses } from '../../domain/vocabulary.js';
import { queueSessionReminders } from '../../mail/session-reminders.js';

export function queueRoleHolderReminders(db: Db, clock: Clock): number {
  return queueSessionReminders(db, clock, {
    of: roleAssignments,
    since: roleAssignments.invitedAt,
    where: inArray(roleAssignments.status, [...invitedAssignmentStatuses]),
    kind: 'session_reminder',
    payload: (assignmentId, daysBefore) => ({ assignmentId, daysBefore }),
  });
}
