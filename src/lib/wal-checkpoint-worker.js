// The body of the checkpoint thread started by src/lib/wal-checkpointer.ts. Plain JavaScript so
// that it runs in a worker thread whatever loader started the service.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { path, intervalMs } = /** @type {{ path: string, intervalMs: number }} */ (workerData);
const db = new Database(path, { fileMustExist: true });

// PASSIVE never waits for, nor blocks, the service's reads and writes: it copies what it can.
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (error) {
    parentPort?.postMessage({ error: String(error) });
  }
}, intervalMs);

parentPort?.on('message', (message) => {
  if (message === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort?.close();
  }
});
