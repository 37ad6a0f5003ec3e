import t from 'tap';
import { build, CHAIR, createSeries, createSession, json } from '../helper.js';

t.test('a chair adds a session: local time read in the series zone, default length 90 minutes', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  const session = await createSession(test, series.id, {
    startsAt: '2027-04-28T14:00',
    meetingUrl: 'https://meet.example.org/x',
  });
  t.match(session, {
    seriesId: series.id,
    startsAt: '2027-04-28T11:00:00.000Z',
    endsAt: '2027-04-28T12:30:00.000Z',
    durationMinutes: 90,
    status: 'scheduled',
    meetingUrl: 'https://meet.example.org/x',
  });
  t.same(session.roles, { chair: null, supportingChair: null, focal: null, discussant: null, coBloggers: [] });
  t.same(session.blog, { title: null, status: 'planned', url: null, dueAt: '2027-05-19T11:00:00.000Z', authors: [] });
  // The call's structure, fitted to the session's 90 minutes.
  t.same(
    session.agenda.map((s: any) => [s.starts, s.ends, s.lead]),
    [
      ['14:00', '14:20', 'focal'],
      ['14:20', '14:35', 'discussant'],
      ['14:35', '14:55', 'focal'],
      ['14:55', '15:20', 'all'],
      ['15:20', '15:30', 'chair'],
    ],
  );
  const fetched = json(await test.app.inject({ url: `/api/sessions/${session.id}` }));
  t.equal(fetched.startsAt, '2027-04-28T11:00:00.000Z');
});

t.test('an offset in startsAt is honoured whatever the series zone', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  const session = await createSession(test, series.id, { startsAt: '2027-04-28T14:00:00+02:00', durationMinutes: 60 });
  t.equal(session.startsAt, '2027-04-28T12:00:00.000Z');
  t.equal(session.endsAt, '2027-04-28T13:00:00.000Z');
});

t.test('a local time in a DST gap moves forward to the first valid instant', async (t) => {
  const test = await build(t);
  const series = await createSeries(test, { timezone: 'America/New_York' });
  const session = await createSession(test, series.id, { startsAt: '2027-03-14T02:30' });
  t.equal(session.startsAt, '2027-03-14T07:00:00.000Z', '03:00 EDT, the transition');
});

t.test('an alternate topic may have no date; it becomes scheduled when it gets one', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  const alt = await createSession(test, series.id, {
    title: 'PFM for strategic purchasing',
    startsAt: undefined,
    alternate: true,
  });
  t.match(alt, { status: 'alternate', startsAt: null, endsAt: null });
  t.same(alt.agenda, []);
  const noDate = await test.app.inject({
    method: 'PATCH',
    url: `/api/sessions/${alt.id}`,
    headers: test.as(CHAIR),
    payload: { alternate: false },
  });
  t.equal(noDate.statusCode, 400);
  t.match(json(noDate).message, /startsAt/);
  const scheduled = await test.app.inject({
    method: 'PATCH',
    url: `/api/sessions/${alt.id}`,
    headers: test.as(CHAIR),
    payload: { alternate: false, startsAt: '2027-12-01T14:00' },
  });
  t.match(json(scheduled), { status: 'scheduled', startsAt: '2027-12-01T11:00:00.000Z' });
  t.equal(json(scheduled).agenda.length, 5, 'it gets the default agenda once it has a time');
  // The series programme lists dated sessions first, alternates last.
  await createSession(test, series.id, { title: 'Another alternate', startsAt: undefined, alternate: true });
  await createSession(test, series.id, { title: 'Earlier', startsAt: '2027-06-01T14:00' });
  const programme = json(await test.app.inject({ url: `/api/series/${series.id}` }));
  t.same(
    programme.sessions.map((s: any) => s.title),
    ['Earlier', 'PFM for strategic purchasing', 'Another alternate'],
  );
});

