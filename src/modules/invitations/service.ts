// Invitations follow a session's line-up and its calendar event: who gets an invitation, an
// update or a cancellation (through the one calendar-event component, modules/calendar), always
// queued in the same transaction as the change that causes it.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { type roleAssignments as assignmentsTable, people, roleAssignments, sessions } from '../../../db/schema.js';
import { type CalendarSnapshot, snapshotOf } from '../../calendar/event.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { type Db, inTransaction, preparedFor } from '../../db.js';
import { mainZone } from '../../domain/countries.js';
import { invitedAssignmentStatuses } from '../../domain/vocabulary.js';
import { conflict } from '../../errors.js';
import { enqueue } from '../../mail/outbox.js';
import { recordAudit } from '../audit/log.js';
import { copyOf, holdsEvent, isOutdated, sessionCopies } from '../calendar/copies.js';
import { checkSessionOpen } from '../checks.js';
import { displayName, findPerson, type Person } from '../people/repository.js';
import { chairsOf, findSeries } from '../series/repository.js';
import { findSession, type SessionRow } from '../sessions/view.js';
import { findAssignment } from './assignments.js';
import { checkReplyToken, type ReplyAction } from './links.js';

type Assignment = typeof assignmentsTable.$inferSelect;
type Invitee = { row: Assignment; email: string };

/** The people holding a live invitation to the session (invited or accepted), each person once. */
function invitees(db: Db, sessionId: string): Invitee[] {
  const rows = db
    .select({ row: roleAssignments, email: people.email })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(
      and(eq(roleAssignments.sessionId, sessionId), inArray(roleAssignments.status, [...invitedAssignmentStatuses])),
    )
    .orderBy(roleAssignments.createdAt, sql`${roleAssignments}.rowid`)
    .all();
  const seen = new Set<string>();
  return rows.filter(({ row }) => !seen.has(row.personId) && seen.add(row.personId));
}

/** What a calendar shows of a dated session; null for an alternate topic with no date. */
export function sessionSnapshot(session: SessionRow): CalendarSnapshot | null {
  if (!session.startsAt) return null;
  return snapshotOf({
    start: session.startsAt,
    end: new Date(session.startsAt.getTime() + session.durationMinutes * 60_000),
    url: session.meetingUrl,
    title: session.title,
    description: session.description,
  });
}

/** The role holders' copies of a session: what each kind does to it in their calendar. */
export const roleHolderCopies = sessionCopies({
  methods: {
    invitation: 'REQUEST',
    invitation_update: 'REQUEST',
    role_cancellation: 'CANCEL',
    decline_cancellation: 'CANCEL',
    session_cancellation: 'CANCEL',
  },
  payloadOf: (row: Assignment) => ({ assignmentId: row.id }),
  holdersOf: (db, sessionId) => invitees(db, sessionId),
});
const sendRoleHolderCopy = roleHolderCopies.send;

interface DueInvitation {
  invitee: Invitee;
  kind: 'invitation' | 'invitation_update';
}

/**
 * Who "send the invitations" would write to in a session: everyone assigned and not yet invited
 * (an invitation), and everyone invited or accepted whose copy of the event no longer shows it as
 * it is (an update). Those who declined get nothing.
 */
function dueInvitations(db: Db, session: SessionRow, snapshot: CalendarSnapshot): DueInvitation[] {
  const rows = db
    .select({ row: roleAssignments, email: people.email })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(eq(roleAssignments.sessionId, session.id))
    .all();
  return rows.flatMap((invitee): DueInvitation[] => {
    const { row } = invitee;
    if (row.status === 'assigned') return [{ invitee, kind: 'invitation' }];
    const live = row.status === 'invited' || row.status === 'accepted' || row.status === 'tentative';
    const copy = live ? copyOf(db, session.calendarUid, row.personId) : undefined;
    return live && (!holdsEvent(copy) || isOutdated(copy, snapshot)) ? [{ invitee, kind: 'invitation_update' }] : [];
  });
}

/** Whether a session can be invited to at all: scheduled, with a date. */
const invitable = (session: SessionRow) => session.status === 'scheduled' && session.startsAt !== null;

