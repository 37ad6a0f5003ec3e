import { atomically, type Db } from '../db.js';

interface Pending {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes that arrive together (a rush of submissions before a deadline) run in
 * one SQLite transaction, each inside its own savepoint, so one that fails is rolled back alone
 * while the others land. Every caller hears back only after the shared COMMIT, so an
 * acknowledged write is a stored write. A commit costs far more than the statements in it:
 * sharing it is what keeps a rush fast.
 */
export class GroupCommit {
  #queue: Pending[] = [];
  #scheduled = false;

  constructor(private readonly db: Db) {}

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        // Let the requests already read from the sockets join this batch.
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#queue.splice(0);
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    const client = this.db.$client;
    try {
      atomically(client, () => {
        for (const item of batch) {
          // SQLite abandons the whole transaction on some errors (a full disk): the writes
          // left must not run on their own, outside it. The COMMIT then fails for all.
          if (!client.inTransaction) break;
          try {
            // Nested: a SAVEPOINT inside the shared transaction.
            outcomes.push({ ok: true, value: atomically(client, item.work) });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) item.resolve(outcome.value);
      else item.reject(outcome?.error);
    });
  }
}
