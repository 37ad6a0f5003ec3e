import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { notFound } from '../../errors.js';
import { requireExisting, requireSeriesChair, requireSignedIn, seesAddresses, signedIn } from '../auth/access.js';
import { displayName } from '../people/repository.js';
import { CountryCode, DeadlineInput, Email, errorResponses, IdParams, Instant } from '../schemas.js';
import { seriesCatalogue } from '../series/catalogue.js';
import { seriesExists } from '../series/repository.js';
import { interestsCsv, interestsCsvName } from './csv.js';
import {
  extensionsOf,
  findInterest,
  interestRoles,
  interestsOfSeries,
  interestViews,
  savedInterestView,
  seriesTargets,
} from './repository.js';
import { InterestBody } from './schemas.js';
import { endDeadlineExtension, grantDeadlineExtension, submitInterest, withdraw } from './service.js';
import { InterestView } from './view.js';

const ListQuery = Type.Object(
  {
    session: Type.Optional(Type.String({ maxLength: 64 })),
    role: Type.Optional(Type.Enum([...interestRoles])),
    country: Type.Optional(CountryCode),
  },
  { additionalProperties: false },
);

const seriesChairGuard = requireSeriesChair({ what: 'series', seriesOf: seriesExists });

const ExtensionView = Type.Object({
  personId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  until: Instant,
});

