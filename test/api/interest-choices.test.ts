// Per-session choices (API.md "Expressions of interest"): "focal in the June session, discussant
// in April". A request carries choices or the roles + sessions shorthand; every response carries
// both forms, and the line-up suggestion offers a person only the roles they want in that session.
import { readFileSync } from 'node:fs';
import t, { type Test } from 'tap';
import { build, CHAIR, createSeries, createSession, json, type TestApp } from '../helper.js';

const ANA = 'ana@example.org';
const JEAN = 'jean@example.org';

async function setUp(t: Test) {
  const test = await build(t, { now: '2027-03-01T09:00:00Z' });
  const series = await createSeries(test, { interestDeadline: '2027-03-15', timezone: 'Africa/Nairobi' });
  const april = await createSession(test, series.id, { title: 'April: RBF', startsAt: '2027-04-28T14:00' });
  const june = await createSession(test, series.id, { title: 'June: HIS', startsAt: '2027-06-30T14:00' });
  return { test, series, april, june };
}

const submit = (test: TestApp, seriesId: string, payload: object, email = ANA) =>
  test.app.inject({ method: 'POST', url: `/api/series/${seriesId}/interests`, headers: test.as(email), payload });

const forms = (interest: any) => ({ roles: interest.roles, sessions: interest.sessions, choices: interest.choices });

t.test('choices are stored per session and read back in both forms', async (t) => {
  const { test, series, april, june } = await setUp(t);
  const res = await submit(test, series.id, {
    name: 'Ana Gómez',
    country: 'AR',
    choices: [
      { sessionId: june.id, roles: ['focal'] },
      { sessionId: april.id, roles: ['co_blogger', 'discussant'] },
    ],
  });
  t.equal(res.statusCode, 201);
  const expected = {
    roles: ['focal', 'discussant', 'co_blogger'],
    sessions: [june.id, april.id],
    choices: [
      { sessionId: june.id, roles: ['focal'] },
      { sessionId: april.id, roles: ['discussant', 'co_blogger'] },
    ],
  };
  t.same(forms(json(res)), expected, 'roles are the union in role order, sessions in rank order');
  const listed = json(await test.app.inject({ url: `/api/series/${series.id}/interests`, headers: test.as(CHAIR) }));
  t.same(listed.map(forms), [expected], 'the chairs read the same');
});

t.test('the shorthand reads as every role in every ranked session', async (t) => {
  const { test, series, april, june } = await setUp(t);
  const res = await submit(test, series.id, {
    country: 'RW',
    roles: ['chair', 'focal'],
    sessions: [april.id, june.id],
  });
  t.equal(res.statusCode, 201);
  t.same(forms(json(res)), {
    roles: ['focal', 'chair'],
    sessions: [april.id, june.id],
    choices: [
      { sessionId: april.id, roles: ['focal', 'chair'] },
      { sessionId: june.id, roles: ['focal', 'chair'] },
    ],
  });

  const replaced = await submit(test, series.id, {
    country: 'RW',
    choices: [{ sessionId: june.id, roles: ['chair'] }],
  });
  t.equal(replaced.statusCode, 200, 'replacing keeps the interest');
  t.equal(json(replaced).id, json(res).id);
  t.same(forms(json(replaced)), {
    roles: ['chair'],
    sessions: [june.id],
    choices: [{ sessionId: june.id, roles: ['chair'] }],
  });
});