/** Who would be written to now, per role, for the chairs to see before they send (names, roles, kind). */
export function invitationsDue(db: Db, session: SessionRow): { personId: string; role: string; kind: string }[] {
  const snapshot = invitable(session) ? sessionSnapshot(session) : null;
  if (!snapshot) return [];
  return dueInvitations(db, session, snapshot).map(({ invitee, kind }) => ({
    personId: invitee.row.personId,
    role: invitee.row.role,
    kind,
  }));
}

/**
 * Invites everyone assigned and not yet invited, and sends an update to those whose copy of
 * the event no longer shows it as it is. Those who declined get nothing. Returns how many
 * messages were queued.
 */
export function sendInvitations(db: Db, clock: Clock, actor: Person, session: SessionRow): number {
  checkSessionOpen(session);
  if (!session.startsAt) {
    throw conflict('session_not_scheduled', 'This alternate topic has no date yet: give it one before inviting.');
  }
  const snapshot = sessionSnapshot(session);
  if (!snapshot) return 0;
  return inTransaction(db, () => {
    const now = clock.now();
    const markInvited = markStatement(db);
    const due = dueInvitations(db, session, snapshot);
    for (const { invitee, kind } of due) {
      sendRoleHolderCopy(db, clock, session, snapshot, invitee, kind);
      const fresh = kind === 'invitation';
      markInvited.run({ id: invitee.row.id, status: fresh ? 'invited' : invitee.row.status, now: now.getTime() });
    }
    // A press that finds nobody to invite changes nothing, so the log says nothing of it.
    if (due.length === 0) return 0;
    recordAudit(db, clock, actor.id, 'invitations.send', ['session', session.id, session.seriesId], {
      queued: due.length,
    });
    return due.length;
  });
}

/** "Send the invitations" for every session of the series that can be invited to, all or nothing. */
export function sendSeriesInvitations(db: Db, clock: Clock, actor: Person, sessions: SessionRow[]): number {
  return inTransaction(db, () =>
    sessions.filter(invitable).reduce((sum, session) => sum + sendInvitations(db, clock, actor, session), 0),
  );
}

const markStatement = preparedFor((db) =>
  db
    .update(roleAssignments)
    .set({
      status: sql`${sql.placeholder('status')}`,
      invitedAt: sql`coalesce(${roleAssignments.invitedAt}, ${sql.placeholder('now')})`,
      updatedAt: sql`${sql.placeholder('now')}`,
    })
    .where(eq(roleAssignments.id, sql.placeholder('id')))
    .prepare(),
);

/**
 * Who a change or a cancellation of the session would reach: everyone invited who has not
 * declined and whose calendar holds the session, by name and address, each once.
 */
export function peopleHoldingSession(db: Db, session: SessionRow): { name: string; email: string }[] {
  return invitees(db, session.id)
    .filter((i) => holdsEvent(copyOf(db, session.calendarUid, i.row.personId)))
    .map((i) => {
      const person = findPerson(db, i.row.personId);
      return { name: person ? displayName(person) : i.email, email: i.email };
    });
}

/** After a cancellation: a METHOD:CANCEL to every invitee who has not declined. */
export function queueSessionCancellations(db: Db, clock: Clock, session: SessionRow): number {
  const snapshot = sessionSnapshot(session);
  if (!snapshot) return 0;
  const rows = invitees(db, session.id);
  for (const invitee of rows) sendRoleHolderCopy(db, clock, session, snapshot, invitee, 'session_cancellation');
  return rows.length;
}

/** A person taken off an invited line-up gets a cancellation of their copy of the event at once. */
export function queueRoleCancellation(db: Db, clock: Clock, session: SessionRow, row: Assignment): void {
  const snapshot = sessionSnapshot(session);
  const email = findPerson(db, row.personId)?.email;
  if (snapshot && email) sendRoleHolderCopy(db, clock, session, snapshot, { row, email }, 'role_cancellation');
  db.update(roleAssignments)
    .set({ status: 'removed', updatedAt: clock.now() })
    .where(eq(roleAssignments.id, row.id))
    .run();
}

type ReplyOutcome = 'accepted' | 'tentative' | 'declined' | 'unchanged';

