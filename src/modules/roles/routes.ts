import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, eq, ne } from 'drizzle-orm';
import Type from 'typebox';
import { interestSessions, interests, sessions } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import { type Db, inTransaction } from '../../db.js';
import {
  type Lineup,
  type LineupContext,
  type LineupPerson,
  lineupConflict,
  lineupWarnings,
} from '../../domain/roles.js';
import type { Issue } from '../../domain/vocabulary.js';
import { conflict, invalidRequest, notFound } from '../../errors.js';
import { withMessage } from '../../i18n/issues.js';
import { requireSeriesChair, seesAddresses, signedIn } from '../auth/access.js';
import { checkedCountry, checkedEmail, checkSessionOpen, cleanText } from '../checks.js';
import { displayName, ensurePerson, type Person } from '../people/repository.js';
import { errorResponses, IdParams } from '../schemas.js';
import { chairsOf, findSeries, seriesExists } from '../series/repository.js';
import { findSession, type SessionRow, SessionView, seriesOfSession, sessionViews } from '../sessions/view.js';
import { applyLineup } from './repository.js';
import { LineupBody, SuggestionView, Warning } from './schemas.js';
import { suggestForSeries } from './suggestion.js';

/** Everything the rules need to know about the series around one session. */
function lineupContext(db: Db, session: SessionRow): LineupContext {
  const others = db
    .select({
      id: sessions.id,
      title: sessions.title,
      focalCountry: sessions.focalCountry,
      discussantCountry: sessions.discussantCountry,
    })
    .from(sessions)
    .where(and(eq(sessions.seriesId, session.seriesId), ne(sessions.id, session.id), ne(sessions.status, 'cancelled')))
    .all();
  const wanted = db
    .select({
      personId: interests.personId,
      roles: interests.roles,
      sessionId: interestSessions.sessionId,
      rolesThere: interestSessions.roles,
    })
    .from(interests)
    .leftJoin(interestSessions, eq(interestSessions.interestId, interests.id))
    .where(eq(interests.seriesId, session.seriesId))
    .all();
  const byPerson = new Map<string, { roles: string[]; sessionIds: string[]; rolesHere?: string[] }>();
  for (const row of wanted) {
    const entry = byPerson.get(row.personId) ?? { roles: row.roles, sessionIds: [] };
    if (row.sessionId) entry.sessionIds.push(row.sessionId);
    if (row.sessionId === session.id && row.rolesThere) entry.rolesHere = row.rolesThere;
    byPerson.set(row.personId, entry);
  }
  return {
    sessionId: session.id,
    seriesChairIds: new Set(chairsOf(db, session.seriesId).map((p) => p.id)),
    otherSessions: others,
    interests: byPerson,
  };
}

/** Checks the body's addresses and countries (400) and finds or creates the people named. */
function resolveLineup(db: Db, clock: Clock, body: LineupBody): Lineup {
  const person = (ref: { email: string; name?: string | undefined }, field: string): LineupPerson => {
    const p: Person = ensurePerson(db, clock, { email: checkedEmail(ref.email, field), name: cleanText(ref.name) });
    return { personId: p.id, label: displayName(p), country: p.country };
  };
  const countryRole = (
    role: { country: string; people?: { email: string; name?: string }[] } | null | undefined,
    field: string,
  ) =>
    role
      ? {
          country: checkedCountry(role.country, `${field}.country`),
          people: (role.people ?? []).map((p, i) => person(p, `${field}.people[${i}].email`)),
        }
      : null;
  const chair = body.chair ? person(body.chair, 'chair.email') : null;
  return {
    chair:
      chair && body.chair
        ? {
            ...chair,
            chairCountry: body.chair.country ? checkedCountry(body.chair.country, 'chair.country') : chair.country,
          }
        : null,
    supportingChair: body.supportingChair ? person(body.supportingChair, 'supportingChair.email') : null,
    focal: countryRole(body.focal, 'focal'),
    discussant: countryRole(body.discussant, 'discussant'),
    coBloggers: (body.coBloggers ?? []).map((p, i) => person(p, `coBloggers[${i}].email`)),
  };
}

/** A 409 that words the broken rule in English and gives its parameters as `details`. */
const lineupRefused = (problem: Issue) =>
  conflict(problem.code, withMessage('conflict', problem).message, problem.params);