export const interestRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock } = app;

  const catalogueOrThrow = (id: string) => {
    const catalogue = seriesCatalogue(db, id);
    if (!catalogue) throw notFound('series', id);
    return catalogue;
  };
  const seriesOrThrow = (id: string) => catalogueOrThrow(id).series;

  app.post(
    '/api/series/:id/interests',
    {
      onRequest: [requireSignedIn, requireExisting('series', seriesExists)],
      schema: {
        tags: ['interests'],
        summary: 'Submit (or replace) my expression of interest',
        description:
          'Posting again for the same series replaces the interest (200, same id). After the deadline: 409 deadline_passed.',
        params: IdParams,
        body: InterestBody,
        response: { 200: InterestView, 201: InterestView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const person = signedIn(request);
      const saved = await submitInterest(
        app,
        person,
        request.params.id,
        request.body,
        request.headers['accept-language'],
      );
      const withEmails = seesAddresses(db, person, saved.catalogue);
      const view = savedInterestView(saved.interest, saved.person, saved.input, withEmails);
      return reply.code(saved.replaced ? 200 : 201).send(view);
    },
  );

  app.delete(
    '/api/interests/:id',
    {
      onRequest: requireSignedIn,
      schema: {
        tags: ['interests'],
        summary: 'Withdraw an expression of interest (its owner, before the deadline; or a chair)',
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const person = signedIn(request);
      const interest = findInterest(db, request.params.id);
      if (!interest) throw notFound('expression of interest', request.params.id);
      withdraw(db, clock, person, interest);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/series/:id/interests',
    {
      onRequest: seriesChairGuard,
      schema: {
        tags: ['interests'],
        summary: 'Every expression of interest (chairs), optionally filtered',
        params: IdParams,
        querystring: ListQuery,
        response: { 200: Type.Array(InterestView), ...errorResponses },
      },
    },
    async (request) => {
      const series = seriesOrThrow(request.params.id);
      const { session, role, country } = request.query;
      const all = interestViews(db, interestsOfSeries(db, series.id), seesAddresses(db, request.person, series.id));
      // With a session, a role filter asks who wants that role in that session.
      const rolesIn = (i: (typeof all)[number]) =>
        session ? (i.choices.find((c) => c.sessionId === session)?.roles ?? []) : i.roles;
      return all.filter(
        (i) =>
          (!session || i.sessions.includes(session)) &&
          (!role || (rolesIn(i) as string[]).includes(role)) &&
          (!country || i.country === country.toUpperCase()),
      );
    },
  );

  app.get(
    '/api/series/:id/interests/counts',
    {
      onRequest: seriesChairGuard,
      schema: {
        tags: ['interests'],
        summary: 'How many people want each role in each session (chairs)',
        params: IdParams,
        response: {
          200: Type.Object({
            total: Type.Integer(),
            sessions: Type.Array(
              Type.Object({
                sessionId: Type.String(),
                title: Type.String(),
                total: Type.Integer(),
                firstChoice: Type.Integer(),
                roles: Type.Record(Type.String(), Type.Integer()),
              }),
            ),
            workstreams: Type.Array(
              Type.Object({ workstreamId: Type.String(), members: Type.Integer(), volunteers: Type.Integer() }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const series = seriesOrThrow(request.params.id);
      const views = interestViews(db, interestsOfSeries(db, series.id), true);
      const targets = seriesTargets(db, series.id);
      return {
        total: views.length,
        sessions: targets.sessions.map((s) => {
          const wanting = views.filter((v) => v.sessions.includes(s.id));
          const rolesHere = wanting.map((v) => v.choices.find((c) => c.sessionId === s.id)?.roles ?? []);
          return {
            sessionId: s.id,
            title: s.title,
            total: wanting.length,
            firstChoice: wanting.filter((v) => v.sessions[0] === s.id).length,
            roles: Object.fromEntries(
              interestRoles.map((r) => [r, rolesHere.filter((roles) => roles.includes(r)).length]),
            ),
          };
        }),
        workstreams: targets.workstreams.map((w) => {
          const members = views.flatMap((v) => v.workstreams.filter((x) => x.id === w.id));
          return {
            workstreamId: w.id,
            members: members.length,
            volunteers: members.filter((m) => m.asConvener).length,
          };
        }),
      };
    },
  );

  app.get(
    '/api/series/:id/interests.csv',
    {
      onRequest: seriesChairGuard,
      schema: {
        tags: ['interests'],
        summary: 'Every expression of interest as CSV (UTF-8 with BOM, opens in Excel with accents intact)',
        params: IdParams,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const series = seriesOrThrow(request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${interestsCsvName(series.title)}"`)
        .send(interestsCsv(db, series.id));
    },
  );

  app.post(
    '/api/series/:id/extensions',
    {
      onRequest: seriesChairGuard,
      schema: {
        tags: ['interests'],
        summary: 'Let one person submit or edit their interest until a later time',
        params: IdParams,
        body: Type.Object({ email: Email, until: DeadlineInput }, { additionalProperties: false }),
        response: {
          201: Type.Object({ email: Type.String(), name: Type.String(), until: Instant }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const series = seriesOrThrow(request.params.id);
      const { person, until } = grantDeadlineExtension(db, clock, signedIn(request), series, request.body);
      return reply.code(201).send({ email: person.email, name: displayName(person), until: until.toISOString() });
    },
  );

  app.get(
    '/api/series/:id/extensions',
    {
      onRequest: seriesChairGuard,
      schema: {
        tags: ['interests'],
        summary: 'The extensions of the series: who may still submit or edit, and until when',
        params: IdParams,
        response: { 200: Type.Array(ExtensionView), ...errorResponses },
      },
    },
    async (request, reply) => {
      const series = seriesOrThrow(request.params.id);
      reply.header('cache-control', 'no-store');
      return extensionsOf(db, series.id).map(({ person, until }) => ({
        personId: person.id,
        email: person.email,
        name: displayName(person),
        until: until.toISOString(),
      }));
    },
  );

  app.delete(
    '/api/series/:id/extensions/:personId',
    {
      onRequest: seriesChairGuard,
      schema: {
        tags: ['interests'],
        summary: "End a person's extension: the series' deadline holds for them again",
        params: Type.Object({ id: Type.String({ maxLength: 64 }), personId: Type.String({ maxLength: 64 }) }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const series = seriesOrThrow(request.params.id);
      endDeadlineExtension(db, clock, signedIn(request), series, request.params.personId);
      return reply.code(204).send(null);
    },
  );
};
