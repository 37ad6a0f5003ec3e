// Text: every string is valid Unicode, free text holds newlines and tabs but no other control
// character, and a title, name or agenda segment holds more than spaces. Each refusal is a 400
// that names the field, and nothing of the request is kept.
import t from 'tap';
import { ADMIN, build, CHAIR, createSeries, createSession, json, setAgenda, type TestApp } from '../helper.js';

const patchSeries = (test: TestApp, id: string, payload: object) =>
  test.app.inject({ method: 'PATCH', url: `/api/series/${id}`, headers: test.as(CHAIR), payload });
const patchSession = (test: TestApp, id: string, payload: object) =>
  test.app.inject({ method: 'PATCH', url: `/api/sessions/${id}`, headers: test.as(CHAIR), payload });
const getSeries = async (test: TestApp, id: string) =>
  json(await test.app.inject({ url: `/api/series/${id}`, headers: test.as(CHAIR) }));
const getSession = async (test: TestApp, id: string) =>
  json(await test.app.inject({ url: `/api/sessions/${id}`, headers: test.as(CHAIR) }));

t.test('a lone surrogate in a series title is a 400 naming the title; nothing is stored', async (t) => {
  const test = await build(t);
  const series = await createSeries(test, { title: 'Strategic purchasing' });

  const patch = await patchSeries(test, series.id, { title: 'Purch\uD800asing' });
  t.equal(patch.statusCode, 400);
  t.same(json(patch), {
    error: 'invalid_request',
    message:
      'The request is not valid: body/title must be valid Unicode text (it holds a lone surrogate, U+D800, at position 6).',
    details: [
      {
        where: 'body/title',
        problem: 'must be valid Unicode text (it holds a lone surrogate, U+D800, at position 6)',
        params: { kind: 'label' },
      },
    ],
  });
  t.equal((await getSeries(test, series.id)).title, 'Strategic purchasing');

  const create = await test.app.inject({
    method: 'POST',
    url: '/api/series',
    headers: test.as(ADMIN, { admin: true }),
    payload: { title: '\uDE00 low half', timezone: 'Africa/Nairobi', chairs: [{ email: CHAIR }] },
  });
  t.equal(create.statusCode, 400);
  t.equal(json(create).error, 'invalid_request');
  t.equal(
    json(create).message,
    'The request is not valid: body/title must be valid Unicode text (it holds a lone surrogate, U+DE00, at position 1).',
  );
  const list = json(await test.app.inject({ url: '/api/series' }));
  t.same(
    list.map((s: { title: string }) => s.title),
    ['Strategic purchasing'],
  );

  // A whole pair (an emoji) is valid Unicode.
  const emoji = await patchSeries(test, series.id, { title: 'Purchasing 🌍' });
  t.equal(emoji.statusCode, 200);
  t.equal(json(emoji).title, 'Purchasing 🌍');
});

t.test('a NUL in a description is a 400 naming the description; the old one stays', async (t) => {
  const test = await build(t);
  const series = await createSeries(test, { description: 'A year on purchasing.' });
  const res = await patchSeries(test, series.id, { description: 'A year\u0000 on purchasing.' });
  t.equal(res.statusCode, 400);
  const body = json(res);
  t.equal(body.error, 'invalid_request');
  t.equal(
    body.message,
    'The request is not valid: body/description may hold newlines and tabs but no other control character (it holds U+0000 at position 7).',
  );
  t.same(body.details[0], {
    where: 'body/description',
    problem: 'may hold newlines and tabs but no other control character (it holds U+0000 at position 7)',
    params: { kind: 'multiline' },
  });
  t.equal((await getSeries(test, series.id)).description, 'A year on purchasing.');
});

t.test('a vertical tab or an escape in free text is a 400; newlines and tabs are kept', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  const session = await createSession(test, series.id, { description: 'Before.' });
  for (const [char, code, position] of [
    ['\u000B', 'U+000B', 5],
    ['\u001B', 'U+001B', 5],
    ['\u007F', 'U+007F', 5],
    ['\u0085', 'U+0085', 5],
  ] as const) {
    const res = await patchSession(test, session.id, { description: `Line${char}two` });
    t.equal(res.statusCode, 400, `${code} is refused`);
    t.equal(json(res).error, 'invalid_request');
    t.equal(
      json(res).message,
      `The request is not valid: body/description may hold newlines and tabs but no other control character (it holds ${code} at position ${position}).`,
    );
  }
  t.equal((await getSession(test, session.id)).description, 'Before.');

  const ok = await patchSession(test, session.id, { description: 'First line\r\nSecond line\n\tindented' });
  t.equal(ok.statusCode, 200);
  t.equal((await getSession(test, session.id)).description, 'First line\r\nSecond line\n\tindented');
});

