import t, { type Test } from 'tap';
import { calendarOf } from '../calendar/read.js';
import { CHAIR, createSeries, createSession, joinWorkstream, json, setBlog, setLineup } from '../helper.js';
import { buildMailApp, type Received, startSmtpServer } from '../mail/helper.js';

async function setUp(t: Test) {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  test.clock.set('2027-03-01T09:00:00Z');
  const series = await createSeries(test, { timezone: 'Africa/Kigali' });
  const session = await createSession(test, series.id, { startsAt: '2027-04-28T14:00' });
  const created = await test.app.inject({
    method: 'POST',
    url: `/api/series/${series.id}/workstreams`,
    headers: test.as(CHAIR),
    payload: { title: 'Citizen participation for strategic purchasing' },
  });
  t.equal(created.statusCode, 201);
  const ws = json(created);
  for (const [email, name, convene] of [
    ['amara@example.org', 'Amara', true],
    ['lucia@example.org', 'Lucía', false],
    ['tran@example.org', 'Tran', false],
  ] as const) {
    const res = await joinWorkstream(test, series.id, ws.id, email, { name, country: 'RW', asConvener: convene });
    t.equal(res.statusCode, 201);
  }
  await test.deliver(); // the confirmations
  await smtp.waitFor(3);
  smtp.received.length = 0;
  return { smtp, test, series, session, ws };
}

t.test('chairs appoint a convener supported by a series chair; members come from the interests', async (t) => {
  const { test, ws } = await setUp(t);
  const publicView = json(await test.app.inject({ url: `/api/workstreams/${ws.id}` }));
  t.match(publicView, {
    title: 'Citizen participation for strategic purchasing',
    convener: null,
    members: 3,
  });
  t.same(publicView.meetings, []);
  t.notOk('volunteers' in publicView, 'volunteers are listed for the chairs only');
  const chairView = json(await test.app.inject({ url: `/api/workstreams/${ws.id}`, headers: test.as(CHAIR) }));
  t.same(chairView.volunteers, [{ name: 'Amara', email: 'amara@example.org' }]);

  const appoint = (supporting: string) =>
    test.app.inject({
      method: 'PUT',
      url: `/api/workstreams/${ws.id}/convener`,
      headers: test.as(CHAIR),
      payload: { email: 'amara@example.org', supportingChair: { email: supporting } },
    });
  const wrong = await appoint('lucia@example.org');
  t.equal(wrong.statusCode, 409);
  t.equal(json(wrong).error, 'not_series_chair');
  const ok = await appoint(CHAIR);
  t.equal(ok.statusCode, 200);
  t.match(json(ok), { convener: { name: 'Amara' }, supportingChair: { name: 'Chair Person' } });
  t.equal(
    (
      await test.app.inject({
        method: 'PUT',
        url: `/api/workstreams/${ws.id}/convener`,
        headers: test.as('amara@example.org'),
        payload: { email: 'x@example.org', supportingChair: { email: CHAIR } },
      })
    ).statusCode,
    403,
    'only series chairs appoint',
  );

  // The convener removes a member and undoes it; a member leaves.
  const members = json(
    await test.app.inject({ url: `/api/workstreams/${ws.id}/members`, headers: test.as('amara@example.org') }),
  );
  const tran = members.find((m: any) => m.email === 'tran@example.org');
  const removed = await test.app.inject({
    method: 'DELETE',
    url: `/api/workstreams/${ws.id}/members/${tran.personId}`,
    headers: test.as('amara@example.org'),
  });
  t.equal(json(removed).members, 2);
  const restored = await test.app.inject({
    method: 'POST',
    url: `/api/workstreams/${ws.id}/members/${tran.personId}/restore`,
    headers: test.as('amara@example.org'),
  });
  t.equal(json(restored).members, 3);
  const luciaLeaves = () =>
    test.app.inject({ method: 'POST', url: `/api/workstreams/${ws.id}/leave`, headers: test.as('lucia@example.org') });
  t.equal((await luciaLeaves()).statusCode, 204);
  t.equal((await luciaLeaves()).statusCode, 409, 'once only');
  t.equal(json(await test.app.inject({ url: `/api/workstreams/${ws.id}` })).members, 2);
  t.equal(
    (await test.app.inject({ url: `/api/workstreams/${ws.id}/members`, headers: test.as('tran@example.org') }))
      .statusCode,
    403,
  );
  t.equal((await test.app.inject({ url: '/api/workstreams/nope' })).statusCode, 404);
});

