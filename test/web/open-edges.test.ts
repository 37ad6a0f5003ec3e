// The last moment of a window, as the pages offer it: the call for interest can be sent up to
// its deadline instant (the instant itself included, as a submission then is on time), and
// registration stays open until the instant the session starts. A page that offers what the
// service then refuses, or the reverse, is the inconsistency these tests catch.
import t from 'tap';
import { build, CHAIR, createSeries, createSession, importContacts } from '../helper.js';
import { WebClient } from './helper.js';

t.test('the call can be sent at its deadline instant, and not a millisecond after', async (t) => {
  const test = await build(t, { now: '2027-02-01T09:00:00Z' });
  const series = await createSeries(test);
  t.equal((await importContacts(test, series.id, 'email,name\nana@example.org,Ana\n')).statusCode, 200);
  const web = new WebClient(test.app);
  const deadline = new Date(series.interestDeadline);
  const sendButton = `<form method="post" action="/series/${series.id}/manage/call">`;

  test.clock.set(new Date(deadline.getTime() + 1));
  web.signInAs(CHAIR);
  const late = await web.get(`/series/${series.id}/manage/call`);
  t.same([late.body.includes(sendButton), late.body.includes('The deadline has passed')], [false, true]);

  test.clock.set(deadline);
  const onTime = await web.get(`/series/${series.id}/manage/call`);
  t.same([onTime.body.includes(sendButton), onTime.body.includes('The deadline has passed')], [true, false]);
  const sent = await web.post(`/series/${series.id}/manage/call`, {});
  t.equal(sent.statusCode, 303, 'the service sends what the page offered');
  t.equal(sent.headers.location, `/series/${series.id}/manage/contacts?notice=callSent&n=1`);
});

t.test('registration is offered until the instant the session starts', async (t) => {
  const test = await build(t, { now: '2027-02-01T09:00:00Z' });
  const series = await createSeries(test);
  const session = await createSession(test, series.id, { startsAt: '2027-06-30T14:00' });
  const starts = new Date(session.startsAt);
  const web = new WebClient(test.app);
  const register = `action="/series/${series.id}/sessions/${session.id}/attend"`;

  test.clock.set(new Date(starts.getTime() - 1));
  web.signInAs('ana@example.org');
  t.equal((await web.get(`/series/${series.id}`)).body.includes(register), true, 'a millisecond before: offered');
  test.clock.set(starts);
  t.equal((await web.get(`/series/${series.id}`)).body.includes(register), false, 'at the start: no longer');
});
