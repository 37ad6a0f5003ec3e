// What every chairs' page starts with: the series for one of its chairs (or an administrator),
// its managing address, and the notice a redirect after a form carries (?notice=…&n=…).
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db.js';
import { isPluralKey, type MessageKey, type PluralKey } from '../i18n/index.js';
import { isSeriesChair, signedIn } from '../modules/auth/access.js';
import type { Person } from '../modules/people/repository.js';
import { findSeries, type SeriesRow } from '../modules/series/repository.js';
import { findWorkstream } from '../modules/workstreams/repository.js';
import type { Page } from './context.js';
import { PageError } from './errors.js';

/** The series of the address, for one of its chairs or an administrator; else a 404 or 403 page. */
export function seriesForChair(db: Db, request: FastifyRequest): { person: Person; series: SeriesRow } {
  const person = signedIn(request);
  const series = findSeries(db, (request.params as { id: string }).id);
  if (!series) throw new PageError(404, 'error.notFound');
  if (!isSeriesChair(db, person, series.id)) throw new PageError(403, 'manage.forbidden');
  return { person, series };
}

/** The workstream of the address, for its convener or a chair of its series; else a 404 or 403 page. */
export function workstreamForConvener(db: Db, request: FastifyRequest) {
  const person = signedIn(request);
  const workstream = findWorkstream(db, (request.params as { id: string }).id);
  const series = workstream && findSeries(db, workstream.seriesId);
  if (!workstream || !series) throw new PageError(404, 'error.notFound');
  if (workstream.convenerId !== person.id && !isSeriesChair(db, person, series.id)) {
    throw new PageError(403, 'workstream.forbidden');
  }
  return { person, workstream, series };
}

export const manageBase = (series: { id: string }) => `/series/${encodeURIComponent(series.id)}/manage`;

type NoticeKey = MessageKey | PluralKey;
/** The names of one page's `<page>.notice.<name>` messages. */
type NoticeName<P extends string> = { [K in NoticeKey]: K extends `${P}.notice.${infer N}` ? N : never }[NoticeKey];

/** A page's notices, by the name a redirect gives (?notice=name): each shows `<page>.notice.<name>`. */
export const pageNotices = <P extends string>(page: P, names: readonly NoticeName<P>[]): Record<string, NoticeKey> =>
  Object.fromEntries(names.map((name) => [name, `${page}.notice.${name}` as NoticeKey]));

/** The confirmation a form's redirect asked for, in the reader's language; null when none. */
export function noticeOf(
  request: FastifyRequest,
  page: Page,
  keys: Record<string, MessageKey | PluralKey>,
): string | null {
  const query = request.query as Record<string, unknown>;
  const key = typeof query.notice === 'string' ? keys[query.notice] : undefined;
  // Only numbers come from the address: a notice never prints text someone else put in a link.
  const count = (value: unknown) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? value : '0');
  if (!key) return null;
  const vars = { n: count(query.n), m: count(query.m), k: count(query.k) };
  // A notice with plural forms ("1 session", "3 sessions") is keyed by its base.
  return isPluralKey(key) ? page.n(key, Number(vars.n), vars) : page.t(key, vars);
}
