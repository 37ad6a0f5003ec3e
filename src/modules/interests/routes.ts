import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type, { type Static } from 'typebox';
import { countryName } from '../../domain/countries.js';
import { describeDeadline, isOnTime } from '../../domain/time.js';
import { conflict, forbidden, invalidRequest, notFound } from '../../errors.js';
import { csvOf } from '../../lib/csv.js';
import { languageFromHeader } from '../../lib/language.js';
import {
  isSeriesChair,
  requireExisting,
  requireSeriesChair,
  requireSignedIn,
  seesAddresses,
  signedIn,
} from '../auth/access.js';
import { checkedCountry, checkedDeadline, checkedEmail, checkedZone, cleanText } from '../checks.js';
import { displayName, ensurePerson, peopleByIds, profileZone } from '../people/repository.js';
import {
  CountryCode,
  DeadlineInput,
  Email,
  errorResponses,
  FreeText,
  IdParams,
  Instant,
  Language,
  Name,
  nullable,
  ShortText,
  TimeZone,
} from '../schemas.js';
import { type SeriesCatalogue, seriesCatalogue } from '../series/catalogue.js';
import { type SeriesRow, seriesExists } from '../series/repository.js';
import { contactLanguage } from './contacts.js';
import {
  extensionFor,
  findInterest,
  grantExtension,
  type InterestChoice,
  type InterestInput,
  type InterestRole,
  inRoleOrder,
  interestRoles,
  interestsOfSeries,
  interestViews,
  savedInterestView,
  saveInterest,
  seriesTargets,
  shorthandOf,
  withdrawInterest,
} from './repository.js';
import { InterestView } from './view.js';

const RoleList = (options: { minItems?: number } = {}) =>
  Type.Array(Type.Enum([...interestRoles]), { uniqueItems: true, maxItems: 4, ...options });

/** At most this many ranked sessions, in either form. */
const MAX_RANKED = 50;

const InterestBody = Type.Object(
  {
    name: Type.Optional(nullable(Name)),
    country: CountryCode,
    organisation: Type.Optional(nullable(ShortText)),
    language: Type.Optional(Language),
    timezone: Type.Optional(TimeZone),
    roles: Type.Optional(RoleList()),
    sessions: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        maxItems: MAX_RANKED,
        description: 'Session ids, ranked: first = most wanted',
      }),
    ),
    choices: Type.Optional(
      Type.Array(
        Type.Object(
          { sessionId: Type.String({ minLength: 1, maxLength: 64 }), roles: RoleList({ minItems: 1 }) },
          { additionalProperties: false },
        ),
        {
          maxItems: MAX_RANKED,
          description:
            'Sessions with the roles wanted in each, ranked: first = most wanted. Instead of roles with sessions.',
        },
      ),
    ),
    workstreams: Type.Optional(
      Type.Array(
        Type.Object(
          { id: Type.String({ minLength: 1, maxLength: 64 }), asConvener: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        { maxItems: 20 },
      ),
    ),
    motivation: Type.Optional(nullable(FreeText)),
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object(
  {
    session: Type.Optional(Type.String({ maxLength: 64 })),
    role: Type.Optional(Type.Enum([...interestRoles])),
    country: Type.Optional(CountryCode),
  },
  { additionalProperties: false },
);

const seriesChairGuard = requireSeriesChair({ what: 'series', seriesOf: seriesExists });

const deadlinePassed = (series: SeriesRow) =>
  conflict(
    'deadline_passed',
    `The deadline for expressions of interest was ${describeDeadline(series.interestDeadline as Date, series.timezone)}. ` +
      'Ask a chair of the series for an extension if you still want to take part.',
    { deadline: series.interestDeadline?.toISOString() },
  );

/** Checks what an interest names against the series; every problem is a 400 naming the field. */
export function checkedInterest(
  targets: Pick<SeriesCatalogue, 'sessions' | 'workstreams'>,
  body: Static<typeof InterestBody>,
): InterestInput {
  const streams = body.workstreams ?? [];
  const nothing = (field: 'roles' | 'choices') =>
    invalidRequest('Choose at least one role (with the sessions you want) or one workstream.', { field });
  if (body.choices === undefined && (body.roles ?? []).length === 0 && streams.length === 0) throw nothing('roles');
  const choices = body.choices !== undefined ? checkedChoices(targets, body) : shorthandChoices(targets, body);
  if (choices.length === 0 && streams.length === 0) throw nothing('choices');
  const streamIds = streams.map((w) => w.id);
  streams.forEach((w, i) => {
    if (streamIds.indexOf(w.id) !== i) {
      throw invalidRequest(`workstreams lists "${w.id}" twice.`, { field: 'workstreams' });
    }
    if (!targets.workstreams.some((t) => t.id === w.id)) {
      throw invalidRequest(`workstreams[${i}] "${w.id}" is not a workstream of this series.`, {
        field: 'workstreams',
      });
    }
  });
  return {
    country: checkedCountry(body.country),
    organisation: cleanText(body.organisation),
    choices,
    ...shorthandOf(choices),
    workstreams: streams.map((w) => ({ id: w.id, asConvener: w.asConvener ?? false })),
    motivation: cleanText(body.motivation),
  };
}

/** A session an interest ranks must be one of the series' sessions, not cancelled, and ranked once. */
function checkRanked(
  targets: Pick<SeriesCatalogue, 'sessions'>,
  ids: readonly string[],
  field: 'sessions' | 'choices',
): void {
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) {
      throw invalidRequest(`${field} lists "${id}" twice; rank each session once.`, { field });
    }
    const session = targets.sessions.find((s) => s.id === id);
    const where = field === 'sessions' ? `sessions[${i}]` : `choices[${i}].sessionId`;
    if (!session) {
      throw invalidRequest(`${where} "${id}" is not a session of this series.`, { field });
    }
    if (session.status === 'cancelled') {
      throw invalidRequest(`"${session.title}" was cancelled; choose another session.`, { field });
    }
  });
}

