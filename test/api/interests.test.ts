import t, { type Test } from 'tap';
import { ADMIN, build, CHAIR, createSeries, createSession, grantExtension, json, type TestApp } from '../helper.js';

const LUCIA = 'lucia@example.org';

async function setUp(t: Test, options: { now?: string; deadline?: string; zone?: string } = {}) {
  const test = await build(t, { now: options.now ?? '2027-03-01T09:00:00Z' });
  const series = await createSeries(test, {
    interestDeadline: options.deadline ?? '2027-03-15',
    timezone: options.zone ?? 'Africa/Nairobi',
  });
  const s1 = await createSession(test, series.id, {
    title: 'RBF in a decentralized setting',
    startsAt: '2027-04-28T14:00',
  });
  const s2 = await createSession(test, series.id, {
    title: 'Health Information Systems and SP',
    startsAt: '2027-06-30T14:00',
  });
  const ws = test.app.db.$client.prepare(
    'insert into workstreams (id, series_id, title, created_at) values (?, ?, ?, 0)',
  );
  t.ok(ws.run('ws1', series.id, 'Citizen participation').changes);
  t.ok(ws.run('ws2', series.id, 'Parliamentary oversight').changes);
  return { test, series, s1, s2 };
}

const submit = (
  test: TestApp,
  seriesId: string,
  payload: object,
  email = LUCIA,
  headers: Record<string, string> = {},
) =>
  test.app.inject({
    method: 'POST',
    url: `/api/series/${seriesId}/interests`,
    headers: { ...test.as(email), ...headers },
    payload,
  });

t.test('a practitioner expresses interest, then replaces it; the profile follows', async (t) => {
  const { test, series, s1, s2 } = await setUp(t);
  const first = await submit(
    test,
    series.id,
    {
      name: 'Lucía Pérez',
      country: 'ar',
      organisation: 'Ministerio de Salud',
      roles: ['focal', 'co_blogger'],
      sessions: [s2.id, s1.id],
      workstreams: [{ id: 'ws1', asConvener: true }],
      motivation: 'We decentralised RBF in 2019.',
    },
    LUCIA,
    { 'accept-language': 'es-AR,es;q=0.9,en;q=0.5' },
  );
  t.equal(first.statusCode, 201);
  const created = json(first);
  t.match(created, {
    seriesId: series.id,
    person: { name: 'Lucía Pérez' },
    country: 'AR',
    countryName: 'Argentina',
    organisation: 'Ministerio de Salud',
    language: 'es',
    timezone: 'America/Argentina/Buenos_Aires',
  });
  t.same(created.roles, ['focal', 'co_blogger']);
  t.same(created.sessions, [s2.id, s1.id]);
  t.same(created.workstreams, [{ id: 'ws1', asConvener: true }]);
  t.notOk('email' in created.person, 'no address in an answer to a non-chair');

  test.clock.advance(60_000);
  const again = await submit(test, series.id, { country: 'AR', roles: ['discussant'], sessions: [s1.id] });
  t.equal(again.statusCode, 200, 'posting again replaces');
  const replaced = json(again);
  t.equal(replaced.id, created.id, 'same id');
  t.match(replaced, { language: 'es', person: { name: 'Lucía Pérez' } });
  t.same(replaced.roles, ['discussant']);
  t.same(replaced.sessions, [s1.id]);
  t.same(replaced.workstreams, []);
  t.not(replaced.updatedAt, created.updatedAt);
  t.equal(replaced.createdAt, created.createdAt);
  const [stored] = json(await test.app.inject({ url: `/api/series/${series.id}/interests`, headers: test.as(CHAIR) }));
  t.same(
    { ...stored, person: { name: stored.person.name } },
    replaced,
    'the answer is what was stored, as a chair reads it back',
  );

  const me = json(await test.app.inject({ url: '/api/me', headers: test.as(LUCIA) }));
  t.match(me, { name: 'Lucía Pérez', country: 'AR', language: 'es', timezone: 'America/Argentina/Buenos_Aires' });

  const audit = test.app.db.$client
    .prepare("select action from audit_log where entity_type = 'interest' order by id")
    .all();
  t.same(audit, [{ action: 'interest.submit' }, { action: 'interest.replace' }]);
});

