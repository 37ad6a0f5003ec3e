import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import { notFound } from '../../errors.js';
import { requireSeriesChair, signedIn } from '../auth/access.js';
import { errorResponses, IdParams, Instant, Name, nullable } from '../schemas.js';
import { findSeries, seriesExists } from '../series/repository.js';
import { contactsOf, importContactList, removeContact, sendCall } from './contacts.js';

const ContactsJson = Type.Object(
  {
    contacts: Type.Array(
      Type.Object(
        {
          email: Type.String({ maxLength: 254 }),
          name: Type.Optional(nullable(Name)),
          country: Type.Optional(nullable(Type.String({ maxLength: 100 }))),
          language: Type.Optional(nullable(Type.String({ maxLength: 20 }))),
          timezone: Type.Optional(nullable(Type.String({ maxLength: 100 }))),
        },
        { additionalProperties: false },
      ),
      { maxItems: 5000 },
    ),
    consentNoted: Type.Optional(
      Type.Boolean({
        description:
          'The chair has these people’s consent to be sent calls again: an address on the list that had unsubscribed takes calls and reminders again.',
      }),
    ),
  },
  { additionalProperties: false },
);

const ImportQuery = Type.Object(
  {
    consentNoted: Type.Optional(
      Type.Union([Type.Literal('true'), Type.Literal('false')], {
        description: 'For a text/csv body: as the JSON body’s consentNoted.',
      }),
    ),
  },
  { additionalProperties: false },
);

const ContactView = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: nullable(Type.String()),
  country: nullable(Type.String()),
  language: nullable(Type.String()),
  timezone: nullable(Type.String()),
  callSentAt: nullable(Instant),
  answered: Type.Boolean(),
  /** When the address unsubscribed from calls and reminders (of every series), or null. */
  unsubscribedAt: nullable(Instant),
});

const guard = requireSeriesChair({ what: 'series', seriesOf: seriesExists });

export const contactRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock } = app;
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post(
    '/api/series/:id/contacts',
    {
      onRequest: guard,
      schema: {
        tags: ['interests'],
        summary: 'Import the contacts the call is sent to (JSON, or text/csv with a header row)',
        description:
          'Columns: email (required), name, country (code or English name), language (en, fr, es, pt), ' +
          "timezone (an IANA zone such as Africa/Kigali; without it, mail shows times in the country's main zone). " +
          'Known addresses are updated. If any row is wrong nothing is imported and every problem is listed by row. ' +
          'An address that unsubscribed gets no call nor reminder until it submits an interest, or a list with it is ' +
          'imported with consentNoted (in the JSON body, or ?consentNoted=true with text/csv); resubscribed counts those.',
        params: IdParams,
        querystring: ImportQuery,
        body: Type.Union([ContactsJson, Type.String({ description: 'CSV text', 'x-text': false })]),
        response: {
          200: Type.Object({
            added: Type.Integer(),
            updated: Type.Integer(),
            total: Type.Integer(),
            resubscribed: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const series = findSeries(db, request.params.id);
      if (!series) throw notFound('series', request.params.id);
      const json = typeof request.body === 'string' ? null : (request.body as Static<typeof ContactsJson>);
      const source = json ? { rows: json.contacts } : { csv: request.body as string };
      const consentNoted = json ? (json.consentNoted ?? false) : request.query.consentNoted === 'true';
      return importContactList(db, clock, signedIn(request), series.id, source, { consentNoted });
    },
  );

  app.get(
    '/api/series/:id/contacts',
    {
      onRequest: guard,
      schema: {
        tags: ['interests'],
        summary: 'The contacts of the call, whether they were sent it, and whether they answered',
        params: IdParams,
        response: { 200: Type.Array(ContactView), ...errorResponses },
      },
    },
    async (request) =>
      contactsOf(db, request.params.id).map((c) => ({
        ...c,
        callSentAt: c.callSentAt?.toISOString() ?? null,
        unsubscribedAt: c.unsubscribedAt?.toISOString() ?? null,
      })),
  );

  app.delete(
    '/api/series/:id/contacts/:contactId',
    {
      onRequest: guard,
      schema: {
        tags: ['interests'],
        summary: "Take a contact off the series' list",
        description:
          'No call nor reminder goes to it any more; one already queued is not sent. Importing the address again puts it back.',
        params: Type.Object({ id: Type.String(), contactId: Type.String() }),
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      removeContact(db, clock, signedIn(request), request.params.id, request.params.contactId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/series/:id/call',
    {
      onRequest: guard,
      schema: {
        tags: ['interests'],
        summary: 'Send the call for interest to every contact who has not had it yet',
        description:
          'Each contact gets it in their language, with the deadline in their time zone. Reminders follow 7 days and 1 day before the deadline to those who have not answered. ' +
          'Contacts who unsubscribed are not sent it (unsubscribed counts them); they get it once they take calls again.',
        params: IdParams,
        response: {
          202: Type.Object({ queued: Type.Integer(), unsubscribed: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const series = findSeries(db, request.params.id);
      if (!series) throw notFound('series', request.params.id);
      return reply.code(202).send(sendCall(db, clock, signedIn(request), series));
    },
  );
};