/** `roles` with `sessions`: each of the roles in each of the sessions. */
function shorthandChoices(
  targets: Pick<SeriesCatalogue, 'sessions'>,
  body: Static<typeof InterestBody>,
): InterestChoice[] {
  const roles = inRoleOrder(body.roles ?? []);
  const sessionIds = body.sessions ?? [];
  if (roles.length > 0 && sessionIds.length === 0) {
    throw invalidRequest('A role needs at least one session: list the sessions you want, most wanted first.', {
      field: 'sessions',
    });
  }
  if (roles.length === 0 && sessionIds.length > 0) {
    throw invalidRequest('Sessions were chosen without a role: say which roles you want in them.', { field: 'roles' });
  }
  checkRanked(targets, sessionIds, 'sessions');
  return sessionIds.map((sessionId) => ({ sessionId, roles }));
}

/** `choices`: the roles wanted in each session; never together with the shorthand. */
function checkedChoices(
  targets: Pick<SeriesCatalogue, 'sessions'>,
  body: Static<typeof InterestBody>,
): InterestChoice[] {
  const also = (['roles', 'sessions'] as const).filter((field) => body[field] !== undefined);
  if (also.length > 0) {
    throw invalidRequest(
      `Send either choices or roles with sessions, not both: this request has choices and ${also.join(' and ')}.`,
      { field: 'choices', fields: [...also, 'choices'] },
    );
  }
  const choices = body.choices ?? [];
  checkRanked(
    targets,
    choices.map((c) => c.sessionId),
    'choices',
  );
  return choices.map((c) => ({ sessionId: c.sessionId, roles: inRoleOrder(c.roles) }));
}

