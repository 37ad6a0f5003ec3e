// The outbox as the API shows it: every message (administrators) or a series' messages (its
// chairs), and sending one again.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { outboxStatuses } from '../../domain/vocabulary.js';
import { conflict, forbidden, notFound } from '../../errors.js';
import { findOutboxRow, listOutbox, OutboxItem, outboxItem, resend } from '../../mail/outbox.js';
import { subjectOf } from '../../mail/render.js';
import { isSeriesChair, signedIn } from '../auth/access.js';
import { errorResponses, IdParams } from '../schemas.js';
import { seriesExists } from '../series/repository.js';

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

  const resendGuard = async (request: FastifyRequest) => {
    const person = signedIn(request);
    const { id } = request.params as { id: string };
    const row = findOutboxRow(db, id);
    if (!row) throw notFound('message', id);
    if (person.isAdmin || (row.seriesId !== null && isSeriesChair(db, person, row.seriesId))) return;
    throw forbidden("Only a chair of the message's series (or an administrator) may send it again.");
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
      onRequest: resendGuard,
      schema: {
        tags: ['mail'],
        summary: 'Send a failed (or sent) message again, at once (admin or a chair of its series)',
        params: IdParams,
        response: { 200: OutboxItem, ...errorResponses },
      },
    },
    async (request) => {
      const row = resend(db, clock, request.params.id);
      if (!row) {
        const current = findOutboxRow(db, request.params.id);
        if (!current) throw notFound('message', request.params.id);
        throw conflict(
          'already_pending',
          `This message is already waiting to be sent (next attempt at ${current.nextAttemptAt.toISOString()}).`,
        );
      }
      return outboxItem(row, (r) => subjectOf(r, { db, config, now: clock.now() }));
    },
  );
};
