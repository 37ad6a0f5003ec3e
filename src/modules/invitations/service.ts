// Invitations follow a session's line-up and time: who gets an invitation, an update or a
// cancellation, always queued in the same transaction as the change that causes it.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type roleAssignments as assignmentsTable, people, roleAssignments, sessions } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { type Db, inTransaction, preparedFor } from '../../db.js';
import { mainZone } from '../../domain/countries.js';
import { conflict } from '../../errors.js';
import { enqueue } from '../../mail/outbox.js';
import { recordAudit } from '../audit/log.js';
import { checkSessionOpen } from '../checks.js';
import { displayName, findPerson, type Person } from '../people/repository.js';
import { chairsOf, findSeries } from '../series/repository.js';
import { findSession, type SessionRow } from '../sessions/view.js';
import { findAssignment } from './assignments.js';
import { checkReplyToken, type ReplyAction } from './links.js';

type Assignment = typeof assignmentsTable.$inferSelect;

const invitees = (db: Db, sessionId: string) =>
  db
    .select()
    .from(roleAssignments)
    .where(and(eq(roleAssignments.sessionId, sessionId), inArray(roleAssignments.status, ['invited', 'accepted'])))
    .all();

const emailOf = (db: Db, personId: string) => findPerson(db, personId)?.email ?? '';

/**
 * The SEQUENCE for a person's next message: the session's, but always above what that person
 * last received (a cancellation after removal counts), or calendars ignore it.
 */
const nextSequence = (session: SessionRow, row: Assignment) =>
  Math.max(session.calendarSequence, (row.invitedSequence ?? -1) + 1);

/**
 * Invites everyone assigned and not yet invited, and sends an update to those whose invitation
 * is older than the session's current time. Those who declined get nothing. Returns how many
 * messages were queued.
 */
export function sendInvitations(db: Db, clock: Clock, actor: Person, session: SessionRow): number {
  checkSessionOpen(session);
  if (!session.startsAt) {
    throw conflict('session_not_scheduled', 'This alternate topic has no date yet: give it one before inviting.');
  }
  return inTransaction(db, () => {
    const now = clock.now();
    const rows = db
      .select({ row: roleAssignments, email: people.email })
      .from(roleAssignments)
      .innerJoin(people, eq(people.id, roleAssignments.personId))
      .where(eq(roleAssignments.sessionId, session.id))
      .all();
    const markInvited = markStatement(db);
    let queued = 0;
    for (const { row, email } of rows) {
      const fresh = row.status === 'assigned';
      const outdated =
        (row.status === 'invited' || row.status === 'accepted') &&
        (row.invitedSequence ?? -1) < session.calendarSequence;
      if (!fresh && !outdated) continue;
      const sequence = fresh ? nextSequence(session, row) : session.calendarSequence;
      enqueue(db, clock, {
        kind: fresh ? 'invitation' : 'invitation_update',
        toEmail: email,
        personId: row.personId,
        seriesId: session.seriesId,
        sessionId: session.id,
        payload: { assignmentId: row.id, sequence },
      });
      markInvited.run({ id: row.id, status: fresh ? 'invited' : row.status, sequence, now: now.getTime() });
      queued++;
    }
    recordAudit(db, clock, {
      actorId: actor.id,
      action: 'invitations.send',
      seriesId: session.seriesId,
      entityType: 'session',
      entityId: session.id,
      details: { queued },
    });
    return queued;
  });
}

const markStatement = preparedFor((db) =>
  db
    .update(roleAssignments)
    .set({
      status: sql`${sql.placeholder('status')}`,
      invitedSequence: sql`${sql.placeholder('sequence')}`,
      invitedAt: sql`coalesce(${roleAssignments.invitedAt}, ${sql.placeholder('now')})`,
      updatedAt: sql`${sql.placeholder('now')}`,
    })
    .where(eq(roleAssignments.id, sql.placeholder('id')))
    .prepare(),
);

/** After a change of time or length (the session's SEQUENCE already raised): an update to every invitee. */
export function queueTimeChangeUpdates(db: Db, clock: Clock, session: SessionRow): number {
  const rows = invitees(db, session.id).filter((row) => (row.invitedSequence ?? -1) < session.calendarSequence);
  for (const row of rows) {
    enqueue(db, clock, {
      kind: 'invitation_update',
      toEmail: emailOf(db, row.personId),
      personId: row.personId,
      seriesId: session.seriesId,
      sessionId: session.id,
      payload: { assignmentId: row.id, sequence: session.calendarSequence },
    });
    db.update(roleAssignments)
      .set({ invitedSequence: session.calendarSequence, updatedAt: clock.now() })
      .where(eq(roleAssignments.id, row.id))
      .run();
  }
  return rows.length;
}

