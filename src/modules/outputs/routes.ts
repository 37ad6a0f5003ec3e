// What a session produces and follows: its agenda, the discussant's "how to" question, and
// its blog post.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireSeriesChair, seesAddresses, signedIn } from '../auth/access.js';
import { chairOrSessionChair, requireActingForSession } from '../invitations/assignments.js';
import type { Person } from '../people/repository.js';
import { errorResponses, IdParams } from '../schemas.js';
import { SeriesView, seriesExists, seriesView } from '../series/repository.js';
import { findSession, type SessionRow, SessionView, sessionViews } from '../sessions/view.js';
import { AgendaBody, BlogBody, QuestionBody, SynthesisBody } from './schemas.js';
import { planSynthesis, type SessionOutput, setAgenda, setBlogPost, setQuestion } from './service.js';

const chairsOrDiscussant = requireActingForSession(
  ['chair', 'discussant'],
  "the session's discussant, its chair or a chair of this series",
);

export const outputRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock } = app;

  const view = ({ session, series }: SessionOutput, viewer: Person | null) =>
    sessionViews(
      db,
      [findSession(db, session.id) as SessionRow],
      series.timezone,
      seesAddresses(db, viewer, session.seriesId),
    )[0] as SessionView;

  app.put(
    '/api/sessions/:id/agenda',
    {
      onRequest: chairOrSessionChair,
      schema: {
        tags: ['agenda and outputs'],
        summary: "Set the session's agenda",
        description:
          "Times are local to the series' zone on the session's day. 409 agenda_overlap names both segments; 409 agenda_outside_session names the segment.",
        params: IdParams,
        body: AgendaBody,
        response: { 200: SessionView, ...errorResponses },
      },
    },
    async (request) => {
      const changed = setAgenda(db, clock, signedIn(request), { sessionId: request.params.id, ...request.body });
      return view(changed, request.person);
    },
  );

  app.put(
    '/api/sessions/:id/question',
    {
      onRequest: chairsOrDiscussant,
      schema: {
        tags: ['agenda and outputs'],
        summary: 'Record the discussant\'s practical "how to" question',
        params: IdParams,
        body: QuestionBody,
        response: { 200: SessionView, ...errorResponses },
      },
    },
    async (request) => {
      const changed = setQuestion(db, clock, signedIn(request), { sessionId: request.params.id, ...request.body });
      return view(changed, request.person);
    },
  );

  app.put(
    '/api/sessions/:id/blog',
    {
      onRequest: chairOrSessionChair,
      schema: {
        tags: ['agenda and outputs'],
        summary: "Set the session's blog post: title, status, link, due date",
        description:
          "Authors are always the session's chair, discussant people and co-bloggers. dueAt defaults to three weeks after the session; a date alone is the end of that day in the series' zone.",
        params: IdParams,
        body: BlogBody,
        response: { 200: SessionView, ...errorResponses },
      },
    },
    async (request) => {
      const changed = setBlogPost(db, clock, signedIn(request), { sessionId: request.params.id, ...request.body });
      return view(changed, request.person);
    },
  );

  app.put(
    '/api/series/:id/synthesis',
    {
      onRequest: requireSeriesChair({ what: 'series', seriesOf: seriesExists }),
      schema: {
        tags: ['agenda and outputs'],
        summary: "Plan the series' synthesis paper: authors, due date, status, the sessions it draws on",
        params: IdParams,
        body: SynthesisBody,
        response: { 200: SeriesView, ...errorResponses },
      },
    },
    async (request) => {
      const series = planSynthesis(db, clock, signedIn(request), { seriesId: request.params.id, ...request.body });
      return seriesView(db, series, seesAddresses(db, request.person, series.id));
    },
  );
};
