// The chairs' pages: interests per session, the suggested line-up (taken whole or per session
// through the same rules as POST /api/series/:id/roles/suggestion/apply), role editing per
// session (the PUT roles rules, with their 409s and warnings), invitations and replies, the
// outbox, and the series' basics and planning. Every write goes through the modules' functions.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isEmail } from '../../config.js';
import { weekdays, weeks } from '../../domain/planner.js';
import type { InterestRole, Issue } from '../../domain/vocabulary.js';
import { AppError } from '../../errors.js';
import { roleWord } from '../../i18n/glossary.js';
import type { MessageKey, PluralKey, Translate } from '../../i18n/index.js';
import { issueText, reasonText } from '../../i18n/issues.js';
import { joinList } from '../../i18n/locale.js';
import { bodyCheck, type SchemaProblem } from '../../lib/lazy-schemas.js';
import {
  type InterestColumn,
  type InterestCsvWords,
  interestColumns,
  interestsCsv,
  interestsCsvName,
} from '../../modules/interests/csv.js';
import { interestRoles, interestsOfSeries, interestViews } from '../../modules/interests/repository.js';
import type { InterestView } from '../../modules/interests/view.js';
import { invitationsDue, sendInvitations } from '../../modules/invitations/service.js';
import { resendMessage } from '../../modules/outbox/service.js';
import { LineupBody } from '../../modules/roles/schemas.js';
import { applySuggestion, assignRole, proposalChanges, setLineup, warningsNow } from '../../modules/roles/service.js';
import { type Suggestion, suggestForSeries } from '../../modules/roles/suggestion.js';
import { Title } from '../../modules/schemas.js';
import { chairsOf, type SeriesRow, seriesView } from '../../modules/series/repository.js';
import { SeriesPatch } from '../../modules/series/schemas.js';
import { changeSeries } from '../../modules/series/service.js';
import { PlanBody, SessionCreate } from '../../modules/sessions/schemas.js';
import { addSession, planSessions } from '../../modules/sessions/service.js';
import { findSession, type SessionRow, type SessionView, sessionViews } from '../../modules/sessions/view.js';
import { manageBase, noticeOf, pageNotices, seriesForChair } from '../chair.js';
import { type Page, pageFor, render } from '../context.js';
import { PageError } from '../errors.js';
import { countryFromInput, countryIn, countryOptions, dateInput, whenText, zoneGroups, zoneLabel } from '../format.js';
import { checked, fieldMessages, formOf, maxLengths, text, textFields } from '../forms.js';
import { assignmentRoleKeys, roleItems, roleKeys, statusKeys } from '../labels.js';
import { seeOther } from '../redirect.js';
import { outboxLines } from './records.js';

/** People listed per cell of the chair's grid, best choices first; the rest are counted. */
const GRID_CANDIDATES = 5;

const noticeKeys: Record<string, MessageKey | PluralKey> = {
  ...pageNotices('manage', [
    'invited',
    'nothingToInvite',
    'saved',
    'assigned',
    'planned',
    'added',
    'resent',
    'alreadyPending',
    'taken',
    'nothingTaken',
    'lineupSaved',
  ]),
  created: 'admin.notice.created',
  chairAdded: 'chairs.notice.added',
  chairRemoved: 'chairs.notice.removed',
};

/** The roles the interest asks for in this session (each choice names its own). */
const rolesWanted = (interest: InterestView, sessionId: string): readonly InterestRole[] =>
  interest.choices.find((c) => c.sessionId === sessionId)?.roles ?? [];

const roleNames = (roles: readonly InterestRole[], page: Page): string =>
  joinList(
    roles.map((r) => page.t(roleKeys[r])),
    page.lang,
  );

/** A warning of the line-up rules in the reader's language. */
const warningText = (warning: Issue, page: Page): string =>
  issueText(page.lang, 'warning', warning) ?? page.t('warning.other');

/**
 * Why the suggestion leaves a session's places open, in the reader's language: one line per role
 * ("no chair: nobody who chose this session asked for the chair role"), the open co-blogger
 * places counted in one. A place the line-up already fills (a chair typed the country in) is not
 * open, whatever the interests say.
 */
function openPlaceReasons(page: Page, openPlaces: Suggestion['openPlaces'], session: SessionView): string[] {
  const lineup = session.roles;
  // (The suggestion already counts the co-bloggers the line-up keeps among its open places.)
  const filled: Record<InterestRole, number> = {
    chair: lineup.chair ? 1 : 0,
    focal: lineup.focal ? 1 : 0,
    discussant: lineup.discussant ? 1 : 0,
    co_blogger: 0,
  };
  const here = openPlaces.filter((o) => o.sessionId === session.id);
  const roles = [...new Set(here.map((o) => o.role))];
  return roles.flatMap((role) => {
    const places = here.filter((o) => o.role === role).slice(filled[role]);
    if (places.length === 0) return [];
    const reason = reasonText(page.lang, places[0]!);
    if (role !== 'co_blogger') return page.t('reason.open', { role: roleWord(page.lang, role), reason });
    return page.n('reason.openPlaces', places.length, { role: roleWord(page.lang, role), reason });
  });
}