t.test('a newline in a title is a 400; the same newline in a description is fine', async (t) => {
  const test = await build(t);
  const series = await createSeries(test, { title: 'One line' });
  const title = await patchSeries(test, series.id, { title: 'Two\nlines' });
  t.equal(title.statusCode, 400);
  t.same(json(title), {
    error: 'invalid_request',
    message:
      'The request is not valid: body/title must be one line without control characters (it holds U+000A at position 4).',
    details: [
      {
        where: 'body/title',
        problem: 'must be one line without control characters (it holds U+000A at position 4)',
        params: { kind: 'label' },
      },
    ],
  });
  const tab = await patchSeries(test, series.id, { title: 'Tab\there' });
  t.equal(tab.statusCode, 400);
  t.equal(
    json(tab).message,
    'The request is not valid: body/title must be one line without control characters (it holds U+0009 at position 4).',
  );
  t.equal((await getSeries(test, series.id)).title, 'One line');

  const description = await patchSeries(test, series.id, { description: 'Two\nlines' });
  t.equal(description.statusCode, 200);
  t.equal((await getSeries(test, series.id)).description, 'Two\nlines');
});

t.test('a session title of only spaces is a 400, when created and when changed', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  const session = await createSession(test, series.id, { title: 'Health information systems' });

  const create = await test.app.inject({
    method: 'POST',
    url: `/api/series/${series.id}/sessions`,
    headers: test.as(CHAIR),
    payload: { title: '   ', startsAt: '2027-06-30T14:00' },
  });
  t.equal(create.statusCode, 400);
  t.same(json(create), {
    error: 'invalid_request',
    message: 'The request is not valid: body/title must hold more than spaces.',
    details: [{ where: 'body/title', problem: 'must hold more than spaces', params: { kind: 'label' } }],
  });
  t.same(
    (await getSeries(test, series.id)).sessions.map((s: { title: string }) => s.title),
    ['Health information systems'],
  );

  // Other spaces than U+0020 are spaces too.
  for (const title of ['   ', '\u00A0\u2003']) {
    const patch = await patchSession(test, session.id, { title });
    t.equal(patch.statusCode, 400);
    t.equal(json(patch).message, 'The request is not valid: body/title must hold more than spaces.');
  }
  t.equal((await getSession(test, session.id)).title, 'Health information systems');

  const plan = await test.app.inject({
    method: 'POST',
    url: `/api/series/${series.id}/sessions/plan`,
    headers: test.as(CHAIR),
    payload: { firstMonth: '2027-05', count: 2, week: 'last', weekday: 'wednesday', time: '14:00', titles: ['A', ' '] },
  });
  t.equal(plan.statusCode, 400);
  t.equal(json(plan).message, 'The request is not valid: body/titles/1 must hold more than spaces.');
  t.equal((await getSeries(test, series.id)).sessions.length, 1);
});

t.test('a name of only spaces is a 400: a chair’s, one’s own, an interest’s', async (t) => {
  const test = await build(t, { now: '2027-03-01T09:00:00Z' });
  const series = await createSeries(test);

  const chairs = await patchSeries(test, series.id, { chairs: [{ email: CHAIR, name: '   ' }] });
  t.equal(chairs.statusCode, 400);
  t.same(json(chairs), {
    error: 'invalid_request',
    message: 'The request is not valid: body/chairs/0/name must hold more than spaces.',
    details: [{ where: 'body/chairs/0/name', problem: 'must hold more than spaces', params: { kind: 'label' } }],
  });
  t.same((await getSeries(test, series.id)).chairs, [{ name: 'Chair Person', email: CHAIR }]);

  const lucia = test.as('lucia@example.org', { name: 'Lucía Pérez' });
  const me = await test.app.inject({ method: 'PATCH', url: '/api/me', headers: lucia, payload: { name: ' \t ' } });
  t.equal(me.statusCode, 400);
  t.equal(json(me).error, 'invalid_request');
  t.equal(
    json(me).message,
    'The request is not valid: body/name must be one line without control characters (it holds U+0009 at position 2).',
  );
  const spaces = await test.app.inject({ method: 'PATCH', url: '/api/me', headers: lucia, payload: { name: '  ' } });
  t.equal(spaces.statusCode, 400);
  t.equal(json(spaces).message, 'The request is not valid: body/name must hold more than spaces.');
  t.equal(json(await test.app.inject({ url: '/api/me', headers: lucia })).name, 'Lucía Pérez');

  const interest = await test.app.inject({
    method: 'POST',
    url: `/api/series/${series.id}/interests`,
    headers: lucia,
    payload: { name: '    ', country: 'AR', roles: ['discussant'] },
  });
  t.equal(interest.statusCode, 400);
  t.equal(json(interest).error, 'invalid_request');
  t.equal(json(interest).message, 'The request is not valid: body/name must hold more than spaces.');
  const stored = json(await test.app.inject({ url: `/api/series/${series.id}/interests`, headers: test.as(CHAIR) }));
  t.same(stored, []);
});

