// Opening a series (an administrator) and keeping its chairs (its chairs): the same rules as
// POST /api/series and PATCH /api/series/:id, through the series service.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../../errors.js';
import { bodyCheck, type SchemaProblem } from '../../lib/lazy-schemas.js';
import { signedIn } from '../../modules/auth/access.js';
import { chairsOf, type SeriesRow } from '../../modules/series/repository.js';
import { SeriesCreate, SeriesPatch } from '../../modules/series/schemas.js';
import { changeSeries, openSeries } from '../../modules/series/service.js';
import { manageBase, seriesForChair } from '../chair.js';
import { type Page, pageFor, render } from '../context.js';
import { PageError } from '../errors.js';
import { zoneGroups } from '../format.js';
import { fieldMessages, formOf, maxLengths, text, textFields } from '../forms.js';
import { seeOther } from '../redirect.js';

const checkSeries = bodyCheck(SeriesCreate);
const checkChairs = bodyCheck(SeriesPatch);

type NewSeriesField = 'title' | 'description' | 'timezone' | 'deadline' | 'chairs';

/** One chair per line: the address, then the name if given ("ana@example.org, Ana Gómez"). */
export function chairLines(value: string): { email: string; name?: string }[] {
  return value
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [first = '', ...rest] = line.split(/[,;\t]/);
      const name = rest.join(' ').trim();
      return name ? { email: first.trim(), name } : { email: first.trim() };
    });
}

const fieldOf = (path: readonly string[]): NewSeriesField =>
  path[0] === 'interestDeadline'
    ? 'deadline'
    : path[0] === 'title' || path[0] === 'description' || path[0] === 'timezone'
      ? path[0]
      : 'chairs';

function problemText(page: Page, field: NewSeriesField, problem?: SchemaProblem): string {
  if (problem?.keyword === 'maxLength' && problem.limit !== undefined) {
    return page.t('interest.error.tooLong', { max: problem.limit });
  }
  if (field === 'title') return page.t('settings.error.title');
  if (field === 'deadline') return page.t('settings.error.date');
  if (field === 'timezone') return page.t('interest.error.timezone');
  if (field === 'description') return page.t('error.badRequest');
  return page.t('admin.error.chairs');
}

/** The number, counted from 1 in the box as typed, of the line that gave the `index`-th chair. */
function lineOfChair(typed: string, index: number): number {
  const lines = typed.split('\n');
  let seen = -1;
  for (const [n, line] of lines.entries()) {
    if (line.trim() !== '' && ++seen === index) return n + 1;
  }
  return lines.length;
}

/**
 * What is wrong with the chairs box, naming the line to correct: `index` is the chair a problem is
 * about (from a schema path `chairs/2/email` or the service's `chairs[2].email`).
 */
function chairsText(
  page: Page,
  typed: string,
  chairs: { email: string }[],
  problem: { index?: number; keyword?: string; email?: string; limit?: number },
): string {
  if (problem.email) return page.t('admin.error.chairTwice', { email: problem.email });
  if (problem.keyword === 'minItems') return page.t('admin.error.noChairs');
  if (problem.keyword === 'maxItems') return page.t('admin.error.tooManyChairs', { max: problem.limit ?? 20 });
  if (problem.keyword === 'maxLength' && problem.limit !== undefined) {
    return page.t('interest.error.tooLong', { max: problem.limit });
  }
  if (problem.index !== undefined) {
    const value = chairs[problem.index]?.email ?? '';
    return page.t('admin.error.chairEmail', { line: lineOfChair(typed, problem.index), value });
  }
  return page.t('admin.error.chairs');
}

