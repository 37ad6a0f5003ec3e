import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Db } from '../../db.js';
import { memberStatuses } from '../../domain/vocabulary.js';
import { notFound } from '../../errors.js';
import { requireExisting, requireSeriesChair, requireSignedIn, signedIn, throughOwner } from '../auth/access.js';
import { displayName, type Person } from '../people/repository.js';
import { errorResponses, IdParams, nullable } from '../schemas.js';
import { seriesExists } from '../series/repository.js';
import {
  candidates,
  findMeeting,
  findWorkstream,
  type MeetingRow,
  seriesOfMeeting,
  seriesOfWorkstream,
  type WorkstreamRow,
} from './repository.js';
import {
  ConvenerBody,
  MeetingBody,
  MeetingPatch,
  OccurrenceMove,
  OccurrenceParams,
  WorkstreamCreate,
} from './schemas.js';
import {
  cancelMeeting,
  cancelOccurrence,
  changeMeeting,
  createMeetings,
  createWorkstream,
  leaveWorkstream,
  moveOccurrence,
  removeMember,
  restoreMember,
  setConvener,
} from './service.js';
import { MeetingView, meetingView, WorkstreamView, workstreamView } from './view.js';

const isConvener = (db: Db, person: Person, workstreamId: string) =>
  findWorkstream(db, workstreamId)?.convenerId === person.id;

const convenerOrChair = requireSeriesChair({
  what: 'workstream',
  seriesOf: seriesOfWorkstream,
  alsoAllowed: isConvener,
  who: "the workstream's convener or a chair of this series",
});
const meetingConvenerOrChair = requireSeriesChair({
  what: 'meeting',
  seriesOf: seriesOfMeeting,
  alsoAllowed: throughOwner(findMeeting, (meeting) => meeting.workstreamId, isConvener),
  who: "the workstream's convener or a chair of this series",
});
const workstreamChair = requireSeriesChair({ what: 'workstream', seriesOf: seriesOfWorkstream });

const MemberParams = Type.Object({ id: Type.String({ maxLength: 64 }), personId: Type.String({ maxLength: 64 }) });

