import t, { type Test } from 'tap';
import { build, CHAIR, createSeries, createSession, json, type TestApp } from '../helper.js';

const put = (test: TestApp, sessionId: string, payload: object, headers: Record<string, string> = test.as(CHAIR)) =>
  test.app.inject({ method: 'PUT', url: `/api/sessions/${sessionId}/roles`, headers, payload });

async function setUp(t: Test) {
  const test = await build(t, { now: '2027-03-01T09:00:00Z' });
  const series = await createSeries(test, {
    chairs: [
      { email: CHAIR, name: 'Chair Person' },
      { email: 'second.chair@example.org', name: 'Second Chair' },
    ],
  });
  const s1 = await createSession(test, series.id, { title: 'RBF', startsAt: '2027-04-28T14:00' });
  const s2 = await createSession(test, series.id, { title: 'HIS', startsAt: '2027-06-30T14:00' });
  const interest = (email: string, name: string, country: string, roles: string[], sessions: string[]) =>
    test.app.inject({
      method: 'POST',
      url: `/api/series/${series.id}/interests`,
      headers: test.as(email),
      payload: { name, country, roles, sessions },
    });
  await interest('ana@example.org', 'Ana Gómez', 'AR', ['focal'], [s1.id]);
  await interest('kofi@example.org', 'Kofi Mensah', 'GH', ['chair', 'discussant'], [s1.id, s2.id]);
  await interest('jean@example.org', 'Jean Uwase', 'RW', ['discussant'], [s1.id]);
  await interest('mei@example.org', 'Mei Tran', 'VN', ['co_blogger'], [s1.id]);
  await interest('ines@example.org', 'Inês Costa', 'BR', ['co_blogger'], [s1.id]);
  return { test, series, s1, s2 };
}

const fullLineup = {
  chair: { email: 'kofi@example.org' },
  supportingChair: { email: 'second.chair@example.org' },
  focal: { country: 'AR', people: [{ email: 'ana@example.org' }] },
  discussant: { country: 'RW', people: [{ email: 'jean@example.org' }] },
  coBloggers: [{ email: 'mei@example.org' }, { email: 'ines@example.org' }],
};

t.test('a chair sets the line-up; every role reads back with names, countries and status', async (t) => {
  const { test, series, s1 } = await setUp(t);
  const res = await put(test, s1.id, fullLineup);
  t.equal(res.statusCode, 200);
  const session = json(res);
  t.same(session.warnings, []);
  const assigned = (name: string, email: string, country: string | null, countryName: string | null) => ({
    name,
    email,
    country,
    countryName,
    status: 'assigned',
  });
  t.same(session.roles, {
    chair: assigned('Kofi Mensah', 'kofi@example.org', 'GH', 'Ghana'),
    supportingChair: assigned('Second Chair', 'second.chair@example.org', null, null),
    focal: {
      country: 'AR',
      countryName: 'Argentina',
      people: [assigned('Ana Gómez', 'ana@example.org', 'AR', 'Argentina')],
    },
    discussant: {
      country: 'RW',
      countryName: 'Rwanda',
      people: [assigned('Jean Uwase', 'jean@example.org', 'RW', 'Rwanda')],
    },
    coBloggers: [
      assigned('Mei Tran', 'mei@example.org', 'VN', 'Vietnam'),
      assigned('Inês Costa', 'ines@example.org', 'BR', 'Brazil'),
    ],
  });
  t.same(
    session.blog.authors.map((a: any) => a.name),
    ['Kofi Mensah', 'Jean Uwase', 'Mei Tran', 'Inês Costa'],
    'the blog authors follow the line-up',
  );
  const pub = json(await test.app.inject({ url: `/api/series/${series.id}` }));
  const roles = pub.sessions[0].roles;
  t.equal(roles.focal.people[0].name, 'Ana Gómez');
  t.notMatch(JSON.stringify(pub), /@/, 'the public programme carries no addresses');
  const audit = test.app.db.$client
    .prepare("select count(*) n from audit_log where action = 'roles.update'")
    .get() as any;
  t.equal(audit.n, 1);
});

