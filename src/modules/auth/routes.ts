import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { countryName, mainZone } from '../../domain/countries.js';
import { notFound } from '../../errors.js';
import { checkedCountry, checkedZone, cleanText } from '../checks.js';
import { type Person, updatePerson } from '../people/repository.js';
import {
  CountryCode,
  errorResponses,
  IdParams,
  Instant,
  Language,
  Name,
  nullable,
  ShortText,
  TimeZone,
} from '../schemas.js';
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

const MePatch = Type.Object(
  {
    name: Type.Optional(nullable(Name)),
    country: Type.Optional(nullable(CountryCode)),
    organisation: Type.Optional(nullable(ShortText)),
    language: Type.Optional(nullable(Language)),
    timezone: Type.Optional(nullable(TimeZone)),
  },
  { additionalProperties: false, minProperties: 1 },
);

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
    async (request) => {
      const body = request.body;
      const changes: Partial<Person> = {};
      if (body.name !== undefined) changes.name = cleanText(body.name);
      if (body.organisation !== undefined) changes.organisation = cleanText(body.organisation);
      if (body.language !== undefined) changes.language = body.language;
      if (body.country !== undefined) changes.country = body.country ? checkedCountry(body.country) : null;
      const person = signedIn(request);
      if (body.timezone !== undefined) {
        changes.timezone = body.timezone ? checkedZone(body.timezone) : null;
        changes.timezoneChosen = Boolean(body.timezone);
      } else if (body.country !== undefined && !person.timezoneChosen) {
        // A zone estimated from the country follows the country.
        changes.timezone = (changes.country ? mainZone(changes.country) : undefined) ?? null;
      }
      return meView(updatePerson(db, clock, person.id, changes));
    },
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
