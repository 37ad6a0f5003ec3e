// Someone invited three days before a session gets no "in 7 days" reminder seconds after the
// invitation, and exactly one reminder the day before; someone invited in good time gets both.
import t from 'tap';
import { queueRoleHolderReminders } from '../../src/modules/invitations/reminders.js';
import { build, CHAIR, createSeries, createSession, json } from '../helper.js';

const DAY = 86_400_000;

t.test('reminders whose window opened before the invitation are not sent', async (t) => {
  const test = await build(t, { now: '2027-04-10T09:00:00Z' });
  const series = await createSeries(test, { timezone: 'Africa/Kigali' });
  // 28 April 2027, 14:00 in Kigali = 12:00 UTC.
  const session = await createSession(test, series.id, { startsAt: '2027-04-28T14:00' });
  const lineup = (payload: object) =>
    test.app.inject({ method: 'PUT', url: `/api/sessions/${session.id}/roles`, headers: test.as(CHAIR), payload });
  const invite = () =>
    test.app.inject({ method: 'POST', url: `/api/sessions/${session.id}/invitations`, headers: test.as(CHAIR) });
  const reminders = () =>
    test.app.db.$client
      .prepare(
        `select o.to_email as "to", json_extract(o.payload, '$.daysBefore') as days from outbox o
         where o.kind = 'session_reminder' order by o.to_email, days desc`,
      )
      .all();

  // Ana is invited in good time, eighteen days ahead.
  t.equal(
    (await lineup({ focal: { country: 'AR', people: [{ email: 'ana@example.org', name: 'Ana' }] } })).statusCode,
    200,
  );
  t.same(json(await invite()), { queued: 1 });

  // Jean joins three days before the session.
  test.clock.set(new Date(Date.parse('2027-04-28T12:00:00Z') - 3 * DAY));
  t.equal(
    (
      await lineup({
        focal: { country: 'AR', people: [{ email: 'ana@example.org' }] },
        discussant: { country: 'RW', people: [{ email: 'jean@example.org', name: 'Jean' }] },
      })
    ).statusCode,
    200,
  );
  t.same(json(await invite()), { queued: 1 });
  queueRoleHolderReminders(test.app.db, test.clock);
  t.same(reminders(), [{ to: 'ana@example.org', days: 7 }], 'Ana gets the week reminder; Jean, just invited, none');

  test.clock.set(new Date(Date.parse('2027-04-28T12:00:00Z') - DAY + 60_000));
  queueRoleHolderReminders(test.app.db, test.clock);
  queueRoleHolderReminders(test.app.db, test.clock);
  t.same(
    reminders(),
    [
      { to: 'ana@example.org', days: 7 },
      { to: 'ana@example.org', days: 1 },
      { to: 'jean@example.org', days: 1 },
    ],
    'the day before, both get one, once',
  );
});
