import t from 'tap';
import { build, CHAIR, createSeries, createSession, json, setAgenda, setLineup } from '../helper.js';

const concept = [
  ['Introduction: Participants and workshop agenda', '08:00', '8:30'],
  ['Opening remarks', '08:30', '09:00'],
  ['Introduction to the SHP functional approach', '09:00', '09:30'],
  ['SHP functional mapping results', '09:30', '10:00'],
  ['Q&A', '10:00', '10:30'],
  ['Coffee-break', '10:30', '11:00'],
  ['Evidence synthesis results', '11:00', '11:30'],
  ['Q&A', '11:30', '12:00'],
  ['Capitation: progress update', '12:00', '12:30'],
  ['Health Benefits Package: progress update', '12:30', '13:00'],
  ['Lunch', '12:45', '13:45'],
  ['Policy dialogue: discuss shared lessons and how they should translate into policy (actions)', '13:45', '14:45'],
  ['SHP learning agenda', '14:45', '16:00'],
  ['Coffee-break', '16:00', '16:30'],
  ['Next Steps and closure', '16:30', '17:00'],
].map(([title, starts, ends]) => ({ title, starts, ends }));

t.test('the published agenda of the policy dialogue is refused, naming its overlap', async (t) => {
  // The dialogue of the reference document, planned at the time it was published.
  const test = await build(t, { now: '2022-01-10T09:00:00Z' });
  const series = await createSeries(test, { timezone: 'Africa/Kigali' });
  const day = await createSession(test, series.id, { startsAt: '2022-03-21T08:00', durationMinutes: 540 });
  const res = await setAgenda(test, day.id, concept);
  t.equal(res.statusCode, 409);
  t.equal(json(res).error, 'agenda_overlap');
  t.match(json(res).message, '"Health Benefits Package: progress update" (12:30–13:00) overlaps "Lunch" (12:45–13:45)');
  t.same(json(res).details, [
    {
      code: 'agenda_overlap',
      params: {
        first: 'Health Benefits Package: progress update',
        firstStarts: '12:30',
        firstEnds: '13:00',
        second: 'Lunch',
        secondStarts: '12:45',
        secondEnds: '13:45',
      },
      first: 9,
      second: 10,
      message:
        '"Health Benefits Package: progress update" (12:30–13:00) overlaps "Lunch" (12:45–13:45); shorten one or move it so they do not run at the same time.',
    },
  ]);
  const fixed = concept.map((s) => (s.title === 'Lunch' ? { ...s, starts: '13:00' } : s));
  const ok = await setAgenda(test, day.id, fixed);
  t.equal(ok.statusCode, 200);
  t.equal(json(ok).agenda.length, 15);
  t.same(json(ok).agenda[0], {
    title: 'Introduction: Participants and workshop agenda',
    starts: '08:00',
    ends: '08:30',
    startsAt: '2022-03-21T06:00:00.000Z',
    endsAt: '2022-03-21T06:30:00.000Z',
    lead: null,
    kind: null,
  });
});

t.test('a segment of the standard structure keeps its kind, and readers see its title in their language', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  const session = await createSession(test, series.id, { startsAt: '2027-04-28T14:00', durationMinutes: 90 });
  const created = await test.app.inject({ url: `/api/sessions/${session.id}` });
  t.same(
    json(created).agenda.map((a: { kind: string | null }) => a.kind),
    ['focal_presentation', 'discussant_question', 'focal_response', 'other_countries', 'close'],
    'the default agenda',
  );
  const put = await setAgenda(test, session.id, [
    { title: 'Welcome', starts: '14:00', ends: '14:10' },
    { title: 'Close', starts: '15:20', ends: '15:30', lead: 'chair' },
  ]);
  t.same(
    json(put).agenda.map((a: { title: string; kind: string | null }) => [a.title, a.kind]),
    [
      ['Welcome', null],
      ['Close', 'close'],
    ],
  );
  const page = await test.app.inject({ url: `/series/${series.id}`, headers: { 'accept-language': 'fr' } });
  const agenda = [...page.body.matchAll(/<li>(\d\d:\d\d–\d\d:\d\d [^<]*)<\/li>/g)].map((m) => m[1]);
  t.same(
    agenda,
    ['14:00–14:10 Welcome', '15:20–15:30 Clôture (présidence de séance)'],
    'the chairs’ own title as typed, the standard one in French',
  );
});

