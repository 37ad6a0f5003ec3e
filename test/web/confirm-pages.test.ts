// Destructive actions ask first, on a page of their own that says what will be lost and who will
// be told; the confirmation works without JavaScript.
import t, { type Test } from 'tap';
import { interestOf } from '../../src/modules/interests/repository.js';
import { build, CHAIR, setLineup } from '../helper.js';
import { addInterest, addPerson, addWorkstreamMember, type Seeded, START, seedSeries } from '../mail/helper.js';
import { textOf, WebClient } from './helper.js';

type Interest = Omit<Parameters<typeof addInterest>[2], 'seriesId' | 'personId'>;

/** The seeded series, and a person signed in on its pages who has expressed the interest given. */
async function signedInWithInterest(
  t: Test,
  person: { email: string; name: string },
  interest: (s: Seeded) => Interest,
) {
  const test = await build(t, { now: START });
  const s = await seedSeries(test);
  const web = new WebClient(test.app);
  const personId = web.signInAs(person.email, { name: person.name });
  addInterest(test.app.db, test.clock, { seriesId: s.seriesId, personId, ...interest(s) });
  return { test, s, web, personId };
}

t.test('withdrawing an interest asks first, then withdraws', async (t) => {
  const signedIn = await signedInWithInterest(t, { email: 'ana@example.org', name: 'Ana' }, (s) => ({
    country: 'AR',
    roles: ['focal'],
    sessions: [s.april],
  }));
  const { test, s, web, personId: ana } = signedIn;
  const form = await web.get(`/series/${s.seriesId}/interest`);
  t.ok(form.body.includes(`href="/series/${s.seriesId}/interest/withdraw"`), 'the form links to the question');
  const ask = await web.get(`/series/${s.seriesId}/interest/withdraw`);
  t.ok(
    textOf(ask.body).includes('Your expression of interest in “Governance for strategic purchasing” will be deleted'),
  );
  t.ok(interestOf(test.app.db, s.seriesId, ana), 'opening the question changes nothing');
  const done = await web.post(`/series/${s.seriesId}/interest/withdraw`);
  t.equal(done.headers.location, `/series/${s.seriesId}/interest?withdrawn=1`);
  t.notOk(interestOf(test.app.db, s.seriesId, ana));
  const gone = await web.get(`/series/${s.seriesId}/interest/withdraw`);
  t.equal(gone.headers.location, `/series/${s.seriesId}/interest`, 'nothing left to withdraw');
});

t.test('removing a workstream member asks first and says they get cancellations', async (t) => {
  const test = await build(t, { now: '2027-02-01T09:00:00Z' });
  const s = await seedSeries(test);
  const jean = addWorkstreamMember(test, s, { email: 'jean@example.org', name: 'Jean Mugabo', country: 'RW' });
  const web = new WebClient(test.app);
  web.signInAs(CHAIR);
  const page = await web.get(`/workstreams/${s.workstreamId}/manage`);
  const link = `/workstreams/${s.workstreamId}/manage/members/${jean}/remove`;
  t.ok(page.body.includes(`href="${link}"`));
  const ask = await web.get(link);
  t.ok(textOf(ask.body).includes('Jean Mugabo gets a cancellation of each future meeting'));
  const removed = await web.post(`/workstreams/${s.workstreamId}/manage/members`, { personId: jean, action: 'remove' });
  t.equal(removed.statusCode, 303);
  t.equal((await web.get(link)).statusCode, 404, 'a member already removed has nothing to confirm');
  const after = await web.get(`/workstreams/${s.workstreamId}/manage`);
  t.ok(after.body.includes('name="action" value="restore"'), 'and can be brought back');
});

t.test('a member leaves a workstream from their page, after a question', async (t) => {
  const { test, s, web } = await signedInWithInterest(t, { email: 'jean@example.org', name: 'Jean' }, (s) => ({
    country: 'RW',
    roles: [],
    sessions: [],
    workstreams: [{ id: s.workstreamId, asConvener: false }],
  }));
  const me = await web.get('/me');
  t.ok(me.body.includes(`href="/workstreams/${s.workstreamId}/leave"`));
  const ask = await web.get(`/workstreams/${s.workstreamId}/leave`);
  t.ok(textOf(ask.body).includes('each of its future meetings leaves your calendar'));
  const left = await web.post(`/workstreams/${s.workstreamId}/leave`);
  t.equal(left.headers.location, '/me?notice=left');
  const view = await test.app.inject({ url: `/api/workstreams/${s.workstreamId}` });
  t.equal(JSON.parse(view.body).members, 0);
  t.equal((await web.post(`/workstreams/${s.workstreamId}/leave`)).statusCode, 409);
});

t.test('the discussant writes the question of their session from a link on their page', async (t) => {
  const test = await build(t, { now: '2027-02-01T09:00:00Z' });
  const s = await seedSeries(test);
  addPerson(test.app.db, test.clock, { email: 'jean@example.org', name: 'Jean', country: 'RW' });
  await setLineup(test, s.april, { discussant: { country: 'RW', people: [{ email: 'jean@example.org' }] } });
  const web = new WebClient(test.app);
  web.signInAs('jean@example.org');
  const link = `/series/${s.seriesId}/sessions/${s.april}/question`;
  t.ok((await web.get('/me')).body.includes(`href="${link}"`));
  t.equal((await web.get(link)).statusCode, 200);
  const saved = await web.post(link, { question: 'How do we pay facilities on results without delays?' });
  t.equal(saved.statusCode, 303);
  const session = JSON.parse((await test.app.inject({ url: `/api/sessions/${s.april}` })).body);
  t.equal(session.discussantQuestion, 'How do we pay facilities on results without delays?');
  t.equal(
    (await web.get(`/series/${s.seriesId}/sessions/${s.april}/agenda`)).statusCode,
    403,
    'the agenda stays the chairs’',
  );
});
