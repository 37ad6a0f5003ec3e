import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { countryName } from '../../domain/countries.js';
import { notFound } from '../../errors.js';
import { cleanText } from '../checks.js';
import type { Person } from '../people/repository.js';
import { MePatch } from '../people/schemas.js';
import { changeProfile } from '../people/service.js';
import { errorResponses, IdParams, Instant, nullable, ShortText } from '../schemas.js';
import { requireSignedIn, signedIn } from './access.js';
import { issueToken, listTokens, revokeToken } from './tokens.js';

const Me = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: nullable(Type.String()),
  country: nullable(Type.String()),
  countryName: nullable(Type.String()),
  organisation: nullable(Type.String()),
  language: nullable(Type.String()),
  timezone: nullable(Type.String()),
  isAdmin: Type.Boolean(),
});

const TokenView = Type.Object({
  id: Type.String(),
  label: nullable(Type.String()),
  createdAt: Instant,
  revokedAt: nullable(Instant),
});

const meView = (p: Person) => ({
  id: p.id,
  email: p.email,
  name: p.name,
  country: p.country,
  countryName: p.country ? countryName(p.country) : null,
  organisation: p.organisation,
  language: p.language,
  timezone: p.timezone,
  isAdmin: p.isAdmin,
});

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock } = app;

  app.get(
    '/api/me',
    {
      onRequest: requireSignedIn,
      schema: { tags: ['me'], summary: 'Who I am', response: { 200: Me, 401: errorResponses[401] } },
    },
    async (request) => meView(signedIn(request)),
  );

  app.patch(
    '/api/me',
    {
      onRequest: requireSignedIn,
      schema: { tags: ['me'], summary: 'Change my profile', body: MePatch, response: { 200: Me, ...errorResponses } },
    },
    async (request) => meView(changeProfile(db, clock, signedIn(request), request.body)),
  );

  app.post(
    '/api/me/tokens',
    {
      onRequest: requireSignedIn,
      schema: {
        tags: ['me'],
        summary: 'Create an API token for myself (shown once)',
        body: Type.Optional(Type.Object({ label: Type.Optional(ShortText) }, { additionalProperties: false })),
        response: {
          201: Type.Object({
            id: Type.String(),
            token: Type.String(),
            label: nullable(Type.String()),
            createdAt: Instant,
          }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const issued = issueToken(db, clock, signedIn(request).id, cleanText(request.body?.label));
      return reply.code(201).send({ ...issued, createdAt: issued.createdAt.toISOString() });
    },
  );

  app.get(
    '/api/me/tokens',
    {
      onRequest: requireSignedIn,
      schema: {
        tags: ['me'],
        summary: 'My API tokens',
        response: { 200: Type.Array(TokenView), 401: errorResponses[401] },
      },
    },
    async (request) =>
      listTokens(db, signedIn(request).id).map((t) => ({
        ...t,
        createdAt: t.createdAt.toISOString(),
        revokedAt: t.revokedAt?.toISOString() ?? null,
      })),
  );

  app.delete(
    '/api/me/tokens/:id',
    {
      onRequest: requireSignedIn,
      schema: {
        tags: ['me'],
        summary: 'Revoke one of my API tokens',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      if (!revokeToken(db, clock, signedIn(request).id, request.params.id)) {
        throw notFound('active token of yours', request.params.id);
      }
      return reply.code(204).send(null);
    },
  );
};
