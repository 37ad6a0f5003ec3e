// A session's own pages through app.inject: the series' chairs edit, reschedule and cancel it;
// they and the session's chair set its agenda, question, blog post and preparatory call. Each
// form's effect is read back through the API or the outbox; refused forms keep what was typed.
import { eq } from 'drizzle-orm';
import t from 'tap';
import { outbox } from '../../db/schema.js';
import { renderMessage } from '../../src/mail/render.js';
import { build, json, setLineup } from '../helper.js';
import { addPerson, CHAIR, outboxRows, seedSeries } from '../mail/helper.js';
import { textOf, WebClient } from './helper.js';

const NOW = '2027-02-01T09:00:00Z';
const SAM = 'sam@example.org';

/** The agenda form as the page sends it: row i's cells are title{i}, starts{i}, ends{i} and, when given, lead{i}. */
const agendaForm = (rows: string[][]) =>
  Object.fromEntries(
    rows.flatMap((cells, i) => cells.map((value, j) => [`${['title', 'starts', 'ends', 'lead'][j]}${i}`, value])),
  );

async function seeded(t: Parameters<typeof build>[0]) {
  const test = await build(t, { now: NOW });
  const s = await seedSeries(test);
  const { db } = test.app;
  addPerson(db, test.clock, { email: SAM, name: 'Sam Chair', country: 'GH' });
  addPerson(db, test.clock, { email: 'ana@example.org', name: 'Ana Pérez', country: 'AR' });
  addPerson(db, test.clock, { email: 'jean@example.org', name: 'Jean Mugabo', country: 'RW' });
  const roles = await setLineup(test, s.april, {
    chair: { email: SAM },
    focal: { country: 'AR', people: [{ email: 'ana@example.org' }] },
    discussant: { country: 'RW', people: [{ email: 'jean@example.org' }] },
  });
  if (roles.statusCode !== 200) throw new Error(roles.body);
  const sent = await test.app.inject({
    method: 'POST',
    url: `/api/sessions/${s.april}/invitations`,
    headers: test.as(CHAIR),
  });
  if (sent.statusCode !== 202) throw new Error(sent.body);
  const base = `/series/${s.seriesId}/sessions/${s.april}`;
  const session = async () =>
    json(await test.app.inject({ method: 'GET', url: `/api/sessions/${s.april}`, headers: test.as(CHAIR) }));
  const kinds = (kind: string) => outboxRows(db).filter((r) => r.kind === kind && r.session_id === s.april);
  return { test, s, base, session, kinds };
}

t.test('a series chair reschedules a session, seeing first who will be told', async (t) => {
  const { test, base, session, kinds } = await seeded(t);
  const chair = new WebClient(test.app);
  chair.signInAs(CHAIR);
  // Two clicks from the series' manage page: the session's page, then its edit page.
  const manage = await chair.get(base.replace(/\/sessions\/.*/, '/manage'));
  t.match(manage.body, `href="${base}"`);
  t.match((await chair.get(base)).body, `href="${base}/edit"`);
  const form = await chair.get(`${base}/edit`);
  t.equal(form.statusCode, 200);
  const text = textOf(form.body);
  t.match(
    text,
    'sends an update to 3 people: Sam Chair <sam@example.org> Ana Pérez <ana@example.org> Jean Mugabo <jean@example.org>',
  );
  t.match(form.body, 'value="2027-04-28T14:00"', 'the time as it is, in the series’ zone');
  t.match(text, 'Date and time (Africa/Nairobi)');

  const saved = await chair.post(`${base}/edit`, {
    title: 'Implementing RBF in a decentralized setting',
    description: 'Argentina’s provinces.',
    startsAt: '2027-05-05T15:30',
    durationMinutes: '60',
    meetingUrl: 'https://meet.example.org/rbf',
  });
  t.equal(saved.statusCode, 303);
  t.equal(saved.headers.location, `${base}?notice=updated&n=3`);
  const after = await session();
  t.equal(after.title, 'Implementing RBF in a decentralized setting');
  t.equal(after.description, 'Argentina’s provinces.');
  t.equal(after.startsAt, '2027-05-05T12:30:00.000Z');
  t.equal(after.durationMinutes, 60);
  t.equal(after.meetingUrl, 'https://meet.example.org/rbf');
  t.equal(kinds('invitation_update').length, 3, 'one update to each invitee');

  const shown = await chair.get(saved.headers.location as string);
  t.equal(shown.statusCode, 200);
  t.match(textOf(shown.body), 'The session is saved. 3 people were sent an updated invitation.');
  // Reloading the page the form led to sends nothing again.
  await chair.get(saved.headers.location as string);
  t.equal(kinds('invitation_update').length, 3);
});

