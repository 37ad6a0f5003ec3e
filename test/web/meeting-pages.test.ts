// A workstream's convener schedules, changes and cancels meetings through the pages; each effect
// is read back through the API and the outbox.
import { eq } from 'drizzle-orm';
import t from 'tap';
import { outbox } from '../../db/schema.js';
import { build, CHAIR, json } from '../helper.js';
import { addInterest, addPerson, seedSeries } from '../mail/helper.js';
import { textOf, WebClient } from './helper.js';

t.test('the convener schedules a meeting, changes it and cancels it from the pages', async (t) => {
  const test = await build(t, { now: '2027-02-01T09:00:00Z' });
  const s = await seedSeries(test);
  const jean = addPerson(test.app.db, test.clock, { email: 'jean@example.org', name: 'Jean Mugabo', country: 'RW' });
  addInterest(test.app.db, test.clock, {
    seriesId: s.seriesId,
    personId: jean,
    country: 'RW',
    roles: [],
    sessions: [],
    workstreams: [{ id: s.workstreamId, asConvener: false }],
  });
  await test.app.inject({
    method: 'PUT',
    url: `/api/workstreams/${s.workstreamId}/convener`,
    headers: test.as(CHAIR),
    payload: { email: 'amara@example.org', name: 'Amara', supportingChair: { email: CHAIR } },
  });
  const web = new WebClient(test.app);
  web.signInAs('amara@example.org');
  const base = `/workstreams/${s.workstreamId}/manage`;
  const page = await web.get(base);
  t.ok(page.body.includes(`href="${base}/meetings/new"`), 'the workstream page offers to schedule');
  const form = await web.get(`${base}/meetings/new`);
  t.ok(textOf(form.body).includes('2 people will get the calendar invitation'));
  t.ok(textOf(form.body).includes('Date and time (Africa/Nairobi)'));

  const past = await web.post(`${base}/meetings`, { title: 'Kick-off', startsAt: '2026-05-05T15:00', duration: '60' });
  t.equal(past.statusCode, 409);
  t.ok(past.body.includes('value="Kick-off"'), 'what was typed is kept');
  const tooMany = await web.post(`${base}/meetings`, {
    title: 'Fortnightly',
    startsAt: '2027-03-10T10:00',
    duration: '60',
    repeats: 'on',
    every: '2',
    unit: 'weeks',
    count: '30',
  });
  t.equal(tooMany.statusCode, 400);
  t.ok(textOf(tooMany.body).includes('A repeating meeting has from 2 to 24 meetings'));

  const scheduled = await web.post(`${base}/meetings`, {
    title: 'Kick-off',
    startsAt: '2027-03-03T15:00',
    duration: '60',
    meetingUrl: 'https://meet.example.org/kick-off',
    linkedSessionId: s.april,
  });
  t.equal(scheduled.headers.location, `${base}?notice=scheduled&n=2`);
  const after = await web.get(`${base}?notice=scheduled&n=2`);
  t.ok(textOf(after.body).includes('The meeting is scheduled; 2 invitations are on their way.'));
  const [meeting] = json(await test.app.inject({ url: `/api/workstreams/${s.workstreamId}` })).meetings;
  t.same([meeting.title, meeting.startsAt, meeting.linkedSessionId], ['Kick-off', '2027-03-03T12:00:00.000Z', s.april]);

  const changeForm = await web.get(`${base}/meetings/${meeting.id}`);
  t.ok(changeForm.body.includes('value="2027-03-03T15:00"'), 'the time as typed, in the series’ zone');
  const changed = await web.post(`${base}/meetings/${meeting.id}`, {
    title: 'Kick-off',
    startsAt: '2027-03-04T15:00',
    duration: '60',
    meetingUrl: 'https://meet.example.org/kick-off',
    linkedSessionId: s.april,
  });
  t.equal(changed.headers.location, `${base}?notice=changed`);
  const updates = test.app.db.select().from(outbox).where(eq(outbox.kind, 'meeting_update')).all();
  t.same(updates.map((r) => r.toEmail).sort(), ['amara@example.org', 'jean@example.org']);

  const ask = await web.get(`${base}/meetings/${meeting.id}/cancel`);
  t.ok(textOf(ask.body).includes('2 people get the cancellation'));
  const cancelled = await web.post(`${base}/meetings/${meeting.id}/cancel`);
  t.equal(cancelled.headers.location, `${base}?notice=cancelled`);
  const [gone] = json(await test.app.inject({ url: `/api/workstreams/${s.workstreamId}` })).meetings;
  t.equal(gone.status, 'cancelled');
  t.equal((await web.get(`${base}/meetings/${meeting.id}/cancel`)).statusCode, 409);

  const stranger = new WebClient(test.app);
  stranger.signInAs('someone@example.org');
  t.equal((await stranger.get(`${base}/meetings/new`)).statusCode, 403);
});