/** Why the line-up was refused, in the reader's language. */
function refusal(error: AppError, page: Page): string {
  const params = (error.details ?? {}) as Issue['params'];
  return issueText(page.lang, 'conflict', { code: error.code, params }) ?? page.t('manage.notice.refused');
}

const splitEmails = (value: string) =>
  value
    .split(/[\s,;]+/)
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '');

interface RoleForm {
  chairEmail: string;
  chairCountry: string;
  supporting: string;
  focalCountry: string;
  focalPeople: string;
  discussantCountry: string;
  discussantPeople: string;
  coBloggers: string;
}

function roleFormOf(view: SessionView, lang: Page['lang']): RoleForm {
  const r = view.roles;
  const emails = (people: { email?: string }[]) => people.map((p) => p.email ?? '').join('\n');
  return {
    chairEmail: r.chair?.email ?? '',
    chairCountry: r.chair?.country ? countryIn(r.chair.country, lang) : '',
    supporting: r.supportingChair?.email ?? '',
    focalCountry: r.focal ? countryIn(r.focal.country, lang) : '',
    focalPeople: emails(r.focal?.people ?? []),
    discussantCountry: r.discussant ? countryIn(r.discussant.country, lang) : '',
    discussantPeople: emails(r.discussant?.people ?? []),
    coBloggers: emails(r.coBloggers),
  };
}

const checkLineup = bodyCheck(LineupBody);

/** The role form's field that shows a problem at this path of the line-up body. */
function lineupField(path: readonly string[]): keyof RoleForm {
  const [top, inner] = path;
  if (top === 'chair') return inner === 'country' ? 'chairCountry' : 'chairEmail';
  if (top === 'supportingChair') return 'supporting';
  if (top === 'focal') return inner === 'country' ? 'focalCountry' : 'focalPeople';
  if (top === 'discussant') return inner === 'country' ? 'discussantCountry' : 'discussantPeople';
  return 'coBloggers';
}

/** The value the schema refused, as typed (an address), to name it in the message. */
function valueAt(body: unknown, path: readonly string[]): string {
  let value: unknown = body;
  for (const key of path) value = (value as Record<string, unknown> | null | undefined)?.[key];
  return typeof value === 'string' ? value : '';
}

const checkSeriesChanges = bodyCheck(SeriesPatch);
const checkPlan = bodyCheck(PlanBody);
const checkSession = bodyCheck(SessionCreate);

/** The settings form's field for a field of PATCH /api/series/:id. */
const settingsField = (field: string | undefined) =>
  field === 'interestDeadline' ? 'deadline' : field === 'title' || field === 'description' ? field : 'timezone';

/** What the settings form says of a field the series rules refused. */
function settingsProblem(t: Translate, field: string, problem?: SchemaProblem): string {
  if (problem?.keyword === 'maxLength' && problem.limit !== undefined && field !== 'deadline' && field !== 'timezone') {
    return t('interest.error.tooLong', { max: problem.limit });
  }
  if (field === 'title') return t('settings.error.title');
  if (field === 'deadline') return t('settings.error.date');
  return t('interest.error.timezone');
}

/** Why invitations were not sent, as the page says it. */
const invitationRefusals: Record<string, MessageKey> = {
  session_cancelled: 'conflict.session_cancelled',
  session_not_scheduled: 'conflict.session_not_scheduled',
};

