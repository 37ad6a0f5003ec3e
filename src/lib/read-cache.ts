import type { Db } from '../db.js';

/** What a cache's entries were computed from; undefined when nothing could tell (then nothing is kept). */
export type CacheVersion = () => string | number | undefined;

/**
 * A version that moves on any write to the database: by this connection (SQLite's
 * total_changes() grows) or by another process, such as the CLI (PRAGMA data_version changes).
 * Reading both costs a few microseconds, far less than rebuilding a programme.
 */
export function anyWrite(db: Db): CacheVersion {
  const changes = db.$client.prepare('select total_changes()').pluck();
  const dataVersion = db.$client.prepare('pragma data_version').pluck();
  return () => `${dataVersion.get()}:${changes.get()}`;
}

/**
 * Values derived purely from the database, kept while `version` stays the same and all dropped
 * as soon as it moves. The one cache of the service: the programme uses `anyWrite`, the series'
 * catalogue a version its own triggers raise (src/modules/series/catalogue.ts).
 */
export class ReadCache<V> {
  readonly #entries = new Map<string, V>();
  #seenVersion: string | number | undefined;

  constructor(
    private readonly db: Db,
    private readonly version: CacheVersion,
    private readonly maxEntries = 1000,
  ) {}

  /** The value for the key; `compute` may answer undefined (nothing there), which is not kept. */
  get<R extends V | undefined>(key: string, compute: () => R): R {
    // Inside a transaction the rows may yet be rolled back, and with them the version, which a
    // later change would then reuse: read afresh and keep nothing.
    if (this.db.$client.inTransaction) return compute();
    const version = this.version();
    if (version === undefined) return compute();
    if (version !== this.#seenVersion) {
      this.#entries.clear();
      this.#seenVersion = version;
    }
    const cached = this.#entries.get(key);
    if (cached !== undefined) return cached as R;
    const value = compute();
    if (value === undefined) return value;
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
    this.#entries.set(key, value as V);
    return value;
  }
}