t.test('a new title or time raises the calendar sequence; a move takes the agenda with it', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  const session = await createSession(test, series.id, { startsAt: '2027-04-28T14:00' });
  const sequence = () =>
    (test.app.db.$client.prepare('select calendar_sequence from sessions where id = ?').get(session.id) as any)
      .calendar_sequence;
  t.equal(sequence(), 0);
  const retitled = await test.app.inject({
    method: 'PATCH',
    url: `/api/sessions/${session.id}`,
    headers: test.as(CHAIR),
    payload: { title: 'New title' },
  });
  t.equal(json(retitled).title, 'New title');
  t.equal(sequence(), 1, 'calendars show the title');
  const moved = json(
    await test.app.inject({
      method: 'PATCH',
      url: `/api/sessions/${session.id}`,
      headers: test.as(CHAIR),
      payload: { startsAt: '2027-04-29T10:00', durationMinutes: 60 },
    }),
  );
  t.equal(sequence(), 2);
  t.equal(moved.startsAt, '2027-04-29T07:00:00.000Z');
  t.equal(moved.agenda[0].starts, '10:00');
  t.equal(moved.agenda.at(-1).ends, '11:00', 'the default agenda is fitted to the new length');
});

t.test('cancelling sets the status, raises the sequence, and is harmless twice', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  const session = await createSession(test, series.id);
  const cancel = () =>
    test.app.inject({ method: 'POST', url: `/api/sessions/${session.id}/cancel`, headers: test.as(CHAIR) });
  const first = await cancel();
  t.equal(first.statusCode, 200);
  t.equal(json(first).status, 'cancelled');
  t.equal((await cancel()).statusCode, 200);
  const seq = test.app.db.$client
    .prepare('select calendar_sequence s from sessions where id = ?')
    .get(session.id) as any;
  t.equal(seq.s, 1, 'raised once');
  const change = await test.app.inject({
    method: 'PATCH',
    url: `/api/sessions/${session.id}`,
    headers: test.as(CHAIR),
    payload: { title: 'Too late' },
  });
  t.equal(change.statusCode, 409);
  t.equal(json(change).error, 'session_cancelled');
  const list = json(await test.app.inject({ url: '/api/series' }));
  t.equal(list[0].nextSession, null, "a cancelled session is nobody's next session");
});

t.test('plan: the last Wednesday of every third month at 14:00 in the series zone', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  const res = await test.app.inject({
    method: 'POST',
    url: `/api/series/${series.id}/sessions/plan`,
    headers: test.as(CHAIR),
    payload: {
      firstMonth: '2027-10',
      count: 3,
      week: 'last',
      weekday: 'wednesday',
      time: '14:00',
      titles: ['One', 'Two', 'Three'],
    },
  });
  t.equal(res.statusCode, 201);
  t.same(
    json(res).sessions.map((s: any) => [s.title, s.startsAt, s.durationMinutes]),
    [
      ['One', '2027-10-27T11:00:00.000Z', 90],
      ['Two', '2028-01-26T11:00:00.000Z', 90],
      ['Three', '2028-04-26T11:00:00.000Z', 90],
    ],
  );
});

t.test('plan across a DST change keeps the local time', async (t) => {
  const test = await build(t);
  const series = await createSeries(test, { timezone: 'Europe/Lisbon' });
  const res = await test.app.inject({
    method: 'POST',
    url: `/api/series/${series.id}/sessions/plan`,
    headers: test.as(CHAIR),
    payload: { firstMonth: '2027-02', everyMonths: 1, count: 3, week: 'first', weekday: 'monday', time: '09:30' },
  });
  t.same(
    json(res).sessions.map((s: any) => s.startsAt),
    ['2027-02-01T09:30:00.000Z', '2027-03-01T09:30:00.000Z', '2027-04-05T08:30:00.000Z'],
  );
});

