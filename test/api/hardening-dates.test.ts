// Time bounds (API.md "Conventions"): date-times lie between the years 2000 and 2100, and a new
// session, meeting or call, or a new time for one, that has already begun is 409 `in_the_past` —
// in the API and in the planner and session forms. Nothing is stored when it is refused.
import t from 'tap';
import { planDates } from '../../src/domain/planner.js';
import { isInThePast, parseDateTime, parseDeadline } from '../../src/domain/time.js';
import { build, CHAIR, createSeries, createSession, createWorkstream, json, type TestApp } from '../helper.js';
import { PLAN_FORM, textOf, WebClient } from '../web/helper.js';

const NOW = '2026-11-23T09:00:00.000Z';

t.test('the years 2000 to 2100 are the bounds of every date-time', async (t) => {
  const zone = 'Africa/Nairobi';
  t.same(parseDateTime('0001-01-01T10:00', zone), {
    ok: false,
    message: '"0001-01-01T10:00" is outside the years 2000 to 2100 that the service accepts.',
    outOfRange: true,
  });
  t.equal(parseDateTime('1999-12-31T23:59Z', zone).ok, false);
  t.same(parseDateTime('2000-01-01T00:00Z', zone), { ok: true, instant: new Date('2000-01-01T00:00:00.000Z') });
  t.same(parseDateTime('2100-12-31T23:59Z', zone), { ok: true, instant: new Date('2100-12-31T23:59:00.000Z') });
  t.equal(parseDateTime('2101-01-01T00:00Z', zone).ok, false);
  // 1 January 2101 at 01:00 in Nairobi is still 2100 in UTC: the instant decides.
  t.same(parseDateTime('2101-01-01T01:00', zone), { ok: true, instant: new Date('2100-12-31T22:00:00.000Z') });
  t.equal(parseDeadline('1999-06-01', zone).ok, false);
  t.equal(parseDeadline('9999-06-01', zone).ok, false);
  t.same(parseDeadline('2027-03-15', zone), { ok: true, instant: new Date('2027-03-15T20:59:59.999Z') });

  const rule = { everyMonths: 3, count: 4, week: 'last', weekday: 'wednesday', time: '14:00' } as const;
  t.same(planDates({ ...rule, firstMonth: '1999-10' }, zone), {
    ok: false,
    field: 'firstMonth',
    message: 'firstMonth "1999-10" is outside the years 2000 to 2100.',
  });
  t.same(planDates({ ...rule, firstMonth: '2100-06' }, zone), {
    ok: false,
    field: 'firstMonth',
    message: 'firstMonth "2100-06": session 4 would fall after 2100.',
  });
});

t.test('the current instant is not the past; a millisecond before it is', async (t) => {
  const now = new Date(NOW);
  t.equal(isInThePast(now, new Date(NOW)), false);
  t.equal(isInThePast(now, new Date(now.getTime() - 1)), true);
  t.equal(isInThePast(now, new Date(now.getTime() + 1)), false);
});

const sessionsOf = async (test: TestApp, seriesId: string) =>
  json(await test.app.inject({ url: `/api/series/${seriesId}` })).sessions.map((s: any) => [s.title, s.startsAt]);

t.test('a session is refused a date before 2000, after 2100 or in the past', async (t) => {
  const test = await build(t, { now: NOW });
  const series = await createSeries(test);
  const post = (payload: object) =>
    test.app.inject({
      method: 'POST',
      url: `/api/series/${series.id}/sessions`,
      headers: test.as(CHAIR),
      payload: { title: 'A session', ...payload },
    });

  const ancient = await post({ startsAt: '0001-01-01T10:00' });
  t.equal(ancient.statusCode, 400);
  t.same(json(ancient), {
    error: 'invalid_request',
    message: 'startsAt: "0001-01-01T10:00" is outside the years 2000 to 2100 that the service accepts.',
    details: { field: 'startsAt', outOfRange: true },
  });
  t.equal((await post({ startsAt: '2101-06-01T10:00' })).statusCode, 400);

  const past = await post({ startsAt: '2026-11-23T08:59:59.999Z' });
  t.equal(past.statusCode, 409);
  t.same(json(past), {
    error: 'in_the_past',
    message:
      'startsAt 2026-11-23T08:59:59.999Z is in the past (it is now 2026-11-23T09:00:00.000Z): choose a time still ahead.',
    details: { field: 'startsAt', value: '2026-11-23T08:59:59.999Z', now: NOW },
  });
  t.same(await sessionsOf(test, series.id), [], 'nothing is stored');

  t.equal((await post({ startsAt: NOW })).statusCode, 201, 'starting this very instant is allowed');
  t.equal((await post({ title: 'Reserve topic', alternate: true })).statusCode, 201, 'an undated alternate is fine');
});