t.test('agenda rules: outside the session is 409, impossible times are 400, the session chair may edit', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  const session = await createSession(test, series.id, { startsAt: '2027-04-28T14:00', durationMinutes: 90 });
  const put = (segments: object[], headers = test.as(CHAIR)) =>
    test.app.inject({ method: 'PUT', url: `/api/sessions/${session.id}/agenda`, headers, payload: { segments } });
  const outside = await put([{ title: 'Late close', starts: '15:20', ends: '15:45' }]);
  t.equal(outside.statusCode, 409);
  t.equal(json(outside).error, 'agenda_outside_session');
  t.equal((await put([{ title: 'x', starts: '25:00', ends: '26:00' }])).statusCode, 400);
  t.equal((await put([{ title: 'x', starts: '14:30', ends: '14:10' }])).statusCode, 400);
  t.equal((await put([{ title: 'x', starts: '14:00', ends: '14:30', lead: 'host' }])).statusCode, 400);
  t.equal((await put([{ title: 'x', starts: '14:00', ends: '14:30' }], test.as('kofi@example.org'))).statusCode, 403);
  await setLineup(test, session.id, {
    chair: { email: 'kofi@example.org' },
    discussant: { country: 'RW', people: [{ email: 'jean@example.org' }] },
  });
  const byChair = await put(
    [
      { title: 'Presentation', starts: '14:00', ends: '14:30', lead: 'focal' },
      { title: 'Question', starts: '14:30', ends: '14:45', lead: 'discussant' },
    ],
    test.as('kofi@example.org'),
  );
  t.equal(byChair.statusCode, 200, 'the session chair may set the agenda');

  const question = (headers: Record<string, string>) =>
    test.app.inject({
      method: 'PUT',
      url: `/api/sessions/${session.id}/question`,
      headers,
      payload: { question: 'How do you pay decentralised providers for results without double funding?' },
    });
  t.equal((await question(test.as('mei@example.org'))).statusCode, 403);
  const asked = await question(test.as('jean@example.org'));
  t.equal(asked.statusCode, 200, 'the discussant records the question');
  t.match(json(asked).discussantQuestion, /How do you pay/);
  const pub = json(await test.app.inject({ url: `/api/sessions/${session.id}` }));
  t.match(pub.discussantQuestion, /How do you pay/, 'on the public session page');
});

t.test('the blog post: status, link, due date; authors follow the line-up', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  const session = await createSession(test, series.id, { startsAt: '2027-04-28T14:00' });
  await setLineup(test, session.id, {
    chair: { email: 'kofi@example.org', name: 'Kofi' },
    discussant: { country: 'RW', people: [{ email: 'jean@example.org', name: 'Jean' }] },
    coBloggers: [{ email: 'mei@example.org', name: 'Mei' }],
  });
  const put = (payload: object) =>
    test.app.inject({ method: 'PUT', url: `/api/sessions/${session.id}/blog`, headers: test.as(CHAIR), payload });
  const noUrl = await put({ status: 'published' });
  t.equal(noUrl.statusCode, 400, 'published needs its link');
  const drafting = json(await put({ status: 'drafting', title: 'Paying for results, locally', dueAt: '2027-05-31' }));
  t.same(drafting.blog, {
    title: 'Paying for results, locally',
    status: 'drafting',
    url: null,
    dueAt: '2027-05-31T20:59:59.999Z',
    authors: [
      { name: 'Kofi', country: null, email: 'kofi@example.org' },
      { name: 'Jean', country: null, email: 'jean@example.org' },
      { name: 'Mei', country: null, email: 'mei@example.org' },
    ],
  });
  const published = json(await put({ status: 'published', url: 'https://blog.example.org/rbf' }));
  t.match(published.blog, {
    status: 'published',
    url: 'https://blog.example.org/rbf',
    title: 'Paying for results, locally',
  });
  const pub = json(await test.app.inject({ url: `/api/sessions/${session.id}` }));
  t.notMatch(JSON.stringify(pub.blog), /@/, 'authors without addresses for the public');
  t.equal((await put({ status: 'done' })).statusCode, 400);
  t.equal((await put({ status: 'drafting', url: 'not a url' })).statusCode, 400);
});

t.test('the synthesis paper: authors, due date, status and sources, shown on the series', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  const s1 = await createSession(test, series.id, { title: 'RBF', startsAt: '2027-04-28T14:00' });
  const put = (payload: object, headers = test.as(CHAIR)) =>
    test.app.inject({ method: 'PUT', url: `/api/series/${series.id}/synthesis`, headers, payload });
  const res = await put({
    title: 'Governance for strategic purchasing: what countries learnt',
    status: 'drafting',
    dueAt: '2027-12-15',
    authors: [{ email: CHAIR }, { email: 'volunteer@example.org', name: 'A Volunteer' }],
    sessionIds: [s1.id],
  });
  t.equal(res.statusCode, 200);
  const synthesis = {
    title: 'Governance for strategic purchasing: what countries learnt',
    status: 'drafting',
    url: null,
    dueAt: '2027-12-15T20:59:59.999Z',
    authors: [
      { name: 'Chair Person', email: CHAIR },
      { name: 'A Volunteer', email: 'volunteer@example.org' },
    ],
    sessions: [{ id: s1.id, title: 'RBF' }],
  };
  t.same(json(res).synthesis, synthesis);
  const pub = json(await test.app.inject({ url: `/api/series/${series.id}` }));
  t.same(pub.synthesis.authors, [{ name: 'Chair Person' }, { name: 'A Volunteer' }], 'no addresses for the public');
  t.equal((await put({ status: 'drafting', sessionIds: ['nope'] })).statusCode, 400);
  t.equal((await put({ status: 'published' })).statusCode, 400, 'published needs its url');
  t.equal((await put({ status: 'drafting' }, test.as('volunteer@example.org'))).statusCode, 403);
  const published = json(await put({ status: 'published', url: 'https://papers.example.org/synthesis' }));
  t.same(published.synthesis, { ...synthesis, status: 'published', url: 'https://papers.example.org/synthesis' });
});
