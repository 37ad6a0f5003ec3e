// Registering to attend from the browser, through app.inject: a signed-in person from the
// programme, in one step per session (or one for all), and a contact from the call's link without
// a password. Every form redirects to a page that says what happened; the outbox shows the mail.
import t from 'tap';
import { answerLink } from '../../src/modules/attendance/question.js';
import { attendLink } from '../../src/modules/interests/attend-links.js';
import { build, CHAIR } from '../helper.js';
import { addContact, addPerson, outboxRows, seedSeries } from '../mail/helper.js';
import { multipartForm, textOf, WebClient } from './helper.js';

const NOW = '2027-02-01T09:00:00Z';
const APRIL = 'Governance for SP: implementing RBF in a decentralized setting';
const JUNE = 'Health Information Systems and SP';

async function seeded(t: Parameters<typeof build>[0]) {
  const test = await build(t, { now: NOW });
  const s = await seedSeries(test);
  const kinds = () => outboxRows(test.app.db).map((r) => `${r.kind} ${r.to_email}`);
  return { test, s, kinds };
}

t.test('a visitor is asked to sign in; a signed-in person registers and unregisters in one step', async (t) => {
  const { test, s, kinds } = await seeded(t);
  const visitor = new WebClient(test.app);
  const open = await visitor.get(`/series/${s.seriesId}`);
  t.match(
    open.body,
    `<a href="/signin?next=${encodeURIComponent(`/series/${s.seriesId}`)}">Sign in to register to attend</a>`,
  );
  t.notMatch(open.body, '/attend"', 'no form for a visitor');

  addPerson(test.app.db, test.clock, { email: 'lia@example.org', name: 'Lia', country: 'BR' });
  const lia = new WebClient(test.app);
  lia.signInAs('lia@example.org');
  const programme = await lia.get(`/series/${s.seriesId}`);
  const base = `/series/${s.seriesId}/sessions`;
  t.match(programme.body, `<form method="post" action="${base}/${s.june}/attend">`);
  t.match(textOf(programme.body), `Register to attend “${JUNE}”`);
  t.notMatch(programme.body, `${base}/${s.cancelled}/attend`, 'no registration for a cancelled session');
  t.notMatch(programme.body, `${base}/${s.alternate}/attend`, 'nor for an alternate topic');

  const refused = await lia.post(`${base}/${s.june}/attend`, { _csrf: 'forged' });
  t.equal(refused.statusCode, 403, 'a form from elsewhere is refused');
  t.same(kinds(), []);

  const done = await lia.post(`${base}/${s.june}/attend`);
  t.equal(done.statusCode, 303);
  t.equal(done.headers.location, `/series/${s.seriesId}?notice=registered#x-${s.june}`);
  t.same(kinds(), ['attendance_invitation lia@example.org']);
  const after = await lia.get(String(done.headers.location).split('#')[0] ?? '');
  const text = textOf(after.body);
  t.match(text, 'You are registered: the invitation for your calendar is on its way by email.');
  t.match(text, 'You are registered to attend.');
  t.match(after.body, `<form method="post" action="${base}/${s.june}/unattend">`);
  t.match(after.body, `action="/series/${s.seriesId}/attend"`, 'April is still open: the button for all stays');

  const all = await lia.post(`/series/${s.seriesId}/attend`);
  t.equal(all.headers.location, `/series/${s.seriesId}?notice=registeredAll`);
  t.same(kinds(), ['attendance_invitation lia@example.org', 'attendance_invitation lia@example.org']);
  const full = await lia.get(`/series/${s.seriesId}`);
  t.notMatch(full.body, `action="/series/${s.seriesId}/attend"`, 'registered everywhere: no button for all');

  const left = await lia.post(`${base}/${s.june}/unattend`);
  t.equal(left.headers.location, `/series/${s.seriesId}?notice=unregistered#x-${s.june}`);
  t.same(kinds().slice(2), ['attendance_withdrawal lia@example.org']);

  test.clock.set('2027-04-28T11:00:00Z');
  lia.signInAs('lia@example.org');
  const late = await lia.post(`${base}/${s.april}/unattend`);
  t.equal(late.headers.location, `/series/${s.seriesId}?notice=registration_closed#x-${s.april}`);
  const said = await lia.get(`/series/${s.seriesId}?notice=registration_closed`);
  t.match(textOf(said.body), 'Registration for this session closed when it started.');
  t.notMatch(said.body, `${base}/${s.april}/`, 'April has begun: no button for it any more');
});