t.test('a new time in the past is refused; other changes to a session already past are not', async (t) => {
  const test = await build(t, { now: NOW });
  const series = await createSeries(test);
  const session = await createSession(test, series.id, { title: 'April', startsAt: '2027-04-28T14:00' });
  const patch = (payload: object) =>
    test.app.inject({ method: 'PATCH', url: `/api/sessions/${session.id}`, headers: test.as(CHAIR), payload });

  const moved = await patch({ startsAt: '2026-11-01T14:00' });
  t.equal(moved.statusCode, 409);
  t.equal(json(moved).error, 'in_the_past');
  t.same(await sessionsOf(test, series.id), [['April', '2027-04-28T11:00:00.000Z']]);

  test.clock.set('2027-05-01T00:00:00Z');
  const renamed = await patch({ title: 'April, as it happened', startsAt: '2027-04-28T14:00' });
  t.equal(renamed.statusCode, 200, 'the same time again is not a new time');
  t.same(await sessionsOf(test, series.id), [['April, as it happened', '2027-04-28T11:00:00.000Z']]);
});

t.test('a planned run starting in a month already past is refused whole', async (t) => {
  const test = await build(t, { now: NOW });
  const series = await createSeries(test);
  const plan = (firstMonth: string) =>
    test.app.inject({
      method: 'POST',
      url: `/api/series/${series.id}/sessions/plan`,
      headers: test.as(CHAIR),
      payload: { firstMonth, count: 4, week: 'last', weekday: 'wednesday', time: '14:00' },
    });
  const lastJanuary = await plan('2026-01');
  t.equal(lastJanuary.statusCode, 409);
  t.same(json(lastJanuary).details, { field: 'startsAt', value: '2026-01-28T11:00:00.000Z', now: NOW });
  t.same(await sessionsOf(test, series.id), [], 'not even the sessions still ahead are created');

  t.equal((await plan('1999-01')).statusCode, 400);
  t.equal((await plan('2027-01')).statusCode, 201);
  t.equal((await sessionsOf(test, series.id)).length, 4);
});

t.test('workstream meetings and preparatory calls are refused a time in the past', async (t) => {
  const test = await build(t, { now: NOW });
  const series = await createSeries(test);
  const session = await createSession(test, series.id, { startsAt: '2027-04-28T14:00' });
  const ws = await createWorkstream(test, series.id);
  const meetings = (payload: object) =>
    test.app.inject({
      method: 'POST',
      url: `/api/workstreams/${ws.id}/meetings`,
      headers: test.as(CHAIR),
      payload: { title: 'Kick-off', ...payload },
    });
  const past = await meetings({ startsAt: '2026-11-20T14:00' });
  t.equal(past.statusCode, 409);
  t.equal(json(past).error, 'in_the_past');
  const tooFar = await meetings({ startsAt: '2100-06-01T14:00', repeat: { every: 6, unit: 'months', count: 3 } });
  t.equal(tooFar.statusCode, 400);
  t.same(json(tooFar).details, { field: 'repeat' });
  t.same(json(await test.app.inject({ url: `/api/workstreams/${ws.id}` })).meetings, []);

  const meeting = json(await meetings({ startsAt: '2027-01-20T14:00' }));
  const movedBack = await test.app.inject({
    method: 'PATCH',
    url: `/api/meetings/${meeting.id}`,
    headers: test.as(CHAIR),
    payload: { startsAt: '2026-10-20T14:00' },
  });
  t.equal(movedBack.statusCode, 409);
  t.equal(json(movedBack).error, 'in_the_past');

  const call = await test.app.inject({
    method: 'POST',
    url: `/api/sessions/${session.id}/preparatory-call`,
    headers: test.as(CHAIR),
    payload: { startsAt: '2026-11-01T10:00' },
  });
  t.equal(call.statusCode, 409);
  t.equal(json(call).error, 'in_the_past');
});

t.test('the planner and session forms say a time is past and create nothing', async (t) => {
  const test = await build(t, { now: NOW });
  const series = await createSeries(test);
  const browser = new WebClient(test.app);
  browser.signInAs(CHAIR);
  await browser.get(`/series/${series.id}/manage/settings`);
  const planned = await browser.post(`/series/${series.id}/manage/plan`, {
    firstMonth: '2026-01',
    ...PLAN_FORM,
    count: '4',
  });
  t.equal(planned.statusCode, 409);
  t.ok(
    textOf(planned.body).includes('The first planned session would already be past: start from a later month.'),
    'the planner names the problem beside the first month',
  );
  const added = await browser.post(`/series/${series.id}/manage/sessions`, {
    sessionTitle: 'Too late',
    sessionStartsAt: '2026-11-22T14:00',
  });
  t.equal(added.statusCode, 409);
  t.ok(textOf(added.body).includes('This time has already passed: choose one still ahead.'));
  const ancient = await browser.post(`/series/${series.id}/manage/sessions`, {
    sessionTitle: 'Long ago',
    sessionStartsAt: '0001-01-01T14:00',
  });
  t.equal(ancient.statusCode, 400);
  t.ok(textOf(ancient.body).includes('Give a date between the years 2000 and 2100.'));
  t.same(await sessionsOf(test, series.id), []);
});
