// The chair's preparatory call: before a session, its chair convenes the focal country and the
// discussant to settle the practical "how to" question and the structure of the discussion. It is
// a calendar event of its own (own UID and SEQUENCE), invited, updated and cancelled like a
// session, through the outbox and in the transaction of the change that causes it.
//
// Who is asked: the session's chair and the people of its focal and discussant countries, as the
// line-up stands (assigned, invited or accepted; never anyone who declined or was taken off).
// `invitedPersonIds` records who was sent the call and the SEQUENCE each last received.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { people, preparatoryCalls, roleAssignments } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db.js';
import { enqueue } from '../../mail/outbox.js';
import { recordAudit } from '../audit/log.js';
import { type Person, peopleByIds } from '../people/repository.js';
import { findSession, type SessionRow } from '../sessions/view.js';

export type PrepCallRow = typeof preparatoryCalls.$inferSelect;

/** The roles whose holders are on the call. */
const CALL_ROLES = ['chair', 'focal', 'discussant'] as const;
type CallRole = (typeof CALL_ROLES)[number];

/** The assignment statuses of someone still on the line-up. */
const LIVE = ['assigned', 'invited', 'accepted'] as const;

export function findPrepCall(db: Db, id: string): PrepCallRow | undefined {
  return db.select().from(preparatoryCalls).where(eq(preparatoryCalls.id, id)).get();
}

/** The session's scheduled call, else its latest (cancelled) one, else undefined. */
export function prepCallOfSession(db: Db, sessionId: string): PrepCallRow | undefined {
  const rows = db
    .select()
    .from(preparatoryCalls)
    .where(eq(preparatoryCalls.sessionId, sessionId))
    .orderBy(desc(preparatoryCalls.createdAt))
    .all();
  return rows.find((r) => r.status === 'scheduled') ?? rows[0];
}

export const scheduledPrepCall = (db: Db, sessionId: string): PrepCallRow | undefined =>
  db
    .select()
    .from(preparatoryCalls)
    .where(and(eq(preparatoryCalls.sessionId, sessionId), eq(preparatoryCalls.status, 'scheduled')))
    .get();

export const seriesOfPrepCall = (db: Db, id: string): string | undefined => {
  const call = findPrepCall(db, id);
  return call ? findSession(db, call.sessionId)?.seriesId : undefined;
};

/** Whether the person holds one of these roles in the session (and has neither declined nor been removed). */
export function holdsCallRole(db: Db, person: Person, sessionId: string, roles: readonly CallRole[]): boolean {
  return (
    db
      .select({ id: roleAssignments.id })
      .from(roleAssignments)
      .where(
        and(
          eq(roleAssignments.sessionId, sessionId),
          eq(roleAssignments.personId, person.id),
          inArray(roleAssignments.role, [...roles]),
          inArray(roleAssignments.status, [...LIVE]),
        ),
      )
      .get() !== undefined
  );
}

interface CallParticipant {
  person: Person;
  role: CallRole;
}

/**
 * Who the call is for, as the line-up stands: the session's chair, then the focal country's
 * people, then the discussant country's, each in line-up order; a person once, in their first role.
 */
export function callParticipants(db: Db, sessionId: string): CallParticipant[] {
  const rows = db
    .select({ person: people, role: roleAssignments.role })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(
      and(
        eq(roleAssignments.sessionId, sessionId),
        inArray(roleAssignments.role, [...CALL_ROLES]),
        inArray(roleAssignments.status, [...LIVE]),
      ),
    )
    .orderBy(asc(roleAssignments.position), asc(roleAssignments.createdAt))
    .all();
  const seen = new Set<string>();
  const out: CallParticipant[] = [];
  for (const role of CALL_ROLES) {
    for (const row of rows) {
      if (row.role !== role || seen.has(row.person.id)) continue;
      seen.add(row.person.id);
      out.push({ person: row.person, role });
    }
  }
  return out;
}

/** Whether anyone from the focal or the discussant country is on the line-up yet. */
export const hasCountryPeople = (participants: CallParticipant[]): boolean =>
  participants.some((p) => p.role === 'focal' || p.role === 'discussant');

export const callEnd = (call: Pick<PrepCallRow, 'startsAt' | 'durationMinutes'>): Date =>
  new Date(call.startsAt.getTime() + call.durationMinutes * 60_000);

