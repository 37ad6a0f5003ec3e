// What a session produces and follows: its agenda, the discussant's "how to" question, and
// its blog post.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, eq, inArray } from 'drizzle-orm';
import Type from 'typebox';
import { agendaLeads, blogPosts, blogStatuses, roleAssignments, sessions } from '../../../db/schema.js';
import { type Db, inTransaction } from '../../db.js';
import { checkAgenda } from '../../domain/agenda.js';
import { conflict, invalidRequest, notFound } from '../../errors.js';
import { recordAudit } from '../audit/log.js';
import { requireSeriesChair, seesAddresses, signedIn } from '../auth/access.js';
import { checkedDeadline, checkedEmail, checkedUrl, cleanText } from '../checks.js';
import type { Person } from '../people/repository.js';
import { ensurePerson } from '../people/repository.js';
import { Email, errorResponses, FreeText, IdParams, Name, nullable, Title, Url } from '../schemas.js';
import { findSeries, seriesExists, seriesView } from '../series/repository.js';
import { SeriesViewSchema } from '../series/routes.js';
import { replaceAgenda } from '../sessions/agenda.js';
import {
  findSession,
  type SessionRow,
  SessionView,
  seriesOfSession,
  sessionsOfSeries,
  sessionViews,
} from '../sessions/view.js';
import { queueBlogStatusChange } from './blog.js';
import { findSynthesis, saveSynthesis } from './synthesis.js';

/** Whether the person holds one of these roles in the session (and has not declined it). */
export function holdsRole(db: Db, person: Person, sessionId: string, roles: ('chair' | 'discussant')[]): boolean {
  return (
    db
      .select({ id: roleAssignments.id })
      .from(roleAssignments)
      .where(
        and(
          eq(roleAssignments.sessionId, sessionId),
          eq(roleAssignments.personId, person.id),
          inArray(roleAssignments.role, roles),
          inArray(roleAssignments.status, ['assigned', 'invited', 'accepted']),
        ),
      )
      .get() !== undefined
  );
}

const chairOrSessionChair = requireSeriesChair({
  what: 'session',
  seriesOf: seriesOfSession,
  alsoAllowed: (db, person, id) => holdsRole(db, person, id, ['chair']),
  who: "a chair of this series or the session's chair",
});

const chairsOrDiscussant = requireSeriesChair({
  what: 'session',
  seriesOf: seriesOfSession,
  alsoAllowed: (db, person, id) => holdsRole(db, person, id, ['chair', 'discussant']),
  who: "the session's discussant, its chair or a chair of this series",
});

const AgendaBody = Type.Object(
  {
    segments: Type.Array(
      Type.Object(
        {
          title: Title,
          starts: Type.String({ maxLength: 10, description: 'HH:MM in the series\' zone ("8:30" is 08:30)' }),
          ends: Type.String({ maxLength: 10 }),
          lead: Type.Optional(nullable(Type.Enum([...agendaLeads]))),
        },
        { additionalProperties: false },
      ),
      { maxItems: 40 },
    ),
  },
  { additionalProperties: false },
);

const BlogBody = Type.Object(
  {
    title: Type.Optional(nullable(Title)),
    status: Type.Enum([...blogStatuses]),
    url: Type.Optional(nullable(Url)),
    dueAt: Type.Optional(nullable(Type.String({ minLength: 10, maxLength: 40 }))),
  },
  { additionalProperties: false },
);