t.test('a refused edit says what to correct and keeps what was typed', async (t) => {
  const { test, base, session, kinds } = await seeded(t);
  const chair = new WebClient(test.app);
  chair.signInAs(CHAIR);
  await chair.get(`${base}/edit`);
  const bad = await chair.post(`${base}/edit`, {
    title: 'A better title',
    description: 'Kept as typed',
    startsAt: '2027-05-05T15:30',
    durationMinutes: '5',
    meetingUrl: 'meet.example.org',
  });
  t.equal(bad.statusCode, 400);
  const text = textOf(bad.body);
  t.match(text, 'Give a length from 15 to 720 minutes.');
  t.match(bad.body, 'value="A better title"');
  t.match(bad.body, 'Kept as typed</textarea>');
  t.match(bad.body, 'value="5"');
  t.match(bad.body, 'value="2027-05-05T15:30"');
  const edit = { title: 'A better title', startsAt: '2027-05-05T15:30', durationMinutes: '90' };
  const url = await chair.post(`${base}/edit`, { ...edit, meetingUrl: 'meet.example.org' });
  t.equal(url.statusCode, 400);
  t.match(textOf(url.body), 'Give a full web address starting with https:// or http://.');
  t.match(url.body, 'value="meet.example.org"');
  const past = await chair.post(`${base}/edit`, { ...edit, startsAt: '2027-01-20T10:00' });
  t.equal(past.statusCode, 409);
  t.match(textOf(past.body), 'This time has already passed: choose a time still ahead.');
  t.match(past.body, 'value="2027-01-20T10:00"');
  const after = await session();
  t.equal(after.title, 'Governance for SP: implementing RBF in a decentralized setting', 'nothing saved');
  t.equal(after.startsAt, '2027-04-28T11:00:00.000Z');
  t.equal(kinds('invitation_update').length, 0);
});

t.test('cancelling asks first, on a page of its own, then tells everyone invited', async (t) => {
  const { test, base, session, kinds } = await seeded(t);
  const chair = new WebClient(test.app);
  chair.signInAs(CHAIR);
  const ask = await chair.get(`${base}/cancel`);
  t.equal(ask.statusCode, 200);
  const text = textOf(ask.body);
  t.match(text, 'Cancelling cannot be undone.');
  t.match(text, 'Sam Chair <sam@example.org> Ana Pérez <ana@example.org> Jean Mugabo <jean@example.org>');
  t.ok(
    text.includes('Cancelling sends a cancellation to 3 people, and their calendars drop the session:'),
    'the cancel page says what those people get',
  );
  t.notOk(text.includes('sends an update'), 'not the edit page’s wording');
  t.equal((await session()).status, 'scheduled', 'opening the page changes nothing');
  const done = await chair.post(`${base}/cancel`);
  t.equal(done.statusCode, 303);
  t.equal(done.headers.location, `${base}?notice=cancelled&n=3`);
  t.equal((await session()).status, 'cancelled');
  t.equal(kinds('session_cancellation').length, 3);
  t.match(
    textOf((await chair.get(done.headers.location as string)).body),
    'The session is cancelled. 3 people were sent a cancellation.',
  );
  const again = await chair.post(`${base}/cancel`);
  t.equal(again.statusCode, 303);
  t.equal(kinds('session_cancellation').length, 3, 'a second cancel sends nothing');
  const edit = await chair.post(`${base}/edit`, { title: 'Too late', startsAt: '2027-05-05T15:30' });
  t.equal(edit.statusCode, 409);
  t.match(textOf(edit.body), 'This session was cancelled; it can no longer change.');
});