/**
 * Records a reply from an invitation link. A decline takes the event out of the decliner's
 * calendar (a CANCEL of their copy) and alerts the series' chairs and the session's chair at once
 * (each once, however often the link is used); accepting after a decline sends the event again.
 */
/** The longest note, and suggested replacement, a decline carries to the chairs. */
export const DECLINE_NOTE_MAX = 1000;
export const DECLINE_REPLACEMENT_MAX = 200;

/** What a person may say with a decline, for the chairs' alert. */
export interface DeclineWords {
  note?: string | undefined;
  replacement?: string | undefined;
  /** How the answer came: a link's page (the default) or the person's calendar (an iTIP REPLY). */
  via?: 'link' | 'calendar';
}

export function recordReply(
  db: Db,
  clock: Clock,
  row: Assignment,
  action: 'accept' | 'decline' | 'tentative',
  words: DeclineWords = {},
): ReplyOutcome {
  const status = action === 'accept' ? 'accepted' : action === 'tentative' ? 'tentative' : 'declined';
  if (row.status === status) return 'unchanged';
  return inTransaction(db, () => {
    db.update(roleAssignments).set({ status, updatedAt: clock.now() }).where(eq(roleAssignments.id, row.id)).run();
    const session = db.select().from(sessions).where(eq(sessions.id, row.sessionId)).get();
    const snapshot = session && sessionSnapshot(session);
    const email = findPerson(db, row.personId)?.email;
    const copy = session && copyOf(db, session.calendarUid, row.personId);
    if (session && snapshot && email && session.status === 'scheduled') {
      const invitee = { row, email };
      const stillInvited = invitees(db, session.id).some((i) => i.row.personId === row.personId);
      if (status === 'declined' && holdsEvent(copy) && !stillInvited) {
        sendRoleHolderCopy(db, clock, session, snapshot, invitee, 'decline_cancellation');
      } else if (status !== 'declined' && copy && !holdsEvent(copy)) {
        sendRoleHolderCopy(db, clock, session, snapshot, invitee, 'invitation');
      }
    }
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
          payload: {
            assignmentId: row.id,
            ...(words.note ? { note: words.note.slice(0, DECLINE_NOTE_MAX) } : {}),
            ...(words.replacement ? { replacement: words.replacement.slice(0, DECLINE_REPLACEMENT_MAX) } : {}),
          },
          dedupeKey: `decline-alert:${row.id}:${person.id}:${row.updatedAt?.getTime() ?? 0}`,
        });
      }
    }
    recordAudit(
      db,
      clock,
      row.personId,
      `invitation.${status}`,
      ['role_assignment', row.id, session?.seriesId ?? null],
      {
        role: row.role,
        sessionId: row.sessionId,
        ...(words.note ? { note: words.note } : {}),
        ...(words.replacement ? { replacement: words.replacement } : {}),
        ...(words.via === 'calendar' ? { via: 'calendar' } : {}),
      },
    );
    return status;
  });
}

/**
 * Sends a person's invitation again as the session now is (a calendar's REFRESH: their copy was
 * lost): a REQUEST with a SEQUENCE above the last they got. Nothing for someone who declined, was
 * removed, or whose session is not scheduled. Returns whether it queued one.
 */
export function resendInvitation(db: Db, clock: Clock, row: Assignment): boolean {
  const session = db.select().from(sessions).where(eq(sessions.id, row.sessionId)).get();
  const snapshot = session && session.status === 'scheduled' ? sessionSnapshot(session) : null;
  const email = findPerson(db, row.personId)?.email;
  if (!session || !snapshot || !email || !(invitedAssignmentStatuses as readonly string[]).includes(row.status)) {
    return false;
  }
  sendRoleHolderCopy(db, clock, session, snapshot, { row, email }, 'invitation');
  return true;
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
    language: person?.language ?? null,
    currentStatus: row.status,
    answeredAt: row.updatedAt ?? null,
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
  words: DeclineWords = {},
) {
  const view = readReply(db, config, assignmentId, action, token);
  if (view.status === 200 && view.row) recordReply(db, clock, view.row, action, action === 'decline' ? words : {});
  return view;
}