/** After a cancellation (SEQUENCE already raised): a METHOD:CANCEL to every invitee who has not declined. */
export function queueSessionCancellations(db: Db, clock: Clock, session: SessionRow): number {
  const rows = invitees(db, session.id);
  for (const row of rows) {
    enqueue(db, clock, {
      kind: 'session_cancellation',
      toEmail: emailOf(db, row.personId),
      personId: row.personId,
      seriesId: session.seriesId,
      sessionId: session.id,
      payload: { assignmentId: row.id, sequence: session.calendarSequence },
    });
  }
  return rows.length;
}

/** A person taken off an invited line-up gets a cancellation of their copy of the event at once. */
export function queueRoleCancellation(db: Db, clock: Clock, session: SessionRow, row: Assignment): void {
  const sequence = nextSequence(session, row);
  enqueue(db, clock, {
    kind: 'role_cancellation',
    toEmail: emailOf(db, row.personId),
    personId: row.personId,
    seriesId: session.seriesId,
    sessionId: session.id,
    payload: { assignmentId: row.id, sequence },
  });
  db.update(roleAssignments)
    .set({ status: 'removed', invitedSequence: sequence, updatedAt: clock.now() })
    .where(eq(roleAssignments.id, row.id))
    .run();
}

type ReplyOutcome = 'accepted' | 'declined' | 'unchanged';

/**
 * Records a reply from an invitation link. A decline alerts the series' chairs and the
 * session's chair at once (each once, however often the link is used).
 */
export function recordReply(db: Db, clock: Clock, row: Assignment, action: 'accept' | 'decline'): ReplyOutcome {
  const status = action === 'accept' ? 'accepted' : 'declined';
  if (row.status === status) return 'unchanged';
  return inTransaction(db, () => {
    db.update(roleAssignments).set({ status, updatedAt: clock.now() }).where(eq(roleAssignments.id, row.id)).run();
    const session = db.select().from(sessions).where(eq(sessions.id, row.sessionId)).get();
    if (session && status === 'declined') {
      const sessionChair = db
        .select({ personId: roleAssignments.personId })
        .from(roleAssignments)
        .where(and(eq(roleAssignments.sessionId, session.id), eq(roleAssignments.role, 'chair')))
        .all()
        .map((r) => r.personId);
      const told = new Set<string>();
      for (const person of [
        ...chairsOf(db, session.seriesId),
        ...sessionChair.flatMap((id) => findPerson(db, id) ?? []),
      ]) {
        if (told.has(person.id) || person.id === row.personId) continue;
        told.add(person.id);
        enqueue(db, clock, {
          kind: 'decline_alert',
          toEmail: person.email,
          personId: person.id,
          seriesId: session.seriesId,
          sessionId: session.id,
          payload: { assignmentId: row.id },
          dedupeKey: `decline-alert:${row.id}:${person.id}:${row.updatedAt?.getTime() ?? 0}`,
        });
      }
    }
    recordAudit(db, clock, {
      actorId: row.personId,
      action: `invitation.${status}`,
      seriesId: session?.seriesId ?? null,
      entityType: 'role_assignment',
      entityId: row.id,
      details: { role: row.role, sessionId: row.sessionId },
    });
    return status;
  });
}

/**
 * What an invitation link's page shows: the invitation, or why the link no longer works (404 for
 * a link this service did not make, 410 for one replaced, removed or for a cancelled session).
 */
export function readReply(
  db: Db,
  config: Pick<Config, 'secretKey'>,
  assignmentId: string,
  action: ReplyAction,
  token: string,
) {
  const row = findAssignment(db, assignmentId);
  const base = { action, token, assignmentId };
  const tokenState = row ? checkReplyToken(config, row, action, token) : 'unknown';
  if (!row || tokenState === 'unknown') {
    return { status: 404, row: null, page: { ...base, problem: 'unknown' as const } };
  }
  const session = findSession(db, row.sessionId);
  const series = session && findSeries(db, session.seriesId);
  const person = findPerson(db, row.personId);
  const details = {
    ...base,
    role: row.role,
    sessionTitle: session?.title ?? '',
    startsAt: session?.startsAt ?? null,
    zone: person?.timezone ?? (person?.country ? mainZone(person.country) : undefined) ?? series?.timezone ?? 'UTC',
    seriesZone: series?.timezone ?? 'UTC',
    name: person ? displayName(person) : '',
    language: person?.language ?? 'en',
    currentStatus: row.status,
  };
  if (tokenState === 'replaced') return { status: 410, row: null, page: { ...details, problem: 'replaced' as const } };
  if (!session || session.status === 'cancelled') {
    return { status: 410, row: null, page: { ...details, problem: 'cancelled' as const } };
  }
  if (row.status === 'removed') return { status: 410, row: null, page: { ...details, problem: 'removed' as const } };
  return { status: 200, row, page: { ...details, problem: null } };
}

/** Records the reply a link's button sends, when the link still works; answers as readReply. */
export function answerInvitation(
  db: Db,
  clock: Clock,
  config: Pick<Config, 'secretKey'>,
  assignmentId: string,
  action: ReplyAction,
  token: string,
) {
  const view = readReply(db, config, assignmentId, action, token);
  if (view.status === 200 && view.row) recordReply(db, clock, view.row, action);
  return view;
}
