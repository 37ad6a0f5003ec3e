// 0014_replies only adds: the table of messages received, the addresses that bounced, a bounce
// mark on outbox rows and each person's answer on their calendar copies. Every row stored before
// stays as it was, with the new columns empty.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import t from 'tap';
import { projectRoot } from '../../src/config.js';

t.test('0014_replies keeps every outbox row and calendar copy as it was', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'indaba-replies-migration-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const before = join(dir, 'migrations');
  mkdirSync(join(before, 'meta'), { recursive: true });
  const all = join(projectRoot, 'db', 'migrations');
  const journal = JSON.parse(readFileSync(join(all, 'meta', '_journal.json'), 'utf8'));
  journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < '0014');
  t.equal(journal.entries.at(-1).tag, '0013_meeting_runs');
  for (const entry of journal.entries) copyFileSync(join(all, `${entry.tag}.sql`), join(before, `${entry.tag}.sql`));
  writeFileSync(join(before, 'meta', '_journal.json'), JSON.stringify(journal));

  const sqlite = new Database(join(dir, 'webinars.db'));
  t.teardown(() => sqlite.close());
  const db = drizzle(sqlite);
  migrate(db, { migrationsFolder: before });
  const run = (statement: string) => sqlite.prepare(statement).run();
  run(`insert into people (id, email, calendar_key, created_at) values ('ana', 'ana@example.org', 'k1', 0)`);
  run(`insert into outbox (id, kind, to_email, payload, status, attempts, next_attempt_at, created_at, sent_at)
    values ('o1', 'invitation', 'ana@example.org', '{"assignmentId":"a1","sequence":0}', 'sent', 1, 0, 0, 10)`);
  run(`insert into calendar_copies (uid, person_id, sequence, method, snapshot, sent_at) values
    ('uid-1', 'ana', 2, 'REQUEST', '{"start":1000}', 5)`);

  migrate(db, { migrationsFolder: all });
  t.same(sqlite.prepare('select id, kind, status, sent_at, bounced_at, bounce_reason from outbox').all(), [
    { id: 'o1', kind: 'invitation', status: 'sent', sent_at: 10, bounced_at: null, bounce_reason: null },
  ]);
  t.same(sqlite.prepare('select uid, sequence, method, response, responded_at from calendar_copies').all(), [
    { uid: 'uid-1', sequence: 2, method: 'REQUEST', response: null, responded_at: null },
  ]);
  t.same(sqlite.prepare('select count(*) as n from inbound_messages').get(), { n: 0 });
  t.same(sqlite.prepare('select count(*) as n from bounced_addresses').get(), { n: 0 });
});
