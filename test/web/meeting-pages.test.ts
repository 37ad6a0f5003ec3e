// A workstream's convener schedules, changes and cancels meetings through the pages; each effect
// is read back through the API and the outbox.
import { eq } from 'drizzle-orm';
import t, { type Test } from 'tap';
import { outbox } from '../../db/schema.js';
import { build, CHAIR, json } from '../helper.js';
import { addWorkstreamMember, appointConvener, START, seedSeries } from '../mail/helper.js';
import { textOf, WebClient } from './helper.js';

/**
 * The seeded series (with the overrides given) on 1 February 2027: Jean a member of its workstream,
 * Amara its convener, signed in on the pages; `base` is the workstream's managing page.
 */
async function convenerOnPages(t: Test, seriesOverrides: Record<string, unknown> = {}) {
  const test = await build(t, { now: START });
  const s = await seedSeries(test, seriesOverrides);
  addWorkstreamMember(test, s, { email: 'jean@example.org', name: 'Jean Mugabo', country: 'RW' });
  await appointConvener(test, s, { email: 'amara@example.org', name: 'Amara' });
  const web = new WebClient(test.app);
  web.signInAs('amara@example.org');
  return { test, s, web, base: `/workstreams/${s.workstreamId}/manage` };
}

/** A run of meetings every other Wednesday from 10 March 2027, as the form sends it (without its count). */
const FORTNIGHTLY = {
  title: 'Fortnightly',
  startsAt: '2027-03-10T10:00',
  duration: '60',
  repeats: 'on',
  every: '2',
  unit: 'weeks',
};

