import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { projectRoot } from '../config.js';

/** SQLite's own default; used again if the checkpoint thread stops. */
const SQLITE_DEFAULT_PAGES = 1000;
/** About 40 MB of log: reached only if the thread falls far behind. */
const BACKSTOP_PAGES = 10_000;

export interface WalCheckpointer {
  stop(): Promise<void>;
}

/**
 * Copies the write-ahead log back into the database file from a thread of its own. By default
 * SQLite does it inside the commit that takes the log past 1000 pages, and that commit, with
 * every request waiting for it, stalls for the copy and its fsyncs: about 15 ms every half
 * second during a deadline rush on a 2-core machine, most of the p99 latency. The service's
 * connection keeps a far larger automatic checkpoint as a backstop, and returns to SQLite's
 * default if the thread fails.
 */
export function startWalCheckpointer(
  client: Database.Database,
  path: string,
  options: { intervalMs?: number; onError?: (message: string) => void } = {},
): WalCheckpointer {
  const report = options.onError ?? (() => {});
  client.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  const worker = new Worker(join(projectRoot, 'src', 'lib', 'wal-checkpoint-worker.js'), {
    workerData: { path, intervalMs: options.intervalMs ?? 200 },
  });
  // The thread never keeps the process alive on its own.
  worker.unref();
  let stopping = false;
  let running = true;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // A thread that fails or ends unasked hands checkpoints back to the commits.
  const fallBack = () => {
    if (client.open) client.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`);
  };
  worker.on('message', (message: { error?: string }) => {
    if (message.error) report(`a checkpoint failed: ${message.error}`);
  });
  worker.on('error', (error) => {
    report(`the checkpoint thread failed, commits checkpoint again: ${String(error)}`);
  });
  worker.on('exit', (code) => {
    running = false;
    if (code !== 0 || !stopping) fallBack();
  });
  return {
    async stop() {
      stopping = true;
      if (running) {
        // Held until it has closed its connection, or the process could end first.
        worker.ref();
        worker.postMessage('stop');
      }
      await exited;
    },
  };
}
