// The expression-of-interest form. Submitting it goes through the rules of
// POST /api/series/:id/interests (checkedInterest, the deadline and its extensions, saveInterest
// with its confirmation email); the problems are shown beside the form in the reader's language.
import type { FastifyInstance } from 'fastify';
import { mainZone } from '../../domain/countries.js';
import { canonicalZone, isOnTime } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import { isLanguage, type Language, languageNames, languages, type MessageKey } from '../../i18n/index.js';
import { signedIn } from '../../modules/auth/access.js';
import {
  extensionFor,
  type InterestRole,
  interestOf,
  interestRoles,
  interestViews,
  saveInterest,
  seriesTargets,
  withdrawInterest,
} from '../../modules/interests/repository.js';
import { checkedInterest } from '../../modules/interests/routes.js';
import { type Person, profileZone } from '../../modules/people/repository.js';
import { findSeries, type SeriesRow, seriesView } from '../../modules/series/repository.js';
import { type Page, pageFor, render } from '../context.js';
import { PageError } from '../errors.js';
import { countryOptions, whenText } from '../format.js';
import { all, type FormBody, formOf, text } from '../forms.js';
import { seeOther } from '../redirect.js';

export const roleKeys: Record<InterestRole, MessageKey> = {
  focal: 'role.focal',
  discussant: 'role.discussant',
  chair: 'role.chair',
  co_blogger: 'role.coBlogger',
};

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
  roles: string[];
  /** session id → rank (1 = first choice) */
  ranks: Record<string, number>;
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

function currentValues(app: FastifyInstance, person: Person, seriesId: string, page: Page): Values {
  const interest = interestOf(app.db, seriesId, person.id);
  const view = interest ? interestViews(app.db, [interest], false)[0] : undefined;
  const country = view?.country ?? person.country ?? '';
  return {
    name: person.name ?? '',
    country,
    organisation: view?.organisation ?? person.organisation ?? '',
    roles: view?.roles ?? [],
    ranks: Object.fromEntries((view?.sessions ?? []).map((id, i) => [id, i + 1])),
    workstreams: view?.workstreams.map((w) => w.id) ?? [],
    convene: view?.workstreams.filter((w) => w.asConvener).map((w) => w.id) ?? [],
    motivation: view?.motivation ?? '',
    language: person.language ?? page.lang,
    timezone: profileZone(person, country || null).timezone ?? '',
  };
}

function submittedValues(body: FormBody, sessionIds: string[]): Values {
  const ranks: Record<string, number> = {};
  for (const id of sessionIds) {
    const rank = Number(text(body, `rank_${id}`, 3));
    if (Number.isInteger(rank) && rank > 0) ranks[id] = rank;
  }
  const convene = all(body, 'convene');
  return {
    name: text(body, 'name', 1000, 'label'),
    country: text(body, 'country', 10).toUpperCase(),
    organisation: text(body, 'organisation', 1000),
    roles: all(body, 'roles'),
    ranks,
    // Volunteering to convene a workstream is joining it.
    workstreams: [...new Set([...all(body, 'workstreams'), ...convene])],
    convene,
    motivation: text(body, 'motivation', 10_000, 'multiline'),
    language: text(body, 'language', 5),
    timezone: text(body, 'timezone', 100),
  };
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
      roles: interestRoles.map((r) => ({
        value: r,
        label: t(roleKeys[r]),
        hint: t(roleHints[r]),
        checked: values.roles.includes(r),
      })),
      sessions,
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
    const now = clock.now();
    if (!isOnTime(now, series.interestDeadline, extensionFor(db, series.id, person.id))) {
      const data = showForm(page, series, person, currentValues(app, person, series.id, page), {}, null);
      return render(reply, page, 'interest', title, data, 409);
    }
    const body = formOf(request);
    const targets = seriesView(db, series, false);
    const openSessions = targets.sessions.filter((s) => s.status !== 'cancelled').map((s) => s.id);
    const values = submittedValues(body, openSessions);
    const errors: Errors = {};

    if (values.name.length > 200) errors.name = t('interest.error.tooLong', { max: 200 });
    if (values.organisation.length > 200) errors.organisation = t('interest.error.tooLong', { max: 200 });
    if (values.motivation.length > 4000) errors.motivation = t('interest.error.tooLong', { max: 4000 });
    if (!values.country) errors.country = t('interest.error.country');
    else if (!countryOptions('en').some((c) => c.code === values.country)) errors.country = t('interest.error.country');
    const roles = values.roles.filter((r): r is InterestRole => (interestRoles as readonly string[]).includes(r));
    const ranked = Object.entries(values.ranks).sort((a, b) => a[1] - b[1]);
    const ranks = ranked.map(([, r]) => r);
    if (roles.length === 0 && values.workstreams.length === 0) errors.roles = t('interest.error.nothing');
    else if (roles.length > 0 && ranked.length === 0) errors.sessions = t('interest.error.noSession');
    else if (roles.length === 0 && ranked.length > 0) errors.roles = t('interest.error.noRole');
    if (!errors.sessions && new Set(ranks).size !== ranks.length) errors.sessions = t('interest.error.sameRank');
    let timezone: string | null = null;
    if (values.timezone) {
      timezone = canonicalZone(values.timezone);
      if (!timezone) errors.timezone = t('interest.error.timezone');
    }
    const language: Language = isLanguage(values.language) ? values.language : page.lang;

    if (Object.keys(errors).length === 0) {
      try {
        // The API's own checks: what the interest names must belong to the series.
        const input = checkedInterest(seriesTargets(db, series.id), {
          country: values.country,
          organisation: values.organisation || null,
          roles,
          sessions: ranked.map(([id]) => id),
          workstreams: values.workstreams.map((id) => ({ id, asConvener: values.convene.includes(id) })),
          motivation: values.motivation || null,
        });
        // The form comes filled in with the estimate from the country: sent back as it was (or as
        // the main zone of the country now chosen), it is still an estimate, not a choice.
        const estimate =
          !person.timezoneChosen && (timezone === person.timezone || timezone === mainZone(input.country));
        const zone = profileZone(person, input.country, estimate ? null : timezone);
        if (!zone.timezone) errors.timezone = t('interest.error.timezone');
        else {
          saveInterest(db, clock, person, series.id, input, {
            name: values.name || person.name,
            country: input.country,
            organisation: input.organisation,
            language,
            timezone: zone.timezone,
            timezoneChosen: zone.timezoneChosen,
          });
          return seeOther(reply, `/series/${encodeURIComponent(series.id)}/interest?saved=1`);
        }
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode !== 400) throw error;
        const field = (error.details as { field?: string } | undefined)?.field;
        const where = field === 'sessions' || field === 'workstreams' || field === 'roles' ? field : 'form';
        errors[where] = t('interest.error.changed');
      }
    }
    const data = showForm(page, series, person, values, errors, null);
    return render(reply, page, 'interest', title, data, 400);
  });

  app.post('/series/:id/interest/withdraw', { preValidation: app.csrfProtection }, async (request, reply) => {
    const person = signedIn(request);
    const series = load((request.params as { id: string }).id);
    const interest = interestOf(db, series.id, person.id);
    if (!interest) return seeOther(reply, `/series/${encodeURIComponent(series.id)}/interest`);
    if (!isOnTime(clock.now(), series.interestDeadline, extensionFor(db, series.id, person.id))) {
      throw new PageError(409, 'interest.closedShort');
    }
    withdrawInterest(db, clock, person, interest);
    return seeOther(reply, `/series/${encodeURIComponent(series.id)}/interest?withdrawn=1`);
  });
}
