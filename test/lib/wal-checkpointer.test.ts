import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { openDatabase } from '../../src/db.js';
import { startWalCheckpointer } from '../../src/lib/wal-checkpointer.js';

function fileDatabase(t: Test) {
  const dir = mkdtempSync(join(tmpdir(), 'indaba-wal-'));
  const path = join(dir, 'indaba.db');
  const db = openDatabase(path);
  t.teardown(() => {
    if (db.$client.open) db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });
  db.$client.exec('create table notes (id integer primary key, body blob not null)');
  return { db, path };
}

/** About 8 MB of writes in small commits, as a rush makes them: well past SQLite's default of 1000 pages. */
function write(db: ReturnType<typeof openDatabase>) {
  const insert = db.$client.prepare('insert into notes (body) values (randomblob(4000))');
  for (let commit = 0; commit < 100; commit++) {
    db.$client.transaction(() => {
      for (let i = 0; i < 20; i++) insert.run();
    })();
  }
}

t.test('the log is copied into the database file by the thread, not by the commits', async (t) => {
  const { db, path } = fileDatabase(t);
  const checkpointer = startWalCheckpointer(db.$client, path, { intervalMs: 20 });
  t.equal(db.$client.pragma('wal_autocheckpoint', { simple: true }), 10_000, 'commits checkpoint only far later');
  const before = statSync(path).size;
  write(db);
  for (let waited = 0; statSync(path).size < before + 7_000_000 && waited < 5_000; waited += 50) await sleep(50);
  t.ok(statSync(path).size >= before + 7_000_000, 'the database file holds what was written');
  await checkpointer.stop();
  await checkpointer.stop();
  t.equal((db.$client.prepare('select count(*) n from notes').get() as { n: number }).n, 2000, 'nothing lost');
});

t.test('without the thread, those commits would leave the writes in the log', async (t) => {
  // The control for the test above: the same writes, with the backstop but no thread.
  const { db, path } = fileDatabase(t);
  db.$client.pragma('wal_autocheckpoint = 10000');
  const before = statSync(path).size;
  write(db);
  await sleep(200);
  t.equal(statSync(path).size, before);
});

t.test('if the thread cannot run, commits checkpoint again as SQLite does by default', async (t) => {
  const { db } = fileDatabase(t);
  const errors: string[] = [];
  const checkpointer = startWalCheckpointer(db.$client, '/nonexistent/indaba.db', {
    onError: (message) => errors.push(message),
  });
  await checkpointer.stop();
  t.equal(errors.length, 1, 'the failure is reported');
  t.equal(db.$client.pragma('wal_autocheckpoint', { simple: true }), 1000);
});

t.test('a thread stopped on purpose leaves the backstop in place', async (t) => {
  const { db, path } = fileDatabase(t);
  const stopped = startWalCheckpointer(db.$client, path);
  await stopped.stop();
  t.equal(db.$client.pragma('wal_autocheckpoint', { simple: true }), 10_000, 'no fallback to checkpointing in commits');
});