/** A new call row's values (the id and UID given by the caller). */
export function insertPrepCall(
  db: Db,
  clock: Clock,
  values: {
    id: string;
    session: SessionRow;
    startsAt: Date;
    durationMinutes: number;
    meetingUrl: string | null;
    calendarUid: string;
  },
): PrepCallRow {
  const now = clock.now();
  return db
    .insert(preparatoryCalls)
    .values({
      id: values.id,
      sessionId: values.session.id,
      startsAt: values.startsAt,
      durationMinutes: values.durationMinutes,
      meetingUrl: values.meetingUrl,
      calendarUid: values.calendarUid,
      invitedPersonIds: {},
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
}

/**
 * Sends the call (at its current SEQUENCE) to everyone on the line-up not yet sent it, and
 * records them. Returns the call as stored and how many were invited. Call inside a transaction.
 */
export function inviteToPrepCall(
  db: Db,
  clock: Clock,
  session: SessionRow,
  call: PrepCallRow,
): { call: PrepCallRow; invited: number } {
  const invited = call.invitedPersonIds;
  const fresh = callParticipants(db, session.id).filter((p) => invited[p.person.id] === undefined);
  if (fresh.length === 0) return { call, invited: 0 };
  const row = sendToEach(
    db,
    clock,
    session,
    call,
    'prep_call_invitation',
    fresh.map((p) => p.person),
  );
  return { call: row, invited: fresh.length };
}

/** Queues one message of `kind` to each person and records the SEQUENCE each was sent. */
function sendToEach(
  db: Db,
  clock: Clock,
  session: SessionRow,
  call: PrepCallRow,
  kind: 'prep_call_invitation' | 'prep_call_update' | 'prep_call_cancellation',
  recipients: Person[],
): PrepCallRow {
  const invited = { ...call.invitedPersonIds };
  for (const person of recipients) {
    enqueue(db, clock, {
      kind,
      toEmail: person.email,
      personId: person.id,
      seriesId: session.seriesId,
      sessionId: session.id,
      payload: { callId: call.id, sequence: call.calendarSequence },
    });
    invited[person.id] = call.calendarSequence;
  }
  return db
    .update(preparatoryCalls)
    .set({ invitedPersonIds: invited })
    .where(eq(preparatoryCalls.id, call.id))
    .returning()
    .get();
}

/**
 * After a change of time or a cancellation (the SEQUENCE already raised): the update or the
 * cancellation to everyone the call was sent to. Returns the call as stored and how many.
 */
export function notifyPrepCallChange(
  db: Db,
  clock: Clock,
  session: SessionRow,
  call: PrepCallRow,
  kind: 'prep_call_update' | 'prep_call_cancellation',
): { call: PrepCallRow; notified: number } {
  const ids = Object.keys(call.invitedPersonIds);
  if (ids.length === 0) return { call, notified: 0 };
  const found = peopleByIds(db, ids);
  // In the order they were invited.
  const recipients = ids.map((id) => found.get(id)).filter((p): p is Person => p !== undefined);
  const row = sendToEach(db, clock, session, call, kind, recipients);
  return { call: row, notified: recipients.length };
}

/** Cancels a call (its SEQUENCE raised) and sends everyone invited a METHOD:CANCEL. */
export function cancelPrepCall(
  db: Db,
  clock: Clock,
  actorId: string | null,
  session: SessionRow,
  call: PrepCallRow,
): PrepCallRow {
  if (call.status === 'cancelled') return call;
  const updated = db
    .update(preparatoryCalls)
    .set({ status: 'cancelled', calendarSequence: call.calendarSequence + 1, updatedAt: clock.now() })
    .where(eq(preparatoryCalls.id, call.id))
    .returning()
    .get();
  const cancelled = notifyPrepCallChange(db, clock, session, updated, 'prep_call_cancellation');
  recordAudit(db, clock, {
    actorId,
    action: 'prep_call.cancel',
    seriesId: session.seriesId,
    entityType: 'preparatory_call',
    entityId: call.id,
    details: { sessionId: session.id, sequence: updated.calendarSequence, notified: cancelled.notified },
  });
  return cancelled.call;
}
