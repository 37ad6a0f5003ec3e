// A cancelled session keeps what it had: every write route and page that changes a session, its
// line-up, agenda, question, blog post, invitations or preparatory call answers the same 409.

import type { Test } from 'tap';
import t from 'tap';
import { build, CHAIR, createSeries, createSession, json, setLineup, type TestApp } from '../helper.js';
import { textOf, WebClient } from '../web/helper.js';

const DISCUSSANT = 'jean@example.org';
const TITLE = 'Implementing RBF in a decentralized setting';
const CANCELLED = {
  error: 'session_cancelled',
  message: `"${TITLE}" was cancelled; it can no longer change.`,
};

async function cancelledSession(t: Test) {
  const test = await build(t, { now: '2027-03-01T09:00:00Z' });
  const series = await createSeries(test, { timezone: 'Africa/Kigali' });
  const session = await createSession(test, series.id, { title: TITLE, startsAt: '2027-04-28T14:00' });
  const lineup = await setLineup(test, session.id, {
    chair: { email: 'kofi@example.org', name: 'Kofi Mensah', country: 'GH' },
    supportingChair: { email: CHAIR },
    focal: { country: 'AR', people: [{ email: 'ana@example.org', name: 'Ana Gómez' }] },
    discussant: { country: 'RW', people: [{ email: DISCUSSANT, name: 'Jean Uwase' }] },
  });
  t.equal(lineup.statusCode, 200);
  const call = await test.app.inject({
    method: 'POST',
    url: `/api/sessions/${session.id}/preparatory-call`,
    headers: test.as(CHAIR),
    payload: { startsAt: '2027-04-20T10:00' },
  });
  t.equal(call.statusCode, 201);
  const cancel = await test.app.inject({
    method: 'POST',
    url: `/api/sessions/${session.id}/cancel`,
    headers: test.as(CHAIR),
  });
  t.equal(cancel.statusCode, 200);
  return { test, series, session, callId: json(call).id as string };
}

/** What the pages say of a cancelled session (the English catalogue). */
const PAGE_SAYS = 'This session was cancelled; its line-up can no longer change.';

const snapshot = async (test: TestApp, sessionId: string) =>
  json(await test.app.inject({ url: `/api/sessions/${sessionId}` }));

t.test('every API write on a cancelled session is 409 session_cancelled and changes nothing', async (t) => {
  const { test, series, session, callId } = await cancelledSession(t);
  const seriesId = series.id;
  const before = await snapshot(test, session.id);
  const writes: [string, string, string, object][] = [
    ['PATCH', `/api/sessions/${session.id}`, CHAIR, { title: 'Renamed' }],
    ['PATCH', `/api/sessions/${session.id}`, CHAIR, { startsAt: '2027-05-05T14:00' }],
    ['PUT', `/api/sessions/${session.id}/roles`, CHAIR, { focal: { country: 'PE', people: [] } }],
    [
      'PUT',
      `/api/sessions/${session.id}/agenda`,
      CHAIR,
      { segments: [{ title: 'Opening', starts: '14:00', ends: '14:10' }] },
    ],
    ['PUT', `/api/sessions/${session.id}/question`, DISCUSSANT, { question: 'How do you pay for results?' }],
    ['PUT', `/api/sessions/${session.id}/blog`, CHAIR, { status: 'drafting', title: 'Paying for results' }],
    ['POST', `/api/sessions/${session.id}/invitations`, CHAIR, {}],
    ['POST', `/api/sessions/${session.id}/preparatory-call`, CHAIR, { startsAt: '2027-04-21T10:00' }],
    ['PATCH', `/api/preparatory-calls/${callId}`, CHAIR, { startsAt: '2027-04-22T10:00' }],
    ['POST', `/api/series/${seriesId}/roles/suggestion/apply`, CHAIR, { sessionIds: [session.id] }],
  ];
  const answers = [];
  for (const [method, url, who, payload] of writes) {
    const res = await test.app.inject({ method: method as 'PUT', url, headers: test.as(who), payload });
    const body = json(res);
    answers.push([
      method,
      url.replace(session.id, ':id').replace(callId, ':callId'),
      res.statusCode,
      body.error,
      body.message,
    ]);
  }
  t.same(
    answers,
    writes.map(([method, url]) => [
      method,
      url.replace(session.id, ':id').replace(callId, ':callId'),
      409,
      CANCELLED.error,
      CANCELLED.message,
    ]),
  );
  t.same(await snapshot(test, session.id), before, 'the session reads exactly as before');
});

t.test('every chair page that writes to a cancelled session answers a 409 page saying so', async (t) => {
  const { test, series, session } = await cancelledSession(t);
  const chair = new WebClient(test.app);
  chair.signInAs(CHAIR);
  chair.headers['accept-language'] = 'en';
  await chair.get(`/series/${series.id}/manage/sessions/${session.id}`);
  const before = await snapshot(test, session.id);
  const manage = `/series/${series.id}/manage`;
  const forms: [string, Record<string, string>][] = [
    [`${manage}/sessions/${session.id}/invite`, {}],
    [`${manage}/sessions/${session.id}/roles`, { focalCountry: 'PE' }],
    [`${manage}/suggestion`, { sessionId: session.id }],
  ];
  const answers = [];
  for (const [url, form] of forms) {
    const res = await chair.post(url, form);
    answers.push([url, res.statusCode, textOf(res.body).includes(PAGE_SAYS)]);
  }
  t.same(
    answers,
    forms.map(([url]) => [url, 409, true]),
  );
  t.same(await snapshot(test, session.id), before, 'the session reads exactly as before');
});

t.test('every page of the session itself answers a cancelled session with a 409 saying so', async (t) => {
  const { test, series, session } = await cancelledSession(t);
  const base = `/series/${series.id}/sessions/${session.id}`;
  const before = await snapshot(test, session.id);
  // The series' chair and the session's own chair, each on the pages they may use.
  for (const [who, forms] of [
    [
      CHAIR,
      [
        [`${base}/edit`, { title: 'Renamed', startsAt: '2027-04-28T14:00', durationMinutes: '90' }],
        [`${base}/agenda`, { title0: 'Opening', starts0: '14:00', ends0: '14:10' }],
        [`${base}/question`, { question: 'How do you pay for results?' }],
        [`${base}/blog`, { status: 'drafting', title: 'Paying for results' }],
        [`${base}/preparatory-call`, { startsAt: '2027-04-21T10:00', durationMinutes: '45' }],
      ],
    ],
    [
      'kofi@example.org',
      [
        [`${base}/agenda`, { title0: 'Opening', starts0: '14:00', ends0: '14:10' }],
        [`${base}/blog`, { status: 'published', url: 'https://blog.example.org/rbf' }],
      ],
    ],
  ] as [string, [string, Record<string, string>][]][]) {
    const client = new WebClient(test.app);
    client.signInAs(who);
    client.headers['accept-language'] = 'en';
    await client.get(base);
    const answers = [];
    for (const [url, form] of forms) {
      const res = await client.post(url, form);
      answers.push([
        url,
        res.statusCode,
        textOf(res.body).includes('This session was cancelled; it can no longer change.'),
      ]);
    }
    t.same(
      answers,
      forms.map(([url]) => [url, 409, true]),
      who,
    );
  }
  t.same(await snapshot(test, session.id), before, 'the session reads exactly as before');
});