t.test('members left out are to be decided; a second PUT replaces the whole line-up', async (t) => {
  const { test, s1 } = await setUp(t);
  await put(test, s1.id, fullLineup);
  const res = json(await put(test, s1.id, { focal: { country: 'AR' } }));
  t.same(res.roles, {
    chair: null,
    supportingChair: null,
    focal: { country: 'AR', countryName: 'Argentina', people: [] },
    discussant: null,
    coBloggers: [],
  });
});

t.test("the chair country defaults to the chair's profile and can be given", async (t) => {
  const { test, s1 } = await setUp(t);
  t.equal(json(await put(test, s1.id, { chair: { email: 'kofi@example.org' } })).roles.chair.country, 'GH');
  t.equal(
    json(await put(test, s1.id, { chair: { email: 'kofi@example.org', country: 'KE' } })).roles.chair.country,
    'KE',
  );
  t.equal(
    json(await put(test, s1.id, { chair: { email: 'new.person@example.org', name: 'New Person' } })).roles.chair
      .country,
    null,
  );
});

t.test('each rule answers 409 with its code, and a refused line-up changes nothing', async (t) => {
  const { test, s1, s2 } = await setUp(t);
  await put(test, s2.id, { focal: { country: 'BR' } });
  await put(test, s1.id, fullLineup);
  const before = json(await test.app.inject({ url: `/api/sessions/${s1.id}`, headers: test.as(CHAIR) })).roles;
  const people = () => (test.app.db.$client.prepare('select count(*) n from people').get() as any).n;
  const peopleBefore = people();
  const cases: [string, object][] = [
    ['same_country', { ...fullLineup, discussant: { country: 'AR', people: [{ email: 'brand.new@example.org' }] } }],
    ['not_series_chair', { ...fullLineup, supportingChair: { email: 'kofi@example.org' } }],
    [
      'too_many_co_bloggers',
      { ...fullLineup, coBloggers: ['a', 'b', 'c', 'd'].map((x) => ({ email: `${x}@example.org` })) },
    ],
    ['country_already_focal', { ...fullLineup, focal: { country: 'BR', people: [] } }],
  ];
  for (const [code, payload] of cases) {
    const res = await put(test, s1.id, payload);
    t.equal(res.statusCode, 409, code);
    t.equal(json(res).error, code);
  }
  const after = json(await test.app.inject({ url: `/api/sessions/${s1.id}`, headers: test.as(CHAIR) })).roles;
  t.same(after, before, 'the line-up is as it was');
  t.equal(people(), peopleBefore, 'no person was created by a refused line-up');
});

t.test('allowed choices worth a second look come back as warnings', async (t) => {
  const { test, s1, s2 } = await setUp(t);
  await put(test, s2.id, { discussant: { country: 'RW' } });
  const res = json(
    await put(test, s1.id, {
      ...fullLineup,
      chair: { email: 'mei@example.org' },
      coBloggers: [{ email: 'mei@example.org' }],
    }),
  );
  const codes = res.warnings.map((w: any) => w.code).sort();
  t.same(codes, ['country_already_discussant', 'person_holds_two_roles', 'role_not_requested']);
});

t.test('PUT roles refuses what is wrong, in order', async (t) => {
  const { test, s1 } = await setUp(t);
  t.equal((await put(test, s1.id, fullLineup, {})).statusCode, 401);
  t.equal((await put(test, 'nope', fullLineup)).statusCode, 404);
  t.equal((await put(test, s1.id, fullLineup, test.as('ana@example.org'))).statusCode, 403);
  t.equal((await put(test, s1.id, { focal: { country: 'XX' } })).statusCode, 400);
  t.equal((await put(test, s1.id, { focal: { people: [] } })).statusCode, 400, 'a focal role needs its country');
  t.equal((await put(test, s1.id, { chair: { email: 'not an address' } })).statusCode, 400);
  t.equal((await put(test, s1.id, { coBloggers: 'everyone' })).statusCode, 400);
  t.equal((await put(test, s1.id, { cochair: null })).statusCode, 400);
  await test.app.inject({ method: 'POST', url: `/api/sessions/${s1.id}/cancel`, headers: test.as(CHAIR) });
  const cancelled = await put(test, s1.id, fullLineup);
  t.equal(cancelled.statusCode, 409);
  t.equal(json(cancelled).error, 'session_cancelled');
});
