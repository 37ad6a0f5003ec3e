// What nearly every request about a series checks against: the series itself, its sessions and
// workstreams (what an interest may name), its chairs (who may manage it) and the personal
// deadline extensions. Read with five queries, then kept until any of those tables changes:
// triggers (migration 0004) raise catalogue_version on every insert, update and delete, from
// this process or any other, and one read of that row tells whether the copy is current.
import { eq, sql } from 'drizzle-orm';
import {
  catalogueVersion,
  deadlineExtensions,
  series,
  seriesChairs,
  sessions,
  workstreams,
} from '../../../db/schema.js';
import { type Db, preparedFor, rowsWhere } from '../../db.js';
import { ReadCache } from '../../lib/read-cache.js';
import type { Person } from '../people/repository.js';

export interface SeriesCatalogue {
  readonly series: Readonly<typeof series.$inferSelect>;
  readonly sessions: readonly { id: string; status: (typeof sessions.$inferSelect)['status']; title: string }[];
  readonly workstreams: readonly { id: string; title: string }[];
  readonly chairIds: ReadonlySet<string>;
  /** Person id → the end of their own deadline. */
  readonly extensions: ReadonlyMap<string, Date>;
}

const MAX_CACHED_SERIES = 1000;

const statements = preparedFor((db) => ({
  version: db.select({ version: catalogueVersion.version }).from(catalogueVersion).prepare(),
  series: db
    .select()
    .from(series)
    .where(eq(series.id, sql.placeholder('seriesId')))
    .prepare(),
  sessions: rowsWhere(db, { id: sessions.id, status: sessions.status, title: sessions.title }, sessions.seriesId),
  workstreams: rowsWhere(db, { id: workstreams.id, title: workstreams.title }, workstreams.seriesId),
  chairs: rowsWhere(db, { personId: seriesChairs.personId }, seriesChairs.seriesId),
  extensions: rowsWhere(
    db,
    { personId: deadlineExtensions.personId, until: deadlineExtensions.until },
    deadlineExtensions.seriesId,
  ),
}));

const caches = new WeakMap<Db, ReadCache<SeriesCatalogue>>();

/** The series' catalogue, or undefined when there is no such series. */
export function seriesCatalogue(db: Db, seriesId: string): SeriesCatalogue | undefined {
  let cache = caches.get(db);
  if (!cache) {
    // Without the version row (a database not migrated past 0004) nothing tells a copy is stale.
    cache = new ReadCache(db, () => statements(db).version.get()?.version, MAX_CACHED_SERIES);
    caches.set(db, cache);
  }
  return cache.get(seriesId, () => readCatalogue(db, seriesId));
}

/** Whether the person may act as a chair of the series: one of its chairs, or an admin. */
export function isChairOf(catalogue: SeriesCatalogue, person: Person | null): boolean {
  return person !== null && (person.isAdmin || catalogue.chairIds.has(person.id));
}

function readCatalogue(db: Db, seriesId: string): SeriesCatalogue | undefined {
  const q = statements(db);
  const row = q.series.get({ seriesId });
  if (!row) return undefined;
  return {
    series: row,
    sessions: q.sessions(seriesId),
    workstreams: q.workstreams(seriesId),
    chairIds: new Set(q.chairs(seriesId).map((c) => c.personId)),
    extensions: new Map(q.extensions(seriesId).map((e) => [e.personId, e.until])),
  };
}