t.test('a contact registers from the call’s link, in French, without a password', async (t) => {
  const { test, s, kinds } = await seeded(t);
  const contactId = addContact(test.app.db, test.clock, s.seriesId, {
    email: 'awa@example.org',
    name: 'Awa',
    country: 'SN',
    language: 'fr',
  });
  test.app.db.$client.prepare('update contacts set call_sent_at = ? where id = ?').run(Date.parse(NOW), contactId);
  const link = new URL(attendLink(test.app.config, contactId));
  const path = `${link.pathname}${link.search}`;
  const awa = new WebClient(test.app);
  const people = () => (test.app.db.$client.prepare('select count(*) as n from people').get() as { n: number }).n;
  const known = people();
  const page = await awa.get(path);
  t.equal(people(), known, 'opening the link creates nobody');
  t.equal(page.statusCode, 200);
  const text = textOf(page.body);
  t.match(text, 'Assister aux sessions');
  t.match(text, `M’inscrire pour assister à « ${APRIL} »`);
  t.match(text, 'mercredi 28 avril 2027, 14:00', 'the time in the series’ zone (she chose none)');
  t.match(page.body, 'name="token"', 'the link is the key: no password, no sign-in');
  t.equal(page.headers['cache-control'], 'no-store', 'the page is kept in no cache');
  t.same(kinds(), [], 'opening the link changes nothing');

  const token = link.searchParams.get('token') ?? '';
  const done = await awa.post(link.pathname, { token, session: s.april });
  t.equal(done.statusCode, 303);
  t.equal(done.headers.location, `${link.pathname}?${new URLSearchParams({ token, notice: 'registered' })}`);
  t.same(kinds(), ['attendance_invitation awa@example.org']);
  const after = textOf((await awa.get(String(done.headers.location))).body);
  t.match(after, 'Vous êtes inscrit(e) : l’invitation pour votre agenda vous est envoyée par courriel.');
  t.match(after, `Me désinscrire de « ${APRIL} »`);

  const every = await awa.post(link.pathname, { token });
  t.match(String(every.headers.location), 'notice=registeredAll');
  t.same(kinds(), ['attendance_invitation awa@example.org', 'attendance_invitation awa@example.org']);

  const off = await awa.post(link.pathname, { token, session: s.june, do: 'unregister' });
  t.match(String(off.headers.location), 'notice=unregistered');
  t.equal(kinds().at(-1), 'attendance_withdrawal awa@example.org');

  const forged = await awa.get(`${link.pathname}?token=forged`);
  t.equal(forged.statusCode, 404);
  t.match(textOf(forged.body), 'This link is not valid.');
  const forgedPost = await awa.post(link.pathname, { token: 'forged', session: s.april });
  t.equal(forgedPost.statusCode, 404);
  t.equal(kinds().length, 3, 'a forged link registers nobody');
});

