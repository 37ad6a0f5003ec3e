// Redirect targets: every Location goes out percent-encoded, "next" stays on this site, and a
// sign-in link is used up only by a sign-in that succeeds.
import t from 'tap';
import { signInLinks } from '../../db/schema.js';
import { locationOf } from '../../src/web/redirect.js';
import { build, type TestApp } from '../helper.js';
import { outboxRows } from '../mail/helper.js';
import { WebClient } from './helper.js';

/** Asks for a link as a browser would and returns its token. */
async function tokenFor(test: TestApp, email: string, next?: string): Promise<string> {
  const client = new WebClient(test.app);
  await client.get(`/signin${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  const asked = await client.post('/signin', { email, ...(next ? { next } : {}) });
  if (asked.statusCode !== 303) throw new Error(`no link: ${asked.statusCode}`);
  const row = outboxRows(test.app.db)
    .filter((r) => r.kind === 'sign_in_link')
    .at(-1);
  return new URL(JSON.parse(row?.payload ?? '{}').url).searchParams.get('token') ?? '';
}

/** Opens the emailed link and presses its button, with the given next. */
async function signIn(test: TestApp, token: string, next: string) {
  const browser = new WebClient(test.app);
  await browser.get(`/signin/link?token=${token}&next=${encodeURIComponent(next)}`);
  return browser.post('/signin/link', { token, next });
}

t.test('a next outside ASCII signs in and comes back percent-encoded', async (t) => {
  const test = await build(t);
  const cases: [string, string][] = [
    ['/series/ü?x=é', '/series/%C3%BC?x=%C3%A9'],
    ['/series/日本', '/series/%E6%97%A5%E6%9C%AC'],
    ['/series/a%20b?q=%C3%A9', '/series/a%20b?q=%C3%A9'],
  ];
  for (const [i, [next, location]] of cases.entries()) {
    const token = await tokenFor(test, `u${i}@example.org`, next);
    const res = await signIn(test, token, next);
    t.equal(res.statusCode, 303, next);
    t.equal(res.headers.location, location, next);
    const cookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('indaba_session='));
    t.ok(cookie, `signed in (${next})`);
  }
});

t.test('a next that leaves the site goes to the default page', async (t) => {
  const test = await build(t);
  const unsafe = ['//evil.example', 'https://evil.example', '/\\evil.example', '\\\\evil.example', 'evil.example'];
  for (const [i, next] of unsafe.entries()) {
    const token = await tokenFor(test, `e${i}@example.org`, next);
    const res = await signIn(test, token, next);
    t.equal(res.statusCode, 303, next);
    t.equal(res.headers.location, '/me', next);
  }
});

t.test('the language switch encodes where it sends back to', async (t) => {
  const test = await build(t);
  const client = new WebClient(test.app);
  const res = await client.get(`/language?to=fr&next=${encodeURIComponent('/series/日本')}`);
  t.equal(res.statusCode, 303);
  t.equal(res.headers.location, '/series/%E6%97%A5%E6%9C%AC');
  const away = await client.get(`/language?to=fr&next=${encodeURIComponent('//evil.example')}`);
  t.equal(away.headers.location, '/');
});

t.test('a sign-in that fails before the session is open leaves the link usable', async (t) => {
  const test = await build(t);
  const token = await tokenFor(test, 'retry@example.org', '/me');
  const sqlite = test.app.db.$client;
  sqlite.exec(
    "CREATE TRIGGER refuse_sessions BEFORE INSERT ON web_sessions BEGIN SELECT RAISE(ABORT, 'disk full'); END",
  );
  const failed = await signIn(test, token, '/me');
  t.not(failed.statusCode, 303, 'the sign-in did not succeed');
  t.equal(
    test.app.db
      .select()
      .from(signInLinks)
      .all()
      .filter((l) => l.usedAt !== null).length,
    0,
    'the link is not used up',
  );
  sqlite.exec('DROP TRIGGER refuse_sessions');
  const again = await signIn(test, token, '/me');
  t.equal(again.statusCode, 303, 'the same link signs in');
  t.equal(again.headers.location, '/me');
  t.equal((await new WebClient(test.app).get(`/signin/link?token=${token}`)).statusCode, 410, 'and only once');
});

t.test('locationOf: what a Location header can carry', async (t) => {
  t.equal(locationOf('/a b/"c"<d>'), '/a%20b/%22c%22%3Cd%3E');
  t.equal(locationOf('/100%/x%41'), '/100%25/x%41', 'a lone % is escaped, an escape is kept');
  t.equal(locationOf('/x\uD800y'), '/x%EF%BF%BDy', 'a lone surrogate becomes U+FFFD');
  t.equal(locationOf('/series/x/manage?notice=ok&n=2'), '/series/x/manage?notice=ok&n=2');
});
