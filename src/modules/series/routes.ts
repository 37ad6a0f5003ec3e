import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { notFound } from '../../errors.js';
import { anyWrite, ReadCache } from '../../lib/read-cache.js';
import { requireAdmin, requireExisting, requireSeriesChair, seesAddresses, signedIn } from '../auth/access.js';
import { errorResponses, IdParams, Instant, nullable } from '../schemas.js';
import { programmeText } from './programme.js';
import { findSeries, listSeries, SeriesView, seriesExists, seriesView } from './repository.js';
import { SeriesCreate, SeriesPatch } from './schemas.js';
import { changeSeries, openSeries } from './service.js';

const SeriesSummary = Type.Object({
  id: Type.String(),
  title: Type.String(),
  timezone: Type.String(),
  interestDeadline: nullable(Instant),
  nextSession: nullable(Type.Object({ id: Type.String(), title: Type.String(), startsAt: Instant })),
});

export const seriesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock } = app;
  const programmes = new ReadCache<string>(db, anyWrite(db));

  app.post(
    '/api/series',
    {
      onRequest: requireAdmin,
      schema: {
        tags: ['series'],
        summary: 'Create a series (admin)',
        body: SeriesCreate,
        response: { 201: SeriesView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const row = openSeries(db, clock, request.person, request.body);
      return reply.code(201).send(seriesView(db, row, seesAddresses(db, request.person, row.id)));
    },
  );

  app.get(
    '/api/series',
    {
      schema: {
        tags: ['series'],
        summary: 'All series, soonest next session first',
        response: { 200: Type.Array(SeriesSummary) },
      },
    },
    async () => listSeries(db, clock.now()),
  );

  app.get(
    '/api/series/:id',
    {
      onRequest: requireExisting('series', seriesExists),
      schema: {
        tags: ['series'],
        summary: 'A series with its programme',
        params: IdParams,
        response: { 200: SeriesView, 404: errorResponses[404] },
      },
    },
    async (request, reply) => {
      const id = request.params.id;
      const withEmails = seesAddresses(db, request.person, id);
      // The programme is the most read page; it is served from a cache that any write empties.
      const body = programmes.get(`${id}:${withEmails}`, () => {
        const row = findSeries(db, id);
        return row ? JSON.stringify(seriesView(db, row, withEmails)) : '';
      });
      if (!body) throw notFound('series', id);
      // Already JSON: Fastify sends a string with a content type as it is, without serializing it again.
      return reply.type('application/json; charset=utf-8').send(body as never);
    },
  );

  app.patch(
    '/api/series/:id',
    {
      onRequest: requireSeriesChair({ what: 'series', seriesOf: seriesExists }),
      schema: {
        tags: ['series'],
        summary: 'Change a series (its chairs or an admin)',
        params: IdParams,
        body: SeriesPatch,
        response: { 200: SeriesView, ...errorResponses },
      },
    },
    async (request) => {
      const current = findSeries(db, request.params.id);
      if (!current) throw notFound('series', request.params.id);
      // Decided before the change: a chair who hands the series to others typed the addresses.
      const withEmails = seesAddresses(db, request.person, current.id);
      const row = changeSeries(db, clock, signedIn(request), current, request.body);
      return seriesView(db, row, withEmails);
    },
  );

  app.get(
    '/series/:id/programme.txt',
    {
      onRequest: requireExisting('series', seriesExists),
      schema: {
        tags: ['series'],
        summary: 'The programme as plain text, one line a session, as the call for interest writes it',
        params: IdParams,
        produces: ['text/plain'],
      },
    },
    async (request, reply) => {
      const row = findSeries(db, request.params.id);
      if (!row) throw notFound('series', request.params.id);
      return reply.type('text/plain; charset=utf-8').send(programmeText(seriesView(db, row, false)));
    },
  );
};