t.test('the session’s chair sets the agenda, the question and the blog post of their session', async (t) => {
  const { test, s, base, session, kinds } = await seeded(t);
  const sam = new WebClient(test.app);
  sam.signInAs(SAM);
  t.match((await sam.get('/me')).body, `href="${base}"`, 'their page is linked from /me');
  const home = await sam.get(base);
  t.equal(home.statusCode, 200);
  t.notMatch(home.body, `${base}/edit`, 'no editing of the session itself');
  t.match(home.body, `href="${base}/agenda"`);

  await sam.get(`${base}/agenda`);
  const agenda = await sam.post(
    `${base}/agenda`,
    agendaForm([
      ['Welcome', '14:00', '14:10', 'chair'],
      ['Presentation from Argentina', '14:10', '14:40', 'focal'],
      ['', '', '', ''],
    ]),
  );
  t.equal(agenda.statusCode, 303);
  t.equal(agenda.headers.location, `${base}?notice=agenda`);
  t.same(
    (await session()).agenda.map((a: any) => [a.title, a.starts, a.ends, a.lead]),
    [
      ['Welcome', '14:00', '14:10', 'chair'],
      ['Presentation from Argentina', '14:10', '14:40', 'focal'],
    ],
  );

  const overlap = await sam.post(
    `${base}/agenda`,
    agendaForm([
      ['Welcome', '14:00', '14:20'],
      ['Questions', '14:10', '14:40'],
      ['Too late', '16:00', '16:30'],
    ]),
  );
  t.equal(overlap.statusCode, 409);
  const text = textOf(overlap.body);
  t.match(text, 'This segment overlaps segment 1: move one of them.');
  t.match(text, 'This segment falls outside the session’s hours.');
  t.match(overlap.body, 'value="Too late"');
  t.match(overlap.body, 'value="16:30"');
  t.equal((await session()).agenda.length, 2, 'the agenda stays as it was');

  await sam.get(`${base}/question`);
  const question = await sam.post(`${base}/question`, { question: 'How did you keep provinces paying for results?' });
  t.equal(question.statusCode, 303);
  t.equal((await session()).discussantQuestion, 'How did you keep provinces paying for results?');

  await sam.get(`${base}/blog`);
  const blogForm = { title: 'RBF in provinces', status: 'published', url: '' };
  const published = await sam.post(`${base}/blog`, blogForm);
  t.equal(published.statusCode, 400);
  t.match(textOf(published.body), 'A published blog post needs its web address.');
  t.match(published.body, 'value="RBF in provinces"');
  const blog = await sam.post(`${base}/blog`, { ...blogForm, status: 'drafting', dueAt: '2027-05-20' });
  t.equal(blog.statusCode, 303);
  const after = (await session()).blog;
  t.equal(after.title, 'RBF in provinces');
  t.equal(after.status, 'drafting');
  t.equal(after.dueAt, '2027-05-20T20:59:59.999Z', 'the end of that day in Nairobi');
  t.same(
    kinds('blog_status').map((r) => r.to_email),
    [SAM, 'jean@example.org'],
    'its authors (the chair and the discussant) hear of the new status',
  );

  // Another session of the same series is not theirs.
  t.equal((await sam.get(`/series/${s.seriesId}/sessions/${s.june}`)).statusCode, 403);
  t.equal((await sam.get(`/series/${s.seriesId}/sessions/${s.june}/agenda`)).statusCode, 403);
  t.equal((await sam.post(`/series/${s.seriesId}/sessions/${s.june}/question`, { question: 'x' })).statusCode, 403);
  // Nor the series chairs' own pages of their session.
  t.equal((await sam.get(`${base}/edit`)).statusCode, 403);
  t.equal((await sam.post(`${base}/cancel`)).statusCode, 403);
  t.equal((await session()).status, 'scheduled');
});

t.test(
  'before the line-up names the focal and discussant people, the call page says so instead of a form',
  async (t) => {
    const { test, s } = await seeded(t);
    const chair = new WebClient(test.app);
    chair.signInAs(CHAIR);
    const page = await chair.get(`/series/${s.seriesId}/sessions/${s.june}/preparatory-call`);
    t.equal(page.statusCode, 200);
    t.ok(
      textOf(page.body).includes(
        'You can schedule the preparatory call once the line-up names the people of the focal and discussant countries',
      ),
    );
    t.notOk(page.body.includes('name="startsAt"'), 'nothing to type that would be refused');
    t.ok(
      page.body.includes(`href="/series/${s.seriesId}/manage/sessions/${s.june}">Name them in the session’s line-up.`),
    );
    // Once named, the form is there.
    await setLineup(test, s.june, { focal: { country: 'GH', people: [{ email: 'kwame@example.org' }] } });
    const ready = await chair.get(`/series/${s.seriesId}/sessions/${s.june}/preparatory-call`);
    t.ok(ready.body.includes('name="startsAt"'));
  },
);

