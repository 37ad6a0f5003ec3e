// Sign-in requests: at most one link a minute for an address, whoever asks, with the same answer
// every time, so nobody can lock an address out or learn whether it is known; each client stays
// limited on its own.
import t from 'tap';
import type { App } from '../../src/app.js';
import { SIGN_INS_PER_CLIENT } from '../../src/web/limits.js';
import { build, type TestApp } from '../helper.js';
import { outboxRows } from '../mail/helper.js';
import { WebClient } from './helper.js';

/** A browser on its own address asks for a link. */
async function askFrom(app: App, ip: string, email: string) {
  const client = new WebClient(app);
  await client.get('/signin');
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return app.inject({
    method: 'POST',
    url: '/signin',
    remoteAddress: ip,
    payload: new URLSearchParams({ _csrf: client.csrf, email }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
  });
}

const links = (test: TestApp, email: string) =>
  outboxRows(test.app.db)
    .filter((r) => r.kind === 'sign_in_link' && r.to_email === email)
    .map((r) => new URL(JSON.parse(r.payload).url).searchParams.get('token') ?? '');

async function signInWith(app: App, token: string) {
  const browser = new WebClient(app);
  await browser.get(`/signin/link?token=${token}`);
  return browser.post('/signin/link', { token });
}

t.test('six requests for one address in a minute send one link and lock nobody out', async (t) => {
  const test = await build(t);
  for (let i = 1; i <= 6; i++) {
    const res = await askFrom(test.app, `192.0.2.${i}`, 'owner@example.org');
    t.equal(res.statusCode, 303, `request ${i} gets the usual answer`);
    t.equal(res.headers.location, '/signin/sent');
    test.clock.advance(9_000);
  }
  t.equal(links(test, 'owner@example.org').length, 1, 'one mail queued');

  test.clock.advance(6_000);
  const own = await askFrom(test.app, '198.51.100.7', 'owner@example.org');
  t.equal(own.statusCode, 303, 'the owner is not refused after the minute');
  const tokens = links(test, 'owner@example.org');
  t.equal(tokens.length, 2, 'and gets a fresh link');
  const signedIn = await signInWith(test.app, tokens[1] ?? '');
  t.equal(signedIn.statusCode, 303);
  t.equal(signedIn.headers.location, '/me');
  t.equal((await signInWith(test.app, tokens[0] ?? '')).statusCode, 303, 'the first link still works too');
});

t.test('a second request within the minute leaves the first link working', async (t) => {
  const test = await build(t);
  await askFrom(test.app, '192.0.2.1', 'twice@example.org');
  test.clock.advance(20_000);
  const again = await askFrom(test.app, '192.0.2.1', 'twice@example.org');
  t.equal(again.statusCode, 303);
  const tokens = links(test, 'twice@example.org');
  t.equal(tokens.length, 1, 'nothing new is sent');
  t.equal((await signInWith(test.app, tokens[0] ?? '')).statusCode, 303, 'the link sent signs in');
});

t.test('once the minute’s link is used, a new request sends a new one at once', async (t) => {
  const test = await build(t);
  await askFrom(test.app, '192.0.2.1', 'quick@example.org');
  t.equal((await signInWith(test.app, links(test, 'quick@example.org')[0] ?? '')).statusCode, 303);
  test.clock.advance(5_000);
  await askFrom(test.app, '192.0.2.1', 'quick@example.org');
  const tokens = links(test, 'quick@example.org');
  t.equal(tokens.length, 2, 'a second device gets its own link');
  t.equal((await signInWith(test.app, tokens[1] ?? '')).statusCode, 303);
});

t.test('one client asking for many addresses is still limited', async (t) => {
  const test = await build(t);
  for (let i = 0; i < SIGN_INS_PER_CLIENT; i++) {
    t.equal((await askFrom(test.app, '203.0.113.9', `p${i}@example.org`)).statusCode, 303);
  }
  const blocked = await askFrom(test.app, '203.0.113.9', 'one-more@example.org');
  t.equal(blocked.statusCode, 429);
  t.match(blocked.headers['content-type'], /text\/html/);
  t.equal(links(test, 'one-more@example.org').length, 0, 'nothing sent to it');
  t.equal((await askFrom(test.app, '203.0.113.10', 'one-more@example.org')).statusCode, 303, 'others are not');
  t.equal(links(test, 'one-more@example.org').length, 1);
});