t.test('a wrong choice is a 400 naming it, and stores nothing', async (t) => {
  const { test, series, april, june } = await setUp(t);
  const cancel = await test.app.inject({
    method: 'POST',
    url: `/api/sessions/${april.id}/cancel`,
    headers: test.as(CHAIR),
  });
  t.equal(cancel.statusCode, 200);
  const refusals: [string, object][] = [
    ['both forms', { country: 'AR', roles: ['focal'], choices: [{ sessionId: june.id, roles: ['focal'] }] }],
    ['no roles in a choice', { country: 'AR', choices: [{ sessionId: june.id, roles: [] }] }],
    ['an unknown session', { country: 'AR', choices: [{ sessionId: 'nope', roles: ['focal'] }] }],
    ['a cancelled session', { country: 'AR', choices: [{ sessionId: april.id, roles: ['focal'] }] }],
    [
      'a session twice',
      {
        country: 'AR',
        choices: [
          { sessionId: june.id, roles: ['focal'] },
          { sessionId: june.id, roles: ['chair'] },
        ],
      },
    ],
    ['an unknown role', { country: 'AR', choices: [{ sessionId: june.id, roles: ['keynote'] }] }],
  ];
  for (const [label, payload] of refusals) {
    const res = await submit(test, series.id, payload);
    t.equal(res.statusCode, 400, label);
    t.equal(json(res).error, 'invalid_request', label);
  }
  const both = json(await submit(test, series.id, refusals[0]?.[1] as object));
  t.equal(both.message, 'Send either choices or roles with sessions, not both: this request has choices and roles.');
  t.same(json(await test.app.inject({ url: `/api/series/${series.id}/interests`, headers: test.as(CHAIR) })), []);
});

t.test('the suggestion offers a person only the roles they want in that session', async (t) => {
  const { test, series, april, june } = await setUp(t);
  // Ana (AR) wants to ask the question in April and to present in June; Jean (RW) wants only to
  // ask the question in April. Read as the shorthand, Ana presenting in April with Jean asking
  // would be best; with her choices, Jean asks in April and Ana presents in June.
  t.equal(
    (
      await submit(test, series.id, {
        name: 'Ana',
        country: 'AR',
        choices: [
          { sessionId: april.id, roles: ['discussant'] },
          { sessionId: june.id, roles: ['focal'] },
        ],
      })
    ).statusCode,
    201,
  );
  t.equal(
    (
      await submit(
        test,
        series.id,
        { name: 'Jean', country: 'RW', choices: [{ sessionId: april.id, roles: ['discussant'] }] },
        JEAN,
      )
    ).statusCode,
    201,
  );
  const res = await test.app.inject({
    method: 'POST',
    url: `/api/series/${series.id}/roles/suggestion`,
    headers: test.as(CHAIR),
  });
  t.equal(res.statusCode, 200);
  const placed = json(res).sessions.map((s: any) => [
    s.sessionId,
    s.roles.focal?.country ?? null,
    (s.roles.focal?.people ?? []).map((p: any) => p.email),
    s.roles.discussant?.country ?? null,
    (s.roles.discussant?.people ?? []).map((p: any) => p.email),
  ]);
  t.same(placed, [
    [april.id, null, [], 'RW', [JEAN]],
    [june.id, 'AR', [ANA], null, []],
  ]);
});

t.test('the migration gives interests stored before choices their shorthand, session by session', async (t) => {
  const { test, series, april, june } = await setUp(t);
  const res = await submit(test, series.id, {
    country: 'AR',
    roles: ['co_blogger', 'focal'],
    sessions: [june.id, april.id],
  });
  t.equal(res.statusCode, 201);
  // As the interest was stored before: no roles per session. Then the migration's own backfill.
  const db = test.app.db.$client;
  db.prepare("update interest_sessions set roles = '[]'").run();
  const migration = readFileSync(new URL('../../db/migrations/0008_interest_choices.sql', import.meta.url), 'utf8');
  const backfill = migration.split('--> statement-breakpoint').find((part) => part.includes('UPDATE'));
  db.exec(backfill ?? '');
  t.same(db.prepare('select session_id as sessionId, roles from interest_sessions order by rank').all(), [
    { sessionId: june.id, roles: '["focal","co_blogger"]' },
    { sessionId: april.id, roles: '["focal","co_blogger"]' },
  ]);
  const [read] = json(await test.app.inject({ url: `/api/series/${series.id}/interests`, headers: test.as(CHAIR) }));
  t.same(read.choices, [
    { sessionId: june.id, roles: ['focal', 'co_blogger'] },
    { sessionId: april.id, roles: ['focal', 'co_blogger'] },
  ]);
});
