// Who holds which role in which session, as stored. Read by the guards, the invitation replies,
// the calendar feeds and the person's own page; written by the line-up (roles/repository.ts).
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { type RoleName, roleAssignments, series, sessions } from '../../../db/schema.js';
import type { Db } from '../../db.js';
import { invitedAssignmentStatuses, liveAssignmentStatuses } from '../../domain/vocabulary.js';
import { isSeriesChair, requireSeriesChair } from '../auth/access.js';
import type { Person } from '../people/repository.js';
import { seriesOfSession } from '../sessions/view.js';

export type AssignmentRow = typeof roleAssignments.$inferSelect;

export function findAssignment(db: Db, id: string): AssignmentRow | undefined {
  return db.select().from(roleAssignments).where(eq(roleAssignments.id, id)).get();
}

/** Whether the person holds one of these roles in the session (and has not declined it). */
export function holdsRole(db: Db, person: Person, sessionId: string, roles: readonly RoleName[]): boolean {
  return (
    db
      .select({ id: roleAssignments.id })
      .from(roleAssignments)
      .where(
        and(
          eq(roleAssignments.sessionId, sessionId),
          eq(roleAssignments.personId, person.id),
          inArray(roleAssignments.role, [...roles]),
          inArray(roleAssignments.status, [...liveAssignmentStatuses]),
        ),
      )
      .get() !== undefined
  );
}

/**
 * Whether the person may act on the session: a chair of its series (or an administrator), or
 * someone holding one of `roles` in it (its chair, for most of a session's own pages).
 */
export function actsForSession(
  db: Db,
  person: Person,
  session: { id: string; seriesId: string },
  roles: readonly RoleName[] = ['chair'],
): boolean {
  return isSeriesChair(db, person, session.seriesId) || holdsRole(db, person, session.id, roles);
}

/** The API guard of `actsForSession`, for routes on /:id of a session; `who` names them in the 403. */
export const requireActingForSession = (roles: readonly RoleName[], who: string) =>
  requireSeriesChair({
    what: 'session',
    seriesOf: seriesOfSession,
    alsoAllowed: (db, person, id) => holdsRole(db, person, id, roles),
    who,
  });

/** The most common of them: a chair of the series or the session's chair. */
export const chairOrSessionChair = requireActingForSession(['chair'], "a chair of this series or the session's chair");

/** A person's roles that still stand (declined ones included), earliest session first. */
export function assignmentsOfPerson(db: Db, personId: string) {
  return db
    .select({ assignment: roleAssignments, session: sessions, series })
    .from(roleAssignments)
    .innerJoin(sessions, eq(sessions.id, roleAssignments.sessionId))
    .innerJoin(series, eq(series.id, sessions.seriesId))
    .where(and(eq(roleAssignments.personId, personId), ne(roleAssignments.status, 'removed')))
    .orderBy(asc(sessions.startsAt))
    .all();
}

/** The dated sessions a person has been invited to and not declined, each once. */
export function sessionsInvitedTo(db: Db, personId: string) {
  return db
    .select({ session: sessions })
    .from(roleAssignments)
    .innerJoin(sessions, eq(sessions.id, roleAssignments.sessionId))
    .where(and(eq(roleAssignments.personId, personId), inArray(roleAssignments.status, [...invitedAssignmentStatuses])))
    .all()
    .map((r) => r.session)
    .filter((s, i, all) => s.startsAt && all.findIndex((x) => x.id === s.id) === i);
}
