import t, { type Test } from 'tap';
import { inTransaction, openDatabase } from '../../src/db.js';

const notesDb = (t: Test) => {
  const db = openDatabase(':memory:');
  t.teardown(() => db.$client.close());
  db.$client.exec('create table notes (id integer primary key, text text not null)');
  const insert = db.$client.prepare('insert into notes (text) values (?)');
  const texts = () => db.$client.prepare('select text from notes order by id').pluck().all();
  return { db, insert, texts };
};

t.test('a transaction lands whole or not at all', async (t) => {
  const { db, insert, texts } = notesDb(t);
  t.equal(
    inTransaction(db, () => insert.run('kept').changes),
    1,
    'the work’s result comes back',
  );
  t.throws(
    () =>
      inTransaction(db, () => {
        insert.run('half-written');
        throw new Error('refused');
      }),
    { message: 'refused' },
  );
  t.same(texts(), ['kept']);
  t.notOk(db.$client.inTransaction, 'nothing is left open');
});

t.test('a nested failure undoes only its own writes; the outer transaction goes on', async (t) => {
  const { db, insert, texts } = notesDb(t);
  inTransaction(db, () => {
    insert.run('outer');
    t.throws(() =>
      inTransaction(db, () => {
        insert.run('inner, refused');
        inTransaction(db, () => insert.run('innermost, refused with it'));
        throw new Error('refused');
      }),
    );
    inTransaction(db, () => insert.run('inner, kept'));
  });
  t.same(texts(), ['outer', 'inner, kept']);
  t.notOk(db.$client.inTransaction);
});

t.test('a constraint violation rolls back the whole transaction', async (t) => {
  const { db, insert, texts } = notesDb(t);
  t.throws(() =>
    inTransaction(db, () => {
      insert.run('first');
      insert.run(null);
    }),
  );
  t.same(texts(), []);
  t.notOk(db.$client.inTransaction);
});

t.test('work that waits is refused before it commits anything', async (t) => {
  const { db, insert, texts } = notesDb(t);
  t.throws(
    () =>
      inTransaction(db, async () => {
        insert.run('too early');
      }),
    { message: /synchronous/ },
  );
  t.same(texts(), []);
});
