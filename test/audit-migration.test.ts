// Entries the log once wrote about a workstream meeting under "workstream_meeting" (answered from
// the calendar or by link, a time proposed) name it as the meeting's own entries do: "meeting".
import t from 'tap';
import { databaseBefore } from './migration-helper.js';

t.test('the migration names every entry about a meeting "meeting", and leaves the others', async (t) => {
  const { sqlite, last, run, migrateAll } = databaseBefore(t, '0017');
  t.equal(last, '0016_attendees_and_group_question');
  run(`insert into audit_log (at, actor_id, action, series_id, entity_type, entity_id, details) values
    (1, null, 'calendar.accepted', 's', 'workstream_meeting', 'm1', null),
    (2, null, 'meeting.update', 's', 'meeting', 'm1', null),
    (3, null, 'calendar.counter', 's', 'workstream_meeting', 'm2', '{"alerted":1}'),
    (4, null, 'calendar.declined', 's', 'preparatory_call', 'c1', null)`);
  migrateAll();
  t.same(
    sqlite.prepare('select action, entity_type as type, entity_id as id, details from audit_log order by at').all(),
    [
      { action: 'calendar.accepted', type: 'meeting', id: 'm1', details: null },
      { action: 'meeting.update', type: 'meeting', id: 'm1', details: null },
      { action: 'calendar.counter', type: 'meeting', id: 'm2', details: '{"alerted":1}' },
      { action: 'calendar.declined', type: 'preparatory_call', id: 'c1', details: null },
    ],
  );
});
