import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { type Db, inTransaction, openDatabase } from '../../src/db.js';
import { seriesCatalogue } from '../../src/modules/series/catalogue.js';
import { build, CHAIR, createSeries, createSession, json } from '../helper.js';

/** A migrated database with one series, one session, one person. */
function seeded(db: Db) {
  db.$client.exec(`
    insert into series (id, title, timezone, created_at) values ('s1', 'Purchasing', 'Africa/Kigali', 0);
    insert into sessions (id, series_id, title, status, calendar_uid, created_at) values ('a', 's1', 'RBF', 'scheduled', 'uid-a', 0);
    insert into people (id, email, calendar_key, created_at) values ('p1', 'p1@example.org', 'k', 0);
  `);
  return db;
}

const titles = (db: Db) => seriesCatalogue(db, 's1')?.sessions.map((s) => `${s.title} (${s.status})`);

t.test('every change to a catalogue table is seen at once', async (t) => {
  const db = seeded(openDatabase(':memory:'));
  t.teardown(() => db.$client.close());
  const changes: [string, string, () => boolean][] = [
    [
      "insert into workstreams (id, series_id, title, created_at) values ('w', 's1', 'Citizens', 0)",
      'a workstream',
      () => seriesCatalogue(db, 's1')?.workstreams.length === 1,
    ],
    [
      "update workstreams set title = 'Citizen participation'",
      'a renamed workstream',
      () => seriesCatalogue(db, 's1')?.workstreams[0]?.title === 'Citizen participation',
    ],
    ['delete from workstreams', 'a removed workstream', () => seriesCatalogue(db, 's1')?.workstreams.length === 0],
    [
      "insert into sessions (id, series_id, title, status, calendar_uid, created_at) values ('b', 's1', 'HIS', 'scheduled', 'uid-b', 0)",
      'a new session',
      () => seriesCatalogue(db, 's1')?.sessions.length === 2,
    ],
    [
      "update sessions set status = 'cancelled' where id = 'b'",
      'a cancelled session',
      () => seriesCatalogue(db, 's1')?.sessions.find((s) => s.id === 'b')?.status === 'cancelled',
    ],
    [
      "delete from sessions where id = 'b'",
      'a deleted session',
      () => seriesCatalogue(db, 's1')?.sessions.length === 1,
    ],
    [
      "insert into series_chairs (series_id, person_id, position) values ('s1', 'p1', 0)",
      'a new chair',
      () => seriesCatalogue(db, 's1')?.chairIds.has('p1') === true,
    ],
    [
      'update series_chairs set position = 1',
      'a chair moved',
      () => seriesCatalogue(db, 's1')?.chairIds.has('p1') === true,
    ],
    ['delete from series_chairs', 'a chair removed', () => seriesCatalogue(db, 's1')?.chairIds.has('p1') === false],
    [
      "insert into deadline_extensions (series_id, person_id, until, created_at) values ('s1', 'p1', 1000, 0)",
      'an extension',
      () => seriesCatalogue(db, 's1')?.extensions.get('p1')?.getTime() === 1000,
    ],
    [
      'update deadline_extensions set until = 2000',
      'a longer extension',
      () => seriesCatalogue(db, 's1')?.extensions.get('p1')?.getTime() === 2000,
    ],
    [
      'delete from deadline_extensions',
      'an extension withdrawn',
      () => seriesCatalogue(db, 's1')?.extensions.size === 0,
    ],
    [
      "update series set title = 'Strategic purchasing'",
      'a renamed series',
      () => seriesCatalogue(db, 's1')?.series.title === 'Strategic purchasing',
    ],
    [
      'delete from series',
      'a deleted series (and its sessions, by cascade)',
      () => seriesCatalogue(db, 's1') === undefined,
    ],
  ];
  const version = () => db.$client.prepare('select version from catalogue_version').pluck().get() as number;
  for (const [statement, what, seen] of changes) {
    seriesCatalogue(db, 's1');
    const before = version();
    db.$client.exec(statement);
    t.ok(version() > before, `${what}: the version went up`);
    t.ok(seen(), what);
  }
});

t.test('all fifteen triggers are in place after every migration', async (t) => {
  // drizzle-kit does not know them: a later migration that rebuilds one of these tables
  // would drop its triggers without a word.
  const db = openDatabase(':memory:');
  t.teardown(() => db.$client.close());
  const triggers = db.$client
    .prepare("select tbl_name || ' ' || name from sqlite_master where type = 'trigger' order by 1")
    .pluck()
    .all();
  const expected = ['deadline_extensions', 'series', 'series_chairs', 'sessions', 'workstreams'].flatMap((table) =>
    ['delete', 'insert', 'update'].map((event) => `${table} catalogue_${table}_${event}`),
  );
  t.same(triggers, expected);
});

t.test('without its version row the catalogue is read afresh every time', async (t) => {
  const db = seeded(openDatabase(':memory:'));
  t.teardown(() => db.$client.close());
  db.$client.exec('delete from catalogue_version');
  t.same(titles(db), ['RBF (scheduled)']);
  db.$client.exec("update sessions set status = 'cancelled'");
  t.same(titles(db), ['RBF (cancelled)']);
});

t.test('a change made by another process is seen', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'indaba-catalogue-'));
  const service = seeded(openDatabase(join(dir, 'indaba.db')));
  const cli = openDatabase(join(dir, 'indaba.db'));
  t.teardown(() => {
    service.$client.close();
    cli.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });
  t.same(titles(service), ['RBF (scheduled)']);
  cli.$client.exec("update sessions set status = 'cancelled'");
  t.same(titles(service), ['RBF (cancelled)']);
});

t.test('what a rolled-back transaction wrote is never served later', async (t) => {
  const db = seeded(openDatabase(':memory:'));
  t.teardown(() => db.$client.close());
  t.throws(() =>
    inTransaction(db, () => {
      db.$client.exec(
        "insert into sessions (id, series_id, title, status, calendar_uid, created_at) values ('x', 's1', 'Rolled back', 'scheduled', 'uid-x', 0)",
      );
      t.same(titles(db), ['RBF (scheduled)', 'Rolled back (scheduled)'], 'the transaction sees its own write');
      throw new Error('refused');
    }),
  );
  // The same number of changes again, committed this time: the version is the one the
  // rolled-back transaction reached.
  db.$client.exec(
    "insert into sessions (id, series_id, title, status, calendar_uid, created_at) values ('y', 's1', 'HIS', 'scheduled', 'uid-y', 0)",
  );
  t.same(titles(db), ['RBF (scheduled)', 'HIS (scheduled)']);
});

t.test('a session cancelled between two submissions cannot be chosen in the second', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  const session = await createSession(test, series.id);
  const submit = () =>
    test.app.inject({
      method: 'POST',
      url: `/api/series/${series.id}/interests`,
      headers: test.as('ama@example.org'),
      payload: { country: 'GH', roles: ['chair'], sessions: [session.id] },
    });
  t.equal((await submit()).statusCode, 201);
  await test.app.inject({ method: 'POST', url: `/api/sessions/${session.id}/cancel`, headers: test.as(CHAIR) });
  const again = await submit();
  t.equal(again.statusCode, 400);
  t.match(json(again).message, /cancelled/);
});
