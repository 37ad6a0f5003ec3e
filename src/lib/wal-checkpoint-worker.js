// The body of the checkpoint thread started by src/lib/wal-checkpointer.ts. Plain JavaScript so
// that it runs in a worker thread whatever loader started the service.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { path, intervalMs } = /** @type {{ path: string, intervalMs: number }} */ (workerData);
const db = new Database(path, { fileMustExist: true });

// PASSIVE never waits for, nor blocks, the service's reads and writes: it copies what it can.
let lastError = '';
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    lastError = '';
  } catch (error) {
    // Reported once, not every interval while it lasts.
    if (String(error) !== lastError) parentPort?.postMessage({ error: String(error) });
    lastError = String(error);
  }
}, intervalMs);

parentPort?.on('message', (message) => {
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort?.close();
  }
});
