import t, { type Test } from 'tap';
import { openDatabase } from '../../src/db.js';
import { GroupCommit } from '../../src/lib/group-commit.js';

function notes(t: Test) {
  const db = openDatabase(':memory:');
  t.teardown(() => db.$client.close());
  db.$client.exec('create table notes (id integer primary key, text text not null)');
  const insert = db.$client.prepare('insert into notes (text) values (?)');
  return { db, insert, writes: new GroupCommit(db) };
}

t.test('writes arriving together share a commit; one that fails is rolled back alone', async (t) => {
  const { db, insert, writes } = notes(t);
  const results = await Promise.allSettled([
    writes.run(() => insert.run('first').lastInsertRowid),
    writes.run(() => {
      insert.run('half-written');
      throw new Error('refused');
    }),
    writes.run(() => insert.run('third').lastInsertRowid),
  ]);
  t.same(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
  t.match((results[1] as PromiseRejectedResult).reason, { message: 'refused' });
  t.same(
    db.$client.prepare('select text from notes order by id').pluck().all(),
    ['first', 'third'],
    'the failed write left nothing behind; the others landed',
  );
  t.notOk(db.$client.inTransaction, 'the shared transaction is committed before anyone hears back');
});

t.test('a write queued after a batch went runs in the next one', async (t) => {
  const db = openDatabase(':memory:');
  t.teardown(() => db.$client.close());
  const writes = new GroupCommit(db);
  const seen: boolean[] = [];
  await writes.run(() => seen.push(db.$client.inTransaction));
  await writes.run(() => seen.push(db.$client.inTransaction));
  t.same(seen, [true, true], 'each write runs inside a transaction');
});

t.test('when SQLite abandons the shared transaction, no write is acknowledged or left behind', async (t) => {
  const { db, insert, writes } = notes(t);
  const results = await Promise.allSettled([
    writes.run(() => insert.run('first')),
    writes.run(() => {
      // What SQLite does itself on a full disk or an I/O error.
      db.$client.exec('rollback');
      throw new Error('disk full');
    }),
    writes.run(() => insert.run('third')),
  ]);
  t.same(
    results.map((r) => r.status),
    ['rejected', 'rejected', 'rejected'],
  );
  t.same(db.$client.prepare('select text from notes').pluck().all(), [], 'nothing stored');
  t.notOk(db.$client.inTransaction);
});