t.test('a replacement that only reorders sessions or changes an offer to convene is stored', async (t) => {
  const { test, series, s1, s2 } = await setUp(t);
  const chosen = (sessions: string[], asConvener: boolean) => ({
    country: 'KE',
    roles: ['chair'],
    sessions,
    workstreams: [{ id: 'ws1', asConvener }],
  });
  await submit(test, series.id, chosen([s1.id, s2.id], false));
  await submit(test, series.id, chosen([s2.id, s1.id], true));
  const read = async () =>
    json(await test.app.inject({ url: `/api/series/${series.id}/interests`, headers: test.as(CHAIR) }))[0];
  const choices = async () => {
    const { roles, sessions, workstreams } = await read();
    return { roles, sessions, workstreams };
  };
  t.same(await choices(), {
    roles: ['chair'],
    sessions: [s2.id, s1.id],
    workstreams: [{ id: 'ws1', asConvener: true }],
  });
  await submit(test, series.id, chosen([s2.id, s1.id], true));
  t.same(
    await choices(),
    { roles: ['chair'], sessions: [s2.id, s1.id], workstreams: [{ id: 'ws1', asConvener: true }] },
    'unchanged',
  );
  await submit(test, series.id, chosen([s2.id], true));
  const csv = await test.app.inject({ url: `/api/series/${series.id}/interests.csv`, headers: test.as(CHAIR) });
  t.match(csv.body, /,1\. Health Information Systems and SP,/, 'the one session left is ranked first');
  await submit(test, series.id, { country: 'KE', workstreams: [{ id: 'ws1' }] });
  t.same(await choices(), { roles: [], sessions: [], workstreams: [{ id: 'ws1', asConvener: false }] });
  const both = await submit(test, series.id, { country: 'KE', workstreams: [{ id: 'ws2' }, { id: 'ws1' }] });
  t.same(json(both).workstreams, (await read()).workstreams, 'the answer lists workstreams as a later read does');
});

t.test('the deadline: the last millisecond is on time, the next is not', async (t) => {
  // 15 March ends at 2027-03-15T20:59:59.999Z in Nairobi (UTC+3).
  const { test, series, s1 } = await setUp(t, { now: '2027-03-15T20:59:59.999Z' });
  const body = { country: 'RW', roles: ['discussant'], sessions: [s1.id] };
  t.equal((await submit(test, series.id, body)).statusCode, 201, 'at the deadline instant');
  test.clock.set('2027-03-15T21:00:00.000Z');
  const late = await submit(test, series.id, body);
  t.equal(late.statusCode, 409);
  t.equal(json(late).error, 'deadline_passed');
  t.match(json(late).message, /Monday 15 March 2027, 23:59 \(Africa\/Nairobi\)/);
  t.match(json(late).message, /20:59 \(UTC\)/);
  const late2 = await submit(test, series.id, body, 'other@example.org');
  t.equal(late2.statusCode, 409, 'a first submission is refused too');
});

t.test('a deadline on a DST-change day ends at local midnight', async (t) => {
  // New York moves to EDT on 14 March 2027: the day ends at 23:59:59.999 EDT = 03:59:59.999Z.
  const { test, series, s1 } = await setUp(t, {
    now: '2027-03-15T03:59:59.999Z',
    deadline: '2027-03-14',
    zone: 'America/New_York',
  });
  const body = { country: 'US', roles: ['chair'], sessions: [s1.id] };
  t.equal((await submit(test, series.id, body)).statusCode, 201);
  test.clock.advance(1);
  t.equal((await submit(test, series.id, body)).statusCode, 409);
});

t.test('an extension lets one person in until its own instant, no one else', async (t) => {
  const { test, series, s1 } = await setUp(t, { now: '2027-03-16T09:00:00Z' });
  const body = { country: 'GH', roles: ['chair'], sessions: [s1.id] };
  t.equal((await submit(test, series.id, body)).statusCode, 409);
  const granted = await grantExtension(test, series.id, { email: LUCIA.toUpperCase(), until: '2027-03-20' });
  t.equal(granted.statusCode, 201);
  t.match(json(granted), { email: LUCIA, until: '2027-03-20T20:59:59.999Z' });
  t.equal((await submit(test, series.id, body)).statusCode, 201, 'the extended person may submit');
  t.equal((await submit(test, series.id, body, 'other@example.org')).statusCode, 409, 'others may not');
  test.clock.set('2027-03-20T20:59:59.999Z');
  t.equal((await submit(test, series.id, body)).statusCode, 200, 'and edit until the last millisecond');
  test.clock.advance(1);
  t.equal((await submit(test, series.id, body)).statusCode, 409);
  const stranger = await test.app.inject({
    method: 'POST',
    url: `/api/series/${series.id}/extensions`,
    headers: test.as('other@example.org'),
    payload: { email: 'other@example.org', until: '2027-04-01' },
  });
  t.equal(stranger.statusCode, 403, 'nobody extends their own deadline');
  const tooEarly = await grantExtension(test, series.id, { email: 'other@example.org', until: '2027-03-15' });
  t.equal(tooEarly.statusCode, 409, 'an extension that ends on the deadline itself lets nobody in later');
  t.same(json(tooEarly).details, {
    field: 'until',
    until: '2027-03-15T20:59:59.999Z',
    deadline: '2027-03-15T20:59:59.999Z',
  });
  t.equal(json(tooEarly).error, 'extension_not_later');
  const audit = test.app.db.$client
    .prepare("select count(*) n from audit_log where action = 'interest.extension'")
    .get() as any;
  t.equal(audit.n, 1);
});

