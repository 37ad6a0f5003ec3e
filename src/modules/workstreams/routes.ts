import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import Type from 'typebox';
import { sessions, workstreamMeetings, workstreams } from '../../../db/schema.js';
import type { Db } from '../../db.js';
import { inTransaction } from '../../db.js';
import { LAST_YEAR, localToInstant } from '../../domain/time.js';
import { conflict, invalidRequest, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/log.js';
import {
  requireExisting,
  requireSeriesChair,
  requireSignedIn,
  seesAddresses,
  seesMemberAddresses,
  signedIn,
} from '../auth/access.js';
import { checkedDateTime, checkedEmail, checkedUrl, checkNotInThePast, cleanText } from '../checks.js';
import { displayName, ensurePerson, findPerson, type Person } from '../people/repository.js';
import {
  DateTimeInput,
  Duration,
  Email,
  errorResponses,
  FreeText,
  IdParams,
  Instant,
  Name,
  nullable,
  Title,
  Url,
} from '../schemas.js';
import { chairsOf, findSeries, seriesExists } from '../series/repository.js';
import {
  candidates,
  findMeeting,
  findWorkstream,
  inviteToMeeting,
  type MeetingRow,
  meetingsOf,
  membersOf,
  notifyMeetingChange,
  seriesOfMeeting,
  seriesOfWorkstream,
  setMemberChange,
  type WorkstreamRow,
} from './repository.js';

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
  alsoAllowed: (db, person, id) => {
    const meeting = findMeeting(db, id);
    return meeting !== undefined && isConvener(db, person, meeting.workstreamId);
  },
  who: "the workstream's convener or a chair of this series",
});
const workstreamChair = requireSeriesChair({ what: 'workstream', seriesOf: seriesOfWorkstream });

const MeetingView = Type.Object({
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
});

