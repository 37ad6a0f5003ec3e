// GET /api/outbox and POST /api/outbox/:id/resend: who may see and resend what.
import t from 'tap';
import { createSeries, type TestContext } from '../helper.js';
import { seriesChairOnPages, textOf } from '../web/helper.js';
import { addContact, buildMailApp, CHAIR, json, outboxRows, seedSeries } from './helper.js';

const ADMIN = 'admin@example.org';
const OTHER_CHAIR = 'other.chair@example.org';

async function setUp(t: TestContext) {
  const test = await buildMailApp(t);
  const mine = await seedSeries(test);
  const other = {
    seriesId: (await createSeries(test, { title: 'Another series', chairs: [{ email: OTHER_CHAIR }] })).id,
  };
  const db = test.app.db;
  const queue = (seriesId: string, email: string) => {
    const contactId = addContact(db, test.clock, seriesId, { email });
    test.app.mail.enqueue({ kind: 'call_for_interest', toEmail: email, seriesId, payload: { contactId } });
    test.clock.advance(1000);
  };
  queue(mine.seriesId, 'first@example.org');
  queue(other.seriesId, 'elsewhere@example.org');
  queue(mine.seriesId, 'second@example.org');
  return { test, mine, other };
}

t.test('GET /api/outbox: 401, then 404 or 403; admins see everything, chairs their series', async (t) => {
  const { test, mine, other } = await setUp(t);
  const get = (url: string, headers: Record<string, string> = {}) => test.app.inject({ url, headers });

  const anonymous = await get('/api/outbox');
  t.equal(anonymous.statusCode, 401);
  t.equal(json(anonymous).error, 'unauthenticated');
  t.equal((await get(`/api/outbox?series=${mine.seriesId}`)).statusCode, 401);
  t.equal((await get('/api/outbox?series=nope')).statusCode, 401, '401 before 404');

  const stranger = test.as('someone@example.org');
  const forbidden = await get('/api/outbox', stranger);
  t.equal(forbidden.statusCode, 403);
  t.match(json(forbidden), { error: 'forbidden', message: /\?series=/ });
  t.equal((await get(`/api/outbox?series=${mine.seriesId}`, stranger)).statusCode, 403);
  t.equal((await get('/api/outbox', test.as(CHAIR))).statusCode, 403, 'a chair without ?series');
  t.equal((await get(`/api/outbox?series=${other.seriesId}`, test.as(CHAIR))).statusCode, 403, "another series' mail");

  const unknown = await get('/api/outbox?series=nope', test.as(CHAIR));
  t.equal(unknown.statusCode, 404);
  t.match(json(unknown), { error: 'not_found', message: /nope/ });
  t.equal((await get('/api/outbox?series=nope', test.as(ADMIN, { admin: true }))).statusCode, 404);

  const all = await get('/api/outbox', test.as(ADMIN, { admin: true }));
  t.equal(all.statusCode, 200);
  t.same(
    json(all).map((m: any) => m.to),
    ['second@example.org', 'elsewhere@example.org', 'first@example.org'],
    'newest first',
  );
  const [newest] = json(all);
  t.same(Object.keys(newest).sort(), [
    'attempts',
    'bounceReason',
    'bouncedAt',
    'createdAt',
    'id',
    'kind',
    'lastError',
    'nextAttemptAt',
    'problem',
    'sentAt',
    'seriesId',
    'sessionId',
    'status',
    'subject',
    'to',
  ]);
  t.match(newest, {
    to: 'second@example.org',
    kind: 'call_for_interest',
    status: 'pending',
    attempts: 0,
    lastError: null,
    problem: null,
    createdAt: '2027-02-01T09:00:02.000Z',
    nextAttemptAt: '2027-02-01T09:00:02.000Z',
    sentAt: null,
    bouncedAt: null,
    bounceReason: null,
    seriesId: mine.seriesId,
    // Not sent yet: rendered for the listing.
    subject:
      'Call for expressions of interest: Governance for strategic purchasing (reply by 15 March, 23:59 Africa/Nairobi)',
  });

  const chair = await get(`/api/outbox?series=${mine.seriesId}`, test.as(CHAIR));
  t.equal(chair.statusCode, 200);
  t.same(
    json(chair).map((m: any) => m.to),
    ['second@example.org', 'first@example.org'],
  );
  const adminOfOne = await get(`/api/outbox?series=${other.seriesId}`, test.as(ADMIN, { admin: true }));
  t.same(
    json(adminOfOne).map((m: any) => m.to),
    ['elsewhere@example.org'],
  );

  await test.deliver();
  const sent = json(await get(`/api/outbox?series=${mine.seriesId}&status=sent&limit=1`, test.as(CHAIR)));
  t.equal(sent.length, 1);
  t.match(sent[0], { status: 'sent', attempts: 1, sentAt: '2027-02-01T09:00:03.000Z', nextAttemptAt: null });
  t.equal(sent[0].subject, outboxRows(test.app.db).find((r) => r.id === sent[0].id)?.subject, 'the subject sent');

  for (const query of ['limit=0', 'limit=abc', 'status=lost', 'colour=blue']) {
    const bad = await get(`/api/outbox?${query}`, test.as(ADMIN, { admin: true }));
    t.equal(bad.statusCode, 400, query);
    t.equal(json(bad).error, 'invalid_request', query);
  }
  t.equal((await get('/api/outbox?colour=blue')).statusCode, 401, '401 before 400');
});

