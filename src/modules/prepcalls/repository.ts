// The chair's preparatory call: before a session, its chair convenes the focal country and the
// discussant to settle the practical "how to" question and the structure of the discussion. It is
// a calendar event of its own (own UID and SEQUENCE), invited, updated and cancelled like a
// session, through the outbox and in the transaction of the change that causes it (./service.ts).
//
// Who is asked: the session's chair and the people of its focal and discussant countries, as the
// line-up stands (assigned, invited or accepted; never anyone who declined or was taken off).
// `invitedPersonIds` records who was sent the call and the SEQUENCE each last received.
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { people, preparatoryCalls, roleAssignments } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db.js';
import { liveAssignmentStatuses } from '../../domain/vocabulary.js';
import type { Person } from '../people/repository.js';
import { findSession, type SessionRow } from '../sessions/view.js';

export type PrepCallRow = typeof preparatoryCalls.$inferSelect;

/** The roles whose holders are on the call. */
/** Who prepares the session together: its chair, the supporting chair who backs them, and the two countries. */
export const CALL_ROLES = ['chair', 'supporting_chair', 'focal', 'discussant'] as const;
type CallRole = (typeof CALL_ROLES)[number];

const LIVE = liveAssignmentStatuses;

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

export interface CallParticipant {
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

/** The session's chair and supporting chair among the participants: who a plain reply reaches. */
export const chairingPeople = (participants: CallParticipant[]): Person[] =>
  participants.filter((p) => p.role === 'chair' || p.role === 'supporting_chair').map((p) => p.person);

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

/** Writes changes to a call's row and returns it as stored. */
export function updatePrepCall(db: Db, id: string, changes: Partial<Omit<PrepCallRow, 'id'>>): PrepCallRow {
  return db.update(preparatoryCalls).set(changes).where(eq(preparatoryCalls.id, id)).returning().get() as PrepCallRow;
}
