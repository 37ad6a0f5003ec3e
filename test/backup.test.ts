import { execFile, fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import t, { type Test } from 'tap';
import { BackupRefused, backupDatabase } from '../src/lib/backup.js';
import { build, createSeries, createSession, type TestApp } from './helper.js';

const run = promisify(execFile);

/** The tables whose rows the backup must carry over exactly. Writes in the test only add rows to them. */
const TABLES = [
  'people',
  'api_tokens',
  'series',
  'series_chairs',
  'sessions',
  'interests',
  'interest_sessions',
  'audit_log',
  'outbox',
];

function tempDir(t: Test) {
  const dir = mkdtempSync(join(tmpdir(), 'indaba-backup-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A series with four sessions and `count` interests, on a database file. */
async function fixture(t: Test, databasePath: string, count: number) {
  const test: TestApp = await build(t, { config: { databasePath } });
  const series = await createSeries(test);
  const sessionIds: string[] = [];
  for (const month of ['04', '06', '08', '10']) {
    sessionIds.push(
      (await createSession(test, series.id, { title: `Session of 2027-${month}`, startsAt: `2027-${month}-28T14:00` }))
        .id,
    );
  }
  for (let i = 0; i < count; i++) {
    const res = await test.app.inject({
      method: 'POST',
      url: `/api/series/${series.id}/interests`,
      headers: test.as(`person-${i}@example.org`, { name: `Person ${i}` }),
      payload: { country: 'AR', roles: ['focal', 'chair'], sessions: sessionIds, motivation: 'x'.repeat(2000) },
    });
    if (res.statusCode !== 201) throw new Error(`fixture interest ${i}: ${res.statusCode} ${res.body}`);
  }
  await test.app.close();
  return { seriesId: series.id as string, sessionIds };
}

function rowsOf(db: Database.Database): Record<string, string[]> {
  const rows: Record<string, string[]> = {};
  for (const table of TABLES) {
    rows[table] = db
      .prepare(`select * from ${table} order by rowid`)
      .all()
      .map((row) => JSON.stringify(row));
  }
  return rows;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

t.test('a backup taken while another process writes is whole and holds everything committed before it', async (t) => {
  const dir = tempDir(t);
  const databasePath = join(dir, 'webinars.db');
  const { seriesId, sessionIds } = await fixture(t, databasePath, 150);

  // What the fixture wrote; the other process adds rows from here on, and updates only its own.
  const reader = new Database(databasePath, { readonly: true });
  t.teardown(() => reader.close());
  const before = rowsOf(reader);

  const writer = fork(join(import.meta.dirname, 'backup-writer.ts'), [databasePath, seriesId, ...sessionIds], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let committed = 0;
  const exited = new Promise<number | null>((resolve) => writer.on('exit', (code) => resolve(code)));
  t.teardown(() => {
    if (writer.exitCode === null) writer.kill();
  });
  writer.on('message', (message: { committed: number }) => {
    committed = message.committed;
  });
  await new Promise<void>((resolve, reject) => {
    writer.once('message', () => resolve());
    exited.then((code) => reject(new Error(`the writer stopped before writing (${code})`)));
  });

  const countInterests = () => (reader.prepare('select count(*) as n from interests').get() as { n: number }).n;
  // Interests are only added by the other process, never changed: all of them as the backup starts.
  const interestsAtStart = rowsOf(reader).interests ?? [];
  const interestsBefore = interestsAtStart.length;
  const committedBefore = committed;

  let steps = 0;
  let waitedForAWrite = false;
  const result = await backupDatabase(databasePath, join(dir, 'copy.db'), {
    pagesPerStep: 5,
    onProgress() {
      steps += 1;
      // Between two steps, some way in, let the other process commit at least once (it writes
      // on its own: this only makes sure it had the time to).
      if (steps === 3 && !waitedForAWrite) {
        const seen = countInterests();
        const until = Date.now() + 10_000;
        while (countInterests() === seen && Date.now() < until) sleep(5);
        waitedForAWrite = true;
      }
    },
  });
  const committedDuring = committed - committedBefore;
  t.comment(`the other process had ${committedDuring} interests committed while the backup ran`);
  writer.send('stop');
  t.equal(await exited, 0, 'the writer closed cleanly');

  t.ok(steps > 1, `copied in ${steps} steps`);
  t.ok(countInterests() > interestsBefore, 'the other process committed writes during the backup');
  t.ok(result.restarts >= 1, `SQLite started the copy again after a write (${result.restarts} times)`);
  t.equal(result.path, resolve(dir, 'copy.db'));
  t.equal(result.bytes, statSync(join(dir, 'copy.db')).size);
  t.ok(result.bytes > 100_000, `${result.bytes} bytes`);
  t.notOk(existsSync(join(dir, `copy.db.partial-${process.pid}`)), 'no partial file left');

  const copy = new Database(join(dir, 'copy.db'), { readonly: true });
  t.teardown(() => copy.close());
  t.equal(copy.pragma('integrity_check', { simple: true }), 'ok', 'integrity_check');
  t.same(copy.pragma('foreign_key_check'), [], 'foreign_key_check');
  const after = rowsOf(copy);
  for (const table of TABLES) {
    const present = new Set(after[table]);
    const missing = (before[table] ?? []).filter((row) => !present.has(row));
    t.same(
      missing,
      [],
      `${table}: all ${before[table]?.length} rows written before the other process started, exactly`,
    );
    t.ok((after[table]?.length ?? 0) >= (before[table]?.length ?? 0));
  }
  const copied = new Set(after.interests);
  t.same(
    interestsAtStart.filter((row) => !copied.has(row)),
    [],
    `all ${interestsBefore} interests committed as the backup started, the other process's included, exactly`,
  );
  t.ok(interestsBefore > (before.interests?.length ?? 0), 'the other process had written before the backup started');
});

t.test('refusals: an existing file (unless forced), a missing folder, the database itself, no database', async (t) => {
  const dir = tempDir(t);
  const databasePath = join(dir, 'webinars.db');
  await fixture(t, databasePath, 3);
  const existing = join(dir, 'existing.db');
  writeFileSync(existing, 'an earlier backup');

  await t.rejects(
    backupDatabase(databasePath, existing),
    new BackupRefused(`${existing} exists already: choose another name, or add --force to replace it.`),
  );
  t.equal(readFileSync(existing, 'utf8'), 'an earlier backup', 'left as it was');
  await t.rejects(backupDatabase(databasePath, join(dir, 'nowhere', 'copy.db')), {
    constructor: BackupRefused,
    message: /The folder .*nowhere does not exist/,
  });
  await t.rejects(backupDatabase(databasePath, databasePath, { force: true }), {
    constructor: BackupRefused,
    message: /is the database itself/,
  });
  await t.rejects(backupDatabase(join(dir, 'absent.db'), join(dir, 'copy.db')), {
    constructor: BackupRefused,
    message: /There is no database at/,
  });
  await t.rejects(backupDatabase(databasePath, dir, { force: true }), {
    constructor: BackupRefused,
    message: /is a folder/,
  });

  // A stale log beside the file replaced would be read into the new copy.
  writeFileSync(`${existing}-wal`, 'stale');
  const forced = await backupDatabase(databasePath, existing, { force: true });
  t.notOk(existsSync(`${existing}-wal`), 'the replaced file’s log went with it');
  const copy = new Database(existing, { readonly: true });
  t.teardown(() => copy.close());
  t.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
  t.equal((copy.prepare('select count(*) as n from interests').get() as { n: number }).n, 3);
  t.equal(forced.bytes, statSync(existing).size);
});

t.test(
  'npm run cli -- backup FILE: the built CLI writes the copy, says where and how big, and refuses with exit code 1',
  async (t) => {
    const dir = tempDir(t);
    const databasePath = join(dir, 'webinars.db');
    await fixture(t, databasePath, 3);
    const env = { ...process.env, DATABASE_PATH: databasePath };
    const cli = (args: string[]) => run(process.execPath, ['scripts/run.mjs', 'cli', 'backup', ...args], { env });
    const target = join(dir, 'copy.db');

    const done = await cli([target]);
    const size = statSync(target).size;
    t.match(done.stdout, `Backed up ${databasePath} to ${target} (`);
    t.match(done.stdout, `${size.toLocaleString('en')} bytes)`);
    const copy = new Database(target, { readonly: true });
    t.equal(copy.pragma('integrity_check', { simple: true }), 'ok');
    copy.close();

    const refusal = (args: string[]) =>
      cli(args).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
    const again = await refusal([target]);
    t.equal(again.code, 1);
    t.match(again.stderr, `${target} exists already: choose another name, or add --force to replace it.`);
    const missing = await refusal([join(dir, 'missing', 'copy.db')]);
    t.equal(missing.code, 1);
    t.match(missing.stderr, /The folder .*missing does not exist/);
    const none = await refusal([]);
    t.equal(none.code, 1);
    t.match(none.stderr, /backup needs one FILE/);

    const forced = await cli([target, '--force']);
    t.match(forced.stdout, /^Backed up /);
  },
);