t.test('POST /api/outbox/:id/resend: admin or a chair of its series; 409 while pending', async (t) => {
  const { test, other, mine: seeded } = await setUp(t);
  const db = test.app.db;
  const rows = outboxRows(db);
  const mine = rows.find((r) => r.to_email === 'first@example.org');
  const theirs = rows.find((r) => r.to_email === 'elsewhere@example.org');
  const post = (id: string, headers: Record<string, string> = {}) =>
    test.app.inject({ method: 'POST', url: `/api/outbox/${id}/resend`, headers });

  t.equal((await post(mine?.id)).statusCode, 401);
  t.equal((await post('nope')).statusCode, 401, '401 before 404');
  t.equal((await post('nope', test.as(CHAIR))).statusCode, 404);
  t.equal((await post(mine?.id, test.as('someone@example.org'))).statusCode, 403);
  t.equal((await post(theirs?.id, test.as(CHAIR))).statusCode, 403, "another series' message");

  const pending = await post(mine?.id, test.as(CHAIR));
  t.equal(pending.statusCode, 409);
  t.match(json(pending), { error: 'already_pending', message: /already waiting/ });

  db.$client.prepare("update outbox set status = 'failed', attempts = 6, last_error = '451 try later'").run();
  test.clock.advance(60_000);
  const resent = await post(mine?.id, test.as(CHAIR));
  t.equal(resent.statusCode, 200);
  t.match(json(resent), {
    id: mine?.id,
    status: 'pending',
    attempts: 0,
    lastError: null,
    nextAttemptAt: test.clock.now().toISOString(),
  });
  t.equal((await post(theirs?.id, test.as(OTHER_CHAIR))).statusCode, 200, 'the other series’ chair');
  const audit = json(
    await test.app.inject({ url: `/api/series/${seeded.seriesId}/audit`, headers: test.as(CHAIR) }),
  ).entries.filter((e: any) => e.action === 'outbox.resend');
  t.same(
    audit.map((e: any) => ({
      actor: e.actor?.email,
      entityType: e.entityType,
      entityId: e.entityId,
      details: e.details,
    })),
    [
      {
        actor: CHAIR,
        entityType: 'outbox',
        entityId: mine?.id,
        details: { kind: 'call_for_interest', previousStatus: 'failed' },
      },
    ],
    'the resend is in the series’ log, with who asked for it; the refused ones are not',
  );

  // A message tied to no series: only an admin.
  db.$client.prepare('update outbox set series_id = null, status = ? where id = ?').run('failed', mine?.id);
  t.equal((await post(mine?.id, test.as(CHAIR))).statusCode, 403);
  t.equal((await post(mine?.id, test.as(ADMIN, { admin: true }))).statusCode, 200);
  t.ok(other);
});

t.test('the series’ outbox page sends a message again, or says it is already waiting', async (t) => {
  const { test, mine } = await setUp(t);
  const db = test.app.db;
  const message = outboxRows(db).find((r) => r.to_email === 'first@example.org');
  const { web, base } = seriesChairOnPages(test.app, mine.seriesId);
  await web.get(`${base}/outbox`);
  const resend = () => web.post(`${base}/outbox/${message?.id}/resend`);

  const waiting = await resend();
  t.same([waiting.statusCode, waiting.headers.location], [303, `${base}?notice=alreadyPending`]);
  const said = textOf((await web.get(`${base}?notice=alreadyPending`)).body);
  t.ok(said.includes('This email is already waiting to be sent'), 'the page says so, not “sent again”');

  db.$client.prepare("update outbox set status = 'failed', attempts = 6 where id = ?").run(message?.id);
  const resent = await resend();
  t.same([resent.statusCode, resent.headers.location], [303, `${base}?notice=resent`]);
  t.same(
    outboxRows(db)
      .filter((r) => r.id === message?.id)
      .map((r) => [r.status, r.attempts]),
    [['pending', 0]],
  );
  const other = outboxRows(db).find((r) => r.to_email === 'elsewhere@example.org');
  t.equal((await web.post(`${base}/outbox/${other?.id}/resend`)).statusCode, 404, "another series' message");
});
