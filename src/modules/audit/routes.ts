// A series' audit log for its chairs: who changed what, and when, newest first, a page at a time.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { auditEntityTypes } from '../../domain/vocabulary.js';
import { requireSeriesChair } from '../auth/access.js';
import { errorResponses, IdParams, Instant, nullable } from '../schemas.js';
import { seriesExists } from '../series/repository.js';
import { seriesAuditPage } from './log.js';

export const AUDIT_PAGE_SIZE = 50;

export const AuditQuery = Type.Object(
  { page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,4}$', description: 'Page number, from 1 (newest)' })) },
  { additionalProperties: false },
);

const AuditEntryView = Type.Object({
  id: Type.Integer(),
  at: Instant,
  actor: nullable(Type.Object({ name: nullable(Type.String()), email: Type.String() })),
  action: Type.String(),
  entityType: Type.Enum([...auditEntityTypes], { description: 'What the entry is about; entityId is its id' }),
  entityId: Type.String(),
  details: nullable(Type.Record(Type.String(), Type.Unknown())),
});

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app;
  app.get(
    '/api/series/:id/audit',
    {
      onRequest: requireSeriesChair({ what: 'series', seriesOf: seriesExists }),
      schema: {
        tags: ['series'],
        summary: "The series' audit log, newest first, 50 entries a page",
        params: IdParams,
        querystring: AuditQuery,
        response: {
          200: Type.Object({
            entries: Type.Array(AuditEntryView),
            page: Type.Integer(),
            pages: Type.Integer(),
            total: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const page = Number(request.query.page ?? '1');
      const { entries, total } = seriesAuditPage(db, request.params.id, page, AUDIT_PAGE_SIZE);
      reply.header('cache-control', 'no-store');
      return {
        entries: entries.map((e) => ({
          ...e,
          at: e.at.toISOString(),
          actor: e.actor ? { name: e.actor.name, email: e.actor.email } : null,
        })),
        page,
        pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
        total,
      };
    },
  );
};
