// The expression-of-interest form. Submitting it goes through the rules of
// POST /api/series/:id/interests (checkedInterest, the deadline and its extensions, saveInterest
// with its confirmation email); the problems are shown beside the form in the reader's language.
import type { FastifyInstance } from 'fastify';
import { mainZone } from '../../domain/countries.js';
import { canonicalZone, isOnTime } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import { isLanguage, languageNames, languages, type MessageKey, type Translate } from '../../i18n/index.js';
import { bodyCheck, type SchemaProblem } from '../../lib/lazy-schemas.js';
import { signedIn } from '../../modules/auth/access.js';
import { contactByEmail } from '../../modules/interests/contacts.js';
import {
  extensionFor,
  type InterestRole,
  interestOf,
  interestRoles,
  interestViews,
} from '../../modules/interests/repository.js';
import { InterestBody } from '../../modules/interests/schemas.js';
import { submitInterest, withdraw } from '../../modules/interests/service.js';
import { type Person, profileZone } from '../../modules/people/repository.js';
import { findSeries, type SeriesRow, seriesView } from '../../modules/series/repository.js';
import { type Page, pageFor, render } from '../context.js';
import { PageError } from '../errors.js';
import { countryOptions, whenText, zoneGroups } from '../format.js';
import { all, type FormBody, fieldMessages, formOf, maxLengths, text } from '../forms.js';
import { roleKeys } from '../labels.js';
import { seeOther } from '../redirect.js';

const roleHints: Record<InterestRole, MessageKey> = {
  focal: 'interest.roleHint.focal',
  discussant: 'interest.roleHint.discussant',
  chair: 'interest.roleHint.chair',
  co_blogger: 'interest.roleHint.co_blogger',
};

/** What the form shows: the person's current interest, or what they just submitted. */
interface Values {
  name: string;
  country: string;
  organisation: string;
  /** session id → rank (1 = first choice) */
  ranks: Record<string, number>;
  /** session id → the roles ticked in that session's row of the grid */
  choices: Record<string, string[]>;
  workstreams: string[];
  convene: string[];
  motivation: string;
  language: string;
  timezone: string;
}

type Errors = Partial<
  Record<
    'name' | 'country' | 'organisation' | 'roles' | 'sessions' | 'workstreams' | 'motivation' | 'timezone' | 'form',
    string
  >
>;

/**
 * The form as it opens: the interest already given, else the person's profile, else what the
 * series' contact list says of their address (the chairs noted their name, country, language
 * and zone when they imported it), so that someone answering the call types none of it again.
 */
function currentValues(app: FastifyInstance, person: Person, seriesId: string, page: Page): Values {
  const interest = interestOf(app.db, seriesId, person.id);
  const view = interest ? interestViews(app.db, [interest], false)[0] : undefined;
  const contact = contactByEmail(app.db, seriesId, person.email);
  const country = view?.country ?? person.country ?? contact?.country ?? '';
  // The zone the chairs noted goes with the country they noted, not with another one.
  const noted = !person.timezoneChosen && contact?.timezone && country === contact.country ? contact.timezone : null;
  return {
    name: person.name ?? contact?.name ?? '',
    country,
    organisation: view?.organisation ?? person.organisation ?? '',
    ranks: Object.fromEntries((view?.choices ?? []).map((c, i) => [c.sessionId, i + 1])),
    choices: Object.fromEntries((view?.choices ?? []).map((c) => [c.sessionId, [...c.roles]])),
    workstreams: view?.workstreams.map((w) => w.id) ?? [],
    convene: view?.workstreams.filter((w) => w.asConvener).map((w) => w.id) ?? [],
    motivation: view?.motivation ?? '',
    language: person.language ?? contact?.language ?? page.lang,
    timezone: noted ?? profileZone(person, country || null).timezone ?? '',
  };
}

function submittedValues(body: FormBody, sessionIds: string[]): Values {
  const ranks: Record<string, number> = {};
  const choices: Record<string, string[]> = {};
  for (const id of sessionIds) {
    const rank = Number(text(body, `rank_${id}`, 3));
    if (Number.isInteger(rank) && rank > 0) ranks[id] = rank;
    const roles = all(body, `roles_${id}`);
    if (roles.length) choices[id] = roles;
  }
  const convene = all(body, 'convene');
  return {
    name: text(body, 'name', 1000, 'label'),
    country: text(body, 'country', 10).toUpperCase(),
    organisation: text(body, 'organisation', 1000),
    ranks,
    choices,
    // Volunteering to convene a workstream is joining it.
    workstreams: [...new Set([...all(body, 'workstreams'), ...convene])],
    convene,
    motivation: text(body, 'motivation', 10_000, 'multiline'),
    language: text(body, 'language', 5),
    timezone: text(body, 'timezone', 100),
  };
}