/**
 * Checks and applies a line-up in one transaction: a refused line-up (400 or 409) leaves
 * nothing behind, not even the people it would have created.
 */
export function setLineup(db: Db, clock: Clock, actor: Person, session: SessionRow, body: LineupBody) {
  return inTransaction(db, () => {
    const lineup = resolveLineup(db, clock, body);
    checkSessionOpen(session);
    const context = lineupContext(db, session);
    const problem = lineupConflict(lineup, context);
    if (problem) throw lineupRefused(problem);
    const warnings = lineupWarnings(lineup, context);
    applyLineup(db, clock, actor, session, lineup);
    return warnings;
  });
}

export const roleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db, clock } = app;

  app.put(
    '/api/sessions/:id/roles',
    {
      onRequest: requireSeriesChair({ what: 'session', seriesOf: seriesOfSession }),
      schema: {
        tags: ['roles'],
        summary: 'Set the whole role line-up of a session',
        description:
          '409: same_country, not_series_chair, too_many_co_bloggers, country_already_focal. Allowed but questionable choices come back as warnings.',
        params: IdParams,
        body: LineupBody,
        response: {
          200: Type.Intersect([SessionView, Type.Object({ warnings: Type.Array(Warning) })]),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const session = findSession(db, request.params.id);
      const series = session && findSeries(db, session.seriesId);
      if (!session || !series) throw notFound('session', request.params.id);
      const warnings = setLineup(db, clock, signedIn(request), session, request.body);
      const [view] = sessionViews(
        db,
        [findSession(db, session.id) as SessionRow],
        series.timezone,
        seesAddresses(db, request.person, series.id),
      );
      return { ...(view as SessionView), warnings: warnings.map((w) => withMessage('warning', w)) };
    },
  );

  const seriesGuard = requireSeriesChair({ what: 'series', seriesOf: seriesExists });
  app.post(
    '/api/series/:id/roles/suggestion',
    {
      onRequest: seriesGuard,
      schema: {
        tags: ['roles'],
        summary: 'A suggested line-up for every open role, drawn from the interests (changes nothing)',
        description:
          "Exact optimum, in strict order: the most focal and discussant places, the most chairs, the most co-bloggers up to 2 then 3 per session, then the best-ranked preferences (1/r). People already invited or accepted keep their roles; the supporting chair is left as it is. Each session's roles can be sent as they are to PUT /api/sessions/:id/roles.",
        params: IdParams,
        response: {
          200: SuggestionView,
          ...errorResponses,
        },
      },
    },
    async (request) => suggestForSeries(db, request.params.id),
  );

  app.post(
    '/api/series/:id/roles/suggestion/apply',
    {
      onRequest: seriesGuard,
      schema: {
        tags: ['roles'],
        summary: 'Take the suggested line-up, whole or for some sessions, through the same rules as PUT roles',
        params: IdParams,
        body: Type.Optional(
          Type.Object(
            { sessionIds: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 100 })) },
            { additionalProperties: false },
          ),
        ),
        response: {
          200: Type.Object({
            sessions: Type.Array(Type.Intersect([SessionView, Type.Object({ warnings: Type.Array(Warning) })])),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const series = findSeries(db, request.params.id);
      if (!series) throw notFound('series', request.params.id);
      const suggestion = suggestForSeries(db, series.id);
      const wanted = request.body?.sessionIds;
      for (const id of wanted ?? []) {
        if (!suggestion.sessions.some((s) => s.sessionId === id)) {
          throw invalidRequest(`sessionIds: "${id}" is not an open session of this series.`, { field: 'sessionIds' });
        }
      }
      const chosen = suggestion.sessions.filter((s) => !wanted || wanted.includes(s.sessionId));
      const actor = signedIn(request);
      const warnings = inTransaction(db, () =>
        chosen.map((s) => setLineup(db, clock, actor, findSession(db, s.sessionId) as SessionRow, s.roles)),
      );
      const rows = chosen.map((s) => findSession(db, s.sessionId) as SessionRow);
      return {
        sessions: sessionViews(db, rows, series.timezone, seesAddresses(db, request.person, series.id)).map(
          (view, i) => ({
            ...view,
            warnings: (warnings[i] ?? []).map((w) => withMessage('warning', w)),
          }),
        ),
      };
    },
  );
};
