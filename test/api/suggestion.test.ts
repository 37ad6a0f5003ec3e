import t, { type Test } from 'tap';
import { replyLink } from '../../src/modules/invitations/links.js';
import { build, CHAIR, createSeries, createSession, json, setLineup, type TestApp } from '../helper.js';

async function setUp(t: Test) {
  const test = await build(t, { now: '2027-03-01T09:00:00Z' });
  const series = await createSeries(test);
  const s1 = await createSession(test, series.id, { title: 'RBF', startsAt: '2027-04-28T14:00' });
  const s2 = await createSession(test, series.id, { title: 'HIS', startsAt: '2027-06-30T14:00' });
  const interest = async (email: string, name: string, country: string, roles: string[], sessions: string[]) => {
    const res = await test.app.inject({
      method: 'POST',
      url: `/api/series/${series.id}/interests`,
      headers: test.as(email),
      payload: { name, country, roles, sessions },
    });
    t.equal(res.statusCode, 201);
    test.clock.advance(1000);
  };
  // Greedy by first choice would give Ana (AR) the RBF focal place and leave HIS without a focal
  // country: Ana is the only one who can present HIS, Bo can present only RBF.
  await interest('ana@example.org', 'Ana', 'AR', ['focal'], [s1.id, s2.id]);
  await interest('bo@example.org', 'Bo', 'BR', ['focal'], [s1.id]);
  await interest('jean@example.org', 'Jean', 'RW', ['discussant'], [s1.id, s2.id]);
  await interest('kofi@example.org', 'Kofi', 'GH', ['discussant', 'chair'], [s2.id]);
  await interest('mei@example.org', 'Mei', 'VN', ['co_blogger'], [s1.id]);
  await interest('ines@example.org', 'Inês', 'PT', ['co_blogger'], [s1.id]);
  return { test, series, s1, s2, interest };
}

const suggest = (test: TestApp, seriesId: string) =>
  test.app.inject({ method: 'POST', url: `/api/series/${seriesId}/roles/suggestion`, headers: test.as(CHAIR) });

t.test('the suggestion fills every place it can, exactly, and changes nothing', async (t) => {
  const { test, series, s1, s2 } = await setUp(t);
  const res = await suggest(test, series.id);
  t.equal(res.statusCode, 200);
  const body = json(res);
  const bySession = new Map(body.sessions.map((s: any) => [s.sessionId, s.roles]));
  const rbf: any = bySession.get(s1.id);
  const his: any = bySession.get(s2.id);
  t.equal(rbf.focal.country, 'BR', 'Bo presents RBF');
  t.equal(his.focal.country, 'AR', 'so that Ana can present HIS');
  t.ok(rbf.discussant && his.discussant, 'both discussant places filled');
  t.not(rbf.discussant.country, rbf.focal.country);
  t.same(rbf.coBloggers.map((p: any) => p.email).sort(), ['ines@example.org', 'mei@example.org']);
  t.same(body.unplaced, [], 'everyone has a place');
  t.same(
    body.openPlaces,
    [
      {
        sessionId: s1.id,
        role: 'chair',
        code: 'nobody_asked',
        params: { role: 'chair' },
        reason: 'Nobody who chose this session asked for the chair role.',
      },
      // People are named as the chair knows them, and sessions by their titles, not by an id.
      {
        sessionId: s2.id,
        role: 'chair',
        code: 'no_candidate_free',
        params: { role: 'chair' },
        obstacles: [
          {
            code: 'placed_elsewhere',
            params: { role: 'discussant', session: 'HIS', country: 'GH', people: ['Kofi'], n: 1 },
          },
        ],
        reason: 'Nobody who asked for it is free — Kofi (Ghana) is suggested as discussant country in “HIS”.',
      },
      ...[1, 2].map(() => ({
        sessionId: s2.id,
        role: 'co_blogger',
        code: 'nobody_asked',
        params: { role: 'co_blogger' },
        reason: 'Nobody who chose this session asked for the co-blogger role.',
      })),
    ],
    'the places left empty, each with why',
  );
  const untouched = json(await test.app.inject({ url: `/api/sessions/${s1.id}` }));
  t.same(untouched.roles.focal, null, 'nothing was changed by asking');

  // The suggestion is in the shape PUT roles takes.
  const put = await setLineup(test, s1.id, rbf);
  t.equal(put.statusCode, 200);
  t.same(json(await suggest(test, series.id)), body, 'the same input gives the same line-up');
});

