// A small fixed-window counter per key (a client's address), read from the service's clock so
// tests can move time. Kept in memory: a restart forgets it, which only ever lets more through.
//
// Why not @fastify/rate-limit: one form (POST /signin) is limited, and its limit must answer with
// the page's own 429 in the reader's language after the CSRF check, not a JSON error from an
// onRequest hook. The plugin's in-memory store keeps time with its own timers, so moving the
// service's clock in tests would need a custom store, which is this counter again, plus the
// plugin's error adapter around it.
import type { Clock } from '../clock.js';

export class WindowLimiter {
  readonly #hits = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly clock: Clock,
    readonly max: number,
    readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Counts one hit for the key; false when the key is over its limit in this window. */
  take(key: string): boolean {
    const now = this.clock.now().getTime();
    let entry = this.#hits.get(key);
    if (!entry || now - entry.start >= this.windowMs) {
      if (this.#hits.size >= this.maxKeys) this.#prune(now);
      entry = { start: now, count: 0 };
      this.#hits.set(key, entry);
    }
    entry.count += 1;
    return entry.count <= this.max;
  }

  #prune(now: number): void {
    for (const [key, entry] of this.#hits) if (now - entry.start >= this.windowMs) this.#hits.delete(key);
    if (this.#hits.size >= this.maxKeys) this.#hits.clear();
  }
}

/** Sign-in requests one client may make in the lifetime of a sign-in link. */
export const SIGN_INS_PER_CLIENT = 20;