t.test('the chair releases the question from the session’s page; a reader answers on theirs', async (t) => {
  const { test, s, kinds } = await seeded(t);
  const { db } = test.app;
  addPerson(db, test.clock, { email: 'lia@example.org', name: 'Lia', country: 'BR' });
  const lia = new WebClient(test.app);
  lia.signInAs('lia@example.org');
  await lia.get(`/series/${s.seriesId}`);
  await lia.post(`/series/${s.seriesId}/sessions/${s.april}/attend`);

  const chair = new WebClient(test.app);
  chair.signInAs(CHAIR);
  const base = `/series/${s.seriesId}/sessions/${s.april}`;
  const before = textOf((await chair.get(base)).body);
  t.match(before, 'The group 1 registered from 1 country Brazil: 1');
  t.match(before, 'Lia <lia@example.org> (Brazil)', 'addresses for a series chair');
  t.match(before, 'Record the discussant’s question first');
  const programme = textOf((await lia.get(`/series/${s.seriesId}`)).body);
  t.match(programme, '1 registered from 1 country');

  await chair.get(`${base}/question`);
  await chair.post(`${base}/question`, { question: 'How do you pay districts on time?' });
  const page = await chair.get(base);
  t.match(page.body, `action="${base}/question/release"`);
  t.match(
    textOf(page.body),
    'Leave empty for 7 days before the session: Wednesday 21 April 2027, 14:00 (Africa/Nairobi)',
  );
  const late = await chair.post(`${base}/question/release`, { at: '2027-04-29T10:00' });
  t.equal(late.headers.location, `${base}?notice=release_after_start#group`);
  const bad = await chair.post(`${base}/question/release`, { at: 'soon' });
  t.equal(bad.headers.location, `${base}?notice=release_when#group`);
  const now = await chair.post(`${base}/question/release`, { at: '2027-02-01T14:00', toContacts: '1' });
  t.equal(now.headers.location, `${base}?notice=released#group`);
  t.match(textOf((await chair.get(`${base}?notice=released`)).body), 'The question is released.');
  t.equal(kinds().filter((k) => k.startsWith('group_question')).length, 0, 'its time (14:00 Nairobi) has not come');

  // The question's time comes; Lia opens her link and answers.
  test.clock.set('2027-02-01T11:00:00Z');
  await test.app.mail.deliverDue();
  const row = outboxRows(db).find((r) => r.kind === 'group_question');
  t.equal(row?.to_email, 'lia@example.org');
  const link = new URL(answerLink(test.app.config, s.april, String(row?.person_id)));
  const reader = new WebClient(test.app);
  const open = await reader.get(`${link.pathname}${link.search}`);
  t.equal(open.statusCode, 200);
  t.match(textOf(open.body), 'How do you pay districts on time?');
  const token = link.searchParams.get('token') ?? '';
  const empty = await reader.post(link.pathname, { token, text: '  ' });
  t.equal(empty.statusCode, 400);
  t.match(textOf(empty.body), 'Write a short experience or question before sending.');
  const sent = await reader.post(link.pathname, {
    token,
    text: 'In Brazil the states pay the municipalities monthly.',
  });
  t.equal(sent.statusCode, 303);
  const thanks = textOf((await reader.get(String(sent.headers.location))).body);
  t.match(thanks, 'Thank you: the chair will read it before the session.');
  chair.signInAs(CHAIR);
  t.match(
    textOf((await chair.get(base)).body),
    'Experiences and questions received Brazil Lia <lia@example.org>: In Brazil the states pay the municipalities monthly.',
  );
});

t.test('after the session, the chair ticks who attended and sends the links from its page', async (t) => {
  const { test, s, kinds } = await seeded(t);
  addPerson(test.app.db, test.clock, { email: 'lia@example.org', name: 'Lia', country: 'BR' });
  const lia = new WebClient(test.app);
  const liaId = lia.signInAs('lia@example.org');
  await lia.get(`/series/${s.seriesId}`);
  await lia.post(`/series/${s.seriesId}/sessions/${s.april}/attend`);
  const chair = new WebClient(test.app);
  chair.signInAs(CHAIR);
  const base = `/series/${s.seriesId}/sessions/${s.april}`;
  t.notMatch((await chair.get(base)).body, `${base}/attendance-record`, 'no attendance form before the session');
  test.clock.set('2027-04-28T13:00:00Z');
  chair.signInAs(CHAIR);
  const page = await chair.get(base);
  t.match(page.body, `<input type="checkbox" name="present" value="${liaId}">`);
  t.match(page.body, 'enctype="multipart/form-data"', 'the form takes the meeting tool’s report as a file');
  // The meeting tool's report, uploaded as a file: Lia is found by her address.
  const form = multipartForm(
    { _csrf: chair.csrf },
    {
      name: 'participants.csv',
      content: 'Name (original name),User Email,Join time\r\nLia,LIA@example.org,04/28/2027 01:02:03 PM\r\n',
    },
  );
  const uploaded = await test.app.inject({
    method: 'POST',
    url: `${base}/attendance-record`,
    payload: form.payload,
    headers: { 'content-type': form.type, cookie: [...chair.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  t.equal(uploaded.headers.location, `${base}?notice=recorded#group`);
  t.match((await chair.get(base)).body, `value="${liaId}" checked`, 'marked from the file');
  const ticked = await chair.post(`${base}/attendance-record`, { present: liaId });
  t.equal(ticked.headers.location, `${base}?notice=recorded#group`);
  t.match((await chair.get(base)).body, `value="${liaId}" checked`);
  const bad = await chair.post(`${base}/recording`, { recordingUrl: 'not a link' });
  t.equal(bad.headers.location, `${base}?notice=record_refused#group`);
  const sent = await chair.post(`${base}/recording`, { recordingUrl: 'https://video.example.org/rbf' });
  t.equal(sent.headers.location, `${base}?notice=links#group`);
  t.match(
    textOf((await chair.get(`${base}?notice=links`)).body),
    'The links are saved; those who registered are sent them.',
  );
  t.equal(kinds().at(-1), 'attendance_follow_up lia@example.org');
});