/** Someone the suggestion leaves out of the focal country place in “RBF”, and what the chairs read. */
const leftOut = (email: string, name: string, code: string, reason: string) => ({
  email,
  name,
  code,
  params: { role: 'focal', session: 'RBF' },
  reason,
});

t.test('someone left out is told why, with the session named by its title', async (t) => {
  const { test, series, s1, interest } = await setUp(t);
  await interest('zoe@example.org', 'Zoe', 'BR', ['focal'], [s1.id]);
  const body = json(await suggest(test, series.id));
  t.same(body.unplaced, [
    leftOut(
      'zoe@example.org',
      'Zoe',
      'place_taken',
      'The focal country place in “RBF” went to another candidate in the best line-up.',
    ),
  ]);
});

t.test('taking the suggestion for one session, then the rest; invited people keep their roles', async (t) => {
  const { test, series, s1, s2 } = await setUp(t);
  const apply = (payload?: object) =>
    test.app.inject({
      method: 'POST',
      url: `/api/series/${series.id}/roles/suggestion/apply`,
      headers: test.as(CHAIR),
      ...(payload ? { payload } : {}),
    });
  const one = await apply({ sessionIds: [s1.id] });
  t.equal(one.statusCode, 200);
  t.same(
    json(one).sessions.map((s: any) => s.id),
    [s1.id],
  );
  t.equal(json(one).sessions[0].roles.focal.country, 'BR');
  t.equal(
    json(await test.app.inject({ url: `/api/sessions/${s2.id}` })).roles.focal,
    null,
    'the other session untouched',
  );
  await test.app.inject({ method: 'POST', url: `/api/sessions/${s1.id}/invitations`, headers: test.as(CHAIR) });
  const all = await apply();
  t.equal(all.statusCode, 200);
  const rbf = json(all).sessions.find((s: any) => s.id === s1.id);
  t.equal(rbf.roles.focal.people[0].status, 'invited', 'an invited person keeps role and status');
  t.same(
    json(all).sessions.map((s: any) => [s.id, s.changed]),
    [
      [s1.id, false],
      [s2.id, true],
    ],
    'RBF, already as suggested, is not written again',
  );
  const his = json(all).sessions.find((s: any) => s.id === s2.id);
  t.equal(his.roles.focal.country, 'AR');
  t.equal((await apply({ sessionIds: ['nope'] })).statusCode, 400);
  t.equal(
    (
      await test.app.inject({
        method: 'POST',
        url: `/api/series/${series.id}/roles/suggestion`,
        headers: test.as('ana@example.org'),
      })
    ).statusCode,
    403,
  );
  const audit = test.app.db.$client
    .prepare("select count(*) n from audit_log where action = 'roles.update'")
    .get() as any;
  t.equal(audit.n, 2, 'each line-up written is in the audit log, once');
});

const lineupOf = async (test: TestApp, sessionId: string) =>
  json(await test.app.inject({ url: `/api/sessions/${sessionId}`, headers: test.as(CHAIR) })).roles;

const setRoles = (test: TestApp, sessionId: string, payload: object) =>
  test.app.inject({ method: 'PUT', url: `/api/sessions/${sessionId}/roles`, headers: test.as(CHAIR), payload });

