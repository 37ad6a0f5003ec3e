// Reminders tell the time really left, over a real SMTP conversation with the ManualClock: no
// "one week" reminder for someone invited 3 days before, "today" for a reminder 20 hours ahead
// on the reader's own day, "in 6 days" for a blog reminder six days ahead, and a deadline shown
// with its time and zone where the reader's date differs from the series' (Kolkata).
import t, { type Test } from 'tap';
import { CHAIR, createSeries, createSession, json, SERIES_TITLE, setLineup } from '../helper.js';
import { addContact, buildMailApp, outboxRows, type Received, startSmtpServer } from './helper.js';
import { lineup } from './replies-helper.js';

const NBSP = '\u00a0';
const SESSION = 'RBF in a decentralized setting';

/** A series in Nairobi, its session on 28 April 2027 at 14:00 there (11:00 UTC), the line-up set. */
async function setUp(t: Test) {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  const series = await createSeries(test, { timezone: 'Africa/Nairobi' });
  const session = await createSession(test, series.id, { title: SESSION, startsAt: '2027-04-28T14:00' });
  // The readers' own zones, chosen: Buenos Aires, Kigali and Auckland (UTC+12 in April).
  for (const [email, tz, lang] of [
    ['ana@example.org', 'America/Argentina/Buenos_Aires', 'es'],
    ['jean@example.org', 'Africa/Kigali', 'fr'],
    ['mei@example.org', 'Pacific/Auckland', 'en'],
  ] as const) {
    test.app.db.$client
      .prepare(
        'insert into people (id, email, timezone, timezone_chosen, language, calendar_key, created_at) values (?, ?, ?, 1, ?, ?, 0)',
      )
      .run(email, email, tz, lang, `key-${email}`);
  }
  const put = await setLineup(test, session.id, lineup);
  t.equal(put.statusCode, 200, 'the line-up is set');
  const invite = async () => {
    const res = await test.app.inject({
      method: 'POST',
      url: `/api/sessions/${session.id}/invitations`,
      headers: test.as(CHAIR),
    });
    t.equal(res.statusCode, 202, 'invited');
  };
  /** The clock moves to `iso`, the worker runs; the messages that arrived, each kind's recipients. */
  const at = async (iso: string) => {
    test.clock.set(iso);
    const before = smtp.received.length;
    const report = await test.deliver();
    await smtp.waitFor(before + report.sent);
    return smtp.received.slice(before);
  };
  const recipients = (kind: string) =>
    outboxRows(test.app.db)
      .filter((r) => r.kind === kind)
      .map((r) => r.to_email as string)
      .sort();
  return { smtp, test, series, session, invite, at, recipients };
}

const to = (mails: Received[], email: string) => mails.filter((m) => m.envelopeTo.includes(email));
const subjects = (mails: Received[], email: string) => to(mails, email).map((m) => m.parsed.subject);
const EVERYONE = [CHAIR, 'ana@example.org', 'jean@example.org', 'kofi@example.org', 'mei@example.org'].sort();

t.test('invited 3 days before: no one-week reminder, exactly one one-day reminder', async (t) => {
  const { invite, at, recipients } = await setUp(t);
  await at('2027-04-25T11:00:00Z'); // 3 days before the session
  await invite();
  const invitations = await at('2027-04-25T11:00:05Z');
  t.equal(invitations.length, 5, 'the five invitations');
  t.same(recipients('session_reminder'), [], 'no reminder with the invitation');
  t.same(await at('2027-04-26T11:00:00Z'), [], 'two days before: nothing');
  t.same(await at('2027-04-27T10:59:59Z'), [], 'a second before the one-day window: nothing');
  const day = await at('2027-04-27T11:00:00Z');
  t.same(recipients('session_reminder'), EVERYONE, 'the one-day reminder, to each of them');
  t.same(
    subjects(day, 'ana@example.org'),
    ['Recordatorio: «RBF in a decentralized setting» mañana, el 28 de abril'],
    'Ana, Buenos Aires: tomorrow',
  );
  t.same(
    subjects(day, 'mei@example.org'),
    ['Reminder: “RBF in a decentralized setting” tomorrow, 28 April'],
    'Mei, Auckland: tomorrow',
  );
  t.same(await at('2027-04-28T10:00:00Z'), [], 'an hour before the session: nothing more');
  t.same(recipients('session_reminder'), EVERYONE, 'exactly one reminder each');
});

t.test('a reminder 20 hours ahead, on the same date in the reader’s zone, says today', async (t) => {
  const { invite, at } = await setUp(t);
  await invite(); // 1 February: long before both windows
  t.equal((await at('2027-02-01T09:00:05Z')).length, 5, 'the invitations');
  const week = await at('2027-04-21T11:00:00Z');
  t.same(
    subjects(week, 'mei@example.org'),
    ['Reminder: “RBF in a decentralized setting” in 7 days, 28 April'],
    'a week before: in 7 days',
  );
  // The worker reaches the one-day window late: 20 hours before the session. In Auckland that is
  // 03:00 on 28 April, the session at 23:00 the same day; in Kigali 17:00 on the 27th.
  const day = await at('2027-04-27T15:00:00Z');
  const mei = to(day, 'mei@example.org');
  t.same(
    mei.map((m) => m.parsed.subject),
    ['Reminder: “RBF in a decentralized setting” today, 28 April'],
    'Mei, Auckland: today',
  );
  t.ok(
    mei[0]?.parsed.text?.includes(
      `A reminder that the session “${SESSION}” of the series “${SERIES_TITLE}” takes place today.`,
    ),
    'Mei: takes place today',
  );
  t.ok(
    mei[0]?.parsed.text?.includes(
      'Wednesday 28 April 2027, 23:00 (Pacific/Auckland) · 11:00 UTC · 14:00 Africa/Nairobi',
    ),
    'Mei: the time in her zone',
  );
  t.same(
    subjects(day, 'jean@example.org'),
    [`Rappel${NBSP}: «${NBSP}RBF in a decentralized setting${NBSP}» demain, le 28 avril`],
    'Jean, Kigali, at the same instant: tomorrow',
  );
  t.ok(
    to(day, 'jean@example.org')[0]?.parsed.text?.includes(
      `Pour rappel, la session «${NBSP}${SESSION}${NBSP}» de la série «${NBSP}${SERIES_TITLE}${NBSP}» a lieu demain.`,
    ),
    'Jean: a lieu demain',
  );
});