t.test('session routes refuse what is wrong, in the documented order', async (t) => {
  const test = await build(t);
  const series = await createSeries(test);
  const session = await createSession(test, series.id);
  const chair = test.as(CHAIR);
  const stranger = test.as('stranger@example.org');
  const call = (method: 'POST' | 'PATCH', url: string, payload: unknown, headers: Record<string, string>) =>
    test.app.inject({ method, url, headers, payload: payload as object });
  const sessionsUrl = `/api/series/${series.id}/sessions`;
  const planUrl = `/api/series/${series.id}/sessions/plan`;
  const plan = { firstMonth: '2027-04', count: 2, week: 'last', weekday: 'wednesday', time: '14:00' };
  const cases: [string, Awaited<ReturnType<typeof call>>, number][] = [
    ['create without token', await call('POST', sessionsUrl, { title: 'x', startsAt: '2027-01-01T10:00' }, {}), 401],
    ['create in unknown series', await call('POST', '/api/series/nope/sessions', { title: 'x' }, chair), 404],
    [
      'create as a stranger',
      await call('POST', sessionsUrl, { title: 'x', startsAt: '2027-01-01T10:00' }, stranger),
      403,
    ],
    ['create without title', await call('POST', sessionsUrl, { startsAt: '2027-01-01T10:00' }, chair), 400],
    ['create without startsAt', await call('POST', sessionsUrl, { title: 'x' }, chair), 400],
    [
      'create with a bad startsAt',
      await call('POST', sessionsUrl, { title: 'x', startsAt: '2027-02-30T10:00' }, chair),
      400,
    ],
    [
      'create too short',
      await call('POST', sessionsUrl, { title: 'x', startsAt: '2027-01-01T10:00', durationMinutes: 10 }, chair),
      400,
    ],
    [
      'create too long',
      await call('POST', sessionsUrl, { title: 'x', startsAt: '2027-01-01T10:00', durationMinutes: 721 }, chair),
      400,
    ],
    [
      'duration as text',
      await call('POST', sessionsUrl, { title: 'x', startsAt: '2027-01-01T10:00', durationMinutes: '90' }, chair),
      400,
    ],
    [
      'meeting URL not a URL',
      await call('POST', sessionsUrl, { title: 'x', startsAt: '2027-01-01T10:00', meetingUrl: 'zoom' }, chair),
      400,
    ],
    ['plan without token', await call('POST', planUrl, plan, {}), 401],
    ['plan as a stranger', await call('POST', planUrl, plan, stranger), 403],
    ['plan with count 0', await call('POST', planUrl, { ...plan, count: 0 }, chair), 400],
    ['plan with count 25', await call('POST', planUrl, { ...plan, count: 25 }, chair), 400],
    ['plan with an unknown weekday', await call('POST', planUrl, { ...plan, weekday: 'funday' }, chair), 400],
    ['plan with month 13', await call('POST', planUrl, { ...plan, firstMonth: '2027-13' }, chair), 400],
    ['plan with 25:00', await call('POST', planUrl, { ...plan, time: '25:00' }, chair), 400],
    ['plan with titles not matching count', await call('POST', planUrl, { ...plan, titles: ['a'] }, chair), 400],
    ['patch unknown session', await call('PATCH', '/api/sessions/nope', { title: 'x' }, chair), 404],
    ['patch as a stranger', await call('PATCH', `/api/sessions/${session.id}`, { title: 'x' }, stranger), 403],
    [
      'patch with wrong type',
      await call('PATCH', `/api/sessions/${session.id}`, { durationMinutes: true }, chair),
      400,
    ],
    ['cancel without token', await call('POST', `/api/sessions/${session.id}/cancel`, undefined, {}), 401],
    ['cancel as a stranger', await call('POST', `/api/sessions/${session.id}/cancel`, undefined, stranger), 403],
    ['cancel unknown', await call('POST', '/api/sessions/nope/cancel', undefined, chair), 404],
  ];
  for (const [name, res, status] of cases) {
    t.equal(res.statusCode, status, `${name}: ${res.body}`);
    t.type(json(res).message, 'string');
  }
  const malformed = await test.app.inject({
    method: 'POST',
    url: sessionsUrl,
    headers: { ...chair, 'content-type': 'application/json' },
    payload: '{nope',
  });
  t.equal(malformed.statusCode, 400);
  t.equal((await test.app.inject({ url: '/api/sessions/nope' })).statusCode, 404);
  const programme = json(await test.app.inject({ url: `/api/series/${series.id}` }));
  t.equal(programme.sessions.length, 1, 'no refused request stored anything');
  t.equal(programme.sessions[0].status, 'scheduled');
});