t.test('the convener schedules a meeting, changes it and cancels it from the pages', async (t) => {
  const { test, s, web, base } = await convenerOnPages(t);
  const page = await web.get(base);
  t.ok(page.body.includes(`href="${base}/meetings/new"`), 'the workstream page offers to schedule');
  const form = await web.get(`${base}/meetings/new`);
  t.ok(textOf(form.body).includes('2 people will get the calendar invitation'));
  t.ok(textOf(form.body).includes('Date and time (Africa/Nairobi)'));

  const past = await web.post(`${base}/meetings`, { title: 'Kick-off', startsAt: '2026-05-05T15:00', duration: '60' });
  t.equal(past.statusCode, 409);
  t.ok(past.body.includes('value="Kick-off"'), 'what was typed is kept');
  const tooMany = await web.post(`${base}/meetings`, { ...FORTNIGHTLY, count: '30' });
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

t.test('the convener moves one meeting of a run and cancels another from the pages', async (t) => {
  const { test, s, web, base } = await convenerOnPages(t, { timezone: 'Europe/Brussels' });
  await web.get(`${base}/meetings/new`);
  const lastDay = await web.post(`${base}/meetings`, {
    title: 'Monthly',
    startsAt: '2027-03-31T10:00',
    duration: '60',
    repeats: 'on',
    every: '1',
    unit: 'months',
    count: '3',
  });
  t.equal(lastDay.statusCode, 409);
  t.ok(
    textOf(lastDay.body).includes('A monthly run cannot start on day 31: some months have no such day.'),
    'a run calendars would read differently is refused, saying why',
  );
  t.ok(lastDay.body.includes('value="Monthly"'), 'what was typed stays');
  const scheduled = await web.post(`${base}/meetings`, { ...FORTNIGHTLY, count: '4' });
  t.equal(scheduled.headers.location, `${base}?notice=scheduled&n=2`, 'one invitation for each of the two');
  const [run] = json(await test.app.inject({ url: `/api/workstreams/${s.workstreamId}` })).meetings;
  const at = (place: number) => `${base}/meetings/${run.id}/occurrences/${place}`;

  const page = await web.get(base);
  const listed = textOf(page.body);
  for (const place of [1, 2, 3, 4]) {
    t.ok(listed.includes(`Meeting ${place} of 4`), `meeting ${place} is listed`);
    t.ok(page.body.includes(`href="${at(place)}"`), `meeting ${place} can be moved`);
    t.ok(page.body.includes(`href="${at(place)}/cancel"`), `meeting ${place} can be cancelled on its own`);
  }
  t.ok(listed.includes('Move') && listed.includes('Cancel this one'));

  const whole = textOf((await web.get(`${base}/meetings/${run.id}`)).body);
  t.ok(whole.includes('This meeting repeats (4 meetings in all).'), 'changing the run says it moves them all');
  const form = await web.get(at(3));
  t.ok(form.body.includes('value="2027-04-07T10:00"'), 'the meeting’s time as typed, in the series’ zone');
  const clash = await web.post(at(3), { startsAt: '2027-03-24T10:30' });
  t.equal(clash.statusCode, 409);
  t.ok(
    textOf(clash.body).includes('Meeting 3 would then overlap meeting 2 of the run: choose another time.'),
    'the refusal says why',
  );
  t.ok(clash.body.includes('value="2027-03-24T10:30"'), 'what was typed stays');
  const moved = await web.post(at(3), { startsAt: '2027-04-08T14:00' });
  t.equal(moved.statusCode, 303);
  t.equal(moved.headers.location, `${base}?notice=moved`);
  const after = await web.get(`${base}?notice=moved`);
  t.ok(textOf(after.body).includes('The meeting is moved; everyone whose calendar holds the run gets the update.'));
  t.ok(textOf(after.body).includes('Meeting 3 of 4: Thursday 8 April 2027, 14:00'), 'at its new time, marked moved');
  t.ok(textOf(after.body).includes('moved'));

  const ask = await web.get(`${at(4)}/cancel`);
  t.equal(ask.statusCode, 200);
  t.ok(textOf(ask.body).includes('Cancel meeting 4 of “Fortnightly”?'));
  t.ok(textOf(ask.body).includes('the other meetings of the run go on'));
  const cancelled = await web.post(`${at(4)}/cancel`);
  t.equal(cancelled.statusCode, 303);
  t.equal(cancelled.headers.location, `${base}?notice=occurrenceCancelled`);
  const [changed] = json(await test.app.inject({ url: `/api/workstreams/${s.workstreamId}` })).meetings;
  t.same(
    changed.occurrences.map((o: { status: string; startsAt: string }) => [o.status, o.startsAt]),
    [
      ['scheduled', '2027-03-10T09:00:00.000Z'],
      ['scheduled', '2027-03-24T09:00:00.000Z'],
      ['moved', '2027-04-08T12:00:00.000Z'],
      ['cancelled', '2027-04-21T08:00:00.000Z'],
    ],
  );
  const kinds = test.app.db
    .select()
    .from(outbox)
    .all()
    .map((r) => r.kind)
    .filter((k) => k.startsWith('meeting_'));
  t.same(
    [...new Set(kinds)].map((k) => [k, kinds.filter((x) => x === k).length]),
    [
      ['meeting_invitation', 2],
      ['meeting_occurrence_update', 2],
      ['meeting_occurrence_cancellation', 2],
    ],
  );
  const listedAfter = await web.get(base);
  t.notOk(listedAfter.body.includes(`href="${at(4)}/cancel"`), 'a cancelled meeting offers nothing more');
  t.equal((await web.get(`${at(4)}/cancel`)).statusCode, 409);
  t.equal((await web.get(at(4))).statusCode, 409, 'nor can it be moved');
  t.equal((await web.get(`${base}/meetings/${run.id}/occurrences/9`)).statusCode, 404);

  const chair = new WebClient(test.app);
  chair.signInAs(CHAIR);
  const audit = textOf((await chair.get(`/series/${s.seriesId}/manage/audit`)).body);
  t.ok(audit.includes('moved one meeting of a repeating workstream meeting'), 'the audit log says what was moved');
  t.ok(audit.includes('cancelled one meeting of a repeating workstream meeting'), 'and cancelled');

  // The series' public page lists the meetings of the run still to come, each at its own time.
  const programme = textOf((await new WebClient(test.app).get(`/series/${s.seriesId}`)).body);
  t.same(
    [...programme.matchAll(/Fortnightly: (\w+ \d+ \w+ 2027, \d\d:\d\d)/g)].map((m) => m[1]),
    ['Wednesday 10 March 2027, 10:00', 'Wednesday 24 March 2027, 10:00', 'Thursday 8 April 2027, 14:00'],
  );

  // The same page in French.
  const french = textOf((await web.get(base, { 'accept-language': 'fr' })).body);
  t.ok(french.includes('Réunion 3 sur 4'), 'each meeting of the run, in French');
  t.ok(french.includes('déplacée') && french.includes('Déplacer') && french.includes('Annuler celle-ci'));

  const stranger = new WebClient(test.app);
  stranger.signInAs('someone@example.org');
  t.equal((await stranger.get(at(2))).statusCode, 403);
  t.equal((await stranger.get(`${at(2)}/cancel`)).statusCode, 403);
});
