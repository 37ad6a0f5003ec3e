// Signing in by an emailed one-time link, the web session cookie (for pages and /api), signing
// out, CSRF, rate limits and the first-run administrator link.
import t from 'tap';
import { signInLinks, webSessions } from '../../db/schema.js';
import { findPersonByEmail } from '../../src/modules/people/repository.js';
import { SIGN_INS_PER_CLIENT } from '../../src/web/limits.js';
import { firstRunAdminLink } from '../../src/web/plugin.js';
import { build, json } from '../helper.js';
import { outboxRows } from '../mail/helper.js';
import { textOf, WebClient } from './helper.js';

async function requestLink(client: WebClient, email: string, next?: string) {
  await client.get(`/signin${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  return client.post('/signin', { email, ...(next ? { next } : {}) });
}

const lastLink = (test: { app: { db: Parameters<typeof outboxRows>[0] } }) => {
  const row = outboxRows(test.app.db)
    .filter((r) => r.kind === 'sign_in_link')
    .at(-1);
  return row ? (JSON.parse(row.payload) as { url: string; expiresMinutes: number }) : undefined;
};

t.test('the sign-in page has a labelled email field and a CSRF token', async (t) => {
  const test = await build(t);
  const client = new WebClient(test.app);
  const res = await client.get('/signin');
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /text\/html/);
  t.match(res.body, /<label for="email">Email address<\/label>/);
  t.match(res.body, /<input type="email" id="email" name="email"/);
  t.ok(client.csrf, 'the form carries a CSRF token');
  t.match(res.headers['content-security-policy'], /default-src 'none'/);
});

t.test('asking for a link: the same answer whether or not the address is known', async (t) => {
  const test = await build(t);
  test.as('known@example.org');
  const client = new WebClient(test.app);
  const known = await requestLink(client, 'known@example.org');
  const unknown = await requestLink(client, 'Unknown@Example.org');
  t.equal(known.statusCode, 303);
  t.equal(unknown.statusCode, known.statusCode);
  t.equal(unknown.headers.location, known.headers.location);
  t.equal(known.headers.location, '/signin/sent');
  const sent = await client.get('/signin/sent');
  t.match(textOf(sent.body), /If the address is right, a sign-in link is on its way/);

  const rows = outboxRows(test.app.db).filter((r) => r.kind === 'sign_in_link');
  t.same(
    rows.map((r) => r.to_email),
    ['known@example.org', 'unknown@example.org'],
    'one mail each',
  );
  for (const row of rows) {
    const payload = JSON.parse(row.payload);
    t.match(payload.url, /^http:\/\/localhost:3000\/signin\/link\?token=[\w-]{43}$/);
    t.equal(payload.expiresMinutes, 15);
  }
  t.equal(
    findPersonByEmail(test.app.db, 'unknown@example.org'),
    undefined,
    'nobody is created before the link is used',
  );
  const stored = test.app.db.select().from(signInLinks).all();
  const token = new URL(JSON.parse(rows[0]?.payload ?? '{}').url).searchParams.get('token') ?? '';
  t.notOk(
    stored.some((s) => s.tokenHash === token || JSON.stringify(s).includes(token)),
    'the token is stored only hashed',
  );
  t.ok(stored.every((s) => s.expiresAt.getTime() - s.createdAt.getTime() === 15 * 60_000));
});

t.test('a form without its CSRF token is refused with a page, and nothing is sent', async (t) => {
  const test = await build(t);
  const client = new WebClient(test.app);
  await client.get('/signin');
  const res = await client.post('/signin', { _csrf: 'forged', email: 'a@example.org' });
  t.equal(res.statusCode, 403);
  t.match(res.headers['content-type'], /text\/html/);
  t.match(textOf(res.body), /This form has expired or was sent from another site/);
  const fresh = new WebClient(test.app);
  const noCookie = await fresh.post('/signin', { _csrf: client.csrf, email: 'a@example.org' });
  t.equal(noCookie.statusCode, 403, 'a token without its cookie is refused too');
  t.equal(outboxRows(test.app.db).length, 0);
});

t.test('an address that is not one is said so beside the field', async (t) => {
  const test = await build(t);
  const client = new WebClient(test.app);
  const res = await requestLink(client, 'not an address');
  t.equal(res.statusCode, 400);
  t.match(res.body, /<span class="error" id="email-error">This is not an email address/);
  t.match(res.body, /aria-invalid="true" aria-describedby="email-error"/);
  t.equal(outboxRows(test.app.db).length, 0);
});

t.test('opening the link changes nothing; its button signs in, once', async (t) => {
  const test = await build(t);
  const client = new WebClient(test.app);
  await requestLink(client, 'new@example.org', '/series/abc/interest');
  const link = lastLink(test);
  t.ok(link);
  const path = (link?.url ?? '').replace('http://localhost:3000', '');
  t.match(path, /&next=%2Fseries%2Fabc%2Finterest$/, 'the link brings the person back');

  const browser = new WebClient(test.app);
  const opened = await browser.get(path);
  t.equal(opened.statusCode, 200);
  t.match(textOf(opened.body), /Sign in as new@example.org\?/);
  t.match(opened.body, /<button type="submit">Yes, sign me in<\/button>/);
  t.equal(findPersonByEmail(test.app.db, 'new@example.org'), undefined, 'opening created nobody');
  t.ok(
    test.app.db
      .select()
      .from(signInLinks)
      .all()
      .every((l) => l.usedAt === null),
    'opening used nothing',
  );

  const token = new URL(link?.url ?? '').searchParams.get('token') ?? '';
  const signedIn = await browser.post('/signin/link', { token, next: '/series/abc/interest' });
  t.equal(signedIn.statusCode, 303);
  t.equal(signedIn.headers.location, '/series/abc/interest');
  const cookie = [signedIn.headers['set-cookie']].flat().find((c) => c?.startsWith('indaba_session='));
  t.ok(cookie, 'a session cookie is set');
  t.match(cookie, /HttpOnly/);
  t.match(cookie, /SameSite=Lax/);
  t.notMatch(cookie, /Secure/, 'not Secure on plain http');
  const person = findPersonByEmail(test.app.db, 'new@example.org');
  t.ok(person, 'the person is created when the link is used');
  t.equal(person?.isAdmin, false);

  const me = await browser.get('/me');
  t.equal(me.statusCode, 200);
  t.match(textOf(me.body), /Signed in as new@example.org/);
  const api = await browser.get('/api/me');
  t.equal(api.statusCode, 200, 'the cookie also identifies the person on /api');
  t.equal(json(api).email, 'new@example.org');

  const again = await new WebClient(test.app).get(path);
  t.equal(again.statusCode, 410);
  t.match(textOf(again.body), /already been used/);
  const reuse = await browser.post('/signin/link', { token });
  t.equal(reuse.statusCode, 410, 'a used link signs nobody in');
});

t.test('a link lasts 15 minutes', async (t) => {
  const test = await build(t);
  const client = new WebClient(test.app);
  await requestLink(client, 'late@example.org');
  const token = new URL(lastLink(test)?.url ?? '').searchParams.get('token') ?? '';
  test.clock.advance(15 * 60_000 - 1);
  t.equal((await client.get(`/signin/link?token=${token}`)).statusCode, 200, 'still valid just before');
  test.clock.advance(1);
  const opened = await client.get(`/signin/link?token=${token}`);
  t.equal(opened.statusCode, 410);
  t.match(textOf(opened.body), /This sign-in link has expired/);
  const used = await client.post('/signin/link', { token });
  t.equal(used.statusCode, 410);
  t.equal(findPersonByEmail(test.app.db, 'late@example.org'), undefined);
  t.equal((await client.get('/signin/link?token=madeup')).statusCode, 410);
});

t.test('an unsafe "next" is ignored', async (t) => {
  const test = await build(t);
  const client = new WebClient(test.app);
  await requestLink(client, 'x@example.org', '//evil.example/');
  const token = new URL(lastLink(test)?.url ?? '').searchParams.get('token') ?? '';
  await client.get(`/signin/link?token=${token}`);
  const res = await client.post('/signin/link', { token, next: 'https://evil.example/' });
  t.equal(res.headers.location, '/me');
});

t.test('signing out ends the session for real', async (t) => {
  const test = await build(t);
  const client = new WebClient(test.app);
  client.signInAs('out@example.org');
  const session = client.cookies.get('indaba_session') ?? '';
  t.equal((await client.get('/me')).statusCode, 200);
  const out = await client.post('/signout');
  t.equal(out.statusCode, 303);
  t.equal(out.headers.location, '/?signedout=1');
  t.notOk(client.cookies.has('indaba_session'), 'the cookie is cleared');
  t.ok(test.app.db.select().from(webSessions).get()?.revokedAt, 'the session is revoked');
  // The old cookie, replayed, no longer works anywhere.
  const replay = new WebClient(test.app);
  replay.cookies.set('indaba_session', session);
  const page = await replay.get('/me');
  t.equal(page.statusCode, 303);
  t.equal(page.headers.location, '/signin?next=%2Fme');
  t.equal((await replay.get('/api/me')).statusCode, 401);
  const forged = new WebClient(test.app);
  forged.cookies.set('indaba_session', `${session.slice(0, -3)}abc`);
  t.equal((await forged.get('/api/me')).statusCode, 401, 'a damaged cookie is nobody');
});

t.test('the cookie is Secure when the service is on https', async (t) => {
  const test = await build(t, { config: { publicUrl: 'https://webinars.example.org' } });
  const client = new WebClient(test.app);
  await requestLink(client, 's@example.org');
  const token = new URL(lastLink(test)?.url ?? '').searchParams.get('token') ?? '';
  const res = await client.post('/signin/link', { token });
  const cookie = [res.headers['set-cookie']].flat().find((c) => c?.startsWith('indaba_session='));
  t.match(cookie, /Secure/);
});

t.test('the cookie does not authorise a change on /api from another site', async (t) => {
  const test = await build(t);
  const client = new WebClient(test.app);
  client.signInAs('api@example.org');
  const cross = await client.app.inject({
    method: 'POST',
    url: '/api/me/tokens',
    payload: {},
    headers: { cookie: `indaba_session=${client.cookies.get('indaba_session')}`, 'sec-fetch-site': 'cross-site' },
  });
  t.equal(cross.statusCode, 401);
  const foreign = await client.app.inject({
    method: 'POST',
    url: '/api/me/tokens',
    payload: {},
    headers: { cookie: `indaba_session=${client.cookies.get('indaba_session')}`, origin: 'https://evil.example' },
  });
  t.equal(foreign.statusCode, 401);
  const own = await client.app.inject({
    method: 'POST',
    url: '/api/me/tokens',
    payload: {},
    headers: { cookie: `indaba_session=${client.cookies.get('indaba_session')}`, 'sec-fetch-site': 'same-origin' },
  });
  t.equal(own.statusCode, 201);
});

t.test('sign-in requests send one link a minute per address, and are limited per client', async (t) => {
  const test = await build(t);
  const client = new WebClient(test.app);
  for (let i = 0; i < 6; i++) {
    t.equal((await requestLink(client, 'busy@example.org')).statusCode, 303, 'never refused');
  }
  const sent = () => outboxRows(test.app.db).filter((r) => r.kind === 'sign_in_link').length;
  t.equal(sent(), 1, 'one link in the minute');
  test.clock.advance(60_000);
  t.equal((await requestLink(client, 'busy@example.org')).statusCode, 303);
  t.equal(sent(), 2, 'a new one after it');

  const other = await build(t);
  const hammer = new WebClient(other.app);
  await hammer.get('/signin');
  for (let i = 0; i < SIGN_INS_PER_CLIENT; i++) {
    t.equal((await hammer.post('/signin', { email: `p${i}@example.org` })).statusCode, 303);
  }
  const blocked = await hammer.post('/signin', { email: 'one-more@example.org' });
  t.equal(blocked.statusCode, 429);
  t.match(blocked.headers['content-type'], /text\/html/);
});

t.test('first run: a one-time link makes ADMIN_EMAIL an administrator', async (t) => {
  const test = await build(t, { config: { adminEmail: 'boss@example.org' } });
  const url = firstRunAdminLink(test.app);
  t.match(url, /^http:\/\/localhost:3000\/signin\/link\?token=[\w-]+&next=%2Fme$/);
  const client = new WebClient(test.app);
  const path = (url ?? '').replace('http://localhost:3000', '');
  t.match(textOf((await client.get(path)).body), /Sign in as boss@example.org\?/);
  const token = new URL(url ?? '').searchParams.get('token') ?? '';
  test.clock.advance(60 * 60_000);
  await client.post('/signin/link', { token });
  t.equal(findPersonByEmail(test.app.db, 'boss@example.org')?.isAdmin, true);
  t.equal(firstRunAdminLink(test.app), null, 'no link once an administrator exists');
});
