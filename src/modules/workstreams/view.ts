// What the API shows of a workstream and its meetings (and the pages read the same): the schemas
// and the functions that build them from the stored rows, for the viewer's eyes.
import Type, { type Static } from 'typebox';
import type { Db } from '../../db.js';
import { repeatUnits, runMeetingStatuses } from '../../domain/vocabulary.js';
import { seesAddresses, seesMemberAddresses } from '../auth/access.js';
import { displayName, findPerson, type Person } from '../people/repository.js';
import { Instant, nullable } from '../schemas.js';
import {
  candidates,
  type MeetingRow,
  meetingsOf,
  membersOf,
  occurrencesOf,
  runOf,
  type WorkstreamRow,
} from './repository.js';

export const MeetingView = Type.Object({
  id: Type.String(),
  workstreamId: Type.String(),
  title: Type.String(),
  description: nullable(Type.String()),
  startsAt: Instant,
  endsAt: Instant,
  durationMinutes: Type.Integer(),
  meetingUrl: nullable(Type.String()),
  status: Type.String(),
  linkedSessionId: nullable(Type.String()),
  recurrenceId: nullable(Type.String()),
  repeat: nullable(
    Type.Object({
      every: Type.Integer(),
      unit: Type.Enum([...repeatUnits]),
      count: Type.Integer(),
      zone: Type.String({ description: 'The zone whose local time the run keeps' }),
    }),
  ),
  occurrences: Type.Array(
    Type.Object({
      place: Type.Integer({ description: 'From 1' }),
      startsAt: Instant,
      endsAt: Instant,
      originalStartsAt: Instant,
      status: Type.Enum([...runMeetingStatuses]),
    }),
    { description: 'Each meeting of a repeating run as it stands (a single meeting: itself)' },
  ),
});

export type MeetingView = Static<typeof MeetingView>;

export const WorkstreamView = Type.Object({
  id: Type.String(),
  seriesId: Type.String(),
  title: Type.String(),
  description: nullable(Type.String()),
  convener: nullable(Type.Object({ name: Type.String(), email: Type.Optional(Type.String()) })),
  supportingChair: nullable(Type.Object({ name: Type.String(), email: Type.Optional(Type.String()) })),
  members: Type.Integer(),
  volunteers: Type.Optional(Type.Array(Type.Object({ name: Type.String(), email: Type.String() }))),
  meetings: Type.Array(MeetingView),
});
export type WorkstreamView = Static<typeof WorkstreamView>;

export const meetingView = (db: Db, m: MeetingRow): MeetingView => ({
  id: m.id,
  workstreamId: m.workstreamId,
  title: m.title,
  description: m.description,
  startsAt: m.startsAt.toISOString(),
  endsAt: new Date(m.startsAt.getTime() + m.durationMinutes * 60_000).toISOString(),
  durationMinutes: m.durationMinutes,
  meetingUrl: m.meetingUrl,
  status: m.status,
  linkedSessionId: m.linkedSessionId,
  recurrenceId: m.recurrenceId,
  repeat: (() => {
    const run = runOf(m);
    return run ? { ...run.rule, zone: run.zone } : null;
  })(),
  occurrences: occurrencesOf(db, m).map((o) => ({
    place: o.n,
    startsAt: o.start.toISOString(),
    endsAt: o.end.toISOString(),
    originalStartsAt: o.originalStart.toISOString(),
    status: o.status,
  })),
});

/**
 * The series' chairs see every address; the convener sees its members' (the volunteers among
 * them), not the supporting chair's; everyone else sees names.
 */
export function workstreamView(db: Db, w: WorkstreamRow, viewer: Person | null): WorkstreamView {
  const allAddresses = seesAddresses(db, viewer, w.seriesId);
  const memberAddresses = seesMemberAddresses(db, viewer, w);
  const person = (id: string | null) => {
    const p = id ? findPerson(db, id) : undefined;
    return p ? { name: displayName(p), ...(allAddresses ? { email: p.email } : {}) } : null;
  };
  return {
    id: w.id,
    seriesId: w.seriesId,
    title: w.title,
    description: w.description,
    convener: person(w.convenerId),
    supportingChair: person(w.supportingChairId),
    members: membersOf(db, w.id).length,
    ...(memberAddresses
      ? {
          volunteers: candidates(db, w.id)
            .filter((c) => c.asConvener)
            .map((c) => ({ name: displayName(c.person), email: c.person.email })),
        }
      : {}),
    meetings: meetingsOf(db, w.id).map((m) => meetingView(db, m)),
  };
}
