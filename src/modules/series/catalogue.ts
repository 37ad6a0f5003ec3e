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
import { type Db, preparedFor } from '../../db.js';
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

const statements = preparedFor((db) => {
  const bySeries = sql.placeholder('seriesId');
  return {
    version: db.select({ version: catalogueVersion.version }).from(catalogueVersion).prepare(),
    series: db.select().from(series).where(eq(series.id, bySeries)).prepare(),
    sessions: db
      .select({ id: sessions.id, status: sessions.status, title: sessions.title })
      .from(sessions)
      .where(eq(sessions.seriesId, bySeries))
      .prepare(),
    workstreams: db
      .select({ id: workstreams.id, title: workstreams.title })
      .from(workstreams)
      .where(eq(workstreams.seriesId, bySeries))
      .prepare(),
    chairs: db
      .select({ personId: seriesChairs.personId })
      .from(seriesChairs)
      .where(eq(seriesChairs.seriesId, bySeries))
      .prepare(),
    extensions: db
      .select({ personId: deadlineExtensions.personId, until: deadlineExtensions.until })
      .from(deadlineExtensions)
      .where(eq(deadlineExtensions.seriesId, bySeries))
      .prepare(),
  };
});

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
    sessions: q.sessions.all({ seriesId }),
    workstreams: q.workstreams.all({ seriesId }),
    chairIds: new Set(q.chairs.all({ seriesId }).map((c) => c.personId)),
    extensions: new Map(q.extensions.all({ seriesId }).map((e) => [e.personId, e.until])),
  };
}