const WorkstreamView = Type.Object({
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

const meetingView = (m: MeetingRow) => ({
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
});

const MeetingBody = Type.Object(
  {
    title: Title,
    description: Type.Optional(nullable(FreeText)),
    startsAt: DateTimeInput,
    durationMinutes: Type.Optional(Duration),
    meetingUrl: Type.Optional(nullable(Url)),
    linkedSessionId: Type.Optional(nullable(Type.String({ maxLength: 64 }))),
    repeat: Type.Optional(
      Type.Object(
        {
          every: Type.Integer({ minimum: 1, maximum: 12 }),
          unit: Type.Enum(['weeks', 'months']),
          count: Type.Integer({ minimum: 2, maximum: 24 }),
        },
        { additionalProperties: false, description: 'A run of meetings: every N weeks or months, count in all' },
      ),
    ),
  },
  { additionalProperties: false },
);

const MeetingPatch = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(nullable(FreeText)),
    startsAt: Type.Optional(DateTimeInput),
    durationMinutes: Type.Optional(Duration),
    meetingUrl: Type.Optional(nullable(Url)),
    linkedSessionId: Type.Optional(nullable(Type.String({ maxLength: 64 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);

const MemberParams = Type.Object({ id: Type.String({ maxLength: 64 }), personId: Type.String({ maxLength: 64 }) });

export const workstreamRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock, config } = app;

  const calendarUid = (id: string) => `meeting-${id}@${new URL(config.publicUrl).hostname}`;

  /**
   * The series' chairs see every address; the convener sees its members' (the volunteers among
   * them), not the supporting chair's; everyone else sees names.
   */
  const view = (w: WorkstreamRow, viewer: Person | null) => {
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
      meetings: meetingsOf(db, w.id).map(meetingView),
    };
  };

  const loadWorkstream = (id: string) => {
    const w = findWorkstream(db, id);
    if (!w) throw notFound('workstream', id);
    return w;
  };

  const checkedLinkedSession = (seriesId: string, id: string | null | undefined) => {
    if (!id) return id === null ? null : undefined;
    const session = db.select().from(sessions).where(eq(sessions.id, id)).get();
    if (!session || session.seriesId !== seriesId) {
      throw invalidRequest(`linkedSessionId "${id}" is not a session of this series.`, { field: 'linkedSessionId' });
    }
    return id;
  };

  app.post(
    '/api/series/:id/workstreams',
    {
      onRequest: requireSeriesChair({ what: 'series', seriesOf: seriesExists }),
      schema: {
        tags: ['workstreams'],
        summary: 'Create a workstream',
        params: IdParams,
        body: Type.Object(
          { title: Title, description: Type.Optional(nullable(FreeText)) },
          { additionalProperties: false },
        ),
        response: { 201: WorkstreamView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const series = findSeries(db, request.params.id);
      if (!series) throw notFound('series', request.params.id);
      const now = clock.now();
      const row = inTransaction(db, () => {
        const created = db
          .insert(workstreams)
          .values({
            id: newId(),
            seriesId: series.id,
            title: request.body.title.trim(),
            description: cleanText(request.body.description),
            createdAt: now,
            updatedAt: now,
          })
          .returning()
          .get();
        recordAudit(db, clock, {
          actorId: signedIn(request).id,
          action: 'workstream.create',
          seriesId: series.id,
          entityType: 'workstream',
          entityId: created.id,
          details: { title: created.title },
        });
        return created;
      });
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
        body: Type.Object(
          {
            email: Email,
            name: Type.Optional(Name),
            supportingChair: Type.Object({ email: Email }, { additionalProperties: false }),
          },
          { additionalProperties: false },
        ),
        response: { 200: WorkstreamView, ...errorResponses },
      },
    },
    async (request) => {
      const w = loadWorkstream(request.params.id);
      const convenerEmail = checkedEmail(request.body.email);
      const supportingEmail = checkedEmail(request.body.supportingChair.email, 'supportingChair.email');
      const supporting = chairsOf(db, w.seriesId).find((p) => p.email === supportingEmail);
      if (!supporting) {
        throw conflict(
          'not_series_chair',
          `${supportingEmail} is not a chair of this series; the supporting chair must be one.`,
        );
      }
      const updated = inTransaction(db, () => {
        const convener = ensurePerson(db, clock, { email: convenerEmail, name: cleanText(request.body.name) });
        const row = db
          .update(workstreams)
          .set({ convenerId: convener.id, supportingChairId: supporting.id, updatedAt: clock.now() })
          .where(eq(workstreams.id, w.id))
          .returning()
          .get();
        recordAudit(db, clock, {
          actorId: signedIn(request).id,
          action: 'workstream.convener',
          seriesId: w.seriesId,
          entityType: 'workstream',
          entityId: w.id,
          details: { convener: convener.email, supportingChair: supporting.email },
        });
        return row;
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
              status: Type.Enum(['member', 'removed', 'left']),
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
    (change: 'removed' | null) =>
    async (request: { params: { id: string; personId: string } } & Parameters<typeof signedIn>[0]) => {
      const w = loadWorkstream(request.params.id);
      const candidate = candidates(db, w.id).find((c) => c.person.id === request.params.personId);
      if (!candidate) throw notFound('member of this workstream', request.params.personId);
      setMemberChange(db, clock, signedIn(request), w, candidate.person.id, change);
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
    memberChange('removed') as never,
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
    memberChange(null) as never,
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
      const w = loadWorkstream(request.params.id);
      const person = signedIn(request);
      if (!membersOf(db, w.id).some((m) => m.id === person.id)) {
        throw conflict('not_member', 'You are not a member of this workstream.');
      }
      setMemberChange(db, clock, person, w, person.id, 'left');
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
        params: IdParams,
        body: MeetingBody,
        response: {
          201: Type.Intersect([
            MeetingView,
            Type.Object({ occurrences: Type.Array(MeetingView), invited: Type.Integer() }),
          ]),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const w = loadWorkstream(request.params.id);
      const series = findSeries(db, w.seriesId);
      if (!series) throw notFound('series', w.seriesId);
      const body = request.body;
      const first = checkedDateTime(body.startsAt, series.timezone, 'startsAt');
      const linkedSessionId = checkedLinkedSession(series.id, body.linkedSessionId) ?? null;
      const meetingUrl = body.meetingUrl ? checkedUrl(body.meetingUrl, 'meetingUrl') : null;
      const count = body.repeat?.count ?? 1;
      const local = DateTime.fromJSDate(first, { zone: series.timezone });
      const starts = Array.from({ length: count }, (_, i) => {
        if (i === 0 || !body.repeat) return first;
        // Repeats keep the local clock time across DST changes.
        const next = local.plus({ [body.repeat.unit]: i * body.repeat.every });
        return localToInstant(
          { year: next.year, month: next.month, day: next.day, hour: local.hour, minute: local.minute },
          series.timezone,
        );
      });
      const last = starts.at(-1) as Date;
      if (last.getUTCFullYear() > LAST_YEAR) {
        throw invalidRequest(`repeat: the last meeting would fall after ${LAST_YEAR}; repeat fewer times.`, {
          field: 'repeat',
        });
      }
      checkNotInThePast(clock.now(), first);
      const recurrenceId = count > 1 ? newId() : null;
      const { rows, invited } = inTransaction(db, () => {
        let invitedCount = 0;
        const created = starts.map((startsAt) => {
          const id = newId();
          const row = db
            .insert(workstreamMeetings)
            .values({
              id,
              workstreamId: w.id,
              title: body.title.trim(),
              description: cleanText(body.description),
              startsAt,
              durationMinutes: body.durationMinutes ?? 60,
              meetingUrl,
              linkedSessionId: count > 1 ? null : linkedSessionId,
              recurrenceId,
              calendarUid: calendarUid(id),
              createdAt: clock.now(),
              updatedAt: clock.now(),
            })
            .returning()
            .get();
          invitedCount += inviteToMeeting(db, clock, w, row);
          return row;
        });
        recordAudit(db, clock, {
          actorId: signedIn(request).id,
          action: 'meeting.create',
          seriesId: w.seriesId,
          entityType: 'workstream',
          entityId: w.id,
          details: { title: body.title, count, startsAt: first.toISOString() },
        });
        return { rows: created, invited: invitedCount };
      });
      const [head] = rows;
      return reply.code(201).send({ ...meetingView(head as MeetingRow), occurrences: rows.map(meetingView), invited });
    },
  );

  app.patch(
    '/api/meetings/:id',
    {
      onRequest: meetingConvenerOrChair,
      schema: {
        tags: ['workstreams'],
        summary: 'Change a meeting; a new time or length sends every invitee an update',
        params: IdParams,
        body: MeetingPatch,
        response: { 200: MeetingView, ...errorResponses },
      },
    },
    async (request) => {
      const meeting = findMeeting(db, request.params.id);
      const w = meeting && findWorkstream(db, meeting.workstreamId);
      const series = w && findSeries(db, w.seriesId);
      if (!meeting || !w || !series) throw notFound('meeting', request.params.id);
      const body = request.body;
      const startsAt = body.startsAt ? checkedDateTime(body.startsAt, series.timezone, 'startsAt') : undefined;
      const linkedSessionId = checkedLinkedSession(series.id, body.linkedSessionId);
      const meetingUrl = body.meetingUrl
        ? checkedUrl(body.meetingUrl, 'meetingUrl')
        : body.meetingUrl === null
          ? null
          : undefined;
      if (meeting.status === 'cancelled')
        throw conflict('meeting_cancelled', 'This meeting was cancelled; it can no longer change.');
      if (startsAt !== undefined && startsAt.getTime() !== meeting.startsAt.getTime()) {
        checkNotInThePast(clock.now(), startsAt);
      }
      const timeChanged =
        (startsAt !== undefined && startsAt.getTime() !== meeting.startsAt.getTime()) ||
        (body.durationMinutes !== undefined && body.durationMinutes !== meeting.durationMinutes);
      const row = inTransaction(db, () => {
        const updated = db
          .update(workstreamMeetings)
          .set({
            ...(body.title !== undefined ? { title: body.title.trim() } : {}),
            ...(body.description !== undefined ? { description: cleanText(body.description) } : {}),
            ...(startsAt !== undefined ? { startsAt } : {}),
            ...(body.durationMinutes !== undefined ? { durationMinutes: body.durationMinutes } : {}),
            ...(meetingUrl !== undefined ? { meetingUrl } : {}),
            ...(linkedSessionId !== undefined ? { linkedSessionId } : {}),
            ...(timeChanged ? { calendarSequence: meeting.calendarSequence + 1 } : {}),
            updatedAt: clock.now(),
          })
          .where(eq(workstreamMeetings.id, meeting.id))
          .returning()
          .get();
        if (timeChanged) notifyMeetingChange(db, clock, updated, 'meeting_update');
        recordAudit(db, clock, {
          actorId: signedIn(request).id,
          action: 'meeting.update',
          seriesId: w.seriesId,
          entityType: 'meeting',
          entityId: meeting.id,
          details: { ...body },
        });
        return updated;
      });
      return meetingView(row);
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
      const meeting = findMeeting(db, request.params.id);
      const w = meeting && findWorkstream(db, meeting.workstreamId);
      if (!meeting || !w) throw notFound('meeting', request.params.id);
      if (meeting.status === 'cancelled') return meetingView(meeting);
      const row = inTransaction(db, () => {
        const updated = db
          .update(workstreamMeetings)
          .set({ status: 'cancelled', calendarSequence: meeting.calendarSequence + 1, updatedAt: clock.now() })
          .where(eq(workstreamMeetings.id, meeting.id))
          .returning()
          .get();
        notifyMeetingChange(db, clock, updated, 'meeting_cancellation');
        recordAudit(db, clock, {
          actorId: signedIn(request).id,
          action: 'meeting.cancel',
          seriesId: w.seriesId,
          entityType: 'meeting',
          entityId: meeting.id,
        });
        return updated;
      });
      return meetingView(row);
    },
  );
};
