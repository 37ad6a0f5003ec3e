// Invitations end to end: role-specific emails with a calendar REQUEST read by an independent
// parser (ical.js), updates, cancellations, replies through the links, reminders, feeds, and
// exactly-once delivery across a restart — with the process in a zone that is none of the series'.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { ManualClock } from '../../src/clock.js';
import { calendarOf, instantOf, parseIcs } from '../calendar/read.js';
import { CHAIR, createSeries, createSession, json, setLineup } from '../helper.js';
import { buildMailApp, type Received, startSmtpServer } from '../mail/helper.js';
import { lineup } from '../mail/replies-helper.js';

async function setUp(t: Test, zone = 'Africa/Nairobi', startsAt = '2027-04-28T14:00') {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  const series = await createSeries(test, { timezone: zone });
  const session = await createSession(test, series.id, { title: 'RBF in a decentralized setting', startsAt });
  // The readers' zones: Buenos Aires and Kigali.
  for (const [email, tz, lang] of [
    ['ana@example.org', 'America/Argentina/Buenos_Aires', 'es'],
    ['jean@example.org', 'Africa/Kigali', 'fr'],
  ] as const) {
    test.app.db.$client
      .prepare('insert into people (id, email, timezone, language, calendar_key, created_at) values (?, ?, ?, ?, ?, 0)')
      .run(email, email, tz, lang, `key-${email}`);
  }
  const put = await setLineup(test, session.id, lineup);
  t.equal(put.statusCode, 200);
  const invite = () =>
    test.app.inject({ method: 'POST', url: `/api/sessions/${session.id}/invitations`, headers: test.as(CHAIR) });
  return { smtp, test, series, session, invite };
}

const byRecipient = (mails: Received[], email: string) => mails.filter((m) => m.envelopeTo.includes(email));

t.test('each person gets an invitation for their role that calendars treat as a meeting', async (t) => {
  const { smtp, test, series, session, invite } = await setUp(t);
  const res = await invite();
  t.equal(res.statusCode, 202);
  t.same(json(res), { queued: 5 }, 'everyone assigned, the supporting chair included');
  t.same(json(await invite()), { queued: 0 }, 'calling again queues only what changed');
  const logged = json(
    await test.app.inject({ url: `/api/series/${series.id}/audit`, headers: test.as(CHAIR) }),
  ).entries.filter((e: { action: string }) => e.action === 'invitations.send');
  t.same(
    logged.map((e: { details: unknown }) => e.details),
    [{ queued: 5 }],
    'the log has the sending, not the second press that changed nothing',
  );
  await test.deliver();
  const mails = await smtp.waitFor(5);
  const uids = new Set<string>();
  for (const mail of mails) {
    const cal = calendarOf(mail);
    t.equal(cal.method, 'REQUEST');
    t.same(cal.mimeMethods, ['REQUEST'], 'the MIME part says REQUEST too');
    t.equal(cal.sequence, 0);
    t.equal(cal.start, '2027-04-28T11:00:00.000Z', '14:00 in Nairobi');
    t.match(cal.organizer, /^mailto:series\+s[\w-]+\.[0-9a-f]{16}@localhost$/i, 'ORGANIZER is MAIL_FROM, tagged');
    t.equal(String(cal.attendee?.getFirstValue()).toLowerCase(), `mailto:${mail.envelopeTo[0]}`);
    t.equal(cal.attendee?.getParameter('rsvp'), 'TRUE');
    t.equal(cal.attendee?.getParameter('partstat'), 'NEEDS-ACTION');
    uids.add(String(cal.uid));
  }
  t.equal(uids.size, 1, 'one UID for everyone in the session');
  const ana = byRecipient(mails, 'ana@example.org')[0]?.parsed.text ?? '';
  t.match(ana, /08:00/, '14:00 Nairobi is 08:00 in Buenos Aires');
  t.match(ana, /America\/Argentina\/Buenos_Aires/);
  t.match(ana, /Jean Uwase/, 'who else holds which role');
  t.match(ana, /\/invitations\/.+\/accept\?token=/);
  const jean = byRecipient(mails, 'jean@example.org')[0]?.parsed.text ?? '';
  t.match(jean, /13:00/, '14:00 Nairobi is 13:00 in Kigali');
  t.match(jean, /comment|« comment/i, 'the discussant brief, in French');
  const view = json(await test.app.inject({ url: `/api/sessions/${session.id}`, headers: test.as(CHAIR) }));
  t.equal(view.roles.focal.people[0].status, 'invited');
});

t.test('DTSTART stays exact for a series across a DST change', async (t) => {
  const { smtp, test, invite } = await setUp(t, 'America/New_York', '2027-03-15T10:00');
  await invite();
  await test.deliver();
  const [mail] = await smtp.waitFor(1);
  t.equal(calendarOf(mail as Received).start, '2027-03-15T14:00:00.000Z', '10:00 EDT, the day after the change');
});