export async function manageRoutes(app: FastifyInstance) {
  const { db, clock, config } = app;
  const csrf = { preValidation: app.csrfProtection };

  const chairOf = (request: FastifyRequest) => seriesForChair(db, request);

  function sessionOf(series: SeriesRow, sessionId: string): SessionRow {
    const session = findSession(db, sessionId);
    if (!session || session.seriesId !== series.id) throw new PageError(404, 'error.notFound');
    return session;
  }

  const base = manageBase;

  /** Who holds what in a session, with each person's reply. */
  function lineupPeople(view: SessionView, t: Translate) {
    const r = view.roles;
    const rows: { role: string; name: string; email: string; status: string; code: string }[] = [];
    const add = (role: string, p: { name: string; email?: string; status: string } | null | undefined) => {
      if (p)
        rows.push({
          role: t(assignmentRoleKeys[role] ?? 'role.tbd'),
          name: p.name,
          email: p.email ?? '',
          status: t(statusKeys[p.status] ?? 'status.assigned'),
          code: p.status,
        });
    };
    add('chair', r.chair);
    add('supporting_chair', r.supportingChair);
    for (const p of r.focal?.people ?? []) add('focal', p);
    for (const p of r.discussant?.people ?? []) add('discussant', p);
    for (const p of r.coBloggers) add('co_blogger', p);
    return rows;
  }

  /**
   * The chair's grid: a row per open session, a column per role; each cell says who holds the role
   * (and their reply), what the suggestion would put there instead, and who asked for it there, best
   * choice first, each with a button that assigns them.
   */
  function lineupGrid(
    page: Page,
    sessions: SessionView[],
    interests: InterestView[],
    proposals: { sessionId: string; roles: LineupBody }[],
    openPlaces: Suggestion['openPlaces'],
  ) {
    const { t, lang } = page;
    const open = sessions.filter((s) => s.status !== 'cancelled');
    // What each person already holds in the series, to weigh a second role.
    const holding = new Map<string, string[]>();
    const hold = (email: string | undefined, role: InterestRole | 'supporting_chair', session: SessionView) => {
      if (!email) return;
      const held = holding.get(email) ?? [];
      held.push(t('manage.grid.holds', { role: t(assignmentRoleKeys[role] ?? 'role.tbd'), session: session.title }));
      holding.set(email, held);
    };
    const live = <P extends { status: string }>(people: P[]) =>
      people.filter((p) => p.status !== 'declined' && p.status !== 'removed');
    const holdersOf = (s: SessionView, role: InterestRole) => {
      const r = s.roles;
      if (role === 'chair') return r.chair ? [r.chair] : [];
      if (role === 'co_blogger') return r.coBloggers;
      return r[role]?.people ?? [];
    };
    for (const s of open)
      for (const role of interestRoles) for (const p of live(holdersOf(s, role))) hold(p.email, role, s);
    const nameOf = new Map(interests.map((i) => [i.person.email ?? '', i.person.name]));
    const named = (p: { email: string; name?: string | undefined }) => p.name ?? nameOf.get(p.email) ?? p.email;
    const proposed = (roles: LineupBody | undefined, role: InterestRole): { text: string; emails: string[] } | null => {
      if (!roles) return null;
      if (role === 'chair') return roles.chair ? { text: named(roles.chair), emails: [roles.chair.email] } : null;
      if (role === 'co_blogger') {
        const people = roles.coBloggers ?? [];
        return people.length ? { text: people.map(named).join(', '), emails: people.map((p) => p.email) } : null;
      }
      const team = roles[role];
      if (!team) return null;
      const people = team.people ?? [];
      const country = countryIn(team.country, lang);
      return {
        text: people.length ? `${country} (${people.map(named).join(', ')})` : country,
        emails: people.map((p) => p.email),
      };
    };
    return open.map((s) => {
      const proposal = proposals.find((p) => p.sessionId === s.id)?.roles;
      // Someone who declined a role in this session is not offered it again (nor another role in it).
      const declined = new Set(
        interestRoles
          .flatMap((role) => holdersOf(s, role))
          .filter((p) => p.status === 'declined')
          .map((p) => p.email ?? ''),
      );
      const cells = interestRoles.map((role) => {
        const holders = holdersOf(s, role);
        const heldBy = new Set(live(holders).map((p) => p.email ?? ''));
        const suggestion = proposed(proposal, role);
        const changes =
          suggestion !== null &&
          (suggestion.emails.length !== heldBy.size || suggestion.emails.some((email) => !heldBy.has(email)));
        const wanting = interests
          .flatMap((i) => {
            const rank = i.choices.findIndex((c) => c.sessionId === s.id && c.roles.includes(role));
            const email = i.person.email ?? '';
            return rank < 0 || heldBy.has(email) || declined.has(email) ? [] : [{ interest: i, rank: rank + 1, email }];
          })
          .sort((a, b) => a.rank - b.rank || a.interest.createdAt.localeCompare(b.interest.createdAt));
        return {
          role,
          label: t(roleKeys[role]),
          holders: holders.map((p) => ({
            name: p.name,
            status: t(statusKeys[p.status] ?? 'status.assigned'),
            code: p.status,
          })),
          country: (() => {
            const team = role === 'focal' || role === 'discussant' ? s.roles[role] : null;
            // The view's countryName is English (the API's); the page names the country in its language.
            return team ? countryIn(team.country, lang) : null;
          })(),
          suggestion: changes ? suggestion.text : null,
          candidates: wanting.slice(0, GRID_CANDIDATES).map(({ interest, rank, email }) => ({
            email,
            text: t('manage.grid.candidate', {
              name: interest.person.name,
              country: countryIn(interest.country, lang),
              rank: page.ord('interest.choice', rank),
            }),
            elsewhere: (holding.get(email) ?? []).join('; '),
            who: t('manage.grid.assignWho', { name: interest.person.name, role: t(roleKeys[role]), session: s.title }),
          })),
          more: Math.max(0, wanting.length - GRID_CANDIDATES),
        };
      });
      return {
        id: s.id,
        title: s.title,
        cells,
        changes: proposal !== undefined && proposalChanges(s.roles, proposal),
        open: openPlaceReasons(page, openPlaces, s),
      };
    });
  }

  /** The series' manage page, with what just happened (a notice, the warnings of a line-up). */
  async function managePage(
    reply: FastifyReply,
    page: Page,
    series: SeriesRow,
    extra: Parameters<typeof overview>[2],
    status = 200,
  ) {
    const data = await overview(page, series, extra);
    return render(reply, page, 'manage', page.t('manage.title', { series: series.title }), data, status);
  }

  async function overview(
    page: Page,
    series: SeriesRow,
    extra: { notice?: string | null; warnings?: { session: string; text: string }[] },
  ) {
    const { t, lang } = page;
    const zone = page.zone ?? series.timezone;
    const view = seriesView(db, series, true);
    const interests = interestViews(db, interestsOfSeries(db, series.id), true);
    const suggestion = await suggestForSeries(db, series.id);
    const people = new Map<string, string>();
    for (const s of suggestion.sessions) {
      const r = s.roles;
      for (const p of [
        r.chair,
        r.supportingChair,
        ...(r.focal?.people ?? []),
        ...(r.discussant?.people ?? []),
        ...(r.coBloggers ?? []),
      ]) {
        if (p) people.set(p.email, p.name ?? p.email);
      }
    }
    const named = (p: { email: string; name?: string } | null | undefined) =>
      p ? (p.name ?? people.get(p.email) ?? p.email) : null;
    const sessions = view.sessions.map((s) => {
      // (cancelled sessions stay listed, without a suggestion)
      const wanting = interests.filter((i) => i.sessions.includes(s.id));
      // A suggestion that would change nothing is not offered.
      const suggested = suggestion.sessions.find((x) => x.sessionId === s.id);
      const proposal = suggested && proposalChanges(s.roles, suggested.roles) ? suggested : undefined;
      const rolesNow = lineupPeople(s, t);
      return {
        id: s.id,
        title: s.title,
        status: s.status,
        when: s.startsAt ? whenText(new Date(s.startsAt), lang, zone, series.timezone) : t('session.dateToBeSet'),
        interested: wanting.length,
        firstChoice: wanting.filter((i) => i.sessions[0] === s.id).length,
        byRole: interestRoles.map((r) => ({
          label: t(roleKeys[r]),
          n: wanting.filter((i) => rolesWanted(i, s.id).includes(r)).length,
        })),
        lineup: rolesNow,
        roles: roleItems(s.roles, t, lang),
        // Only while someone is left to invite (or their copy is out of date).
        toInvite: (() => {
          const row = findSession(db, s.id);
          return row ? invitationsDue(db, row).length : 0;
        })(),
        proposal: proposal
          ? [
              { label: t('role.chair'), value: named(proposal.roles.chair) ?? t('role.tbd') },
              {
                label: t('role.focal'),
                value: proposal.roles.focal
                  ? `${countryIn(proposal.roles.focal.country, lang)}${(proposal.roles.focal.people ?? []).length ? ` (${(proposal.roles.focal.people ?? []).map(named).join(', ')})` : ''}`
                  : t('role.tbd'),
              },
              {
                label: t('role.discussant'),
                value: proposal.roles.discussant
                  ? `${countryIn(proposal.roles.discussant.country, lang)}${(proposal.roles.discussant.people ?? []).length ? ` (${(proposal.roles.discussant.people ?? []).map(named).join(', ')})` : ''}`
                  : t('role.tbd'),
              },
              {
                label: t('role.coBloggers'),
                value: (proposal.roles.coBloggers ?? []).length
                  ? (proposal.roles.coBloggers ?? []).map(named).join(', ')
                  : t('role.tbd'),
              },
            ]
          : null,
      };
    });
    const grid = lineupGrid(page, view.sessions, interests, suggestion.sessions, suggestion.openPlaces);
    const outbox = outboxLines(app, page, series, 25);
    return {
      series: { id: series.id, title: series.title },
      base: base(series),
      toInviteInSeries: sessions.reduce((n, s) => n + s.toInvite, 0),
      zone: zoneLabel(zone),
      total: interests.length,
      sessions,
      grid,
      gridRoles: interestRoles.map((r) => t(roleKeys[r])),
      unplaced: suggestion.unplaced.map((u) =>
        page.t('reason.unplaced', { name: u.name || u.email, reason: reasonText(lang, u) }),
      ),
      hasProposal: sessions.some((s) => s.proposal !== null),
      outbox,
      notice: extra.notice ?? null,
      warnings:
        extra.warnings ??
        view.sessions.flatMap((v) => {
          const row = findSession(db, v.id);
          return row ? warningsNow(db, clock, row).map((w) => ({ session: v.title, text: warningText(w, page) })) : [];
        }),
      workstreams: view.workstreams.map((w) => ({ id: w.id, title: w.title })),
    };
  }

  app.get('/series/:id/manage', async (request, reply) => {
    const { series } = chairOf(request);
    const page = pageFor(request, reply);
    const notice = noticeOf(request, page, noticeKeys);
    return managePage(reply, page, series, { notice });
  });

  // One click in the grid: a person who asked for a role there gets it; the rest of the line-up stays.
  app.post('/series/:id/manage/sessions/:sessionId/assign', csrf, async (request, reply) => {
    const { person, series } = chairOf(request);
    const session = sessionOf(series, (request.params as { sessionId: string }).sessionId);
    const body = formOf(request);
    const role = interestRoles.find((r) => r === text(body, 'role', 20));
    const email = text(body, 'email', 254).toLowerCase();
    const interest = interestViews(db, interestsOfSeries(db, series.id), true).find((i) => i.person.email === email);
    if (!role || !interest) throw new PageError(400, 'error.badRequest');
    try {
      assignRole(db, clock, person, session, role, { email, country: interest.country });
    } catch (error) {
      if (!(error instanceof AppError) || error.statusCode !== 409) throw error;
      const page = pageFor(request, reply);
      return managePage(reply, page, series, { notice: refusal(error, page) }, 409);
    }
    return seeOther(reply, `${base(series)}?notice=assigned#grid`);
  });

  // Take the suggested line-up, whole or for one session: the apply endpoint's code path.
  app.post('/series/:id/manage/suggestion', csrf, async (request, reply) => {
    const { person, series } = chairOf(request);
    const page = pageFor(request, reply);
    const body = formOf(request);
    const sessionId = text(body, 'sessionId', 64);
    let applied: Awaited<ReturnType<typeof applySuggestion>>;
    try {
      applied = await applySuggestion(db, clock, person, series.id, sessionId ? [sessionId] : undefined);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.statusCode === 400) throw new PageError(404, 'error.notFound');
      return managePage(reply, page, series, { notice: refusal(error, page) }, error.statusCode);
    }
    // The line-ups' warnings are shown by the page itself, from the line-ups as they now stand.
    const changed = applied.filter((s) => s.changed).length;
    const notice = changed > 0 ? `taken&n=${changed}` : 'nothingTaken';
    return seeOther(reply, `${base(series)}?notice=${notice}#grid`);
  });

  app.post('/series/:id/manage/sessions/:sessionId/invite', csrf, async (request, reply) => {
    const { person, series } = chairOf(request);
    const session = sessionOf(series, (request.params as { sessionId: string }).sessionId);
    // The form is read before the write: a field it refuses must leave nothing sent.
    const back = checked(formOf(request), 'fromSession')
      ? `${base(series)}/sessions/${encodeURIComponent(session.id)}`
      : base(series);
    let queued: number;
    try {
      queued = sendInvitations(db, clock, person, session);
    } catch (error) {
      if (!(error instanceof AppError) || error.statusCode !== 409) throw error;
      throw new PageError(409, invitationRefusals[error.code] ?? 'manage.notice.refused');
    }
    return seeOther(reply, `${back}?notice=${queued > 0 ? 'invited' : 'nothingToInvite'}&n=${queued}`);
  });

  app.post('/series/:id/manage/outbox/:messageId/resend', csrf, async (request, reply) => {
    const { person, series } = chairOf(request);
    const { messageId } = request.params as { messageId: string };
    try {
      resendMessage(db, clock, person, messageId.slice(0, 64), { seriesId: series.id });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.statusCode === 404) throw new PageError(404, 'error.notFound');
      if (error.code === 'already_pending') return seeOther(reply, `${base(series)}?notice=alreadyPending`);
      throw error;
    }
    return seeOther(reply, `${base(series)}?notice=resent`);
  });

  // ---- one session: its line-up --------------------------------------------------------------

  function sessionPage(
    page: Page,
    series: SeriesRow,
    session: SessionRow,
    form: RoleForm | null,
    extra: { errors?: Record<string, string>; problem?: string | null; notice?: string | null; warnings?: string[] },
  ) {
    const { t, lang } = page;
    const zone = page.zone ?? series.timezone;
    const [view] = sessionViews(db, [session], series.timezone, true) as [SessionView];
    const interests = interestViews(db, interestsOfSeries(db, series.id), true)
      .filter((i) => i.sessions.includes(session.id))
      .map((i) => ({
        name: i.person.name,
        email: i.person.email ?? '',
        country: countryIn(i.country, lang),
        roles: roleNames(rolesWanted(i, session.id), page),
        rank: page.ord('interest.choice', i.sessions.indexOf(session.id) + 1),
      }));
    return {
      series: { id: series.id, title: series.title },
      base: base(series),
      session: {
        id: session.id,
        title: session.title,
        status: session.status,
        when: session.startsAt ? whenText(session.startsAt, lang, zone, series.timezone) : t('session.dateToBeSet'),
        roles: roleItems(view.roles, t, lang),
        // The button shows only while someone is left to invite (or their copy is out of date).
        toInvite: session.status === 'scheduled' && session.startsAt !== null ? invitationsDue(db, session).length : 0,
        scheduled: session.status === 'scheduled' && session.startsAt !== null,
      },
      lineup: lineupPeople(view, t),
      form: form ?? roleFormOf(view, lang),
      chairs: chairsOf(db, series.id).map((p) => ({ email: p.email, name: p.name ?? p.email })),
      countries: countryOptions(lang),
      interests,
      errors: extra.errors ?? {},
      problem: extra.problem ?? null,
      notice: extra.notice ?? null,
      warnings: extra.warnings ?? warningsNow(db, clock, session).map((w) => warningText(w, page)),
    };
  }

  app.get('/series/:id/manage/sessions/:sessionId', async (request, reply) => {
    const { series } = chairOf(request);
    const session = sessionOf(series, (request.params as { sessionId: string }).sessionId);
    const page = pageFor(request, reply);
    const notice = noticeOf(request, page, noticeKeys);
    return render(reply, page, 'manage-session', session.title, sessionPage(page, series, session, null, { notice }));
  });

  app.post('/series/:id/manage/sessions/:sessionId/roles', csrf, async (request, reply) => {
    const { person, series } = chairOf(request);
    const session = sessionOf(series, (request.params as { sessionId: string }).sessionId);
    const page = pageFor(request, reply);
    const { t, lang } = page;
    const body = formOf(request);
    const form: RoleForm = textFields(body, {
      chairEmail: [1000],
      chairCountry: [100],
      supporting: [1000],
      focalCountry: [100],
      focalPeople: [4000, 'multiline'],
      discussantCountry: [100],
      discussantPeople: [4000, 'multiline'],
      coBloggers: [4000, 'multiline'],
    });
    const errors: Record<string, string> = {};
    const email = (field: keyof RoleForm) => {
      const value = form[field].toLowerCase();
      if (value && !isEmail(value)) errors[field] = t('manage.error.email', { value: form[field] });
      return value;
    };
    const emails = (field: keyof RoleForm) => {
      const list = splitEmails(form[field]);
      const bad = list.find((e) => !isEmail(e));
      if (bad) errors[field] = t('manage.error.email', { value: bad });
      return list;
    };
    const country = (field: keyof RoleForm) => {
      if (!form[field]) return null;
      const code = countryFromInput(form[field], lang);
      if (!code) errors[field] = t('manage.error.country', { value: form[field] });
      return code;
    };
    const chairEmail = email('chairEmail');
    const chairCountry = country('chairCountry');
    const supporting = email('supporting');
    const focalCountry = country('focalCountry');
    const focalPeople = emails('focalPeople');
    const discussantCountry = country('discussantCountry');
    const discussantPeople = emails('discussantPeople');
    const coBloggers = emails('coBloggers');
    if (focalPeople.length && !focalCountry) errors.focalCountry ??= t('manage.error.countryNeeded');
    if (discussantPeople.length && !discussantCountry) errors.discussantCountry ??= t('manage.error.countryNeeded');
    if (chairCountry && !chairEmail) errors.chairEmail = t('manage.error.chairNeeded');
    const title = session.title;
    if (Object.keys(errors).length > 0) {
      return render(reply, page, 'manage-session', title, sessionPage(page, series, session, form, { errors }), 400);
    }
    const lineup: LineupBody = {
      chair: chairEmail ? { email: chairEmail, ...(chairCountry ? { country: chairCountry } : {}) } : null,
      supportingChair: supporting ? { email: supporting } : null,
      focal: focalCountry ? { country: focalCountry, people: focalPeople.map((e) => ({ email: e })) } : null,
      discussant: discussantCountry
        ? { country: discussantCountry, people: discussantPeople.map((e) => ({ email: e })) }
        : null,
      coBloggers: coBloggers.map((e) => ({ email: e })),
    };
    // The limits of PUT /api/sessions/:id/roles, beside the field that broke them.
    const checkedLineup = checkLineup(lineup);
    if (!checkedLineup.ok) {
      const refused = fieldMessages(checkedLineup.problems, lineupField, (_, problem) =>
        problem.keyword === 'maxItems'
          ? t('manage.notice.refused')
          : t('manage.error.email', { value: valueAt(lineup, problem.path) }),
      );
      return render(
        reply,
        page,
        'manage-session',
        title,
        sessionPage(page, series, session, form, { errors: refused }),
        400,
      );
    }
    try {
      setLineup(db, clock, person, session, checkedLineup.value);
      return seeOther(reply, `${base(series)}/sessions/${encodeURIComponent(session.id)}?notice=lineupSaved`);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const problem = error.statusCode === 409 ? refusal(error, page) : t('manage.notice.refused');
      return render(
        reply,
        page,
        'manage-session',
        title,
        sessionPage(page, series, session, form, { problem }),
        error.statusCode,
      );
    }
  });

  // ---- interests, listed -----------------------------------------------------------------------

  // The chairs' spreadsheet of interests: the API's rows, the headers and words in their language.
  app.get('/series/:id/manage/interests.csv', async (request, reply) => {
    const { series } = chairOf(request);
    const { t, lang } = pageFor(request, reply);
    const words: InterestCsvWords = {
      headers: Object.fromEntries(interestColumns.map((c) => [c, t(`csv.interests.${c}`)])) as Record<
        InterestColumn,
        string
      >,
      role: (role) => roleWord(lang, role),
      country: (code) => countryIn(code, lang),
      convening: (title) => t('me.convening', { title }),
    };
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${interestsCsvName(series.title)}"`)
      .send(interestsCsv(db, series.id, words));
  });

  app.get('/series/:id/manage/interests', async (request, reply) => {
    const { series } = chairOf(request);
    const page = pageFor(request, reply);
    const { t, lang } = page;
    const view = seriesView(db, series, true);
    const titles = new Map(view.sessions.map((s) => [s.id, s.title]));
    const streams = new Map(view.workstreams.map((w) => [w.id, w.title]));
    const interests = interestViews(db, interestsOfSeries(db, series.id), true).map((i) => ({
      name: i.person.name,
      email: i.person.email ?? '',
      country: countryIn(i.country, lang),
      organisation: i.organisation,
      sessions: i.choices.map((c) => ({
        title: titles.get(c.sessionId) ?? c.sessionId,
        roles: roleNames(c.roles, page),
      })),
      workstreams: i.workstreams.map((w) =>
        w.asConvener ? t('me.convening', { title: streams.get(w.id) ?? w.id }) : (streams.get(w.id) ?? w.id),
      ),
      motivation: i.motivation,
    }));
    return render(reply, page, 'manage-interests', t('manage.interestsTitle'), {
      series: { id: series.id, title: series.title },
      base: base(series),
      interests,
    });
  });

  // ---- the series' basics and its sessions ---------------------------------------------------------

  interface SettingsExtra {
    errors?: Partial<Record<string, string>>;
    values?: Record<string, string>;
    notice?: string | null;
  }

  /** The settings page, with what the chair typed and what to correct when a form was refused. */
  function renderSettings(reply: FastifyReply, page: Page, series: SeriesRow, extra: SettingsExtra, status = 200) {
    return render(reply, page, 'manage-settings', page.t('settings.title'), settingsPage(page, series, extra), status);
  }

  function settingsPage(page: Page, series: SeriesRow, extra: SettingsExtra) {
    const { t } = page;
    const v = extra.values ?? {};
    const pick = (name: string, fallback: string) => v[name] ?? fallback;
    return {
      series: { id: series.id, title: series.title },
      base: base(series),
      max: { ...maxLengths(SeriesPatch), ...maxLengths({ properties: { sessionTitle: Title } }) },
      basics: {
        title: pick('title', series.title),
        description: pick('description', series.description ?? ''),
        timezone: pick('timezone', series.timezone),
        deadline: pick('deadline', dateInput(series.interestDeadline, series.timezone)),
      },
      plan: {
        firstMonth: pick('firstMonth', ''),
        everyMonths: pick('everyMonths', '3'),
        count: pick('count', '4'),
        week: pick('week', 'last'),
        weekday: pick('weekday', 'wednesday'),
        time: pick('time', '14:00'),
        duration: pick('duration', '90'),
        titles: pick('titles', ''),
      },
      session: {
        title: pick('sessionTitle', ''),
        startsAt: pick('sessionStartsAt', ''),
        duration: pick('sessionDuration', '90'),
        alternate: v.alternate === 'on',
      },
      chairs: chairsOf(db, series.id).map((c) => ({ email: c.email, name: c.name ?? '' })),
      zones: zoneGroups(page.lang),
      weeks: weeks.map((w) => ({ value: w, label: t(`plan.week.${w}` as MessageKey) })),
      weekdays: weekdays.map((d) => ({ value: d, label: t(`plan.weekday.${d}` as MessageKey) })),
      errors: extra.errors ?? {},
      notice: extra.notice ?? null,
    };
  }

  app.get('/series/:id/manage/settings', async (request, reply) => {
    const { series } = chairOf(request);
    const page = pageFor(request, reply);
    const notice = noticeOf(request, page, noticeKeys);
    return renderSettings(reply, page, series, { notice });
  });

  app.post('/series/:id/manage/settings', csrf, async (request, reply) => {
    const { person, series } = chairOf(request);
    const page = pageFor(request, reply);
    const { t } = page;
    const body = formOf(request);
    const values = textFields(body, {
      title: [1000, 'label'],
      description: [10_000, 'multiline'],
      timezone: [100],
      deadline: [40],
    });
    const changes = {
      title: values.title,
      description: values.description || null,
      timezone: values.timezone,
      interestDeadline: values.deadline || null,
    };
    const checkedChanges = checkSeriesChanges(changes);
    let errors: Partial<Record<string, string>> = checkedChanges.ok
      ? {}
      : fieldMessages(
          checkedChanges.problems,
          (path) => settingsField(path[0]),
          (field, problem) => settingsProblem(t, field, problem),
        );
    if (checkedChanges.ok) {
      try {
        changeSeries(db, clock, person, series, checkedChanges.value);
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode !== 400) throw error;
        const field = settingsField((error.details as { field?: string } | undefined)?.field);
        errors = { [field]: settingsProblem(t, field) };
      }
    }
    if (Object.keys(errors).length > 0) {
      return renderSettings(reply, page, series, { errors, values }, 400);
    }
    return seeOther(reply, `${base(series)}/settings?notice=saved`);
  });

  /** What the plan form says of a field the plan's schema or rules refused. */
  function planProblem(t: Translate, field: string, problem?: SchemaProblem, count = ''): string {
    if (field === 'count') return t('plan.error.count');
    if (field === 'everyMonths') return t('plan.error.every');
    if (field === 'durationMinutes') return t('plan.error.duration');
    if (field === 'titles') {
      return problem?.keyword === 'maxLength' && problem.limit !== undefined
        ? t('interest.error.tooLong', { max: problem.limit })
        : t('plan.error.titles', { n: count });
    }
    if (field === 'time') return t('plan.error.time');
    if (field === 'firstMonth') return t('plan.error.month');
    return t('error.badRequest');
  }
  const planField = (field: string | undefined) => (field === 'durationMinutes' ? 'duration' : (field ?? 'firstMonth'));

  app.post('/series/:id/manage/plan', csrf, async (request, reply) => {
    const { person, series } = chairOf(request);
    const page = pageFor(request, reply);
    const { t } = page;
    const body = formOf(request);
    const values = textFields(body, {
      firstMonth: [10],
      everyMonths: [3],
      count: [3],
      week: [10],
      weekday: [10],
      time: [5],
      duration: [4],
      titles: [10_000, 'multiline'],
    });
    const titles = values.titles
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '');
    // The form read into the body of POST /api/series/:id/sessions/plan, checked by its schema.
    const plan = {
      firstMonth: values.firstMonth,
      everyMonths: Number(values.everyMonths || '3'),
      count: Number(values.count),
      week: values.week,
      weekday: values.weekday,
      time: values.time,
      durationMinutes: Number(values.duration || '90'),
      ...(titles.length > 0 ? { titles } : {}),
    };
    const checkedPlan = checkPlan(plan);
    if (!checkedPlan.ok) {
      const errors = fieldMessages(
        checkedPlan.problems,
        (path) => planField(path[0]),
        (field, problem) => planProblem(t, field === 'duration' ? 'durationMinutes' : field, problem, values.count),
      );
      return renderSettings(reply, page, series, { errors, values }, 400);
    }
    try {
      const planned = planSessions(db, clock, person, series, config.publicUrl, checkedPlan.value, (n) =>
        t('plan.defaultTitle', { n }),
      );
      return seeOther(reply, `${base(series)}/settings?notice=planned&n=${planned.length}`);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'in_the_past') {
        return renderSettings(reply, page, series, { errors: { firstMonth: t('plan.error.past') }, values }, 409);
      }
      if (error.statusCode !== 400) throw error;
      const field = (error.details as { field?: string } | undefined)?.field;
      const errors = { [planField(field)]: planProblem(t, field ?? 'firstMonth', undefined, values.count) };
      return renderSettings(reply, page, series, { errors, values }, 400);
    }
  });

  /** The add-session form's field for a field of POST /api/series/:id/sessions. */
  const sessionField = (field: string | undefined) =>
    field === 'title' ? 'sessionTitle' : field === 'durationMinutes' ? 'sessionDuration' : 'sessionStartsAt';

  app.post('/series/:id/manage/sessions', csrf, async (request, reply) => {
    const { person, series } = chairOf(request);
    const page = pageFor(request, reply);
    const { t } = page;
    const body = formOf(request);
    const values = {
      sessionTitle: text(body, 'sessionTitle', 1000, 'label'),
      sessionStartsAt: text(body, 'sessionStartsAt', 40),
      sessionDuration: text(body, 'sessionDuration', 4),
      alternate: checked(body, 'alternate') ? 'on' : '',
    };
    const session = {
      title: values.sessionTitle,
      startsAt: values.sessionStartsAt || null,
      durationMinutes: Number(values.sessionDuration || '90'),
      alternate: values.alternate === 'on',
    };
    const problemOf = (field: string, problem?: SchemaProblem, details?: { reason?: string; outOfRange?: boolean }) => {
      if (field === 'sessionTitle') {
        return problem?.keyword === 'maxLength' && problem.limit !== undefined
          ? t('interest.error.tooLong', { max: problem.limit })
          : t('settings.error.title');
      }
      if (field === 'sessionDuration') return t('plan.error.duration');
      if (details?.reason === 'needed') return t('settings.error.dateNeeded');
      return t(details?.outOfRange ? 'settings.error.range' : 'settings.error.date');
    };
    const checkedSession = checkSession(session);
    if (!checkedSession.ok) {
      const errors = fieldMessages(
        checkedSession.problems,
        (path) => sessionField(path[0]),
        (field, problem) => problemOf(field, problem),
      );
      return renderSettings(reply, page, series, { errors, values }, 400);
    }
    try {
      addSession(db, clock, person, series, config.publicUrl, checkedSession.value);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (error.code === 'in_the_past') {
        const errors = { sessionStartsAt: t('settings.error.past') };
        return renderSettings(reply, page, series, { errors, values }, 409);
      }
      if (error.statusCode !== 400) throw error;
      const details = (error.details ?? {}) as { field?: string; reason?: string; outOfRange?: boolean };
      const field = sessionField(details.field);
      return renderSettings(
        reply,
        page,
        series,
        { errors: { [field]: problemOf(field, undefined, details) }, values },
        400,
      );
    }
    return seeOther(reply, `${base(series)}/settings?notice=added`);
  });
}
