// 0014_replies only adds: the table of messages received, the addresses that bounced, a bounce
// mark on outbox rows and each person's answer on their calendar copies. Every row stored before
// stays as it was, with the new columns empty.
import t from 'tap';
import { databaseBefore } from '../migration-helper.js';

t.test('0014_replies keeps every outbox row and calendar copy as it was', async (t) => {
  const { sqlite, last, run, migrateAll } = databaseBefore(t, '0014');
  t.equal(last, '0013_meeting_runs');
  run(`insert into people (id, email, calendar_key, created_at) values ('ana', 'ana@example.org', 'k1', 0)`);
  run(`insert into outbox (id, kind, to_email, payload, status, attempts, next_attempt_at, created_at, sent_at)
    values ('o1', 'invitation', 'ana@example.org', '{"assignmentId":"a1","sequence":0}', 'sent', 1, 0, 0, 10)`);
  run(`insert into calendar_copies (uid, person_id, sequence, method, snapshot, sent_at) values
    ('uid-1', 'ana', 2, 'REQUEST', '{"start":1000}', 5)`);

  migrateAll();
  t.same(sqlite.prepare('select id, kind, status, sent_at, bounced_at, bounce_reason from outbox').all(), [
    { id: 'o1', kind: 'invitation', status: 'sent', sent_at: 10, bounced_at: null, bounce_reason: null },
  ]);
  t.same(sqlite.prepare('select uid, sequence, method, response, responded_at from calendar_copies').all(), [
    { uid: 'uid-1', sequence: 2, method: 'REQUEST', response: null, responded_at: null },
  ]);
  t.same(sqlite.prepare('select count(*) as n from inbound_messages').get(), { n: 0 });
  t.same(sqlite.prepare('select count(*) as n from bounced_addresses').get(), { n: 0 });
});
