// Invitations sent before calendar_copies existed are carried into it, so the next change of a
// session, meeting or preparatory call still reaches everyone whose calendar holds it.
import t from 'tap';
import { databaseBefore } from '../migration-helper.js';

t.test('the migration records the copies each person holds, cancelled ones as CANCEL', async (t) => {
  const { sqlite, last, run, migrateAll } = databaseBefore(t, '0010');
  t.equal(last, '0009_assignment_invited_at');
  run(`insert into people (id, email, calendar_key, created_at) values
    ('ana', 'ana@example.org', 'k1', 0), ('jean', 'jean@example.org', 'k2', 0), ('kofi', 'kofi@example.org', 'k3', 0)`);
  run(`insert into series (id, title, timezone, created_at) values ('s', 'Series', 'Africa/Nairobi', 0)`);
  run(`insert into sessions (id, series_id, title, starts_at, duration_minutes, meeting_url, calendar_uid,
    calendar_sequence, created_at) values ('se', 's', 'RBF', 1000000, 90, 'https://meet.example.org/a', 'uid-se', 2, 0)`);
  run(`insert into role_assignments (id, session_id, role, person_id, status, invited_sequence, created_at) values
    ('r1', 'se', 'focal', 'ana', 'invited', 2, 0), ('r2', 'se', 'discussant', 'jean', 'removed', 1, 0),
    ('r3', 'se', 'chair', 'kofi', 'assigned', null, 0)`);
  run(`insert into workstreams (id, series_id, title, created_at) values ('w', 's', 'Citizen participation', 0)`);
  run(`insert into workstream_meetings (id, workstream_id, title, starts_at, duration_minutes, calendar_uid, created_at)
    values ('m', 'w', 'Exchange', 2000000, 60, 'uid-m', 0)`);
  run(`insert into meeting_invitations (meeting_id, person_id, sequence, created_at) values ('m', 'ana', 0, 5)`);
  run(`insert into preparatory_calls (id, session_id, starts_at, duration_minutes, calendar_uid, invited_person_ids,
    created_at) values ('c', 'se', 500000, 45, 'uid-c', '{"ana":1,"kofi":0}', 0)`);

  migrateAll();
  const copies = sqlite
    .prepare('select uid, person_id, sequence, method, snapshot from calendar_copies order by uid, person_id')
    .all() as { uid: string; person_id: string; sequence: number; method: string; snapshot: string }[];
  t.same(
    copies.map((c) => ({ ...c, snapshot: JSON.parse(c.snapshot) })),
    [
      {
        uid: 'uid-c',
        person_id: 'ana',
        sequence: 1,
        method: 'REQUEST',
        snapshot: { start: 500000, end: 3200000, url: null, title: 'RBF', description: null },
      },
      {
        uid: 'uid-c',
        person_id: 'kofi',
        sequence: 0,
        method: 'REQUEST',
        snapshot: { start: 500000, end: 3200000, url: null, title: 'RBF', description: null },
      },
      {
        uid: 'uid-m',
        person_id: 'ana',
        sequence: 0,
        method: 'REQUEST',
        snapshot: { start: 2000000, end: 5600000, url: null, title: 'Exchange', description: null },
      },
      {
        uid: 'uid-se',
        person_id: 'ana',
        sequence: 2,
        method: 'REQUEST',
        snapshot: { start: 1000000, end: 6400000, url: 'https://meet.example.org/a', title: 'RBF', description: null },
      },
      {
        uid: 'uid-se',
        person_id: 'jean',
        sequence: 1,
        method: 'CANCEL',
        snapshot: { start: 1000000, end: 6400000, url: 'https://meet.example.org/a', title: 'RBF', description: null },
      },
    ],
    'every copy sent, at the SEQUENCE last sent; the one never invited has none',
  );
});