t.test('the session’s chair schedules, changes and cancels the preparatory call', async (t) => {
  const { test, s, base } = await seeded(t);
  const sam = new WebClient(test.app);
  sam.signInAs(SAM);
  const call = async () =>
    json(
      await test.app.inject({
        method: 'GET',
        url: `/api/sessions/${s.april}/preparatory-call`,
        headers: test.as(CHAIR),
      }),
    );
  const callRows = (kind: string) => outboxRows(test.app.db).filter((r) => r.kind === kind);
  await sam.get(`${base}/preparatory-call`);
  const late = await sam.post(`${base}/preparatory-call`, { startsAt: '2027-04-28T13:30', durationMinutes: '45' });
  t.equal(late.statusCode, 400);
  t.match(textOf(late.body), 'Give a date and time that ends before the session starts.');
  t.match(late.body, 'value="2027-04-28T13:30"');
  const scheduled = await sam.post(`${base}/preparatory-call`, {
    startsAt: '2027-04-14T15:00',
    durationMinutes: '45',
    meetingUrl: 'https://meet.example.org/prep',
  });
  t.equal(scheduled.statusCode, 303);
  t.equal(scheduled.headers.location, `${base}?notice=callScheduled`);
  let now = await call();
  t.equal(now.startsAt, '2027-04-14T12:00:00.000Z');
  t.equal(now.meetingUrl, 'https://meet.example.org/prep');
  t.equal(now.status, 'scheduled');
  const invited = now.invited;
  t.equal(invited, 3);

  const changed = await sam.post(`${base}/preparatory-call`, {
    startsAt: '2027-04-15T15:00',
    durationMinutes: '30',
    meetingUrl: 'https://meet.example.org/prep',
  });
  t.equal(changed.statusCode, 303);
  t.equal(changed.headers.location, `${base}?notice=callChanged`);
  now = await call();
  t.equal(now.startsAt, '2027-04-15T12:00:00.000Z');
  t.equal(now.durationMinutes, 30);

  const ask = await sam.get(`${base}/preparatory-call/cancel`);
  t.equal(ask.statusCode, 200);
  t.match(textOf(ask.body), '3 people invited will be sent a cancellation.');
  const cancelled = await sam.post(`${base}/preparatory-call/cancel`);
  t.equal(cancelled.statusCode, 303);
  t.equal((await call()).status, 'cancelled');
  const cancellations = callRows('prep_call_cancellation').length;
  t.equal(cancellations, 3);
  await sam.post(`${base}/preparatory-call/cancel`);
  t.equal(callRows('prep_call_cancellation').length, 3, 'a second cancel sends nothing');
});

t.test('a practitioner and a visitor cannot open a session’s pages; the discussant only its question', async (t) => {
  const { test, base } = await seeded(t);
  const jean = new WebClient(test.app);
  jean.signInAs('jean@example.org');
  for (const path of ['', '/edit', '/cancel', '/agenda', '/blog', '/preparatory-call']) {
    t.equal((await jean.get(`${base}${path}`)).statusCode, 403, `GET ${path || '/'}`);
  }
  t.equal((await jean.get(`${base}/question`)).statusCode, 200, 'Jean, the discussant, writes the question');
  const other = new WebClient(test.app);
  other.signInAs('someone@example.org');
  t.equal((await other.get(`${base}/question`)).statusCode, 403);
  t.equal((await other.post(`${base}/question`, { question: 'Mine' })).statusCode, 403);
  const visitor = await new WebClient(test.app).get(`${base}/agenda`);
  t.equal(visitor.statusCode, 303);
  t.equal(visitor.headers.location, `/signin?next=${encodeURIComponent(`${base}/agenda`)}`);
  t.equal((await jean.get(`${base.replace(/sessions\/.*/, 'sessions/nope')}`)).statusCode, 404);
});

t.test('a decline alert sends the session’s chair to the session’s page, the series’ chairs to theirs', async (t) => {
  const { test, s, base } = await seeded(t);
  const jean = new WebClient(test.app);
  jean.signInAs('jean@example.org');
  const me = await jean.get('/me');
  const decline =
    /<form class="inline" method="post" action="([^"]+)"><input type="hidden" name="token" value="([^"]+)"><button class="secondary"/.exec(
      me.body,
    );
  t.ok(decline, 'a decline button on /me');
  const declined = await jean.post(decline?.[1] as string, { token: decline?.[2] as string });
  t.ok(declined.statusCode < 400, `declined: ${declined.statusCode}`);
  const alerts = test.app.db.select().from(outbox).where(eq(outbox.kind, 'decline_alert')).all();
  t.same(alerts.map((a) => a.toEmail).sort(), [CHAIR, SAM]);
  const textTo = (email: string) => {
    const row = alerts.find((a) => a.toEmail === email);
    if (!row) throw new Error(`no alert to ${email}`);
    return renderMessage(row, { db: test.app.db, config: test.app.config, now: test.clock.now() }).text;
  };
  const sessionLink = `${test.app.config.publicUrl}${base}`;
  const manageLink = `${test.app.config.publicUrl}/series/${s.seriesId}/manage`;
  const toSam = textTo(SAM);
  t.ok(toSam.includes(sessionLink), 'the session’s chair gets the session’s page');
  t.notOk(toSam.includes(manageLink), 'not the page they cannot open');
  t.match(toSam, 'The series’ chairs will choose someone else and send the new invitation.');
  const toChair = textTo(CHAIR);
  t.ok(toChair.includes(manageLink), 'a series chair gets the management page');
  const sam = new WebClient(test.app);
  sam.signInAs(SAM);
  t.equal((await sam.get(base)).statusCode, 200, 'and the session’s chair can open theirs');
});