t.test('a blog reminder six days before the due date says in 6 days', async (t) => {
  const { at, recipients } = await setUp(t);
  // Due three weeks after the session: 19 May 2027, 11:00 UTC. The worker first runs 6 days before.
  const mails = await at('2027-05-13T11:00:00Z');
  t.same(recipients('blog_reminder'), ['jean@example.org', 'kofi@example.org', 'mei@example.org'], 'the authors');
  const mei = to(mails, 'mei@example.org');
  t.same(
    mei.map((m) => m.parsed.subject),
    ['Reminder: the blog post on “RBF in a decentralized setting” is due in 6 days (19 May, 23:00 Pacific/Auckland)'],
    'Mei: in 6 days',
  );
  t.ok(
    mei[0]?.parsed.text?.includes(
      `A reminder that the blog post on the session “${SESSION}” is due in 6 days: Wednesday 19 May 2027, 23:00 (Pacific/Auckland) · 11:00 UTC · 14:00 Africa/Nairobi.`,
    ),
    'Mei: due in 6 days, three zones',
  );
  t.same(
    subjects(mails, 'jean@example.org'),
    [
      `Rappel${NBSP}: le billet de blog sur «${NBSP}RBF in a decentralized setting${NBSP}» est attendu dans 6 jours (19 mai à 13:00 Africa/Kigali)`,
    ],
    'Jean: dans 6 jours',
  );
});

t.test('a Kolkata reader sees the deadline on 16 March at 02:29, with the zone', async (t) => {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  // Deadline 15 March 2027, the end of the day in Nairobi: 20:59:59.999 UTC, 02:29:59 on the 16th in Kolkata.
  const series = await createSeries(test, { timezone: 'Africa/Nairobi', interestDeadline: '2027-03-15' });
  addContact(test.app.db, test.clock, series.id, {
    email: 'priya@example.org',
    language: 'en',
    timezone: 'Asia/Kolkata',
  });
  addContact(test.app.db, test.clock, series.id, {
    email: 'wanjiru@example.org',
    language: 'en',
    timezone: 'Africa/Nairobi',
  });
  const sent = await test.app.inject({ method: 'POST', url: `/api/series/${series.id}/call`, headers: test.as(CHAIR) });
  t.same(json(sent), { queued: 2, unsubscribed: 0 });
  const deliverAt = async (iso: string) => {
    test.clock.set(iso);
    const before = smtp.received.length;
    const report = await test.deliver();
    await smtp.waitFor(before + report.sent);
    return smtp.received.slice(before);
  };
  const call = await deliverAt('2027-02-01T09:00:05Z');
  const priyaCall = to(call, 'priya@example.org')[0]?.parsed;
  t.equal(
    priyaCall?.subject,
    `Call for expressions of interest: ${SERIES_TITLE} (reply by 16 March, 02:29 Asia/Kolkata)`,
    'the call: 16 March with its time and zone',
  );
  t.ok(
    priyaCall?.text?.includes(
      'Tuesday 16 March 2027, 02:29 (Asia/Kolkata) · 20:59 UTC (Mon 15 Mar) · 23:59 Africa/Nairobi (Mon 15 Mar)',
    ),
    'the call: the deadline in her zone, UTC and the series’ zone',
  );
  t.same(
    subjects(call, 'wanjiru@example.org'),
    [`Call for expressions of interest: ${SERIES_TITLE} (reply by 15 March, 23:59 Africa/Nairobi)`],
    'in Nairobi: 15 March',
  );

  // Seven times 24 hours before the deadline: 02:29 on 9 March in Kolkata.
  const week = await deliverAt('2027-03-08T20:59:59.999Z');
  t.same(
    subjects(week, 'priya@example.org'),
    [`Expressions of interest in “${SERIES_TITLE}” close in 7 days (16 March, 02:29 Asia/Kolkata)`],
    'a week before: in 7 days',
  );
  // 10:00 UTC on the 15th: 15:30 in Kolkata, the deadline tomorrow there; 13:00 in Nairobi, today.
  const day = await deliverAt('2027-03-15T10:00:00Z');
  const priya = to(day, 'priya@example.org')[0]?.parsed;
  t.equal(
    priya?.subject,
    `Expressions of interest in “${SERIES_TITLE}” close tomorrow (16 March, 02:29 Asia/Kolkata)`,
    'Kolkata: tomorrow, 16 March, 02:29',
  );
  t.ok(
    priya?.text?.includes(
      `Expressions of interest in the series “${SERIES_TITLE}” close tomorrow: Tuesday 16 March 2027, 02:29 (Asia/Kolkata) · 20:59 UTC (Mon 15 Mar) · 23:59 Africa/Nairobi (Mon 15 Mar).`,
    ),
    'Kolkata: the deadline in three zones',
  );
  t.same(
    subjects(day, 'wanjiru@example.org'),
    [`Expressions of interest in “${SERIES_TITLE}” close today (15 March, 23:59 Africa/Nairobi)`],
    'Nairobi, at the same instant: today',
  );
});