export const workstreamRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock, config } = app;

  const view = (w: WorkstreamRow, viewer: Person | null) => workstreamView(db, w, viewer);

  const loadWorkstream = (id: string) => {
    const w = findWorkstream(db, id);
    if (!w) throw notFound('workstream', id);
    return w;
  };

  app.post(
    '/api/series/:id/workstreams',
    {
      onRequest: requireSeriesChair({ what: 'series', seriesOf: seriesExists }),
      schema: {
        tags: ['workstreams'],
        summary: 'Create a workstream',
        params: IdParams,
        body: WorkstreamCreate,
        response: { 201: WorkstreamView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = createWorkstream(db, clock, signedIn(request), { seriesId: request.params.id, ...request.body });
      return reply.code(201).send(view(row, request.person));
    },
  );

  app.get(
    '/api/workstreams/:id',
    {
      onRequest: requireExisting('workstream', seriesOfWorkstream),
      schema: {
        tags: ['workstreams'],
        summary: 'A workstream: convener, supporting chair, how many members, meetings',
        params: IdParams,
        response: { 200: WorkstreamView, 404: errorResponses[404] },
      },
    },
    async (request) => {
      const w = loadWorkstream(request.params.id);
      return view(w, request.person);
    },
  );

  app.put(
    '/api/workstreams/:id/convener',
    {
      onRequest: workstreamChair,
      schema: {
        tags: ['workstreams'],
        summary: 'Appoint the convener and the supporting series chair',
        description: '409 not_series_chair when the supporting chair is not a chair of the series.',
        params: IdParams,
        body: ConvenerBody,
        response: { 200: WorkstreamView, ...errorResponses },
      },
    },
    async (request) => {
      const updated = setConvener(db, clock, signedIn(request), {
        workstreamId: request.params.id,
        email: request.body.email,
        name: request.body.name,
        supportingChairEmail: request.body.supportingChair.email,
      });
      return view(updated, request.person);
    },
  );

  app.get(
    '/api/workstreams/:id/members',
    {
      onRequest: convenerOrChair,
      schema: {
        tags: ['workstreams'],
        summary: 'Everyone whose interest names the workstream, and whether they are a member now',
        params: IdParams,
        response: {
          200: Type.Array(
            Type.Object({
              personId: Type.String(),
              name: Type.String(),
              email: Type.String(),
              country: nullable(Type.String()),
              volunteersToConvene: Type.Boolean(),
              status: Type.Enum([...memberStatuses]),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      candidates(db, loadWorkstream(request.params.id).id).map((c) => ({
        personId: c.person.id,
        name: displayName(c.person),
        email: c.person.email,
        country: c.person.country,
        volunteersToConvene: c.asConvener,
        status: c.departure ?? ('member' as const),
      })),
  );

  const memberChange =
    (change: typeof removeMember) =>
    async (request: { params: { id: string; personId: string } } & Parameters<typeof signedIn>[0]) => {
      const w = change(db, clock, signedIn(request), {
        workstreamId: request.params.id,
        personId: request.params.personId,
      });
      return view(w, request.person);
    };

  app.delete(
    '/api/workstreams/:id/members/:personId',
    {
      onRequest: convenerOrChair,
      schema: {
        tags: ['workstreams'],
        summary: 'Remove a member (can be undone)',
        params: MemberParams,
        response: { 200: WorkstreamView, ...errorResponses },
      },
    },
    memberChange(removeMember) as never,
  );

  app.post(
    '/api/workstreams/:id/members/:personId/restore',
    {
      onRequest: convenerOrChair,
      schema: {
        tags: ['workstreams'],
        summary: 'Undo a removal (or a departure)',
        params: MemberParams,
        response: { 200: WorkstreamView, ...errorResponses },
      },
    },
    memberChange(restoreMember) as never,
  );

  app.post(
    '/api/workstreams/:id/leave',
    {
      onRequest: [requireSignedIn, requireExisting('workstream', seriesOfWorkstream)],
      schema: {
        tags: ['workstreams'],
        summary: 'Leave a workstream I am a member of',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      leaveWorkstream(db, clock, signedIn(request), { workstreamId: request.params.id });
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/workstreams/:id/meetings',
    {
      onRequest: convenerOrChair,
      schema: {
        tags: ['workstreams'],
        summary: 'Schedule a meeting (or a repeating run); members are invited with a calendar file',
        description:
          'A repeating run is one meeting and one calendar event (RRULE in the series’ zone): one invitation per member. 409 run_month_day, run_local_time, in_the_past.',
        params: IdParams,
        body: MeetingBody,
        response: {
          201: Type.Intersect([MeetingView, Type.Object({ invited: Type.Integer() })]),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { meetings: rows, invited } = createMeetings(db, clock, signedIn(request), {
        workstreamId: request.params.id,
        publicUrl: config.publicUrl,
        ...request.body,
      });
      const [head] = rows;
      return reply.code(201).send({ ...meetingView(db, head as MeetingRow), invited });
    },
  );

  app.patch(
    '/api/meetings/:id',
    {
      onRequest: meetingConvenerOrChair,
      schema: {
        tags: ['workstreams'],
        summary: 'Change a meeting; a new time or length sends every invitee an update',
        description:
          'For a run: its moved and cancelled meetings stay so. 409 meeting_cancelled, in_the_past, run_feedback, run_started, occurrence_clash.',
        params: IdParams,
        body: MeetingPatch,
        response: { 200: MeetingView, ...errorResponses },
      },
    },
    async (request) => {
      const row = changeMeeting(db, clock, signedIn(request), { meetingId: request.params.id, ...request.body });
      return meetingView(db, row);
    },
  );

  app.post(
    '/api/meetings/:id/cancel',
    {
      onRequest: meetingConvenerOrChair,
      schema: {
        tags: ['workstreams'],
        summary: 'Cancel a meeting; every invitee gets a cancellation',
        params: IdParams,
        response: { 200: MeetingView, ...errorResponses },
      },
    },
    async (request) => {
      const row = cancelMeeting(db, clock, signedIn(request), { meetingId: request.params.id });
      return meetingView(db, row);
    },
  );

  app.patch(
    '/api/meetings/:id/occurrences/:place',
    {
      onRequest: meetingConvenerOrChair,
      schema: {
        tags: ['workstreams'],
        summary: 'Move one meeting of a repeating run; everyone holding the run gets that meeting’s update',
        description:
          '409 not_a_run, occurrence_outside_run, occurrence_cancelled, occurrence_past, occurrence_clash, in_the_past, meeting_cancelled.',
        params: OccurrenceParams,
        body: OccurrenceMove,
        response: { 200: MeetingView, ...errorResponses },
      },
    },
    async (request) => {
      const row = moveOccurrence(db, clock, signedIn(request), {
        meetingId: request.params.id,
        place: Number(request.params.place),
        startsAt: request.body.startsAt,
      });
      return meetingView(db, row);
    },
  );

  app.post(
    '/api/meetings/:id/occurrences/:place/cancel',
    {
      onRequest: meetingConvenerOrChair,
      schema: {
        tags: ['workstreams'],
        summary: 'Cancel one meeting of a repeating run; the others go on',
        description:
          '409 not_a_run, occurrence_outside_run, occurrence_cancelled, occurrence_past, occurrence_last, meeting_cancelled.',
        params: OccurrenceParams,
        response: { 200: MeetingView, ...errorResponses },
      },
    },
    async (request) => {
      const row = cancelOccurrence(db, clock, signedIn(request), {
        meetingId: request.params.id,
        place: Number(request.params.place),
      });
      return meetingView(db, row);
    },
  );
};
