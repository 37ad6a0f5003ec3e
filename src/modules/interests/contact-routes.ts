import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { parse } from 'csv-parse/sync';
import Type, { type Static } from 'typebox';
import { isOnTime } from '../../domain/time.js';
import { conflict, invalidRequest, notFound } from '../../errors.js';
import { requireSeriesChair, signedIn } from '../auth/access.js';
import { errorResponses, IdParams, Instant, Name, nullable } from '../schemas.js';
import { findSeries, seriesExists } from '../series/repository.js';
import { checkContacts, contactsOf, importContacts, sendCall } from './contacts.js';

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
});

const guard = requireSeriesChair({ what: 'series', seriesOf: seriesExists });

/** Reads a CSV with a header row (name, email, country, language, timezone; any order, any letter case). */
function rowsFromCsv(text: string): Record<string, unknown>[] {
  try {
    return parse(text, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      delimiter: text.split('\n', 1)[0]?.includes(';') && !text.split('\n', 1)[0]?.includes(',') ? ';' : ',',
    });
  } catch (error) {
    throw invalidRequest(`The CSV could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

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
          'Known addresses are updated. If any row is wrong nothing is imported and every problem is listed by row.',
        params: IdParams,
        body: Type.Union([ContactsJson, Type.String({ description: 'CSV text', 'x-text': false })]),
        response: {
          200: Type.Object({ added: Type.Integer(), updated: Type.Integer(), total: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const series = findSeries(db, request.params.id);
      if (!series) throw notFound('series', request.params.id);
      const csv = typeof request.body === 'string';
      const rows = csv ? rowsFromCsv(request.body as string) : (request.body as Static<typeof ContactsJson>).contacts;
      if (csv && rows.length > 0 && !('email' in (rows[0] ?? {}))) {
        throw invalidRequest(
          'The CSV needs a header row with an "email" column (and optionally name, country, language, timezone).',
        );
      }
      const checked = checkContacts(rows, csv ? 2 : 0);
      if (!checked.ok) {
        const [first] = checked.problems;
        throw invalidRequest(
          `${checked.problems.length} problem(s); nothing was imported. First: ${csv ? 'row ' : 'contacts['}${first?.row}${csv ? '' : ']'} ${first?.field}: ${first?.problem}.`,
          checked.problems,
        );
      }
      return importContacts(db, clock, signedIn(request), series.id, checked.contacts);
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
      contactsOf(db, request.params.id).map((c) => ({ ...c, callSentAt: c.callSentAt?.toISOString() ?? null })),
  );

  app.post(
    '/api/series/:id/call',
    {
      onRequest: guard,
      schema: {
        tags: ['interests'],
        summary: 'Send the call for interest to every contact who has not had it yet',
        description:
          'Each contact gets it in their language, with the deadline in their time zone. Reminders follow 7 days and 1 day before the deadline to those who have not answered.',
        params: IdParams,
        response: { 202: Type.Object({ queued: Type.Integer() }), ...errorResponses },
      },
    },
    async (request, reply) => {
      const series = findSeries(db, request.params.id);
      if (!series) throw notFound('series', request.params.id);
      if (!series.interestDeadline) {
        throw conflict(
          'no_deadline',
          "Set the series' interestDeadline first: the call tells people when to answer by.",
        );
      }
      if (!isOnTime(clock.now(), series.interestDeadline)) {
        throw conflict('deadline_passed', 'The interest deadline has passed; move it before sending the call.');
      }
      return reply.code(202).send({ queued: sendCall(db, clock, signedIn(request), series.id) });
    },
  );
};