t.test('withdrawing: the owner before the deadline; not others; not after', async (t) => {
  const { test, series, s1 } = await setUp(t);
  const created = json(await submit(test, series.id, { country: 'AR', roles: ['focal'], sessions: [s1.id] }));
  const del = (email: string) =>
    test.app.inject({ method: 'DELETE', url: `/api/interests/${created.id}`, headers: test.as(email) });
  t.equal((await test.app.inject({ method: 'DELETE', url: `/api/interests/${created.id}` })).statusCode, 401);
  t.equal((await del('other@example.org')).statusCode, 403);
  t.equal(
    (await test.app.inject({ method: 'DELETE', url: '/api/interests/nope', headers: test.as(LUCIA) })).statusCode,
    404,
  );
  test.clock.set('2027-03-16T00:00:00Z');
  t.equal((await del(LUCIA)).statusCode, 409, 'after the deadline');
  test.clock.set('2027-03-10T00:00:00Z');
  t.equal((await del(LUCIA)).statusCode, 204);
  t.equal((await del(LUCIA)).statusCode, 404, 'gone');
  const list = json(await test.app.inject({ url: `/api/series/${series.id}/interests`, headers: test.as(CHAIR) }));
  t.same(list, []);
});

t.test('what an interest may not say, each with a 400 that names it', async (t) => {
  const { test, series, s1, s2 } = await setUp(t);
  const other = await createSeries(test, { title: 'Other series' });
  const foreign = await createSession(test, other.id);
  const cancelled = await createSession(test, series.id, { title: 'Cancelled one' });
  await test.app.inject({ method: 'POST', url: `/api/sessions/${cancelled.id}/cancel`, headers: test.as(CHAIR) });
  const base = { country: 'AR', roles: ['focal'], sessions: [s1.id] };
  const cases: [string, object, RegExp][] = [
    ['no country', { roles: ['focal'], sessions: [s1.id] }, /country/],
    ['unknown country', { ...base, country: 'XX' }, /"XX"/],
    ['country of the wrong type', { ...base, country: 54 }, /country/],
    ['a role that does not exist', { ...base, roles: ['speaker'] }, /roles/],
    ['a role twice', { ...base, roles: ['focal', 'focal'] }, /roles/],
    ['a role without a session', { country: 'AR', roles: ['focal'] }, /session/],
    ['nothing asked for', { country: 'AR' }, /at least one role/],
    ['sessions without a role', { country: 'AR', sessions: [s1.id] }, /role/],
    ['a session twice', { ...base, sessions: [s1.id, s2.id, s1.id] }, /twice/],
    ['a session of another series', { ...base, sessions: [foreign.id] }, /not a session of this series/],
    ['a cancelled session', { ...base, sessions: [cancelled.id] }, /cancelled/],
    ['an unknown workstream', { country: 'AR', workstreams: [{ id: 'nope' }] }, /workstream/],
    ['an unknown zone', { ...base, timezone: 'America/Atlantis' }, /America\/Atlantis/],
    ['an unknown language', { ...base, language: 'de' }, /language/],
    ['motivation too long', { ...base, motivation: 'x'.repeat(4001) }, /motivation/],
    ['an unknown field', { ...base, role: 'focal' }, /"role"/],
  ];
  for (const [name, payload, message] of cases) {
    const res = await submit(test, series.id, payload);
    t.equal(res.statusCode, 400, name);
    t.match(json(res).message, message, name);
  }
  const malformed = await test.app.inject({
    method: 'POST',
    url: `/api/series/${series.id}/interests`,
    headers: { ...test.as(LUCIA), 'content-type': 'application/json' },
    payload: '{"country": "AR",',
  });
  t.equal(malformed.statusCode, 400);
  t.equal(
    (await test.app.inject({ method: 'POST', url: `/api/series/${series.id}/interests`, payload: base })).statusCode,
    401,
  );
  t.equal((await submit(test, 'nope', base)).statusCode, 404);
  const list = json(await test.app.inject({ url: `/api/series/${series.id}/interests`, headers: test.as(CHAIR) }));
  t.same(list, [], 'nothing stored');
  const me = json(await test.app.inject({ url: '/api/me', headers: test.as(LUCIA) }));
  t.equal(me.country, null, 'the profile was not touched by refused submissions');
});