/** The chair a path names: `['chairs', '2', 'email']` or the service's field `chairs[2].email`. */
function chairIndex(path: readonly string[] | string | undefined): number | undefined {
  const text = Array.isArray(path) ? path.join('/') : String(path ?? '');
  const found = /^chairs(?:\/|\[)(\d+)/.exec(text);
  return found ? Number(found[1]) : undefined;
}

export async function seriesAdminRoutes(app: FastifyInstance) {
  const { db, clock } = app;
  const csrf = { preValidation: app.csrfProtection };

  function admin(page: Page) {
    if (!page.person?.isAdmin) throw new PageError(403, 'admin.forbidden');
  }

  function newSeriesPage(
    reply: FastifyReply,
    page: Page,
    values: Record<NewSeriesField, string>,
    errors: Partial<Record<NewSeriesField, string>> = {},
    status = 200,
  ) {
    return render(
      reply,
      page,
      'series-new',
      page.t('admin.newSeries'),
      {
        values,
        errors,
        max: maxLengths(SeriesCreate),
        zones: zoneGroups(page.lang),
      },
      status,
    );
  }

  app.get('/series/new', async (request, reply) => {
    signedIn(request);
    const page = pageFor(request, reply);
    admin(page);
    // The box starts empty: whoever chairs is named on purpose, the administrator included.
    return newSeriesPage(reply, page, { title: '', description: '', timezone: '', deadline: '', chairs: '' });
  });

  app.post('/series/new', csrf, async (request, reply) => {
    const person = signedIn(request);
    const page = pageFor(request, reply);
    admin(page);
    const body = formOf(request);
    const values: Record<NewSeriesField, string> = textFields(body, {
      title: [1000, 'label'],
      description: [10_000, 'multiline'],
      timezone: [100],
      deadline: [40],
      chairs: [20_000, 'multiline'],
    });
    const create = {
      title: values.title,
      description: values.description || null,
      timezone: values.timezone,
      interestDeadline: values.deadline || null,
      chairs: chairLines(values.chairs),
    };
    const checked = checkSeries(create);
    if (!checked.ok) {
      const errors = fieldMessages(checked.problems, fieldOf, (field, problem) =>
        field === 'chairs'
          ? chairsText(page, values.chairs, create.chairs, { ...problem, index: chairIndex(problem.path) })
          : problemText(page, field, problem),
      );
      return newSeriesPage(reply, page, values, errors, 400);
    }
    let series: SeriesRow;
    try {
      series = openSeries(db, clock, person, checked.value);
    } catch (error) {
      if (!(error instanceof AppError) || error.statusCode !== 400) throw error;
      const details = (error.details ?? {}) as { field?: string; email?: string };
      const field = fieldOf([details.field?.replace(/\[.*$/, '') ?? 'chairs']);
      const message =
        field === 'chairs'
          ? chairsText(page, values.chairs, create.chairs, {
              index: chairIndex(details.field),
              ...(details.email ? { email: details.email } : {}),
            })
          : problemText(page, field);
      return newSeriesPage(reply, page, values, { [field]: message }, 400);
    }
    return seeOther(reply, `${manageBase(series)}/settings?notice=created`);
  });

  // ---- the chairs of a series ------------------------------------------------------------------

  /** The chairs as PATCH /api/series/:id takes them, from the list as it is now. */
  const currentChairs = (series: SeriesRow) =>
    chairsOf(db, series.id).map((c) => (c.name ? { email: c.email, name: c.name } : { email: c.email }));

  /** Saves a new list of chairs; a refusal comes back to the settings page with its reason. */
  function saveChairs(
    reply: FastifyReply,
    page: Page,
    series: SeriesRow,
    chairs: { email: string; name?: string }[],
    notice: string,
  ) {
    const person = page.person;
    if (!person) throw new PageError(403, 'manage.forbidden');
    // The API's limits on a series' chairs (SeriesPatch): at least one, a bounded number, valid addresses.
    const checked = checkChairs({ chairs });
    if (!checked.ok) {
      const keywords = checked.problems.map((p) => p.keyword);
      if (keywords.includes('minItems')) throw new PageError(409, 'chairs.error.last');
      if (keywords.includes('maxItems')) throw new PageError(409, 'chairs.error.many');
      throw new PageError(400, 'chairs.error.email');
    }
    try {
      changeSeries(db, clock, person, series, checked.value);
    } catch (error) {
      if (!(error instanceof AppError) || error.statusCode !== 400) throw error;
      throw new PageError(400, 'chairs.error.email');
    }
    return seeOther(reply, `${manageBase(series)}/settings?notice=${notice}#chairs`);
  }

  app.post('/series/:id/manage/chairs', csrf, async (request, reply) => {
    const { series } = seriesForChair(db, request);
    const page = pageFor(request, reply);
    const body = formOf(request);
    const email = text(body, 'email', 254).toLowerCase();
    const name = text(body, 'name', 200, 'line');
    if (!email) throw new PageError(400, 'chairs.error.email');
    const chairs = currentChairs(series).filter((c) => c.email !== email);
    chairs.push(name ? { email, name } : { email });
    return saveChairs(reply, page, series, chairs, 'chairAdded');
  });

  app.post('/series/:id/manage/chairs/remove', csrf, async (request, reply) => {
    const { series } = seriesForChair(db, request);
    const page = pageFor(request, reply);
    const email = text(formOf(request), 'email', 254).toLowerCase();
    const chairs = currentChairs(series);
    if (!chairs.some((c) => c.email === email)) throw new PageError(404, 'error.notFound');
    return saveChairs(
      reply,
      page,
      series,
      chairs.filter((c) => c.email !== email),
      'chairRemoved',
    );
  });
}
