import type { Db } from '../db.js';

/**
 * Caches values derived purely from the database, dropping them all as soon as anything is
 * written: by this connection (SQLite's total_changes() grows) or by another process, such as
 * the CLI (PRAGMA data_version changes). Reading both costs a few microseconds, far less than
 * rebuilding a programme.
 */
export class ReadCache<V> {
  readonly #entries = new Map<string, V>();
  readonly #version: () => string;
  #seenVersion = '';

  constructor(
    db: Db,
    private readonly maxEntries = 1000,
  ) {
    const changes = db.$client.prepare('select total_changes()').pluck();
    const dataVersion = db.$client.prepare('pragma data_version').pluck();
    this.#version = () => `${dataVersion.get()}:${changes.get()}`;
  }

  get(key: string, compute: () => V): V {
    const version = this.#version();
    if (version !== this.#seenVersion) {
      this.#entries.clear();
      this.#seenVersion = version;
    }
    const cached = this.#entries.get(key);
    if (cached !== undefined) return cached;
    const value = compute();
    if (this.#entries.size >= this.maxEntries) this.#entries.clear();
    this.#entries.set(key, value);
    return value;
  }
}
