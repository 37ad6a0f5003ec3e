// Security headers on every page (the invitation pages and /docs included), and no copy kept
// by any cache of a response carrying people's addresses.
import t, { type Test } from 'tap';
import { roleAssignments } from '../../db/schema.js';
import { replyLink } from '../../src/modules/invitations/links.js';
import { build, CHAIR, createSeries, createSession, setLineup } from '../helper.js';
import { WebClient } from '../web/helper.js';

const PAGE_CSP =
  "default-src 'none';style-src 'self';img-src 'self' data:;form-action 'self';frame-ancestors 'none';base-uri 'none'";
const DOCS_CSP =
  "default-src 'none';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data:;font-src 'self' data:;connect-src 'self';form-action 'self';frame-ancestors 'none';base-uri 'none'";

const security = (res: { headers: Record<string, unknown> }) => ({
  csp: res.headers['content-security-policy'],
  nosniff: res.headers['x-content-type-options'],
  referrer: res.headers['referrer-policy'],
  frame: res.headers['x-frame-options'],
});
const pageHeaders = { csp: PAGE_CSP, nosniff: 'nosniff', referrer: 'same-origin', frame: 'DENY' };

async function setUp(t: Test) {
  const test = await build(t);
  const series = await createSeries(test);
  const session = await createSession(test, series.id);
  const lineup = await setLineup(test, session.id, { chair: { email: 'kofi@example.org', name: 'Kofi' } });
  t.equal(lineup.statusCode, 200);
  const interest = await test.app.inject({
    method: 'POST',
    url: `/api/series/${series.id}/interests`,
    headers: test.as('amara@example.org'),
    payload: { name: 'Amara', country: 'RW', roles: ['focal'], sessions: [session.id] },
  });
  t.equal(interest.statusCode, 201);
  const assignment = test.app.db.select().from(roleAssignments).get();
  return {
    test,
    series,
    session,
    assignment: { id: assignment?.id as string, linkVersion: assignment?.linkVersion ?? 0 },
  };
}

t.test('the accept and decline pages carry the pages’ security headers and are not stored', async (t) => {
  const { test, assignment } = await setUp(t);
  for (const action of ['accept', 'decline'] as const) {
    const url = new URL(replyLink(test.app.config, assignment, action));
    const res = await test.app.inject({ url: `${url.pathname}${url.search}` });
    t.equal(res.statusCode, 200, action);
    t.same(security(res), pageHeaders, action);
    t.equal(res.headers['cache-control'], 'no-store', `${action}: the page holds the link's token`);
    t.equal(res.body.includes('<style'), false, `${action}: no inline style the policy would block`);
  }
});

t.test('/docs has a policy of its own that lets Swagger UI run, and the same framing rules', async (t) => {
  const { test } = await setUp(t);
  for (const url of ['/docs', '/docs/static/index.html', '/docs/static/swagger-ui-bundle.js', '/docs/json']) {
    const res = await test.app.inject({ url });
    t.ok(res.statusCode === 200 || res.statusCode === 302, `${url}: ${res.statusCode}`);
    t.same(security(res), { ...pageHeaders, csp: DOCS_CSP }, url);
  }
});

t.test('a page: the same headers; signed in, nothing stored', async (t) => {
  const { test, series } = await setUp(t);
  const visitor = await new WebClient(test.app).get(`/series/${series.id}`);
  t.equal(visitor.statusCode, 200);
  t.same(security(visitor), pageHeaders);
  t.equal(visitor.headers['cache-control'], 'private, no-cache');
  const client = new WebClient(test.app);
  client.signInAs(CHAIR);
  const manage = await client.get(`/series/${series.id}/manage/interests`);
  t.equal(manage.statusCode, 200);
  t.same(security(manage), pageHeaders);
  t.equal(manage.headers['cache-control'], 'no-store');
});

t.test('responses with addresses are no-store; the public programme stays cacheable', async (t) => {
  const { test, series } = await setUp(t);
  for (const url of [
    `/api/series/${series.id}/interests`,
    `/api/series/${series.id}/interests.csv`,
    `/api/outbox?series=${series.id}`,
    `/api/series/${series.id}`,
  ]) {
    const res = await test.app.inject({ url, headers: test.as(CHAIR) });
    t.equal(res.statusCode, 200, url);
    t.equal(res.body.includes('amara@example.org') || res.body.includes('kofi@example.org'), true, url);
    t.equal(res.headers['cache-control'], 'no-store', url);
    t.equal(res.headers['x-content-type-options'], 'nosniff', url);
  }
  const anonymous = await test.app.inject({ url: `/api/series/${series.id}` });
  t.equal(anonymous.statusCode, 200);
  t.equal(anonymous.headers['cache-control'], undefined, 'no address, nothing forbidding a cache');
  t.equal(anonymous.body.includes('@'), false);
});
