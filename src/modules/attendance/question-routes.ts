// The group of a session through the API: the chairs read who registered and what they wrote
// (JSON and CSV), release the question to the group (or hold it back), and each reader answers
// behind their signed link.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { notFound } from '../../errors.js';
import { csvOf } from '../../lib/csv.js';
import { Instant, nullable } from '../../lib/schema-parts.js';
import { seesAddresses, signedIn } from '../auth/access.js';
import { checkedDateTime } from '../checks.js';
import { chairOrSessionChair } from '../invitations/assignments.js';
import { DateTimeInput, errorResponses, IdParams, Url } from '../schemas.js';
import { findSeries } from '../series/repository.js';
import { findSession, type SessionRow } from '../sessions/view.js';
import { REPORT_MAX_CHARACTERS, recordAttendance, setSessionLinks } from './follow-up.js';
import { ANSWER_MAX, readAnswerLink, releaseQuestion, releaseTimeOf, saveAnswer } from './question.js';
import { GroupView, groupView } from './view.js';

export const ReleaseBody = Type.Object(
  {
    released: Type.Boolean({ description: 'true releases the question; false holds it back (while it has not gone)' }),
    at: Type.Optional(nullable(DateTimeInput)),
    toContacts: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const Release = Type.Object({
  sessionId: Type.String(),
  released: Type.Boolean(),
  /** When it goes (or went): the chosen time, else 7 days before the session. */
  releaseAt: nullable(Instant),
  chosen: Type.Boolean(),
  toContacts: Type.Boolean(),
  sentAt: nullable(Instant),
  queued: Type.Integer(),
});

export const releaseOf = (session: SessionRow, queued = 0) => ({
  sessionId: session.id,
  released: session.questionReleased,
  releaseAt: releaseTimeOf(session)?.toISOString() ?? null,
  chosen: session.questionReleaseAt !== null,
  toContacts: session.questionToContacts,
  sentAt: session.questionSentAt?.toISOString() ?? null,
  queued,
});

const AnswerParams = Type.Object({
  sessionId: Type.String({ minLength: 1, maxLength: 64 }),
  personId: Type.String({ minLength: 1, maxLength: 64 }),
});
const Token = Type.String({ minLength: 1, maxLength: 200 });

const AnswerView = Type.Object({
  session: Type.Object({
    id: Type.String(),
    title: Type.String(),
    startsAt: nullable(Instant),
    question: Type.String(),
  }),
  text: nullable(Type.String()),
  updatedAt: nullable(Instant),
  open: Type.Boolean(),
});

export const questionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock, config } = app;

  app.get(
    '/api/sessions/:id/attendees',
    {
      onRequest: chairOrSessionChair,
      schema: {
        tags: ['attendance'],
        summary: 'Who registered to attend, by country, and the experiences and questions received, by country',
        description: "Addresses only for the series' chairs and admins; the session's chair reads names and countries.",
        params: IdParams,
        response: { 200: GroupView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const session = findSession(db, request.params.id);
      if (!session) throw notFound('session', request.params.id);
      const withEmails = seesAddresses(db, request.person, session.seriesId);
      if (withEmails) reply.header('cache-control', 'no-store');
      return groupView(db, session.id, withEmails);
    },
  );

  app.get(
    '/api/sessions/:id/attendees.csv',
    {
      onRequest: chairOrSessionChair,
      schema: {
        tags: ['attendance'],
        summary: 'The registrants as CSV: name, country, (email,) registered at, their experience or question',
        params: IdParams,
        produces: ['text/csv'],
      },
    },
    async (request, reply) => {
      const session = findSession(db, request.params.id);
      if (!session) throw notFound('session', request.params.id);
      const withEmails = seesAddresses(db, request.person, session.seriesId);
      const csv = groupCsv(groupView(db, session.id, withEmails), withEmails);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="attendees.csv"')
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );

  app.put(
    '/api/sessions/:id/question/release',
    {
      onRequest: chairOrSessionChair,
      schema: {
        tags: ['attendance'],
        summary: 'Release the question to the group (or hold it back)',
        description:
          "At `at` (default: 7 days before the session) the discussant's question goes to everyone registered to attend and, with `toContacts`, to every contact of the series, each once; someone registering later gets it at once. 409 `no_question`, `release_after_start`, `session_started`, `question_sent` (holding back what went).",
        params: IdParams,
        body: ReleaseBody,
        response: { 200: Release, ...errorResponses },
      },
    },
    async (request) => {
      const session = findSession(db, request.params.id);
      const series = session && findSeries(db, session.seriesId);
      if (!session || !series) throw notFound('session', request.params.id);
      const { body } = request;
      const at = body.at ? checkedDateTime(body.at, series.timezone, 'at') : null;
      const done = releaseQuestion(db, clock, signedIn(request), session, {
        released: body.released,
        at,
        toContacts: body.toContacts ?? false,
      });
      return releaseOf(done.session, done.queued);
    },
  );

  const loaded = (id: string) => {
    const session = findSession(db, id);
    if (!session) throw notFound('session', id);
    return session;
  };

  app.put(
    '/api/sessions/:id/attendance-record',
    {
      onRequest: chairOrSessionChair,
      schema: {
        tags: ['attendance'],
        summary:
          'After the session: who attended, ticked among the registrants or read from a meeting tool’s attendance CSV',
        description:
          'Either `present` (person ids of registrants) or `csv` (a Zoom, Teams or Webex attendance report: the first row naming an email column is its header; matched by email). Every registrant is marked attended or not. 409 `session_not_held` before the session starts.',
        params: IdParams,
        body: Type.Object(
          {
            present: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 5000 })),
            csv: Type.Optional(Type.String({ maxLength: REPORT_MAX_CHARACTERS, 'x-text': 'multiline' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ registrants: Type.Integer(), attended: Type.Integer(), unmatched: Type.Integer() }),
          ...errorResponses,
        },
      },
    },
    async (request) => recordAttendance(db, clock, signedIn(request), loaded(request.params.id), request.body),
  );

  app.put(
    '/api/sessions/:id/recording',
    {
      onRequest: chairOrSessionChair,
      schema: {
        tags: ['attendance'],
        summary: 'After the session: its recording and slides links, sent to everyone who registered',
        description:
          'Each registrant gets a short follow-up with the links (once per set of links), and another when the blog post is published. 409 `session_not_held` before the session starts.',
        params: IdParams,
        body: Type.Object(
          { recordingUrl: Type.Optional(nullable(Url)), slidesUrl: Type.Optional(nullable(Url)) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            recordingUrl: nullable(Type.String()),
            slidesUrl: nullable(Type.String()),
            queued: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const done = setSessionLinks(db, clock, signedIn(request), loaded(request.params.id), request.body);
      return { recordingUrl: done.session.recordingUrl, slidesUrl: done.session.slidesUrl, queued: done.queued };
    },
  );

  app.get(
    '/api/answers/:sessionId/:personId',
    {
      schema: {
        tags: ['attendance'],
        summary: "What a reader's answer link shows: the question, their answer so far, whether answers are open",
        params: AnswerParams,
        querystring: Type.Object({ token: Token }),
        response: { 200: AnswerView, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { sessionId, personId } = request.params;
      const view = readAnswerLink(db, clock, config, sessionId, personId, request.query.token);
      reply.header('cache-control', 'private, no-store');
      return {
        session: {
          id: view.session.id,
          title: view.session.title,
          startsAt: view.session.startsAt?.toISOString() ?? null,
          question: view.session.discussantQuestion ?? '',
        },
        text: view.answer?.text ?? null,
        updatedAt: view.answer?.updatedAt.toISOString() ?? null,
        open: view.open,
      };
    },
  );

  app.put(
    '/api/answers/:sessionId/:personId',
    {
      schema: {
        tags: ['attendance'],
        summary: 'Write (or rewrite) a short experience or question for the session, until it starts',
        description: '409 `answers_closed` once the session has begun.',
        params: AnswerParams,
        body: Type.Object(
          { token: Token, text: Type.String({ maxLength: ANSWER_MAX, 'x-text': 'multiline' }) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ text: Type.String(), updatedAt: Instant }), ...errorResponses },
      },
    },
    async (request) => {
      const row = saveAnswer(db, clock, config, { ...request.params, ...request.body });
      return { text: row.text, updatedAt: row.updatedAt.toISOString() };
    },
  );
};

/**
 * One row per registrant (with their answer, if any), then one per answer from someone no longer
 * registered (a contact who answered without registering): nothing the chairs received is left out.
 */
export function groupCsv(view: GroupView, withEmails: boolean): string {
  const key = (name: string, email: string | undefined) => email ?? name;
  const answers = new Map(
    view.answers.flatMap((g) =>
      g.items.map((a) => [key(a.name, a.email), { ...a, country: g.country, countryName: g.countryName }] as const),
    ),
  );
  const rows = view.attendees.map((a) => {
    const answer = answers.get(key(a.name, a.email));
    answers.delete(key(a.name, a.email));
    return {
      name: a.name,
      email: a.email ?? '',
      country: a.countryName ?? '',
      country_code: a.country ?? '',
      registered: 'yes',
      registered_at: a.registeredAt,
      experience_or_question: answer?.text ?? '',
    };
  });
  for (const answer of answers.values()) {
    rows.push({
      name: answer.name,
      email: answer.email ?? '',
      country: answer.countryName ?? '',
      country_code: answer.country ?? '',
      registered: 'no',
      registered_at: '',
      experience_or_question: answer.text,
    });
  }
  const columns = [
    'name',
    ...(withEmails ? (['email'] as const) : []),
    'country',
    'country_code',
    'registered',
    'registered_at',
    'experience_or_question',
  ] as const;
  return csvOf(rows, columns);
}
