import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { notFound } from '../../errors.js';
import { reasonWithText, withMessage } from '../../i18n/issues.js';
import { requireSeriesChair, seesAddresses, signedIn } from '../auth/access.js';
import { errorResponses, IdParams } from '../schemas.js';
import { findSeries, seriesExists } from '../series/repository.js';
import { findSession, type SessionRow, SessionView, seriesOfSession, sessionViews } from '../sessions/view.js';
import { LineupBody, SuggestionView, Warning } from './schemas.js';
import { applySuggestion, setLineup } from './service.js';
import { suggestForSeries } from './suggestion.js';

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
          "Exact optimum, in strict order: the most focal and discussant places, the most chairs, the most co-bloggers up to 2 then 3 per session, then the best-ranked preferences (1/r). People already invited or accepted keep their roles; the supporting chair is left as it is. Each session's roles can be sent as they are to PUT /api/sessions/:id/roles. Each reason comes as an English sentence and as a code with parameters (session titles, country codes, names), with its obstacles where there are several.",
        params: IdParams,
        response: {
          200: SuggestionView,
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const suggestion = await suggestForSeries(db, request.params.id);
      return {
        sessions: suggestion.sessions,
        unplaced: suggestion.unplaced.map(reasonWithText),
        openPlaces: suggestion.openPlaces.map(reasonWithText),
      };
    },
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
            sessions: Type.Array(
              Type.Intersect([
                SessionView,
                Type.Object({
                  changed: Type.Boolean({
                    description: 'false: the suggestion was the line-up already, and nothing was written',
                  }),
                  warnings: Type.Array(Warning),
                }),
              ]),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const series = findSeries(db, request.params.id);
      if (!series) throw notFound('series', request.params.id);
      const applied = await applySuggestion(db, clock, signedIn(request), series.id, request.body?.sessionIds);
      const rows = applied.map((s) => findSession(db, s.sessionId) as SessionRow);
      return {
        sessions: sessionViews(db, rows, series.timezone, seesAddresses(db, request.person, series.id)).map(
          (view, i) => ({
            ...view,
            changed: applied[i]?.changed ?? false,
            warnings: (applied[i]?.warnings ?? []).map((w) => withMessage('warning', w)),
          }),
        ),
      };
    },
  );
};