t.test(
  'moving the session updates every invitee with the same UID and a higher SEQUENCE; cancelling cancels',
  async (t) => {
    const { smtp, test, session, invite } = await setUp(t);
    await invite();
    await test.deliver();
    const first = await smtp.waitFor(5);
    const uid = calendarOf(first[0] as Received).uid;
    // Jean declines: no updates for him from now on.
    const link = /(\/invitations\/[^/\s]+\/decline\?token=[\w-]+)/.exec(
      byRecipient(first, 'jean@example.org')[0]?.parsed.text ?? '',
    )?.[1] as string;
    t.ok(link);
    const page = await test.app.inject({ url: link });
    t.equal(page.statusCode, 200);
    t.match(page.body, /<form method="post"/);
    const unchanged = json(await test.app.inject({ url: `/api/sessions/${session.id}`, headers: test.as(CHAIR) }));
    t.equal(unchanged.roles.discussant.people[0].status, 'invited', 'opening the link changed nothing');
    const token = new URL(`http://x${link}`).searchParams.get('token') as string;
    const declined = await test.app.inject({
      method: 'POST',
      url: link.split('?')[0] as string,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `token=${token}`,
    });
    t.equal(declined.statusCode, 303);
    const shown = await test.app.inject({ url: String(declined.headers.location) });
    t.match(shown.body, /décliné/);
    await test.deliver();
    const afterDecline = (await smtp.waitFor(8)).slice(5);
    t.same(
      afterDecline
        .filter((m) => !m.envelopeTo.includes('jean@example.org'))
        .flatMap((m) => m.envelopeTo)
        .sort(),
      [CHAIR, 'kofi@example.org'],
      'the series chair and the session chair are told at once',
    );
    const withdrawn = afterDecline.filter((m) => m.envelopeTo.includes('jean@example.org'));
    t.same(
      withdrawn.map((m) => {
        const cal = calendarOf(m);
        return [cal.method, cal.mimeMethods, cal.status, cal.uid, cal.sequence];
      }),
      [['CANCEL', ['CANCEL'], null, uid, 1]],
      'Jean’s copy leaves his calendar: a CANCEL of his copy alone, above his invitation',
    );

    const moved = await test.app.inject({
      method: 'PATCH',
      url: `/api/sessions/${session.id}`,
      headers: test.as(CHAIR),
      payload: { startsAt: '2027-04-29T15:00' },
    });
    t.equal(moved.statusCode, 200);
    await test.deliver();
    const updates = (await smtp.waitFor(12)).slice(8);
    t.equal(updates.length, 4, 'every invitee but the one who declined');
    t.notOk(updates.some((m) => m.envelopeTo.includes('jean@example.org')));
    for (const mail of updates) {
      const cal = calendarOf(mail);
      t.equal(cal.uid, uid);
      t.equal(cal.sequence, 1);
      t.equal(cal.method, 'REQUEST');
      t.equal(cal.start, '2027-04-29T12:00:00.000Z');
    }

    await test.app.inject({ method: 'POST', url: `/api/sessions/${session.id}/cancel`, headers: test.as(CHAIR) });
    await test.deliver();
    const cancels = (await smtp.waitFor(16)).slice(12);
    t.equal(cancels.length, 4);
    for (const mail of cancels) {
      const cal = calendarOf(mail);
      t.equal(cal.method, 'CANCEL');
      t.same(cal.mimeMethods, ['CANCEL']);
      t.equal(cal.status, 'CANCELLED');
      t.equal(cal.uid, uid);
      t.equal(cal.sequence, 2);
    }
  },
);

t.test('a person taken off an invited line-up gets a cancellation at once', async (t) => {
  const { smtp, test, session, invite } = await setUp(t);
  await invite();
  await test.deliver();
  await smtp.waitFor(5);
  const res = await setLineup(test, session.id, { ...lineup, coBloggers: [] });
  t.equal(res.statusCode, 200);
  t.same(json(res).roles.coBloggers, []);
  await test.deliver();
  const [cancel] = (await smtp.waitFor(6)).slice(5);
  t.same(cancel?.envelopeTo, ['mei@example.org']);
  const cal = calendarOf(cancel as Received);
  t.equal(cal.method, 'CANCEL');
  t.equal(cal.status, null, 'only this attendee is taken off the event (RFC 5546 §3.2.5)');
  t.equal(cal.sequence, 1, 'above the invitation');
  t.same(json(await invite()), { queued: 0 }, 'nothing else changed');
});

t.test('reminders a week and a day before, to those invited or accepted, never twice', async (t) => {
  const { smtp, test, session, invite } = await setUp(t);
  await invite();
  await test.deliver();
  const invitations = await smtp.waitFor(5);
  const link = /(\/invitations\/[^/\s]+\/decline\?token=([\w-]+))/.exec(
    byRecipient(invitations, 'mei@example.org')[0]?.parsed.text ?? '',
  );
  await test.app.inject({
    method: 'POST',
    url: String(link?.[1]).split('?')[0] as string,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: `token=${link?.[2]}`,
  });
  await test.deliver();
  await smtp.waitFor(8); // two decline alerts, and Mei's copy withdrawn
  test.clock.set('2027-04-21T11:00:00Z'); // exactly 7 days before
  await test.deliver();
  const week = (await smtp.waitFor(12)).slice(8);
  t.equal(week.length, 4, 'all but the one who declined');
  t.notOk(week.some((m) => m.envelopeTo.includes('mei@example.org')));
  await test.deliver();
  t.equal(smtp.received.length, 12, 'not twice');
  test.clock.set('2027-04-27T12:00:00Z');
  await test.deliver();
  t.equal((await smtp.waitFor(16)).length, 16, 'the day-before reminder');
  void session;
});