t.test('an agenda segment titled with spaces only is a 400 naming the segment', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  const session = await createSession(test, series.id, { startsAt: '2027-06-30T14:00', durationMinutes: 90 });
  const before = (await getSession(test, session.id)).agenda;
  const res = await setAgenda(test, session.id, [
    { title: 'Welcome', starts: '14:00', ends: '14:10' },
    { title: '  ', starts: '14:10', ends: '15:30' },
  ]);
  t.equal(res.statusCode, 400);
  t.same(json(res), {
    error: 'invalid_request',
    message: 'The request is not valid: body/segments/1/title must hold more than spaces.',
    details: [{ where: 'body/segments/1/title', problem: 'must hold more than spaces', params: { kind: 'label' } }],
  });
  t.same((await getSession(test, session.id)).agenda, before);
});

t.test('contacts: a control character or a lone surrogate in a CSV cell or a JSON field', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  const url = `/api/series/${series.id}/contacts`;

  const csv = await test.app.inject({
    method: 'POST',
    url,
    headers: { ...test.as(CHAIR), 'content-type': 'text/csv' },
    payload: 'email,name\nana@example.org,Ana\u0000 Silva\nbo@example.org,"Bo\nLine"\n',
  });
  t.equal(csv.statusCode, 400);
  t.same(json(csv), {
    error: 'invalid_request',
    message:
      '2 problem(s); nothing was imported. First: row 2 name: must be one line without control characters (it holds U+0000 at position 4).',
    details: [
      {
        row: 2,
        field: 'name',
        problem: 'must be one line without control characters (it holds U+0000 at position 4)',
        code: 'unreadable_text',
        params: {},
      },
      {
        row: 3,
        field: 'name',
        problem: 'must be one line without control characters (it holds U+000A at position 3)',
        code: 'unreadable_text',
        params: {},
      },
    ],
  });

  // A CSV arrives as UTF-8, where a lone surrogate cannot be written; in JSON it can.
  const surrogate = await test.app.inject({
    method: 'POST',
    url,
    headers: test.as(CHAIR),
    payload: { contacts: [{ email: 'ana\uD83D@example.org', name: 'Ana' }] },
  });
  t.equal(surrogate.statusCode, 400);
  t.equal(
    json(surrogate).message,
    'The request is not valid: body/contacts/0/email must be valid Unicode text (it holds a lone surrogate, U+D83D, at position 4).',
  );

  const body = await test.app.inject({
    method: 'POST',
    url,
    headers: test.as(CHAIR),
    payload: { contacts: [{ email: 'ana@example.org', name: 'Ana\u001BSilva' }] },
  });
  t.equal(body.statusCode, 400);
  t.equal(json(body).error, 'invalid_request');
  t.equal(
    json(body).message,
    'The request is not valid: body/contacts/0/name must be one line without control characters (it holds U+001B at position 4).',
  );

  const contacts = json(await test.app.inject({ url, headers: test.as(CHAIR) }));
  t.same(contacts, []);
});

t.test('a query string is text too', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  const res = await test.app.inject({
    url: `/api/series/${series.id}/interests?session=%00`,
    headers: test.as(CHAIR),
  });
  t.equal(res.statusCode, 400);
  t.equal(
    json(res).message,
    'The request is not valid: querystring/session must be one line without control characters (it holds U+0000 at position 1).',
  );
});
