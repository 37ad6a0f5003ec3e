// A person's zone, when they do not give one, is their country's main zone (where most of its
// people live), not zone.tab's first row; a zone they give is kept. Contacts may carry a zone.
import t, { type Test } from 'tap';
import { build, CHAIR, createSeries, createSession, importContacts, json, refusedRow } from '../helper.js';

async function setUp(t: Test) {
  const test = await build(t);
  const series = await createSeries(test);
  const session = await createSession(test, series.id);
  const submit = (email: string, body: Record<string, unknown>) =>
    test.app.inject({
      method: 'POST',
      url: `/api/series/${series.id}/interests`,
      headers: test.as(email),
      payload: { roles: ['focal'], sessions: [session.id], ...body },
    });
  const me = async (email: string) => json(await test.app.inject({ url: '/api/me', headers: test.as(email) }));
  return { test, series, session, submit, me };
}

t.test("an interest without a zone gets its country's main zone", async (t) => {
  const { submit, me } = await setUp(t);
  const expected: [string, string][] = [
    ['BR', 'America/Sao_Paulo'],
    ['CA', 'America/Toronto'],
    ['AU', 'Australia/Sydney'],
    ['RU', 'Europe/Moscow'],
    ['UA', 'Europe/Kyiv'],
  ];
  for (const [country, zone] of expected) {
    const email = `someone-${country.toLowerCase()}@example.org`;
    const res = await submit(email, { country });
    t.equal(res.statusCode, 201, country);
    t.equal(json(res).timezone, zone, `${country}: the interest`);
    t.equal((await me(email)).timezone, zone, `${country}: the profile`);
  }
});

t.test('a zone given is kept, and kept on later submissions without one', async (t) => {
  const { submit, me } = await setUp(t);
  const first = await submit('ana@example.org', { country: 'BR', timezone: 'America/Manaus' });
  t.equal(first.statusCode, 201);
  t.equal(json(first).timezone, 'America/Manaus');
  const again = await submit('ana@example.org', { country: 'BR', motivation: 'Still keen.' });
  t.equal(again.statusCode, 200);
  t.equal(json(again).timezone, 'America/Manaus', 'a chosen zone is not replaced by the estimate');
  t.equal((await me('ana@example.org')).timezone, 'America/Manaus');
});

t.test('an estimated zone follows the country; a chosen one does not', async (t) => {
  const { test, submit } = await setUp(t);
  t.equal(json(await submit('pat@example.org', { country: 'CA' })).timezone, 'America/Toronto');
  t.equal(json(await submit('pat@example.org', { country: 'AU' })).timezone, 'Australia/Sydney', 'a new estimate');
  const patch = (payload: Record<string, unknown>) =>
    test.app.inject({ method: 'PATCH', url: '/api/me', headers: test.as('pat@example.org'), payload });
  t.equal(json(await patch({ country: 'RU' })).timezone, 'Europe/Moscow', 'the profile too');
  t.equal(json(await patch({ timezone: 'Asia/Vladivostok' })).timezone, 'Asia/Vladivostok');
  t.equal(json(await patch({ country: 'UA' })).timezone, 'Asia/Vladivostok', 'chosen: kept');
  t.equal(json(await submit('pat@example.org', { country: 'BR' })).timezone, 'Asia/Vladivostok');
});

t.test('a contacts import may give each contact a zone; a wrong one stops the import', async (t) => {
  const { test, series } = await setUp(t);
  const post = (payload: string | object, type?: string) => importContacts(test, series.id, payload, type);
  const list = async () =>
    json(await test.app.inject({ url: `/api/series/${series.id}/contacts`, headers: test.as(CHAIR) })).map(
      (c: { email: string; country: string | null; timezone: string | null }) => [c.email, c.country, c.timezone],
    );
  const bad = await post(
    'email,country,timezone\nana@example.org,BR,America/Manaus\nkofi@example.org,GH,Africa/Wakanda\n',
  );
  t.equal(bad.statusCode, 400);
  t.equal(
    json(bad).message,
    '1 problem(s); nothing was imported. First: row 3 timezone: "Africa/Wakanda" is not an IANA time zone such as Africa/Kigali.',
  );
  t.same(json(bad).details, [
    refusedRow(
      3,
      'timezone',
      'timezone',
      'Africa/Wakanda',
      '"Africa/Wakanda" is not an IANA time zone such as Africa/Kigali',
    ),
  ]);
  t.same(await list(), [], 'nothing stored');

  const ok = await post(
    'Email,Country,TimeZone\nana@example.org,BR,america/manaus\nkofi@example.org,GH,\nlee@example.org,CA,\n',
  );
  t.equal(ok.statusCode, 200);
  t.same(json(ok), { added: 3, updated: 0, total: 3, resubscribed: 0 });
  t.same(await list(), [
    ['ana@example.org', 'BR', 'America/Manaus'],
    ['kofi@example.org', 'GH', null],
    ['lee@example.org', 'CA', null],
  ]);

  const jsonBad = await post({ contacts: [{ email: 'lee@example.org', timezone: 'EST5EDT-ish' }] }, 'application/json');
  t.equal(jsonBad.statusCode, 400);
  t.same(json(jsonBad).details, [
    refusedRow(
      0,
      'timezone',
      'timezone',
      'EST5EDT-ish',
      '"EST5EDT-ish" is not an IANA time zone such as Africa/Kigali',
    ),
  ]);
  const jsonOk = await post(
    { contacts: [{ email: 'lee@example.org', timezone: 'America/Vancouver' }, { email: 'ana@example.org' }] },
    'application/json',
  );
  t.same(json(jsonOk), { added: 0, updated: 2, total: 3, resubscribed: 0 });
  t.same(
    await list(),
    [
      ['ana@example.org', 'BR', 'America/Manaus'],
      ['kofi@example.org', 'GH', null],
      ['lee@example.org', 'CA', 'America/Vancouver'],
    ],
    'an import without a zone leaves the one noted',
  );
});
