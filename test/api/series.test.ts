import { eq } from 'drizzle-orm';
import t from 'tap';
import { outbox } from '../../db/schema.js';
import { renderMessage } from '../../src/mail/render.js';
import { ADMIN, build, CHAIR, createSeries, createSession, json } from '../helper.js';

t.test('an admin creates a series; the chairs, zone and deadline come back as given', async (t) => {
  const test = await build(t);
  const series = await createSeries(test, {
    description: 'A year on governance for strategic purchasing.',
    chairs: [{ email: 'Chair@Example.org', name: 'Chair Person' }, { email: 'second@example.org' }],
  });
  t.match(series, {
    title: 'Governance for strategic purchasing',
    timezone: 'Africa/Nairobi',
    // A date alone is the end of that day in the series' zone (UTC+3).
    interestDeadline: '2027-03-15T20:59:59.999Z',
  });
  t.same(series.chairs, [
    { name: 'Chair Person', email: 'chair@example.org' },
    { name: 'second', email: 'second@example.org' },
  ]);
  t.same(series.sessions, []);
  t.type(series.id, 'string');
});

t.test('each new chair is told by email, once; chairs who stay and the one who made the change are not', async (t) => {
  const test = await build(t);
  const told = () =>
    test.app.db
      .select()
      .from(outbox)
      .where(eq(outbox.kind, 'chair_appointed'))
      .all()
      .map((row) => ({ row, message: renderMessage(row, { db: test.app.db, config: test.app.config }) }));
  const series = await createSeries(
    test,
    { chairs: [{ email: CHAIR, name: 'Chair Person' }, { email: ADMIN }] },
    { tellChairs: true },
  );
  const first = told();
  t.same(
    first.map((m) => m.row.toEmail),
    [CHAIR],
    'the administrator who named themselves a chair is not written to',
  );
  t.equal(first[0]?.message.subject, 'You chair the webinar series “Governance for strategic purchasing”');
  const text = first[0]?.message.text ?? '';
  t.ok(text.includes('Chairing with you: admin'), text);
  t.ok(text.includes('Deadline for expressions of interest: 15 March, 23:59 Africa/Nairobi'), text);
  t.ok(text.includes(`/series/${series.id}/manage`));
  t.ok(text.includes('focal country, discussant country, chair, co-bloggers'));

  const patched = await test.app.inject({
    method: 'PATCH',
    url: `/api/series/${series.id}`,
    headers: test.as(CHAIR),
    payload: { chairs: [{ email: CHAIR }, { email: 'amara@example.org', name: 'Amara Okafor' }] },
  });
  t.equal(patched.statusCode, 200);
  t.same(
    told().map((m) => m.row.toEmail),
    [CHAIR, 'amara@example.org'],
    'only the chair added is written to',
  );
  t.ok(told()[1]?.message.text.includes('Chairing with you: Chair Person'));
});

t.test('a deadline with a date-time and an offset is honoured; without offset read in the zone', async (t) => {
  const test = await build(t);
  const withOffset = await createSeries(test, { interestDeadline: '2027-03-15T12:00:00+01:00' });
  t.equal(withOffset.interestDeadline, '2027-03-15T11:00:00.000Z');
  const local = await createSeries(test, {
    interestDeadline: '2027-03-15T12:00',
    timezone: 'America/Argentina/Buenos_Aires',
  });
  t.equal(local.interestDeadline, '2027-03-15T15:00:00.000Z');
});

t.test('GET /api/series/:id is public and hides email addresses from all but chairs and admins', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  const anonymous = json(await test.app.inject({ url: `/api/series/${series.id}` }));
  t.same(anonymous.chairs, [{ name: 'Chair Person' }]);
  t.notMatch(JSON.stringify(anonymous), /@/);
  const stranger = json(
    await test.app.inject({ url: `/api/series/${series.id}`, headers: test.as('someone@example.org') }),
  );
  t.notMatch(JSON.stringify(stranger), /@/);
  const chair = json(await test.app.inject({ url: `/api/series/${series.id}`, headers: test.as(CHAIR) }));
  t.same(chair.chairs, [{ name: 'Chair Person', email: CHAIR }]);
});