export const outputRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock } = app;

  const load = (id: string) => {
    const session = findSession(db, id);
    const series = session && findSeries(db, session.seriesId);
    if (!session || !series) throw notFound('session', id);
    return { session, series };
  };
  const view = (session: SessionRow, zone: string, viewer: Person | null) =>
    sessionViews(
      db,
      [findSession(db, session.id) as SessionRow],
      zone,
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
      const { session, series } = load(request.params.id);
      if (!session.startsAt) {
        throw conflict('session_not_scheduled', 'This alternate topic has no date yet: give it one before its agenda.');
      }
      const checked = checkAgenda(
        request.body.segments,
        { startsAt: session.startsAt, durationMinutes: session.durationMinutes },
        series.timezone,
      );
      if (!checked.ok) {
        const [first] = checked.problems;
        const status = first?.kind === 'invalid_time' || first?.kind === 'ends_before_start' ? 400 : 409;
        const message = checked.problems.map((p) => p.message).join(' ');
        if (status === 400) throw invalidRequest(message, checked.problems);
        throw conflict(first?.kind ?? 'agenda_overlap', message, checked.problems);
      }
      if (session.status === 'cancelled') {
        throw conflict('session_cancelled', 'This session was cancelled; its agenda can no longer change.');
      }
      inTransaction(db, () => {
        replaceAgenda(db, session.id, checked.segments);
        recordAudit(db, clock, {
          actorId: signedIn(request).id,
          action: 'agenda.update',
          seriesId: session.seriesId,
          entityType: 'session',
          entityId: session.id,
          details: { segments: request.body.segments },
        });
      });
      return view(session, series.timezone, request.person);
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
        body: Type.Object({ question: nullable(FreeText) }, { additionalProperties: false }),
        response: { 200: SessionView, ...errorResponses },
      },
    },
    async (request) => {
      const { session, series } = load(request.params.id);
      const question = cleanText(request.body.question);
      inTransaction(db, () => {
        db.update(sessions)
          .set({ discussantQuestion: question, updatedAt: clock.now() })
          .where(eq(sessions.id, session.id))
          .run();
        recordAudit(db, clock, {
          actorId: signedIn(request).id,
          action: 'question.update',
          seriesId: session.seriesId,
          entityType: 'session',
          entityId: session.id,
          details: { question },
        });
      });
      return view(session, series.timezone, request.person);
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
      const { session, series } = load(request.params.id);
      const body = request.body;
      const url = body.url ? checkedUrl(body.url, 'url') : body.url === null ? null : undefined;
      const dueAt = body.dueAt
        ? checkedDeadline(body.dueAt, series.timezone, 'dueAt')
        : body.dueAt === null
          ? null
          : undefined;
      const current = db.select().from(blogPosts).where(eq(blogPosts.sessionId, session.id)).get();
      if (body.status === 'published' && !(url ?? current?.url)) {
        throw invalidRequest('A published blog post needs its url, so the programme can link to it.', { field: 'url' });
      }
      const changes = {
        status: body.status,
        ...(body.title !== undefined ? { title: cleanText(body.title) } : {}),
        ...(url !== undefined ? { url } : {}),
        ...(dueAt !== undefined ? { dueAt } : {}),
        updatedAt: clock.now(),
      };
      inTransaction(db, () => {
        db.insert(blogPosts)
          .values({ sessionId: session.id, ...changes })
          .onConflictDoUpdate({ target: blogPosts.sessionId, set: changes })
          .run();
        queueBlogStatusChange(db, clock, session, current?.status ?? 'planned', body.status);
        recordAudit(db, clock, {
          actorId: signedIn(request).id,
          action: 'blog.update',
          seriesId: session.seriesId,
          entityType: 'session',
          entityId: session.id,
          details: { ...changes, previousStatus: current?.status ?? 'planned' },
        });
      });
      return view(session, series.timezone, request.person);
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
        body: Type.Object(
          {
            title: Type.Optional(nullable(Title)),
            status: Type.Enum([...blogStatuses]),
            url: Type.Optional(nullable(Url)),
            dueAt: Type.Optional(nullable(Type.String({ minLength: 10, maxLength: 40 }))),
            authors: Type.Optional(
              Type.Array(Type.Object({ email: Email, name: Type.Optional(Name) }, { additionalProperties: false }), {
                maxItems: 30,
              }),
            ),
            sessionIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: SeriesViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const series = findSeries(db, request.params.id);
      if (!series) throw notFound('series', request.params.id);
      const body = request.body;
      const own = sessionsOfSeries(db, series.id);
      for (const id of body.sessionIds ?? []) {
        if (!own.some((s) => s.id === id)) {
          throw invalidRequest(`sessionIds: "${id}" is not a session of this series.`, { field: 'sessionIds' });
        }
      }
      const emails = (body.authors ?? []).map((a, i) => checkedEmail(a.email, `authors[${i}].email`));
      const url = body.url ? checkedUrl(body.url, 'url') : body.url === null ? null : undefined;
      if (body.status === 'published' && !(url ?? findSynthesis(db, series.id)?.url)) {
        throw invalidRequest('A published synthesis paper needs its url.', { field: 'url' });
      }
      const dueAt = body.dueAt
        ? checkedDeadline(body.dueAt, series.timezone, 'dueAt')
        : body.dueAt === null
          ? null
          : undefined;
      inTransaction(db, () => {
        const authorIds = body.authors
          ? body.authors.map(
              (a, i) => ensurePerson(db, clock, { email: emails[i] as string, name: cleanText(a.name) }).id,
            )
          : undefined;
        saveSynthesis(db, clock, signedIn(request), series.id, {
          status: body.status,
          ...(body.title !== undefined ? { title: cleanText(body.title) } : {}),
          ...(url !== undefined ? { url } : {}),
          ...(dueAt !== undefined ? { dueAt } : {}),
          ...(authorIds ? { authorIds: [...new Set(authorIds)] } : {}),
          ...(body.sessionIds ? { sourceSessionIds: [...new Set(body.sessionIds)] } : {}),
        });
      });
      return seriesView(db, series, seesAddresses(db, request.person, series.id));
    },
  );
};