t.test('the public series feed and the personal feed', async (t) => {
  const { test, series, session, invite } = await setUp(t);
  await invite();
  const feed = await test.app.inject({ url: `/calendar/series/${series.id}.ics` });
  t.equal(feed.statusCode, 200);
  t.match(feed.headers['content-type'], /^text\/calendar/);
  const { calendar, event, events } = parseIcs(feed.body);
  t.equal(calendar.getFirstPropertyValue('method'), 'PUBLISH');
  t.equal(events.length, 1);
  t.equal(instantOf(event, 'dtstart').iso, '2027-04-28T11:00:00.000Z');
  t.notOk(event.getFirstProperty('attendee'), 'no attendees in a public feed');
  t.equal((await test.app.inject({ url: '/calendar/series/nope.ics' })).statusCode, 404);
  const personal = await test.app.inject({ url: '/calendar/people/key-ana@example.org.ics' });
  t.equal(personal.statusCode, 200);
  t.match(personal.body, new RegExp(session.id));
  const feedName = async () =>
    parseIcs(
      (await test.app.inject({ url: '/calendar/people/key-ana@example.org.ics' })).body,
    ).calendar.getFirstPropertyValue('x-wr-calname');
  const ana = test.as('ana@example.org');
  await test.app.inject({ method: 'PATCH', url: '/api/me', headers: ana, payload: { name: 'Ana', language: 'en' } });
  t.equal(await feedName(), 'Ana: webinar sessions');
  await test.app.inject({ method: 'PATCH', url: '/api/me', headers: ana, payload: { language: 'fr' } });
  t.equal(await feedName(), 'Ana\u00a0: sessions de webinaire', 'named in the person’s language');
  t.equal((await test.app.inject({ url: '/calendar/people/guess.ics' })).statusCode, 404);
});

t.test('invitation routes refuse what is wrong', async (t) => {
  const { test, session } = await setUp(t);
  const post = (id: string, headers: Record<string, string>) =>
    test.app.inject({ method: 'POST', url: `/api/sessions/${id}/invitations`, headers });
  t.equal((await post(session.id, {})).statusCode, 401);
  t.equal((await post('nope', test.as(CHAIR))).statusCode, 404);
  t.equal((await post(session.id, test.as('ana@example.org'))).statusCode, 403);
  const forged = await test.app.inject({ url: '/invitations/whatever/accept?token=forged' });
  t.equal(forged.statusCode, 404);
  t.equal(
    (await test.app.inject({ url: '/invitations/whatever/maybe?token=x' })).statusCode,
    404,
    'no such answer: nothing at this address',
  );
  await test.app.inject({ method: 'POST', url: `/api/sessions/${session.id}/cancel`, headers: test.as(CHAIR) });
  const res = await post(session.id, test.as(CHAIR));
  t.equal(res.statusCode, 409);
});

t.test(
  'stop SMTP, queue invitations, restart the service, start SMTP: every message arrives exactly once',
  async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'indaba-restart-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const first = await startSmtpServer(t);
    const port = first.port;
    await first.close();
    const clock = new ManualClock('2027-02-01T09:00:00Z');
    const config = { smtpUrl: `smtp://127.0.0.1:${port}`, databasePath: join(dir, 'webinars.db') };
    const before = await buildMailApp(t, { config, clock, close: false });
    const series = await createSeries(before, {});
    const session = await createSession(before, series.id);
    await before.app.inject({
      method: 'PUT',
      url: `/api/sessions/${session.id}/roles`,
      headers: before.as(CHAIR),
      payload: lineup,
    });
    t.same(
      json(
        await before.app.inject({
          method: 'POST',
          url: `/api/sessions/${session.id}/invitations`,
          headers: before.as(CHAIR),
        }),
      ),
      { queued: 5 },
    );
    const failed = await before.deliver();
    t.equal(failed.sent, 0, 'nothing gets through while SMTP is down');
    await before.app.close();

    const smtp = await startSmtpServer(t, { port });
    // Started as the service starts: the worker retries every held message at once.
    const after = await buildMailApp(t, { config, clock, autoStart: true });
    await after.app.ready();
    await smtp.waitFor(5);
    await after.deliver();
    await new Promise((r) => setTimeout(r, 200));
    t.equal(smtp.received.length, 5, 'each once');
    t.same(
      smtp.received.flatMap((m) => m.envelopeTo).sort(),
      [CHAIR, 'ana@example.org', 'jean@example.org', 'kofi@example.org', 'mei@example.org'].sort(),
    );
  },
);