t.test('GET /api/series lists series with their next session, soonest first', async (t) => {
  const test = await build(t, { now: '2026-09-01T09:00:00Z' });
  const later = await createSeries(test, { title: 'Later series' });
  const sooner = await createSeries(test, { title: 'Sooner series' });
  const empty = await createSeries(test, { title: 'No sessions yet' });
  await createSession(test, later.id, { title: 'Past', startsAt: '2026-10-01T10:00' });
  test.clock.set('2026-11-23T09:00:00Z');
  await createSession(test, later.id, { title: 'L1', startsAt: '2027-09-01T10:00' });
  const s1 = await createSession(test, sooner.id, { title: 'S1', startsAt: '2027-05-01T10:00' });
  const list = json(await test.app.inject({ url: '/api/series' }));
  t.same(
    list.map((s: any) => [s.title, s.nextSession?.title ?? null]),
    [
      ['Sooner series', 'S1'],
      ['Later series', 'L1'],
      ['No sessions yet', null],
    ],
  );
  t.same(list[0].nextSession, { id: s1.id, title: 'S1', startsAt: '2027-05-01T07:00:00.000Z' });
  t.equal(list[2].id, empty.id);
});

t.test('PATCH changes only what is given; a new zone re-reads a local deadline in it', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  const res = await test.app.inject({
    method: 'PATCH',
    url: `/api/series/${series.id}`,
    headers: test.as(CHAIR),
    payload: { title: 'Renamed', timezone: 'Africa/Kigali', interestDeadline: '2027-03-20' },
  });
  t.equal(res.statusCode, 200);
  t.match(json(res), { title: 'Renamed', timezone: 'Africa/Kigali', interestDeadline: '2027-03-20T21:59:59.999Z' });
  const cleared = await test.app.inject({
    method: 'PATCH',
    url: `/api/series/${series.id}`,
    headers: test.as(CHAIR),
    payload: { interestDeadline: null, chairs: [{ email: 'new.chair@example.org' }] },
  });
  t.match(json(cleared), { title: 'Renamed', interestDeadline: null });
  t.same(json(cleared).chairs, [{ name: 'new.chair', email: 'new.chair@example.org' }]);
  // The old chair is no longer a chair.
  const denied = await test.app.inject({
    method: 'PATCH',
    url: `/api/series/${series.id}`,
    headers: test.as(CHAIR),
    payload: { title: 'Again' },
  });
  t.equal(denied.statusCode, 403);
});

t.test('every change is in the audit log', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  await test.app.inject({
    method: 'PATCH',
    url: `/api/series/${series.id}`,
    headers: test.as(CHAIR),
    payload: { title: 'Renamed' },
  });
  const rows = test.app.db.$client.prepare('select action, entity_id from audit_log order by id').all();
  t.same(rows, [
    { action: 'series.create', entity_id: series.id },
    { action: 'series.update', entity_id: series.id },
  ]);
});

t.test('POST /api/series refuses what is wrong, in the documented order', async (t) => {
  const test = await build(t);
  const admin = test.as(ADMIN, { admin: true });
  const valid = { title: 'T', timezone: 'Africa/Nairobi', chairs: [{ email: CHAIR }] };
  const post = (payload: unknown, headers: Record<string, string> = admin) =>
    test.app.inject({ method: 'POST', url: '/api/series', headers, payload: payload as object });

  const cases: [string, Awaited<ReturnType<typeof post>>, number, string, RegExp?][] = [
    ['no token', await post(valid, {}), 401, 'unauthenticated'],
    ['a revoked or made-up token', await post(valid, { authorization: 'Bearer nope' }), 401, 'unauthenticated'],
    ['not an admin', await post(valid, test.as(CHAIR)), 403, 'forbidden'],
    ['missing title', await post({ ...valid, title: undefined }), 400, 'invalid_request', /title/],
    ['title of the wrong type', await post({ ...valid, title: 42 }), 400, 'invalid_request', /title/],
    ['empty title', await post({ ...valid, title: '' }), 400, 'invalid_request'],
    ['title too long', await post({ ...valid, title: 'x'.repeat(201) }), 400, 'invalid_request'],
    ['unknown zone', await post({ ...valid, timezone: 'Mars/Olympus' }), 400, 'invalid_request', /Mars\/Olympus/],
    ['zone abbreviation', await post({ ...valid, timezone: 'EAT' }), 400, 'invalid_request'],
    [
      'impossible deadline',
      await post({ ...valid, interestDeadline: '2027-02-30' }),
      400,
      'invalid_request',
      /interestDeadline/,
    ],
    ['deadline not a date', await post({ ...valid, interestDeadline: 'next March' }), 400, 'invalid_request'],
    ['no chairs', await post({ ...valid, chairs: [] }), 400, 'invalid_request'],
    [
      'chair email not an address',
      await post({ ...valid, chairs: [{ email: 'nobody' }] }),
      400,
      'invalid_request',
      /nobody/,
    ],
    [
      'a chair twice',
      await post({ ...valid, chairs: [{ email: CHAIR }, { email: CHAIR.toUpperCase() }] }),
      400,
      'invalid_request',
    ],
    ['unknown field', await post({ ...valid, timeZone: 'x' }), 400, 'invalid_request', /timeZone/],
  ];
  for (const [name, res, status, code, message] of cases) {
    t.equal(res.statusCode, status, name);
    t.equal(json(res).error, code, name);
    t.type(json(res).message, 'string', name);
    if (message) t.match(json(res).message, message, name);
  }

  const malformed = await test.app.inject({
    method: 'POST',
    url: '/api/series',
    headers: { ...admin, 'content-type': 'application/json' },
    payload: '{"title": ',
  });
  t.equal(malformed.statusCode, 400);
  t.same(json(malformed), { error: 'invalid_request', message: 'The request body is not valid JSON.' });

  const unauthenticatedMalformed = await test.app.inject({
    method: 'POST',
    url: '/api/series',
    headers: { 'content-type': 'application/json' },
    payload: '{"title": ',
  });
  t.equal(unauthenticatedMalformed.statusCode, 401, '401 comes before 400');

  const list = json(await test.app.inject({ url: '/api/series' }));
  t.same(list, [], 'nothing was stored by any refused request');
});

