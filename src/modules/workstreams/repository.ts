// Workstreams (the citizen-participation subgroup): members come from the interests that name
// the workstream, less those the convener removed and those who left; meetings are invited,
// updated and cancelled like sessions, through the outbox. These are the reads; the changes are
// the use cases in service.ts.
import { asc, eq } from 'drizzle-orm';
import {
  interests,
  interestWorkstreams,
  meetingOccurrences,
  people,
  workstreamMeetings,
  workstreamMemberChanges,
  workstreams,
} from '../../../db/schema.js';
import type { Db } from '../../db.js';
import { type Occurrence, type OccurrenceException, occurrences, type RepeatRule } from '../../domain/recurrence.js';
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

/** A run's rule and the zone whose wall-clock time it keeps; null for a single meeting. */
export function runOf(meeting: MeetingRow): { rule: RepeatRule; zone: string } | null {
  const { repeatEvery: every, repeatUnit: unit, repeatCount: count, repeatZone: zone } = meeting;
  if (every === null || unit === null || count === null || zone === null) return null;
  return { rule: { every, unit, count }, zone };
}

/** How the meetings of a run differ from its rule (moved or cancelled), by place. */
export function exceptionsOf(db: Db, meetingId: string): OccurrenceException[] {
  return db
    .select()
    .from(meetingOccurrences)
    .where(eq(meetingOccurrences.meetingId, meetingId))
    .orderBy(asc(meetingOccurrences.occurrence))
    .all()
    .map((o) => ({ n: o.occurrence, status: o.status, start: o.startsAt, durationMinutes: o.durationMinutes }));
}

/**
 * Each meeting of a run as it stands (the rule's times, the moved at their new times, the
 * cancelled marked); a single meeting is a run of one.
 */
export function occurrencesOf(db: Db, meeting: MeetingRow): Occurrence[] {
  const run = runOf(meeting);
  if (run)
    return occurrences(meeting.startsAt, run.zone, run.rule, meeting.durationMinutes, exceptionsOf(db, meeting.id));
  return [
    {
      n: 1,
      originalStart: meeting.startsAt,
      start: meeting.startsAt,
      end: new Date(meeting.startsAt.getTime() + meeting.durationMinutes * 60_000),
      status: meeting.status === 'cancelled' ? 'cancelled' : 'scheduled',
    },
  ];
}

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

export function meetingsOf(db: Db, workstreamId: string): MeetingRow[] {
  return db
    .select()
    .from(workstreamMeetings)
    .where(eq(workstreamMeetings.workstreamId, workstreamId))
    .orderBy(asc(workstreamMeetings.startsAt))
    .all();
}

/** Who should hear about a workstream's meetings: its members and its convener. */
export function audience(db: Db, workstream: WorkstreamRow): Person[] {
  const members = membersOf(db, workstream.id);
  const convener = workstream.convenerId
    ? db.select().from(people).where(eq(people.id, workstream.convenerId)).get()
    : undefined;
  return convener && !members.some((m) => m.id === convener.id) ? [convener, ...members] : members;
}