t.test('a series chair plans the synthesis paper from the manage page', async (t) => {
  const { test, s } = await seeded(t);
  const chair = new WebClient(test.app);
  chair.signInAs(CHAIR);
  const path = `/series/${s.seriesId}/manage/synthesis`;
  t.match((await chair.get(`/series/${s.seriesId}/manage`)).body, `href="${path}"`);
  const form = await chair.get(path);
  t.equal(form.statusCode, 200);
  const bad = await chair.post(path, {
    title: 'What we learned',
    status: 'drafting',
    authors: 'Ana Pérez <ana@example.org>\nnot an address',
    sessions: [s.april],
  });
  t.equal(bad.statusCode, 400);
  t.match(textOf(bad.body), 'Each line must hold an email address, e.g. Ana Pérez <ana@example.org>.');
  t.match(bad.body, 'not an address</textarea>');
  t.match(bad.body, `value="${s.april}" checked`);
  const saved = await chair.post(path, {
    title: 'What we learned',
    status: 'drafting',
    dueAt: '2027-12-15',
    authors: 'Ana Pérez <ana@example.org>\nchair@example.org',
    sessions: [s.april, s.june],
  });
  t.equal(saved.statusCode, 303);
  t.equal(saved.headers.location, `${path}?notice=synthesis`);
  t.match(textOf((await chair.get(saved.headers.location as string)).body), 'The synthesis paper is saved.');
  const series = json(
    await test.app.inject({ method: 'GET', url: `/api/series/${s.seriesId}`, headers: test.as(CHAIR) }),
  );
  t.same(series.synthesis, {
    title: 'What we learned',
    status: 'drafting',
    url: null,
    dueAt: '2027-12-15T20:59:59.999Z',
    authors: [
      { name: 'Ana Pérez', email: 'ana@example.org' },
      { name: 'Chair Person', email: 'chair@example.org' },
    ],
    sessions: [
      { id: s.april, title: 'Governance for SP: implementing RBF in a decentralized setting' },
      { id: s.june, title: 'Health Information Systems and SP' },
    ],
  });
  const sam = new WebClient(test.app);
  sam.signInAs(SAM);
  t.equal((await sam.get(path)).statusCode, 403, 'a session’s chair does not plan the series’ paper');
});

t.test('the standard agenda, saved in French, keeps its parts of the call', async (t) => {
  const { test, base, session } = await seeded(t);
  const sam = new WebClient(test.app);
  sam.headers['accept-language'] = 'fr';
  sam.signInAs(SAM);
  const form = await sam.get(`${base}/agenda`);
  t.match(form.body, 'value="Présentation du pays focal"', 'the standard parts in the reader’s language');
  const before = (await session()).agenda;
  const fields: Record<string, string> = {};
  for (const m of form.body.matchAll(/name="(title|starts|ends)(\d+)"[^>]*value="([^"]*)"/g)) {
    fields[`${m[1]}${m[2]}`] = m[3] ?? '';
  }
  for (const m of form.body.matchAll(/<select id="lead(\d+)" name="lead\d+">([\s\S]*?)<\/select>/g)) {
    fields[`lead${m[1]}`] = /<option value="([^"]*)" selected>/.exec(m[2] ?? '')?.[1] ?? '';
  }
  const saved = await sam.post(`${base}/agenda`, fields);
  t.equal(saved.statusCode, 303);
  t.same(
    (await session()).agenda.map((a: any) => [a.title, a.kind, a.starts, a.ends, a.lead]),
    before.map((a: any) => [a.title, a.kind, a.starts, a.ends, a.lead]),
    'titles, kinds, times and leads as they were',
  );
  t.same(
    before.map((a: any) => a.kind),
    ['focal_presentation', 'discussant_question', 'focal_response', 'other_countries', 'close'],
  );
});
