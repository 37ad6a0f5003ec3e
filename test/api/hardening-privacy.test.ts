// The privacy rule holds for write responses too: a session's chair and its discussant get
// names and countries back, never anyone's email address; the series' chairs do.
import t, { type Test } from 'tap';
import {
  build,
  CHAIR,
  createSeries,
  createSession,
  createWorkstream,
  joinWorkstream,
  json,
  setLineup,
} from '../helper.js';
import { seedSeries } from '../mail/helper.js';
import { textOf, WebClient } from '../web/helper.js';

const SESSION_CHAIR = 'kofi@example.org';
const DISCUSSANT = 'jean@example.org';

async function setUp(t: Test) {
  const test = await build(t);
  const series = await createSeries(test, { timezone: 'Africa/Kigali' });
  const session = await createSession(test, series.id, { startsAt: '2027-04-28T14:00', durationMinutes: 90 });
  const lineup = await setLineup(test, session.id, {
    chair: { email: SESSION_CHAIR, name: 'Kofi' },
    focal: { country: 'RW', people: [{ email: 'amara@example.org', name: 'Amara' }] },
    discussant: { country: 'GH', people: [{ email: DISCUSSANT, name: 'Jean' }] },
    coBloggers: [{ email: 'mei@example.org', name: 'Mei' }],
  });
  t.equal(lineup.statusCode, 200);
  return { test, series, session };
}

const writes = (sessionId: string) => ({
  agenda: {
    method: 'PUT' as const,
    url: `/api/sessions/${sessionId}/agenda`,
    payload: { segments: [{ title: 'Opening', starts: '14:00', ends: '14:30', lead: 'chair' }] },
  },
  blog: { method: 'PUT' as const, url: `/api/sessions/${sessionId}/blog`, payload: { status: 'drafting' } },
  question: {
    method: 'PUT' as const,
    url: `/api/sessions/${sessionId}/question`,
    payload: { question: 'How do we pay providers for results?' },
  },
});

t.test("the session's chair gets no address back from the agenda, the blog or the question", async (t) => {
  const { test, session } = await setUp(t);
  for (const [name, request] of Object.entries(writes(session.id))) {
    const res = await test.app.inject({ ...request, headers: test.as(SESSION_CHAIR) });
    t.equal(res.statusCode, 200, name);
    t.equal(res.body.includes('@'), false, `${name}: no address in ${res.body}`);
    t.same(json(res).roles.chair, {
      name: 'Kofi',
      country: null,
      countryName: null,
      status: 'assigned',
    });
  }
});

t.test('the discussant gets no address back from the question', async (t) => {
  const { test, session } = await setUp(t);
  const res = await test.app.inject({ ...writes(session.id).question, headers: test.as(DISCUSSANT) });
  t.equal(res.statusCode, 200);
  t.equal(res.body.includes('@'), false, res.body);
  t.same(json(res).blog.authors, [
    { name: 'Kofi', country: null },
    { name: 'Jean', country: null },
    { name: 'Mei', country: null },
  ]);
});

t.test('a chair of the series gets the addresses from the same writes', async (t) => {
  const { test, session } = await setUp(t);
  for (const [name, request] of Object.entries(writes(session.id))) {
    const res = await test.app.inject({ ...request, headers: test.as(CHAIR) });
    t.equal(res.statusCode, 200, name);
    t.same(
      json(res).blog.authors.map((a: { email?: string }) => a.email),
      [SESSION_CHAIR, DISCUSSANT, 'mei@example.org'],
      name,
    );
  }
});

t.test("a workstream's convener sees its members' addresses, and only those", async (t) => {
  const test = await build(t);
  test.clock.set('2027-03-01T09:00:00Z');
  const series = await createSeries(test, { timezone: 'Africa/Kigali' });
  const ws = await createWorkstream(test, series.id);
  for (const [email, name, asConvener] of [
    ['amara@example.org', 'Amara', true],
    ['tran@example.org', 'Tran', false],
  ] as const) {
    const res = await joinWorkstream(test, series.id, ws.id, email, { name, country: 'RW', asConvener });
    t.equal(res.statusCode, 201);
  }
  const appointed = await test.app.inject({
    method: 'PUT',
    url: `/api/workstreams/${ws.id}/convener`,
    headers: test.as(CHAIR),
    payload: { email: 'olu@example.org', name: 'Olu', supportingChair: { email: CHAIR } },
  });
  t.equal(appointed.statusCode, 200);
  const members = json(
    await test.app.inject({ url: `/api/workstreams/${ws.id}/members`, headers: test.as('olu@example.org') }),
  );
  t.same(
    members.map((m: { email: string }) => m.email),
    ['amara@example.org', 'tran@example.org'],
  );
  const tran = members.find((m: { email: string }) => m.email === 'tran@example.org');

  const expectedForConvener = {
    convener: { name: 'Olu' },
    supportingChair: { name: 'Chair Person' },
    volunteers: [{ name: 'Amara', email: 'amara@example.org' }],
  };
  const read = json(await test.app.inject({ url: `/api/workstreams/${ws.id}`, headers: test.as('olu@example.org') }));
  t.same(
    { convener: read.convener, supportingChair: read.supportingChair, volunteers: read.volunteers },
    expectedForConvener,
  );
  const removed = await test.app.inject({
    method: 'DELETE',
    url: `/api/workstreams/${ws.id}/members/${tran.personId}`,
    headers: test.as('olu@example.org'),
  });
  t.equal(removed.statusCode, 200);
  const body = json(removed);
  t.same(
    { convener: body.convener, supportingChair: body.supportingChair, volunteers: body.volunteers },
    expectedForConvener,
  );

  const chairView = json(await test.app.inject({ url: `/api/workstreams/${ws.id}`, headers: test.as(CHAIR) }));
  t.same(
    { convener: chairView.convener, supportingChair: chairView.supportingChair },
    { convener: { name: 'Olu', email: 'olu@example.org' }, supportingChair: { name: 'Chair Person', email: CHAIR } },
  );
  const member = await test.app.inject({ url: `/api/workstreams/${ws.id}`, headers: test.as('amara@example.org') });
  t.equal(member.body.includes('@'), false, member.body);
});

t.test('the interest form says, beside the workstreams, that their convener sees the addresses', async (t) => {
  const test = await build(t);
  const s = await seedSeries(test);
  const client = new WebClient(test.app);
  client.signInAs('marie@example.org', { name: 'Marie' });
  const expected = {
    en: 'A workstream’s convener sees the email addresses of its members, to write to them; nobody else but the series’ chairs sees yours.',
    fr: 'La personne qui anime un groupe de travail voit l’adresse électronique de ses membres, pour leur écrire\u00a0; à part elle, seuls les responsables de la série voient la vôtre.',
    es: 'Quien coordina un grupo de trabajo ve la dirección de correo de sus miembros, para escribirles; aparte de esa persona, solo los responsables de la serie ven la suya.',
    pt: 'Quem coordena um grupo de trabalho vê o endereço de e-mail dos seus membros, para lhes escrever; além dessa pessoa, só os responsáveis pela série veem o seu.',
  };
  for (const [language, sentence] of Object.entries(expected)) {
    const form = await client.get(`/series/${s.seriesId}/interest`, { 'accept-language': language });
    t.equal(form.statusCode, 200, language);
    const legend = form.body.indexOf('name="workstreams"');
    const note = form.body.indexOf('id="workstreams-privacy"');
    t.ok(note > 0 && note < legend, `${language}: the note comes with the workstream choice`);
    t.ok(textOf(form.body).includes(sentence.replace(/\s+/g, ' ')), `${language}: ${sentence}`);
  }
});
