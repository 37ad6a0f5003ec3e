// Workstreams (the citizen-participation subgroup): members come from the interests that name
// the workstream, less those the convener removed and those who left; meetings are invited,
// updated and cancelled like sessions, through the outbox.
import { and, asc, eq, inArray } from 'drizzle-orm';
import {
  interests,
  interestWorkstreams,
  meetingInvitations,
  people,
  workstreamMeetings,
  workstreamMemberChanges,
  workstreams,
} from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import { type Db, inTransaction } from '../../db.js';
import { enqueue } from '../../mail/outbox.js';
import { recordAudit } from '../audit/log.js';
import type { Person } from '../people/repository.js';

export type WorkstreamRow = typeof workstreams.$inferSelect;
export type MeetingRow = typeof workstreamMeetings.$inferSelect;

export function findWorkstream(db: Db, id: string): WorkstreamRow | undefined {
  return db.select().from(workstreams).where(eq(workstreams.id, id)).get();
}

export const seriesOfWorkstream = (db: Db, id: string) => findWorkstream(db, id)?.seriesId;

export function findMeeting(db: Db, id: string): MeetingRow | undefined {
  return db.select().from(workstreamMeetings).where(eq(workstreamMeetings.id, id)).get();
}

export const seriesOfMeeting = (db: Db, id: string) => {
  const meeting = findMeeting(db, id);
  return meeting ? seriesOfWorkstream(db, meeting.workstreamId) : undefined;
};

/** Everyone whose interest names the workstream, with whether they offered to convene and any departure. */
export function candidates(db: Db, workstreamId: string) {
  const rows = db
    .select({ person: people, asConvener: interestWorkstreams.asConvener })
    .from(interestWorkstreams)
    .innerJoin(interests, eq(interests.id, interestWorkstreams.interestId))
    .innerJoin(people, eq(people.id, interests.personId))
    .where(eq(interestWorkstreams.workstreamId, workstreamId))
    .orderBy(asc(interests.createdAt))
    .all();
  const changes = new Map(
    db
      .select()
      .from(workstreamMemberChanges)
      .where(eq(workstreamMemberChanges.workstreamId, workstreamId))
      .all()
      .map((c) => [c.personId, c.change]),
  );
  return rows.map((r) => ({ ...r, departure: changes.get(r.person.id) ?? null }));
}

/** The current members: named by an interest, not removed, not left. */
export const membersOf = (db: Db, workstreamId: string): Person[] =>
  candidates(db, workstreamId)
    .filter((c) => c.departure === null)
    .map((c) => c.person);

export function setMemberChange(
  db: Db,
  clock: Clock,
  actor: Person,
  workstream: WorkstreamRow,
  personId: string,
  change: 'removed' | 'left' | null,
): void {
  inTransaction(db, () => {
    db.delete(workstreamMemberChanges)
      .where(
        and(eq(workstreamMemberChanges.workstreamId, workstream.id), eq(workstreamMemberChanges.personId, personId)),
      )
      .run();
    if (change) {
      db.insert(workstreamMemberChanges)
        .values({ workstreamId: workstream.id, personId, change, at: clock.now() })
        .run();
    }
    recordAudit(db, clock, {
      actorId: actor.id,
      action: `workstream.member.${change ?? 'restored'}`,
      seriesId: workstream.seriesId,
      entityType: 'workstream',
      entityId: workstream.id,
      details: { personId },
    });
  });
}

export function meetingsOf(db: Db, workstreamId: string): MeetingRow[] {
  return db
    .select()
    .from(workstreamMeetings)
    .where(eq(workstreamMeetings.workstreamId, workstreamId))
    .orderBy(asc(workstreamMeetings.startsAt))
    .all();
}

/** Who should hear about a workstream's meetings: its members and its convener. */
function audience(db: Db, workstream: WorkstreamRow): Person[] {
  const members = membersOf(db, workstream.id);
  const convener = workstream.convenerId
    ? db.select().from(people).where(eq(people.id, workstream.convenerId)).get()
    : undefined;
  return convener && !members.some((m) => m.id === convener.id) ? [convener, ...members] : members;
}

/** Sends a meeting's invitation to every member not yet invited to it; returns how many. */
export function inviteToMeeting(db: Db, clock: Clock, workstream: WorkstreamRow, meeting: MeetingRow): number {
  const already = new Set(
    db
      .select({ personId: meetingInvitations.personId })
      .from(meetingInvitations)
      .where(eq(meetingInvitations.meetingId, meeting.id))
      .all()
      .map((r) => r.personId),
  );
  const fresh = audience(db, workstream).filter((p) => !already.has(p.id));
  for (const person of fresh) {
    enqueue(db, clock, {
      kind: 'meeting_invitation',
      toEmail: person.email,
      personId: person.id,
      seriesId: workstream.seriesId,
      payload: { meetingId: meeting.id, sequence: meeting.calendarSequence },
    });
    db.insert(meetingInvitations)
      .values({
        meetingId: meeting.id,
        personId: person.id,
        sequence: meeting.calendarSequence,
        createdAt: clock.now(),
      })
      .run();
  }
  return fresh.length;
}

/** After a change of time or a cancellation: to everyone invited, the update or the cancellation. */
export function notifyMeetingChange(
  db: Db,
  clock: Clock,
  meeting: MeetingRow,
  kind: 'meeting_update' | 'meeting_cancellation',
) {
  const invited = db
    .select({ personId: meetingInvitations.personId, email: people.email })
    .from(meetingInvitations)
    .innerJoin(people, eq(people.id, meetingInvitations.personId))
    .where(and(eq(meetingInvitations.meetingId, meeting.id), eq(meetingInvitations.cancelled, false)))
    .all();
  const seriesId = seriesOfWorkstream(db, meeting.workstreamId) ?? null;
  for (const person of invited) {
    enqueue(db, clock, {
      kind,
      toEmail: person.email,
      personId: person.personId,
      seriesId,
      payload: { meetingId: meeting.id, sequence: meeting.calendarSequence },
    });
  }
  if (invited.length > 0) {
    db.update(meetingInvitations)
      .set({ sequence: meeting.calendarSequence, ...(kind === 'meeting_cancellation' ? { cancelled: true } : {}) })
      .where(
        and(
          eq(meetingInvitations.meetingId, meeting.id),
          inArray(
            meetingInvitations.personId,
            invited.map((p) => p.personId),
          ),
        ),
      )
      .run();
  }
  return invited.length;
}
