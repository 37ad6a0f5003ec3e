// Runs planned before a run became one event stay what their members' calendars hold: separate
// meetings, each with its own UID and copies; the migration only adds the rule's columns.
import t from 'tap';
import { databaseBefore } from '../migration-helper.js';

t.test('0013_meeting_runs keeps every stored meeting and every copy as it was', async (t) => {
  const { sqlite, last, run, migrateAll } = databaseBefore(t, '0013');
  t.equal(last, '0012_calendar_copies_backfill');
  run(`insert into people (id, email, calendar_key, created_at) values ('ana', 'ana@example.org', 'k1', 0)`);
  run(`insert into series (id, title, timezone, created_at) values ('s', 'Series', 'Europe/Brussels', 0)`);
  run(`insert into workstreams (id, series_id, title, created_at) values ('w', 's', 'Citizen participation', 0)`);
  run(`insert into workstream_meetings (id, workstream_id, title, starts_at, duration_minutes, recurrence_id,
    calendar_uid, created_at) values ('m1', 'w', 'Exchange', 1000, 60, 'r', 'uid-m1', 0),
    ('m2', 'w', 'Exchange', 2000, 60, 'r', 'uid-m2', 0)`);
  run(`insert into calendar_copies (uid, person_id, sequence, method, snapshot, sent_at) values
    ('uid-m1', 'ana', 0, 'REQUEST', '{"start":1000}', 5), ('uid-m2', 'ana', 1, 'CANCEL', '{"start":2000}', 6)`);

  migrateAll();
  t.same(
    sqlite
      .prepare(
        `select id, starts_at, recurrence_id, calendar_uid, repeat_every, repeat_unit, repeat_count, repeat_zone
         from workstream_meetings order by id`,
      )
      .all(),
    [
      {
        id: 'm1',
        starts_at: 1000,
        recurrence_id: 'r',
        calendar_uid: 'uid-m1',
        repeat_every: null,
        repeat_unit: null,
        repeat_count: null,
        repeat_zone: null,
      },
      {
        id: 'm2',
        starts_at: 2000,
        recurrence_id: 'r',
        calendar_uid: 'uid-m2',
        repeat_every: null,
        repeat_unit: null,
        repeat_count: null,
        repeat_zone: null,
      },
    ],
    'the old run stays two meetings with their own UIDs, no rule',
  );
  t.same(
    sqlite.prepare('select uid, sequence, method from calendar_copies order by uid').all(),
    [
      { uid: 'uid-m1', sequence: 0, method: 'REQUEST' },
      { uid: 'uid-m2', sequence: 1, method: 'CANCEL' },
    ],
    'what each calendar holds is unchanged',
  );
  t.same(sqlite.prepare('select count(*) as n from meeting_occurrences').get(), { n: 0 });
});