const checkSubmission = bodyCheck(InterestBody);

/** The form's field that shows a problem with a field of the API's body. */
function fieldOfForm(field: string): keyof Errors {
  switch (field) {
    case 'name':
    case 'country':
    case 'organisation':
    case 'roles':
    case 'sessions':
    case 'workstreams':
    case 'motivation':
    case 'timezone':
      return field;
    case 'choices':
      return 'sessions';
    default:
      return 'form';
  }
}

/** What the schema refused, as the form says it. */
function problemText(t: Translate, field: keyof Errors, problem: SchemaProblem): string {
  const typed = field === 'name' || field === 'organisation' || field === 'motivation';
  if (typed && problem.keyword === 'maxLength' && problem.limit !== undefined) {
    return t('interest.error.tooLong', { max: problem.limit });
  }
  if (field === 'name') return t('error.onlySpaces');
  return ruleText(t, field);
}

/** What the submission's rules refused (a session gone since the form was shown, a missing choice). */
function ruleText(t: Translate, field: keyof Errors, reason?: string): string {
  if (reason === 'nothing_chosen') return t('interest.error.nothing');
  if (reason === 'role_without_session') return t('interest.error.noSession');
  if (reason === 'session_without_role') return t('interest.error.noRole');
  if (field === 'country') return t('interest.error.country');
  if (field === 'timezone') return t('interest.error.timezone');
  return t('interest.error.changed');
}