t.test('a country without a zone of its own needs one given', async (t) => {
  const { test, series, s1 } = await setUp(t);
  const res = await submit(test, series.id, { country: 'BV', roles: ['focal'], sessions: [s1.id] });
  t.equal(res.statusCode, 400);
  t.match(json(res).message, /timezone/);
  const ok = await submit(test, series.id, {
    country: 'BV',
    timezone: 'Europe/Oslo',
    roles: ['focal'],
    sessions: [s1.id],
  });
  t.equal(json(ok).timezone, 'Europe/Oslo');
});

t.test('chairs list, filter, count and export interests; others may not', async (t) => {
  const { test, series, s1, s2 } = await setUp(t);
  await submit(test, series.id, { name: 'Lucía Pérez', country: 'AR', roles: ['focal'], sessions: [s1.id, s2.id] });
  test.clock.advance(1000);
  await submit(
    test,
    series.id,
    {
      name: 'Aya Kouassi',
      country: 'CI',
      roles: ['discussant', 'co_blogger'],
      sessions: [s2.id],
      workstreams: [{ id: 'ws1' }],
    },
    'aya@example.org',
  );
  const list = (query = '') =>
    test.app.inject({ url: `/api/series/${series.id}/interests${query}`, headers: test.as(CHAIR) });
  const all = json(await list());
  t.same(
    all.map((i: any) => i.person.email),
    [LUCIA, 'aya@example.org'],
    'chairs see addresses, oldest first',
  );
  t.same(
    json(await list(`?session=${s1.id}`)).map((i: any) => i.country),
    ['AR'],
  );
  t.same(
    json(await list('?role=co_blogger')).map((i: any) => i.country),
    ['CI'],
  );
  t.same(
    json(await list('?country=ci')).map((i: any) => i.country),
    ['CI'],
  );
  t.equal((await list('?role=speaker')).statusCode, 400);

  const counts = json(
    await test.app.inject({ url: `/api/series/${series.id}/interests/counts`, headers: test.as(CHAIR) }),
  );
  t.equal(counts.total, 2);
  t.same(counts.sessions, [
    {
      sessionId: s1.id,
      title: 'RBF in a decentralized setting',
      total: 1,
      firstChoice: 1,
      roles: { focal: 1, discussant: 0, chair: 0, co_blogger: 0 },
    },
    {
      sessionId: s2.id,
      title: 'Health Information Systems and SP',
      total: 2,
      firstChoice: 1,
      roles: { focal: 1, discussant: 1, chair: 0, co_blogger: 1 },
    },
  ]);
  t.same(counts.workstreams, [
    { workstreamId: 'ws1', members: 1, volunteers: 0 },
    { workstreamId: 'ws2', members: 0, volunteers: 0 },
  ]);

  const csv = await test.app.inject({ url: `/api/series/${series.id}/interests.csv`, headers: test.as(CHAIR) });
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /^text\/csv; charset=utf-8/);
  t.match(csv.headers['content-disposition'], /attachment; filename=".+\.csv"/);
  const bytes = csv.rawPayload;
  t.same([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a UTF-8 byte order mark, so Excel keeps the accents');
  const text = bytes.subarray(3).toString('utf8');
  const lines = text.trim().split('\n');
  t.match(lines[0], /^name,email,country,country_code,organisation,language,timezone,roles,sessions_ranked/);
  t.equal(lines.length, 3, 'one row per interest');
  t.match(lines[1], /^Lucía Pérez,lucia@example\.org,Argentina,AR/);
  t.match(
    lines[1],
    /1\. RBF in a decentralized setting; 2\. Health Information Systems and SP/,
    'sessions in rank order',
  );
  t.match(lines[2], /^Aya Kouassi,aya@example\.org,Côte d’Ivoire,CI/);

  for (const url of ['', '.csv', '/counts']) {
    const stranger = await test.app.inject({
      url: `/api/series/${series.id}/interests${url}`,
      headers: test.as('aya@example.org'),
    });
    t.equal(stranger.statusCode, 403, `interests${url} is for chairs`);
    t.equal((await test.app.inject({ url: `/api/series/${series.id}/interests${url}` })).statusCode, 401);
    t.equal(
      (await test.app.inject({ url: `/api/series/nope/interests${url}`, headers: test.as(ADMIN, { admin: true }) }))
        .statusCode,
      404,
    );
  }
});