t.test('people assigned but not yet invited keep their places when the whole suggestion is taken', async (t) => {
  const { test, series, s1 } = await setUp(t);
  // The chairs put Ana (AR) in RBF's focal place by hand, against what the solver would choose.
  t.equal(
    (await setRoles(test, s1.id, { focal: { country: 'AR', people: [{ email: 'ana@example.org' }] } })).statusCode,
    200,
  );
  const suggestion = json(await suggest(test, series.id));
  const rbf = suggestion.sessions.find((s: any) => s.sessionId === s1.id).roles;
  t.same(rbf.focal, { country: 'AR', people: [{ email: 'ana@example.org', name: 'Ana' }] }, 'suggested as assigned');
  const taken = await test.app.inject({
    method: 'POST',
    url: `/api/series/${series.id}/roles/suggestion/apply`,
    headers: test.as(CHAIR),
  });
  t.equal(taken.statusCode, 200);
  const after = await lineupOf(test, s1.id);
  t.same(
    after.focal.people.map((p: any) => [p.email, p.status]),
    [['ana@example.org', 'assigned']],
    'still there, still assigned',
  );
});

t.test('a person who declined a role in a session is not suggested for it again', async (t) => {
  const { test, series, s1 } = await setUp(t);
  // Bo (BR) is the solver's focal country for RBF; he is invited and declines.
  t.equal(
    (await setRoles(test, s1.id, { focal: { country: 'BR', people: [{ email: 'bo@example.org' }] } })).statusCode,
    200,
  );
  await test.app.inject({ method: 'POST', url: `/api/sessions/${s1.id}/invitations`, headers: test.as(CHAIR) });
  const row = test.app.db.$client
    .prepare("select id, link_version as linkVersion from role_assignments where role = 'focal'")
    .get() as { id: string; linkVersion: number };
  const link = new URL(replyLink(test.app.config, row, 'decline'));
  const declined = await test.app.inject({
    method: 'POST',
    url: link.pathname,
    payload: { token: link.searchParams.get('token') },
  });
  t.equal(declined.statusCode, 303);
  t.equal((await lineupOf(test, s1.id)).focal.people[0].status, 'declined');

  const body = json(await suggest(test, series.id));
  const rbf = body.sessions.find((s: any) => s.sessionId === s1.id).roles;
  t.same(rbf.focal, { country: 'AR', people: [{ email: 'ana@example.org', name: 'Ana' }] }, 'Ana, not Bo');
  t.same(
    body.unplaced.filter((u: any) => u.email === 'bo@example.org'),
    [leftOut('bo@example.org', 'Bo', 'declined', 'They declined the focal country role in “RBF”.')],
  );
});

t.test('rotation: a country that held the role in an earlier series gives way on a tie', async (t) => {
  const test = await build(t, { now: '2027-03-01T09:00:00Z' });
  const earlier = await createSeries(test, { title: 'Earlier series' });
  const past = await createSession(test, earlier.id, { title: 'Past', startsAt: '2027-03-20T14:00' });
  t.equal((await setRoles(test, past.id, { focal: { country: 'AR' } })).statusCode, 200);

  const series = await createSeries(test, { title: 'This series' });
  const s1 = await createSession(test, series.id, { title: 'One', startsAt: '2027-05-20T14:00' });
  for (const [email, country] of [
    ['ana@example.org', 'AR'],
    ['bea@example.org', 'BR'],
  ]) {
    const res = await test.app.inject({
      method: 'POST',
      url: `/api/series/${series.id}/interests`,
      headers: test.as(email!),
      payload: { name: email!.split('@')[0], country, roles: ['focal'], sessions: [s1.id] },
    });
    t.equal(res.statusCode, 201);
    test.clock.advance(1000);
  }
  const focal = json(await suggest(test, series.id)).sessions[0].roles.focal;
  t.same(
    focal,
    { country: 'BR', people: [{ email: 'bea@example.org', name: 'bea' }] },
    'Brazil, though Argentina asked first',
  );

  // The rotation view shows what the suggestion read: Argentina focal once, in the earlier series.
  const view = await test.app.inject({ url: '/api/rotation' });
  t.equal(view.statusCode, 200);
  t.same(json(view), {
    countries: [{ country: 'AR', countryName: 'Argentina', focal: 1, discussant: 0, chair: 0, coBlogger: 0 }],
  });
});
