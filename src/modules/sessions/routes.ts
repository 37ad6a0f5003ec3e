import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { notFound } from '../../errors.js';
import { requireExisting, requireSeriesChair, seesAddresses, signedIn } from '../auth/access.js';
import type { Person } from '../people/repository.js';
import { cancelSession, changeSession } from '../scheduling/service.js';
import { errorResponses, IdParams } from '../schemas.js';
import { findSeries, seriesExists } from '../series/repository.js';
import { PlanBody, SessionCreate, SessionPatch } from './schemas.js';
import { addSession, planSessions } from './service.js';
import { findSession, type SessionRow, SessionView, seriesOfSession, sessionViews } from './view.js';

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
      const row = addSession(db, clock, signedIn(request), series, config.publicUrl, request.body);
      return reply.code(201).send(view(row, series.timezone, request.person));
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
      const rows = planSessions(
        db,
        clock,
        signedIn(request),
        series,
        config.publicUrl,
        request.body,
        (i) => `Session ${i}`,
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