export async function interestRoutes(app: FastifyInstance) {
  const { db, clock } = app;

  function load(id: string): SeriesRow {
    const series = findSeries(db, id);
    if (!series) throw new PageError(404, 'error.notFound');
    return series;
  }

  function showForm(
    page: Page,
    series: SeriesRow,
    person: Person,
    values: Values,
    errors: Errors,
    notice: string | null,
  ) {
    const { t, lang } = page;
    const now = clock.now();
    const extension = extensionFor(db, series.id, person.id);
    const open = isOnTime(now, series.interestDeadline, extension);
    const zone = page.zone ?? series.timezone;
    const lastDay =
      series.interestDeadline && extension && extension > series.interestDeadline ? extension : series.interestDeadline;
    const view = seriesView(db, series, false);
    const sessions = view.sessions
      .filter((s) => s.status !== 'cancelled')
      .map((s) => ({
        id: s.id,
        title: s.title,
        when: s.startsAt ? whenText(new Date(s.startsAt), lang, zone, series.timezone) : t('session.dateToBeSet'),
        alternate: s.status === 'alternate',
        rank: values.ranks[s.id] ?? 0,
      }));
    const existing = interestOf(db, series.id, person.id);
    return {
      series: { id: series.id, title: series.title },
      max: maxLengths(InterestBody),
      open,
      extended: extension !== null && open && series.interestDeadline !== null && now > series.interestDeadline,
      deadline: lastDay ? whenText(lastDay, lang, zone, series.timezone) : null,
      hasInterest: existing !== undefined,
      values,
      errors,
      errorList: Object.values(errors),
      notice,
      email: person.email,
      countries: countryOptions(lang),
      // The zones of the country given (or the profile's) come first.
      zones: zoneGroups(
        lang,
        [values.country, person.country ?? ''].filter((c) => c !== ''),
      ),
      roles: interestRoles.map((r) => ({ value: r, label: t(roleKeys[r]), hint: t(roleHints[r]) })),
      sessions: sessions.map((s) => ({
        ...s,
        roles: interestRoles.map((r) => ({
          value: r,
          label: t('interest.roleIn', { role: t(roleKeys[r]), session: s.title }),
          checked: (values.choices[s.id] ?? []).includes(r),
        })),
      })),
      choices: sessions.map((_, i) => ({ value: i + 1, label: page.ord('interest.choice', i + 1) })),
      workstreams: view.workstreams.map((w) => ({
        id: w.id,
        title: w.title,
        description: w.description,
        joined: values.workstreams.includes(w.id),
        convene: values.convene.includes(w.id),
      })),
      languages: languages.map((code) => ({ code, name: languageNames[code], selected: values.language === code })),
    };
  }

  app.get('/series/:id/interest', async (request, reply) => {
    const person = signedIn(request);
    const series = load((request.params as { id: string }).id);
    const page = pageFor(request, reply);
    const saved = (request.query as Record<string, unknown>).saved !== undefined;
    const withdrawn = (request.query as Record<string, unknown>).withdrawn !== undefined;
    const notice = saved
      ? page.t('interest.saved', { email: person.email })
      : withdrawn
        ? page.t('interest.withdrawn')
        : null;
    const data = showForm(page, series, person, currentValues(app, person, series.id, page), {}, notice);
    return render(reply, page, 'interest', page.t('interest.title', { series: series.title }), data);
  });

  app.post('/series/:id/interest', { preValidation: app.csrfProtection }, async (request, reply) => {
    const person = signedIn(request);
    const series = load((request.params as { id: string }).id);
    const page = pageFor(request, reply);
    const { t } = page;
    const title = t('interest.title', { series: series.title });
    const closed = () =>
      render(
        reply,
        page,
        'interest',
        title,
        showForm(page, series, person, currentValues(app, person, series.id, page), {}, null),
        409,
      );
    if (!isOnTime(clock.now(), series.interestDeadline, extensionFor(db, series.id, person.id))) return closed();
    const body = formOf(request);
    const targets = seriesView(db, series, false);
    const openSessions = targets.sessions.filter((s) => s.status !== 'cancelled').map((s) => s.id);
    const values = submittedValues(body, openSessions);
    const ranked = Object.entries(values.ranks).sort((a, b) => a[1] - b[1]);
    const ranks = ranked.map(([, r]) => r);
    // The form comes filled in with the estimate from the country: sent back as it was (or as
    // the main zone of the country now chosen), it is still an estimate, not a choice.
    const zone = values.timezone ? canonicalZone(values.timezone) : null;
    const estimate =
      zone !== null && !person.timezoneChosen && (zone === person.timezone || zone === mainZone(values.country));
    const submission = {
      name: values.name,
      country: values.country,
      organisation: values.organisation || null,
      ...(isLanguage(values.language) ? { language: values.language } : {}),
      ...(values.timezone && !estimate ? { timezone: values.timezone } : {}),
      choices: ranked.map(([sessionId]) => ({ sessionId, roles: values.choices[sessionId] ?? [] })),
      workstreams: values.workstreams.map((id) => ({ id, asConvener: values.convene.includes(id) })),
      motivation: values.motivation || null,
    };
    const checked = checkSubmission(submission);
    const errors: Errors = checked.ok
      ? {}
      : fieldMessages(
          checked.problems,
          (path) => fieldOfForm(path[0] ?? ''),
          (field, problem) => problemText(t, field, problem),
        );
    // Two sessions given the same place cannot be read into a ranking at all.
    if (!errors.sessions && new Set(ranks).size !== ranks.length) errors.sessions = t('interest.error.sameRank');
    // A row of the grid must have both a choice number and a role, or neither: said in the grid's
    // words rather than as the schema's refusal of a session with no role.
    const rows = openSessions.filter((id) => values.ranks[id] || values.choices[id]);
    if (rows.some((id) => values.ranks[id] && !values.choices[id])) errors.sessions = t('interest.error.noRole');
    else if (rows.some((id) => !values.ranks[id])) errors.sessions = t('interest.error.unranked');
    if (checked.ok && Object.keys(errors).length === 0) {
      try {
        await submitInterest(app, person, series.id, checked.value, request.headers['accept-language']);
        return seeOther(reply, `/series/${encodeURIComponent(series.id)}/interest?saved=1`);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.code === 'deadline_passed') return closed();
        if (error.statusCode !== 400) throw error;
        const details = error.details as { field?: string; reason?: string } | undefined;
        const field = fieldOfForm(details?.field ?? '');
        errors[field] = ruleText(t, field, details?.reason);
      }
    }
    const data = showForm(page, series, person, values, errors, null);
    return render(reply, page, 'interest', title, data, 400);
  });

  // Withdrawing asks first, on a page of its own, what will be lost.
  app.get('/series/:id/interest/withdraw', async (request, reply) => {
    const person = signedIn(request);
    const series = load((request.params as { id: string }).id);
    const sid = encodeURIComponent(series.id);
    if (!interestOf(db, series.id, person.id)) return seeOther(reply, `/series/${sid}/interest`);
    const page = pageFor(request, reply);
    return render(reply, page, 'confirm', page.t('interest.withdraw'), {
      heading: page.t('interest.withdraw'),
      what: page.t('confirm.withdraw', { series: series.title }),
      action: `/series/${sid}/interest/withdraw`,
      fields: [],
      button: page.t('confirm.withdrawButton'),
      back: { href: `/series/${sid}/interest`, text: page.t('confirm.keep') },
    });
  });

  app.post('/series/:id/interest/withdraw', { preValidation: app.csrfProtection }, async (request, reply) => {
    const person = signedIn(request);
    const series = load((request.params as { id: string }).id);
    const interest = interestOf(db, series.id, person.id);
    if (!interest) return seeOther(reply, `/series/${encodeURIComponent(series.id)}/interest`);
    try {
      withdraw(db, clock, person, interest);
    } catch (error) {
      if (error instanceof AppError && error.code === 'deadline_passed')
        throw new PageError(409, 'interest.closedShort');
      throw error;
    }
    return seeOther(reply, `/series/${encodeURIComponent(series.id)}/interest?withdrawn=1`);
  });
}