const roleLabels: Record<InterestRole, string> = {
  focal: 'focal country',
  discussant: 'discussant country',
  chair: 'chair',
  co_blogger: 'co-blogger',
};

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
      // Read once: everything this submission is checked against.
      const catalogue = catalogueOrThrow(request.params.id);
      const { series } = catalogue;
      const body = request.body;
      const input = checkedInterest(catalogue, body);
      const country = input.country;
      const zone = profileZone(person, country, body.timezone ? checkedZone(body.timezone) : null);
      if (!zone.timezone) {
        throw invalidRequest(`${countryName(country)} has no time zone of its own: give timezone.`, {
          field: 'timezone',
        });
      }
      const timezone = zone.timezone;
      const language =
        body.language ??
        person.language ??
        languageFromHeader(request.headers['accept-language']) ??
        contactLanguage(db, series.id, person.email) ??
        'en';
      if (!isOnTime(clock.now(), series.interestDeadline, catalogue.extensions.get(person.id) ?? null)) {
        throw deadlinePassed(series);
      }
      const withEmails = seesAddresses(db, person, catalogue);
      // Submissions arriving together share one commit (the deadline rush).
      const saved = await app.writes.run(() =>
        saveInterest(db, clock, person, series.id, input, {
          ...(body.name !== undefined ? { name: cleanText(body.name) ?? person.name } : {}),
          country,
          ...(body.organisation !== undefined ? { organisation: input.organisation } : {}),
          language,
          timezone,
          timezoneChosen: zone.timezoneChosen,
        }),
      );
      const view = savedInterestView(saved.interest, saved.person, input, withEmails);
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
      const owner = interest.personId === person.id;
      const chair = isSeriesChair(db, person, interest.seriesId);
      if (!owner && !chair)
        throw forbidden('Only the person who expressed this interest (or a chair) may withdraw it.');
      const series = seriesOrThrow(interest.seriesId);
      if (!chair && !isOnTime(clock.now(), series.interestDeadline, extensionFor(db, series.id, person.id))) {
        throw deadlinePassed(series);
      }
      withdrawInterest(db, clock, person, interest);
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
      const rows = interestsOfSeries(db, series.id);
      const views = interestViews(db, rows, true);
      const targets = seriesTargets(db, series.id);
      const titles = new Map(targets.sessions.map((s) => [s.id, s.title]));
      const streamTitles = new Map(targets.workstreams.map((w) => [w.id, w.title]));
      const people = peopleByIds(
        db,
        rows.map((r) => r.personId),
      );
      const csv = csvOf(
        views.map((v, i) => {
          const person = people.get(rows[i]?.personId ?? '');
          return {
            name: v.person.name,
            email: person?.email ?? '',
            country: v.countryName,
            country_code: v.country,
            organisation: v.organisation ?? '',
            language: v.language,
            timezone: v.timezone ?? '',
            roles: v.roles.map((r) => roleLabels[r as InterestRole] ?? r).join('; '),
            sessions_ranked: v.sessions.map((id, rank) => `${rank + 1}. ${titles.get(id) ?? id}`).join('; '),
            choices: v.choices
              .map(
                (c, rank) =>
                  `${rank + 1}. ${titles.get(c.sessionId) ?? c.sessionId}: ${c.roles.map((r) => roleLabels[r] ?? r).join(', ')}`,
              )
              .join('; '),
            workstreams: v.workstreams
              .map((w) => `${streamTitles.get(w.id) ?? w.id}${w.asConvener ? ' (volunteers to convene)' : ''}`)
              .join('; '),
            motivation: v.motivation ?? '',
            submitted_at: v.createdAt,
            updated_at: v.updatedAt,
          };
        }),
        [
          'name',
          'email',
          'country',
          'country_code',
          'organisation',
          'language',
          'timezone',
          'roles',
          'sessions_ranked',
          'choices',
          'workstreams',
          'motivation',
          'submitted_at',
          'updated_at',
        ],
      );
      const filename = `interests-${series.title.replace(/[^\w-]+/g, '-').slice(0, 60)}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(csv);
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
      const email = checkedEmail(request.body.email);
      const until = checkedDeadline(request.body.until, series.timezone, 'until');
      const person = ensurePerson(db, clock, { email });
      grantExtension(db, clock, signedIn(request), series.id, person, until);
      return reply.code(201).send({ email: person.email, name: displayName(person), until: until.toISOString() });
    },
  );
};
