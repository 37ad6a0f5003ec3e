// The outbox as the API shows it: every message (administrators) or a series' messages (its
// chairs), and sending one again.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { outboxStatuses } from '../../domain/vocabulary.js';
import { forbidden, notFound } from '../../errors.js';
import { listOutbox, OutboxItem, outboxItem } from '../../mail/outbox.js';
import { subjectOf } from '../../mail/render.js';
import { isSeriesChair, signedIn } from '../auth/access.js';
import { errorResponses, IdParams } from '../schemas.js';
import { seriesExists } from '../series/repository.js';
import { resendMessage } from './service.js';

const ListQuery = Type.Object(
  {
    series: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "A series' id: its mail only" })),
    status: Type.Optional(Type.Enum([...outboxStatuses])),
    limit: Type.Optional(
      Type.String({
        pattern: '^[1-9][0-9]{0,3}$',
        description: 'At most this many, newest first (1–5000, default 500)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const outboxRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock, config } = app;

  const listGuard = async (request: FastifyRequest) => {
    const person = signedIn(request);
    const seriesId = (request.query as { series?: unknown }).series;
    if (typeof seriesId === 'string' && seriesId !== '') {
      if (seriesExists(db, seriesId) === undefined) throw notFound('series', seriesId);
      if (!isSeriesChair(db, person, seriesId)) {
        throw forbidden("Only a chair of this series (or an administrator) may see the series' mail.");
      }
      return;
    }
    if (!person.isAdmin) {
      throw forbidden(
        'Only an administrator may see all mail; a series chair adds ?series=<series id> to see that series.',
      );
    }
  };

  app.get(
    '/api/outbox',
    {
      onRequest: listGuard,
      schema: {
        tags: ['mail'],
        summary: "The outbox, newest first (admin: all mail; a series chair: ?series=ID, that series' mail)",
        description:
          'A message not yet tried has its subject rendered for this listing; after its first attempt the subject is the one sent.',
        querystring: ListQuery,
        response: { 200: Type.Array(OutboxItem), ...errorResponses },
      },
    },
    async (request) => {
      const { series, status, limit } = request.query;
      const now = clock.now();
      return listOutbox(
        db,
        {
          ...(series ? { seriesId: series } : {}),
          ...(status ? { status } : {}),
          limit: limit ? Math.min(Number(limit), 5000) : 500,
        },
        (row) => subjectOf(row, { db, config, now }),
      );
    },
  );

  app.post(
    '/api/outbox/:id/resend',
    {
      // Who may, and which message, is resendMessage's to say (404, 403, 409).
      onRequest: async (request) => void signedIn(request),
      schema: {
        tags: ['mail'],
        summary: 'Send a failed (or sent) message again, at once (admin or a chair of its series)',
        params: IdParams,
        response: { 200: OutboxItem, ...errorResponses },
      },
    },
    async (request) => {
      const row = resendMessage(db, clock, signedIn(request), request.params.id);
      return outboxItem(row, (r) => subjectOf(r, { db, config, now: clock.now() }));
    },
  );
};