t.test('meetings are invited, updated and cancelled like sessions, through a real SMTP server', async (t) => {
  const { smtp, test, session, ws } = await setUp(t);
  await test.app.inject({
    method: 'PUT',
    url: `/api/workstreams/${ws.id}/convener`,
    headers: test.as(CHAIR),
    payload: { email: 'amara@example.org', supportingChair: { email: CHAIR } },
  });
  const created = await test.app.inject({
    method: 'POST',
    url: `/api/workstreams/${ws.id}/meetings`,
    headers: test.as('amara@example.org'),
    payload: { title: 'Feedback on RBF', startsAt: '2027-05-05T14:00', linkedSessionId: session.id },
  });
  t.equal(created.statusCode, 201);
  const meeting = json(created);
  t.match(meeting, {
    startsAt: '2027-05-05T12:00:00.000Z',
    durationMinutes: 60,
    linkedSessionId: session.id,
    invited: 3,
  });
  const onSession = json(await test.app.inject({ url: `/api/sessions/${session.id}` }));
  t.same(
    onSession.feedbackMeetings,
    [{ id: meeting.id, workstreamId: ws.id, title: 'Feedback on RBF', startsAt: '2027-05-05T12:00:00.000Z' }],
    'shown on the session',
  );
  await test.deliver();
  // The convener was first told of the appointment (no calendar), then the three invitations.
  const [appointment, ...invitations] = await smtp.waitFor(4);
  t.equal(appointment?.parsed.subject, 'You convene the workstream “Citizen participation for strategic purchasing”');
  const uid = calendarOf(invitations[0] as Received).uid;
  for (const mail of invitations) {
    const cal = calendarOf(mail);
    t.equal(cal.method, 'REQUEST');
    t.equal(cal.start, '2027-05-05T12:00:00.000Z', '14:00 in Kigali');
    t.equal(cal.uid, uid);
  }
  const moved = await test.app.inject({
    method: 'PATCH',
    url: `/api/meetings/${meeting.id}`,
    headers: test.as('amara@example.org'),
    payload: { startsAt: '2027-05-06T15:00' },
  });
  t.equal(moved.statusCode, 200);
  await test.deliver();
  const updates = (await smtp.waitFor(7)).slice(4);
  t.same(
    updates.map((m) => [calendarOf(m).method, calendarOf(m).sequence, calendarOf(m).uid]),
    [
      ['REQUEST', 1, uid],
      ['REQUEST', 1, uid],
      ['REQUEST', 1, uid],
    ],
  );
  await test.app.inject({
    method: 'POST',
    url: `/api/meetings/${meeting.id}/cancel`,
    headers: test.as('amara@example.org'),
  });
  await test.deliver();
  const cancels = (await smtp.waitFor(10)).slice(7);
  t.same(
    cancels.map((m) => calendarOf(m).method),
    ['CANCEL', 'CANCEL', 'CANCEL'],
  );

  const repeating = await test.app.inject({
    method: 'POST',
    url: `/api/workstreams/${ws.id}/meetings`,
    headers: test.as(CHAIR),
    payload: {
      title: 'Monthly exchange',
      startsAt: '2027-06-02T16:00',
      repeat: { every: 1, unit: 'months', count: 3 },
    },
  });
  t.equal(repeating.statusCode, 201);
  t.same(
    json(repeating).occurrences.map((m: any) => m.startsAt),
    ['2027-06-02T14:00:00.000Z', '2027-07-02T14:00:00.000Z', '2027-08-02T14:00:00.000Z'],
  );
  // One run, one calendar event: one invitation for each of the three, not three each.
  t.same(
    [json(repeating).repeat, json(repeating).invited],
    [{ every: 1, unit: 'months', count: 3, zone: 'Africa/Kigali' }, 3],
  );
  const listed = json(await test.app.inject({ url: `/api/workstreams/${ws.id}` })).meetings;
  t.same(
    listed.map((m: any) => [m.title, m.occurrences.length]),
    [
      ['Feedback on RBF', 1],
      ['Monthly exchange', 3],
    ],
  );
  await test.deliver();
  const runInvitations = (await smtp.waitFor(13)).slice(10);
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal(smtp.received.length, 13, 'and nothing more');
  t.same(
    runInvitations.map((m) => [calendarOf(m).method, calendarOf(m).uid]),
    runInvitations.map(() => ['REQUEST', `meeting-${json(repeating).id}@localhost`]),
  );
  const bad = await test.app.inject({
    method: 'POST',
    url: `/api/workstreams/${ws.id}/meetings`,
    headers: test.as(CHAIR),
    payload: { title: 'x', startsAt: '2027-06-02T16:00', linkedSessionId: 'nope' },
  });
  t.equal(bad.statusCode, 400);
  t.equal(
    (
      await test.app.inject({
        method: 'POST',
        url: `/api/workstreams/${ws.id}/meetings`,
        headers: test.as('tran@example.org'),
        payload: { title: 'x', startsAt: '2027-06-02T16:00' },
      })
    ).statusCode,
    403,
  );
});

t.test('blog status changes tell the authors; reminders a week before and on the due date', async (t) => {
  const { smtp, test, session } = await setUp(t);
  await setLineup(test, session.id, {
    chair: { email: 'kofi@example.org' },
    discussant: { country: 'GH', people: [{ email: 'jean@example.org' }] },
    coBloggers: [{ email: 'mei@example.org' }],
  });
  const put = await setBlog(test, session.id, { status: 'drafting', dueAt: '2027-05-31' });
  t.equal(put.statusCode, 200);
  await test.deliver();
  const told = await smtp.waitFor(3);
  t.same(told.flatMap((m) => m.envelopeTo).sort(), ['jean@example.org', 'kofi@example.org', 'mei@example.org']);
  // Due at the end of 31 May in Kigali (21:59:59.999Z); a week before:
  test.clock.set('2027-05-24T21:59:59.999Z');
  await test.deliver();
  await smtp.waitFor(6);
  await test.deliver();
  t.equal(smtp.received.length, 6, 'each once');
  test.clock.set('2027-05-31T08:00:00Z');
  await test.deliver();
  t.equal((await smtp.waitFor(9)).length, 9, 'and on the due date');
});