t.test('GET and PATCH /api/series/:id answer 404, 401, 403 and 400 as documented', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  t.equal((await test.app.inject({ url: '/api/series/unknown' })).statusCode, 404);
  const patch = (id: string, payload: unknown, headers: Record<string, string>) =>
    test.app.inject({ method: 'PATCH', url: `/api/series/${id}`, headers, payload: payload as object });
  t.equal((await patch(series.id, { title: 'x' }, {})).statusCode, 401);
  t.equal((await patch('unknown', { title: 'x' }, test.as(CHAIR))).statusCode, 404);
  t.equal((await patch(series.id, { title: 'x' }, test.as('stranger@example.org'))).statusCode, 403);
  t.equal((await patch(series.id, { timezone: 'Nowhere/Town' }, test.as(CHAIR))).statusCode, 400);
  t.equal((await patch(series.id, { title: ['x'] }, test.as(CHAIR))).statusCode, 400);
  t.equal((await patch(series.id, {}, test.as(CHAIR))).statusCode, 400, 'an empty change is refused');
  // An admin who is not a chair of this series may change it.
  t.equal((await patch(series.id, { title: 'By admin' }, test.as(ADMIN, { admin: true }))).statusCode, 200);
});

t.test('unknown routes answer 404 in the error format', async (t) => {
  const test = await build(t);
  const res = await test.app.inject({ url: '/api/nothing-here' });
  t.equal(res.statusCode, 404);
  t.equal(json(res).error, 'not_found');
});

t.test("an address the router cannot read answers in the error format, not Fastify's", async (t) => {
  const test = await build(t);
  const bad = await test.app.inject({ url: '/api/series/%ED%A0%80' });
  t.equal(bad.statusCode, 400);
  t.same(json(bad), {
    error: 'invalid_request',
    message: 'The address is not valid: a part of it is not correctly percent-encoded UTF-8.',
  });
  const long = await test.app.inject({ url: `/api/series/${'x'.repeat(101)}` });
  t.equal(long.statusCode, 414);
  t.same(json(long), {
    error: 'uri_too_long',
    message: 'A part of the address is too long: ids and names in an address have at most 100 characters.',
  });
  t.equal((await test.app.inject({ url: `/api/series/${'x'.repeat(100)}` })).statusCode, 404, 'up to 100 is read');
});

t.test('the OpenAPI document describes the routes from their schemas', async (t) => {
  const test = await build(t);
  const doc = json(await test.app.inject({ url: '/openapi.json' }));
  t.ok(doc.paths['/api/series'].post.requestBody);
  t.ok(doc.paths['/api/series/{id}/sessions/plan'].post);
  const page = await test.app.inject({ url: '/docs/' });
  t.equal(page.statusCode, 200);
  t.match(page.headers['content-type'], /html/);
});

t.test('the programme never shows stale data after a write, from this process or another', async (t) => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const Database = (await import('better-sqlite3')).default;
  const dir = mkdtempSync(join(tmpdir(), 'indaba-cache-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const test = await build(t, { config: { databasePath: join(dir, 'test.db') } });
  const series = await createSeries(test);
  const title = async () => json(await test.app.inject({ url: `/api/series/${series.id}` })).title;
  t.equal(await title(), 'Governance for strategic purchasing');
  await test.app.inject({
    method: 'PATCH',
    url: `/api/series/${series.id}`,
    headers: test.as(CHAIR),
    payload: { title: 'Changed over the API' },
  });
  t.equal(await title(), 'Changed over the API');
  const other = new Database(join(dir, 'test.db'));
  other.prepare('update series set title = ? where id = ?').run('Changed by another process', series.id);
  other.close();
  t.equal(await title(), 'Changed by another process');
});
