// Every expression of interest of a series as a spreadsheet, one row a person: for the API (its
// columns named as the contract names them, the words in English) and for the chairs' pages (the
// headers and the words in the reader's language). The rows are built once, here.
import type { Db } from '../../db.js';
import { countryName } from '../../domain/countries.js';
import { roleWord } from '../../i18n/glossary.js';
import { csvOf } from '../../lib/csv.js';
import { peopleByIds } from '../people/repository.js';
import { type InterestRole, interestsOfSeries, interestViews, seriesTargets } from './repository.js';

export const interestColumns = [
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
] as const;
export type InterestColumn = (typeof interestColumns)[number];

/** The words a spreadsheet of interests is written in. */
export interface InterestCsvWords {
  /** Each column's header; the API's are the column names themselves. */
  headers: Record<InterestColumn, string>;
  role: (role: InterestRole) => string;
  country: (code: string) => string;
  /** A workstream's title, for someone who volunteers to convene it. */
  convening: (workstream: string) => string;
}

/** The API's words (GET /api/series/:id/interests.csv). */
export const apiCsvWords: InterestCsvWords = {
  headers: Object.fromEntries(interestColumns.map((c) => [c, c])) as Record<InterestColumn, string>,
  role: (role) => roleWord('en', role),
  country: countryName,
  convening: (workstream) => `${workstream} (volunteers to convene)`,
};

/** The series' interests as CSV (UTF-8 with a BOM, every cell safe in a spreadsheet), oldest first. */
export function interestsCsv(db: Db, seriesId: string, words: InterestCsvWords = apiCsvWords): string {
  const rows = interestsOfSeries(db, seriesId);
  const views = interestViews(db, rows, true);
  const targets = seriesTargets(db, seriesId);
  const titles = new Map(targets.sessions.map((s) => [s.id, s.title]));
  const streamTitles = new Map(targets.workstreams.map((w) => [w.id, w.title]));
  const people = peopleByIds(
    db,
    rows.map((r) => r.personId),
  );
  const roles = (list: readonly string[], separator: string) =>
    list.map((r) => words.role(r as InterestRole)).join(separator);
  const records = views.map((v, i) => ({
    name: v.person.name,
    email: people.get(rows[i]?.personId ?? '')?.email ?? '',
    country: words.country(v.country),
    country_code: v.country,
    organisation: v.organisation ?? '',
    language: v.language,
    timezone: v.timezone ?? '',
    roles: roles(v.roles, '; '),
    sessions_ranked: v.sessions.map((id, rank) => `${rank + 1}. ${titles.get(id) ?? id}`).join('; '),
    choices: v.choices
      .map((c, rank) => `${rank + 1}. ${titles.get(c.sessionId) ?? c.sessionId}: ${roles(c.roles, ', ')}`)
      .join('; '),
    workstreams: v.workstreams
      .map((w) => {
        const title = streamTitles.get(w.id) ?? w.id;
        return w.asConvener ? words.convening(title) : title;
      })
      .join('; '),
    motivation: v.motivation ?? '',
    submitted_at: v.createdAt,
    updated_at: v.updatedAt,
  }));
  return csvOf(records, interestColumns, words.headers);
}

/** The file's name: the series' title, kept to letters, digits and dashes. */
export const interestsCsvName = (seriesTitle: string) =>
  `interests-${seriesTitle.replace(/[^\w-]+/g, '-').slice(0, 60)}.csv`;
