import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { planDates, weekdays, weeks } from '../../domain/planner.js';
import { invalidRequest, notFound } from '../../errors.js';
import { requireExisting, requireSeriesChair, seesAddresses, signedIn } from '../auth/access.js';
import { checkedDateTime, checkedUrl, cleanText } from '../checks.js';
import type { Person } from '../people/repository.js';
import { cancelSession, changeSession } from '../scheduling/service.js';
import { DateTimeInput, Duration, errorResponses, FreeText, IdParams, nullable, Title, Url } from '../schemas.js';
import { findSeries, seriesExists } from '../series/repository.js';
import { createSessions } from './repository.js';
import { SessionPatch } from './schemas.js';
import { findSession, type SessionRow, SessionView, seriesOfSession, sessionViews } from './view.js';

const SessionCreate = Type.Object(
  {
    title: Title,
    description: Type.Optional(nullable(FreeText)),
    startsAt: Type.Optional(nullable(DateTimeInput)),
    durationMinutes: Type.Optional(Duration),
    meetingUrl: Type.Optional(nullable(Url)),
    alternate: Type.Optional(Type.Boolean({ description: 'A reserve topic; it may have no date yet' })),
  },
  { additionalProperties: false },
);

const PlanBody = Type.Object(
  {
    firstMonth: Type.String({ pattern: '^\\d{4}-\\d{2}$', description: 'YYYY-MM' }),
    everyMonths: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
    count: Type.Integer({ minimum: 1, maximum: 24 }),
    week: Type.Enum([...weeks]),
    weekday: Type.Enum([...weekdays]),
    time: Type.String({ pattern: '^\\d{1,2}:\\d{2}$', description: "HH:MM in the series' zone" }),
    durationMinutes: Type.Optional(Duration),
    titles: Type.Optional(Type.Array(Title, { maxItems: 24 })),
  },
  { additionalProperties: false },
);

const sessionGuard = { what: 'session', seriesOf: seriesOfSession };

export const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock, config } = app;

  /** The session with its series' zone; the guards have already answered 404 for unknown ids. */
  const load = (id: string) => {
    const session = findSession(db, id);
    const series = session && findSeries(db, session.seriesId);
    if (!session || !series) throw notFound('session', id);
    return { session, series };
  };
  const view = (session: SessionRow, zone: string, viewer: Person | null) =>
    sessionViews(db, [session], zone, seesAddresses(db, viewer, session.seriesId))[0] as SessionView;

  app.post(
    '/api/series/:id/sessions',
    {
      onRequest: requireSeriesChair({ what: 'series', seriesOf: seriesExists }),
      schema: {
        tags: ['sessions'],
        summary: 'Add a session to a series',
        params: IdParams,
        body: SessionCreate,
        response: { 201: SessionView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const series = findSeries(db, request.params.id);
      if (!series) throw notFound('series', request.params.id);
      const body = request.body;
      const alternate = body.alternate ?? false;
      const startsAt = body.startsAt ? checkedDateTime(body.startsAt, series.timezone, 'startsAt') : null;
      if (!startsAt && !alternate) {
        throw invalidRequest('startsAt is required: only an alternate topic (alternate: true) may have no date yet.', {
          field: 'startsAt',
        });
      }
      const [row] = createSessions(db, clock, signedIn(request), series, config.publicUrl, [
        {
          title: body.title.trim(),
          description: cleanText(body.description),
          startsAt,
          durationMinutes: body.durationMinutes ?? 90,
          meetingUrl: body.meetingUrl ? checkedUrl(body.meetingUrl, 'meetingUrl') : null,
          alternate,
        },
      ]);
      return reply.code(201).send(view(row as SessionRow, series.timezone, request.person));
    },
  );

  app.post(
    '/api/series/:id/sessions/plan',
    {
      onRequest: requireSeriesChair({ what: 'series', seriesOf: seriesExists }),
      schema: {
        tags: ['sessions'],
        summary: 'Plan a run of sessions at a fixed rhythm',
        description: "E.g. the last Wednesday of every third month at 14:00 in the series' zone.",
        params: IdParams,
        body: PlanBody,
        response: { 201: Type.Object({ sessions: Type.Array(SessionView) }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const series = findSeries(db, request.params.id);
      if (!series) throw notFound('series', request.params.id);
      const body = request.body;
      if (body.titles && body.titles.length !== body.count) {
        throw invalidRequest(
          `titles has ${body.titles.length} entries but count is ${body.count}: give one title per session.`,
          {
            field: 'titles',
          },
        );
      }
      const plan = planDates({ ...body, everyMonths: body.everyMonths ?? 3 }, series.timezone);
      if (!plan.ok) throw invalidRequest(plan.message);
      const rows = createSessions(
        db,
        clock,
        signedIn(request),
        series,
        config.publicUrl,
        plan.dates.map((date, i) => ({
          title: body.titles?.[i]?.trim() ?? `Session ${i + 1}`,
          description: null,
          startsAt: date.startsAt,
          durationMinutes: body.durationMinutes ?? 90,
          meetingUrl: null,
          alternate: false,
        })),
      );
      return reply
        .code(201)
        .send({ sessions: sessionViews(db, rows, series.timezone, seesAddresses(db, request.person, series.id)) });
    },
  );

  app.get(
    '/api/sessions/:id',
    {
      onRequest: requireExisting('session', seriesOfSession),
      schema: {
        tags: ['sessions'],
        summary: 'A session with its roles, agenda and blog post',
        params: IdParams,
        response: { 200: SessionView, 404: errorResponses[404] },
      },
    },
    async (request) => {
      const { session, series } = load(request.params.id);
      return view(session, series.timezone, request.person);
    },
  );

  app.patch(
    '/api/sessions/:id',
    {
      onRequest: requireSeriesChair(sessionGuard),
      schema: {
        tags: ['sessions'],
        summary: 'Change a session',
        description: 'Changing startsAt or durationMinutes raises the calendar SEQUENCE.',
        params: IdParams,
        body: SessionPatch,
        response: { 200: SessionView, ...errorResponses },
      },
    },
    async (request) => {
      const { row, series } = changeSession(db, clock, signedIn(request), request.params.id, request.body);
      return view(row, series.timezone, request.person);
    },
  );

  app.post(
    '/api/sessions/:id/cancel',
    {
      onRequest: requireSeriesChair(sessionGuard),
      schema: {
        tags: ['sessions'],
        summary: 'Cancel a session',
        description: 'Cancelling twice changes nothing the second time.',
        params: IdParams,
        response: { 200: SessionView, ...errorResponses },
      },
    },
    async (request) => {
      const { session, series } = load(request.params.id);
      const row = cancelSession(db, clock, signedIn(request), session);
      return view(row, series.timezone, request.person);
    },
  );
};
