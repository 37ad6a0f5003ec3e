// Who may do what: every route of the service × every kind of person, with the status each one
// gets, written out below. The routes come from the app itself (an onRoute hook on the instance
// buildApp creates), so a new route that is not in the matrix (or in the list of pages left out)
// fails the test. Every answer to someone the privacy rule keeps from addresses is also searched
// for another person's email address.
//
// The matrix is run in parts, one test file each (authorization-matrix.<n>.test.ts), so that
// the parts run side by side.
//
// Left out, each by name (PAGES): the HTML pages of src/web; also the API's documentation
// (/docs, /openapi.json) and static assets. The invitation reply pages, outside src/web, are in.
import diagnostics from 'node:diagnostics_channel';
import type { FastifyInstance, InjectOptions } from 'fastify';
import t, { type Test } from 'tap';
import { answerLink } from '../../src/modules/attendance/question.js';
import { issueToken } from '../../src/modules/auth/tokens.js';
import { attendLink } from '../../src/modules/interests/attend-links.js';
import { upsertExtension } from '../../src/modules/interests/repository.js';
import { replyLink } from '../../src/modules/invitations/links.js';
import { ensurePerson } from '../../src/modules/people/repository.js';
import { ADMIN, build, CHAIR, createSeries, createSession, json } from '../helper.js';

const ACTORS = [
  'anonymous',
  'practitioner',
  'sessionChair',
  'discussant',
  'convener',
  'otherChair',
  'seriesChair',
  'admin',
] as const;
type Actor = (typeof ACTORS)[number];

const EMAIL: Record<Exclude<Actor, 'anonymous'>, string> = {
  practitioner: 'lucia@example.org',
  sessionChair: 'kofi@example.org',
  discussant: 'jean@example.org',
  convener: 'olu@example.org',
  otherChair: 'other-chair@example.org',
  seriesChair: CHAIR,
  admin: ADMIN,
};
const FOCAL = 'amara@example.org';
const FOCAL_B = 'grace@example.org';
const CO_BLOGGER = 'mei@example.org';

/** Those the privacy rule lets see everyone's addresses in the series. */
const SEES_ADDRESSES: Actor[] = ['seriesChair', 'admin'];

// Routes are collected as buildApp registers them.
const registered: string[] = [];
let collecting = false;
diagnostics.subscribe('fastify.initialization', (message) => {
  if (!collecting) return;
  (message as { fastify: FastifyInstance }).fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') registered.push(`${method} ${route.url}`);
    }
  });
});

const EMAIL_SHAPE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

type Fixture = Awaited<ReturnType<typeof fixture>>;

/** One series as it looks a few weeks into its call, with someone in every position. */
async function fixture(t: Test) {
  const test = await build(t);
  const { app } = test;
  const as = (actor: Exclude<Actor, 'anonymous'>) => test.as(EMAIL[actor], { admin: actor === 'admin' });
  const ok = async (label: string, request: InjectOptions, status = 200) => {
    const res = await app.inject(request);
    if (res.statusCode !== status) throw new Error(`${label}: ${res.statusCode} ${res.body}`);
    return json(res);
  };

  const series = await createSeries(test);
  const other = await createSeries(test, {
    title: 'Another series',
    chairs: [{ email: EMAIL.otherChair, name: 'Other Chair' }],
  });
  const sessionA = await createSession(test, series.id, { title: 'RBF', startsAt: '2027-04-28T14:00' });
  const sessionB = await createSession(test, series.id, { title: 'HIS', startsAt: '2027-06-30T14:00' });
  // No one in it yet: the session's chair and discussant of A and B hold nothing here.
  const sessionC = await createSession(test, series.id, { title: 'PFM', startsAt: '2027-10-27T14:00' });
  const workstream = await ok(
    'workstream',
    {
      method: 'POST',
      url: `/api/series/${series.id}/workstreams`,
      headers: as('seriesChair'),
      payload: { title: 'Citizen participation' },
    },
    201,
  );
  await ok('convener', {
    method: 'PUT',
    url: `/api/workstreams/${workstream.id}/convener`,
    headers: as('seriesChair'),
    payload: { email: EMAIL.convener, name: 'Olu', supportingChair: { email: CHAIR } },
  });
  const interest = await ok(
    'interest',
    {
      method: 'POST',
      url: `/api/series/${series.id}/interests`,
      headers: test.as(EMAIL.practitioner, { name: 'Lucía' }),
      payload: {
        name: 'Lucía',
        country: 'AR',
        roles: ['focal', 'co_blogger'],
        sessions: [sessionA.id, sessionB.id],
        workstreams: [{ id: workstream.id }],
      },
    },
    201,
  );
  const lineupA = {
    chair: { email: EMAIL.sessionChair, name: 'Kofi', country: 'GH' },
    focal: { country: 'RW', people: [{ email: FOCAL, name: 'Amara' }] },
    discussant: { country: 'KE', people: [{ email: EMAIL.discussant, name: 'Jean' }] },
    coBloggers: [{ email: CO_BLOGGER, name: 'Mei' }],
  };
  const lineupB = {
    chair: { email: EMAIL.sessionChair, name: 'Kofi', country: 'GH' },
    focal: { country: 'UG', people: [{ email: FOCAL_B, name: 'Grace' }] },
    discussant: { country: 'KE', people: [{ email: EMAIL.discussant, name: 'Jean' }] },
  };
  for (const [session, lineup] of [
    [sessionA, lineupA],
    [sessionB, lineupB],
  ] as const) {
    await ok('line-up', {
      method: 'PUT',
      url: `/api/sessions/${session.id}/roles`,
      headers: as('seriesChair'),
      payload: lineup,
    });
  }
  await ok(
    'invitations',
    { method: 'POST', url: `/api/sessions/${sessionA.id}/invitations`, headers: as('seriesChair') },
    202,
  );
  const meeting = await ok(
    'meeting',
    {
      method: 'POST',
      url: `/api/workstreams/${workstream.id}/meetings`,
      headers: as('convener'),
      payload: { title: 'Kick-off', startsAt: '2027-02-10T15:00' },
    },
    201,
  );
  const run = await ok(
    'repeating meeting',
    {
      method: 'POST',
      url: `/api/workstreams/${workstream.id}/meetings`,
      headers: as('convener'),
      payload: {
        title: 'Weekly exchange',
        startsAt: '2027-02-17T15:00',
        repeat: { every: 1, unit: 'weeks', count: 4 },
      },
    },
    201,
  );
  const prepCall = await ok(
    'preparatory call',
    {
      method: 'POST',
      url: `/api/sessions/${sessionA.id}/preparatory-call`,
      headers: as('sessionChair'),
      payload: { startsAt: '2027-04-14T14:00' },
    },
    201,
  );
  for (const actor of ACTORS) if (actor !== 'anonymous') as(actor);

  const client = app.db.$client;
  const practitionerId = personId(app, EMAIL.practitioner);
  const discussantAssignment = client
    .prepare(
      `select a.id, a.link_version as linkVersion from role_assignments a join people p on p.id = a.person_id
       where p.email = ? and a.session_id = ?`,
    )
    .get(EMAIL.discussant, sessionA.id) as { id: string; linkVersion: number };
  const message = client.prepare('select id from outbox where series_id = ? order by id limit 1').get(series.id) as {
    id: string;
  };
  const discussantKey = (
    client.prepare('select calendar_key as key from people where email = ?').get(EMAIL.discussant) as { key: string }
  ).key;

  return {
    test,
    as,
    series: series.id as string,
    other: other.id as string,
    sessionA: sessionA.id as string,
    sessionB: sessionB.id as string,
    sessionC: sessionC.id as string,
    lineupB,
    workstream: workstream.id as string,
    meeting: meeting.id as string,
    run: run.id as string,
    prepCall: prepCall.id as string,
    interest: interest.id as string,
    practitionerId,
    discussantAssignment,
    message: message.id,
    discussantKey,
  };
}

/** The practitioner's answer link to the question of session A (the question set on first use). */
function answerPath(fx: Fixture): string {
  fx.test.app.db.$client
    .prepare('update sessions set discussant_question = ? where id = ? and discussant_question is null')
    .run('How do you pay districts on time?', fx.sessionA);
  const link = new URL(answerLink(fx.test.app.config, fx.sessionA, fx.practitionerId));
  return `${link.pathname}${link.search}`;
}

/** The registration link of the call sent to a contact of the series (created on first use). */
function callLinkPath(fx: Fixture): string {
  const client = fx.test.app.db.$client;
  const email = 'nadia@example.org';
  let row = client.prepare('select id from contacts where email = ?').get(email) as { id: string } | undefined;
  if (!row) {
    const now = fx.test.clock.now().getTime();
    client
      .prepare('insert into contacts (id, series_id, email, name, call_sent_at, created_at) values (?, ?, ?, ?, ?, ?)')
      .run('contact-nadia', fx.series, email, 'Nadia', now, now);
    row = { id: 'contact-nadia' };
  }
  const link = new URL(attendLink(fx.test.app.config, row.id));
  return `${link.pathname}${link.search}`;
}

function personId(app: FastifyInstance, email: string): string {
  return (app.db.$client.prepare('select id from people where email = ?').get(email) as { id: string }).id;
}

interface Request {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

interface Case {
  /** The route as registered: method and URL pattern. */
  route: string;
  /** What sets this case apart, when a route has more than one. */
  variant?: string;
  request: (fx: Fixture, actor: Actor) => Request;
  /** Run before each actor's request (e.g. to put back what the last one changed). */
  before?: (fx: Fixture, actor: Actor) => void;
  /** A fresh fixture for every actor: the first allowed write would change what the next one meets. */
  fresh?: boolean;
  /** Routes of the workstream: its convener may see its members' addresses there. */
  workstream?: boolean;
  expected: Record<Actor, number>;
}

/** Expected statuses, in the order of ACTORS. */
const as = (
  anonymous: number,
  practitioner: number,
  sessionChair: number,
  discussant: number,
  convener: number,
  otherChair: number,
  seriesChair: number,
  admin: number,
): Record<Actor, number> => ({
  anonymous,
  practitioner,
  sessionChair,
  discussant,
  convener,
  otherChair,
  seriesChair,
  admin,
});

const CASES: Case[] = [
  // route                                          anon prac sChr disc conv oChr chair admin
  // me
  { route: 'GET /api/me', request: () => ({ url: '/api/me' }), expected: as(401, 200, 200, 200, 200, 200, 200, 200) },
  {
    route: 'PATCH /api/me',
    request: () => ({ method: 'PATCH', url: '/api/me', payload: { organisation: 'Ministry of Health' } }),
    expected: as(401, 200, 200, 200, 200, 200, 200, 200),
  },
  {
    route: 'POST /api/me/tokens',
    request: () => ({ method: 'POST', url: '/api/me/tokens', payload: { label: 'spreadsheet' } }),
    expected: as(401, 201, 201, 201, 201, 201, 201, 201),
  },
  {
    route: 'GET /api/me/tokens',
    request: () => ({ url: '/api/me/tokens' }),
    expected: as(401, 200, 200, 200, 200, 200, 200, 200),
  },
  {
    route: 'DELETE /api/me/tokens/:id',
    // Each person revokes a token of their own (anonymous names the practitioner's).
    request: (fx, actor) => {
      const email = actor === 'anonymous' ? EMAIL.practitioner : EMAIL[actor];
      const token = issueToken(fx.test.app.db, fx.test.clock, personId(fx.test.app, email), 'spare');
      return { method: 'DELETE', url: `/api/me/tokens/${token.id}` };
    },
    expected: as(401, 204, 204, 204, 204, 204, 204, 204),
  },
  {
    route: 'DELETE /api/me/tokens/:id',
    variant: "someone else's token",
    request: (fx) => {
      const token = issueToken(fx.test.app.db, fx.test.clock, personId(fx.test.app, EMAIL.practitioner), 'spare');
      return { method: 'DELETE', url: `/api/me/tokens/${token.id}` };
    },
    expected: as(401, 204, 404, 404, 404, 404, 404, 404),
  },

  // series
  {
    route: 'POST /api/series',
    request: () => ({
      method: 'POST',
      url: '/api/series',
      payload: { title: 'A new series', timezone: 'Africa/Kigali', chairs: [{ email: 'new-chair@example.org' }] },
    }),
    expected: as(401, 403, 403, 403, 403, 403, 403, 201),
  },
  {
    route: 'GET /api/series',
    request: () => ({ url: '/api/series' }),
    expected: as(200, 200, 200, 200, 200, 200, 200, 200),
  },
  {
    route: 'GET /api/rotation',
    request: () => ({ url: '/api/rotation' }),
    expected: as(200, 200, 200, 200, 200, 200, 200, 200),
  },
  {
    route: 'GET /api/series/:id',
    request: (fx) => ({ url: `/api/series/${fx.series}` }),
    expected: as(200, 200, 200, 200, 200, 200, 200, 200),
  },
  {
    route: 'PATCH /api/series/:id',
    request: (fx) => ({
      method: 'PATCH',
      url: `/api/series/${fx.series}`,
      payload: { description: 'A year on purchasing.' },
    }),
    expected: as(401, 403, 403, 403, 403, 403, 200, 200),
  },
  {
    route: 'GET /series/:id/programme.txt',
    request: (fx) => ({ url: `/series/${fx.series}/programme.txt` }),
    expected: as(200, 200, 200, 200, 200, 200, 200, 200),
  },

  // sessions
  {
    route: 'POST /api/series/:id/sessions',
    request: (fx) => ({
      method: 'POST',
      url: `/api/series/${fx.series}/sessions`,
      payload: { title: 'Purchasing and PFM', startsAt: '2027-08-25T14:00' },
    }),
    expected: as(401, 403, 403, 403, 403, 403, 201, 201),
  },
  {
    route: 'POST /api/series/:id/sessions/plan',
    request: (fx) => ({
      method: 'POST',
      url: `/api/series/${fx.series}/sessions/plan`,
      payload: { firstMonth: '2027-09', count: 2, week: 'last', weekday: 'wednesday', time: '14:00' },
    }),
    expected: as(401, 403, 403, 403, 403, 403, 201, 201),
  },
  {
    route: 'GET /api/sessions/:id',
    request: (fx) => ({ url: `/api/sessions/${fx.sessionA}` }),
    expected: as(200, 200, 200, 200, 200, 200, 200, 200),
  },
  {
    route: 'PATCH /api/sessions/:id',
    request: (fx) => ({
      method: 'PATCH',
      url: `/api/sessions/${fx.sessionA}`,
      payload: { description: 'Bring a case.' },
    }),
    expected: as(401, 403, 403, 403, 403, 403, 200, 200),
  },
  {
    route: 'POST /api/sessions/:id/cancel',
    request: (fx) => ({ method: 'POST', url: `/api/sessions/${fx.sessionB}/cancel` }),
    expected: as(401, 403, 403, 403, 403, 403, 200, 200),
  },

  // interests
  {
    route: 'POST /api/series/:id/interests',
    // The practitioner replaces theirs (200); the others express their first (201).
    request: (fx) => ({
      method: 'POST',
      url: `/api/series/${fx.series}/interests`,
      payload: { country: 'GH', roles: ['co_blogger'], sessions: [fx.sessionA] },
    }),
    expected: as(401, 200, 201, 201, 201, 201, 201, 201),
  },
  {
    route: 'DELETE /api/interests/:id',
    fresh: true,
    request: (fx) => ({ method: 'DELETE', url: `/api/interests/${fx.interest}` }),
    expected: as(401, 204, 403, 403, 403, 403, 204, 204),
  },
  {
    route: 'GET /api/series/:id/interests',
    request: (fx) => ({ url: `/api/series/${fx.series}/interests` }),
    expected: as(401, 403, 403, 403, 403, 403, 200, 200),
  },
  {
    route: 'GET /api/series/:id/interests/counts',
    request: (fx) => ({ url: `/api/series/${fx.series}/interests/counts` }),
    expected: as(401, 403, 403, 403, 403, 403, 200, 200),
  },
  {
    route: 'GET /api/series/:id/interests.csv',
    request: (fx) => ({ url: `/api/series/${fx.series}/interests.csv` }),
    expected: as(401, 403, 403, 403, 403, 403, 200, 200),
  },
  {
    route: 'POST /api/series/:id/extensions',
    request: (fx) => ({
      method: 'POST',
      url: `/api/series/${fx.series}/extensions`,
      payload: { email: 'late@example.org', until: '2027-03-31' },
    }),
    expected: as(401, 403, 403, 403, 403, 403, 201, 201),
  },
  {
    route: 'GET /api/series/:id/extensions',
    request: (fx) => ({ url: `/api/series/${fx.series}/extensions` }),
    expected: as(401, 403, 403, 403, 403, 403, 200, 200),
  },
  {
    route: 'DELETE /api/series/:id/extensions/:personId',
    // Each actor ends an extension granted just before (the chairs' succeed).
    request: (fx) => {
      const { app, clock } = fx.test;
      const late = ensurePerson(app.db, clock, { email: 'late@example.org' });
      const admin = ensurePerson(app.db, clock, { email: EMAIL.admin });
      upsertExtension(app.db, clock, admin, fx.series, late, new Date('2027-03-31T00:00:00Z'));
      return { method: 'DELETE', url: `/api/series/${fx.series}/extensions/${late.id}` };
    },
    expected: as(401, 403, 403, 403, 403, 403, 204, 204),
  },
  {
    route: 'GET /api/series/:id/audit',
    request: (fx) => ({ url: `/api/series/${fx.series}/audit?page=1` }),
    expected: as(401, 403, 403, 403, 403, 403, 200, 200),
  },
  {
    route: 'POST /api/series/:id/contacts',
    request: (fx) => ({
      method: 'POST',
      url: `/api/series/${fx.series}/contacts`,
      payload: { contacts: [{ email: 'contact@example.org', name: 'A Contact', country: 'KE' }] },
    }),
    expected: as(401, 403, 403, 403, 403, 403, 200, 200),
  },
  {
    route: 'GET /api/series/:id/contacts',
    request: (fx) => ({ url: `/api/series/${fx.series}/contacts` }),
    expected: as(401, 403, 403, 403, 403, 403, 200, 200),
  },
  {
    route: 'DELETE /api/series/:id/contacts/:contactId',
    request: (fx) => {
      callLinkPath(fx);
      return { method: 'DELETE', url: `/api/series/${fx.series}/contacts/contact-nadia` };
    },
    fresh: true,
    expected: as(401, 403, 403, 403, 403, 403, 204, 204),
  },
  {
    route: 'POST /api/series/:id/call',
    request: (fx) => ({ method: 'POST', url: `/api/series/${fx.series}/call` }),
    expected: as(401, 403, 403, 403, 403, 403, 202, 202),
  },

  // roles and invitations
  {
    route: 'PUT /api/sessions/:id/roles',
    request: (fx) => ({ method: 'PUT', url: `/api/sessions/${fx.sessionB}/roles`, payload: fx.lineupB }),
    expected: as(401, 403, 403, 403, 403, 403, 200, 200),
  },
  {
    route: 'POST /api/series/:id/roles/suggestion',
    request: (fx) => ({ method: 'POST', url: `/api/series/${fx.series}/roles/suggestion` }),
    expected: as(401, 403, 403, 403, 403, 403, 200, 200),
  },
  {
    route: 'POST /api/series/:id/roles/suggestion/apply',
    request: (fx) => ({ method: 'POST', url: `/api/series/${fx.series}/roles/suggestion/apply` }),
    expected: as(401, 403, 403, 403, 403, 403, 200, 200),
  },
  {
    route: 'POST /api/sessions/:id/invitations',
    request: (fx) => ({ method: 'POST', url: `/api/sessions/${fx.sessionB}/invitations` }),
    expected: as(401, 403, 403, 403, 403, 403, 202, 202),
  },
  // Attending: anyone signed in, for themselves; the call's signed link, for whoever holds it.
  {
    route: 'POST /api/sessions/:id/attendance',
    request: (fx) => ({ method: 'POST', url: `/api/sessions/${fx.sessionB}/attendance` }),
    expected: as(401, 201, 201, 201, 201, 201, 201, 201),
  },
  {
    route: 'GET /api/sessions/:id/attendance',
    request: (fx) => ({ url: `/api/sessions/${fx.sessionB}/attendance` }),
    expected: as(401, 200, 200, 200, 200, 200, 200, 200),
  },
  {
    route: 'DELETE /api/sessions/:id/attendance',
    request: (fx) => ({ method: 'DELETE', url: `/api/sessions/${fx.sessionB}/attendance` }),
    expected: as(401, 204, 204, 204, 204, 204, 204, 204),
  },
  {
    route: 'POST /api/series/:id/attendance',
    request: (fx) => ({ method: 'POST', url: `/api/series/${fx.series}/attendance` }),
    expected: as(401, 201, 201, 201, 201, 201, 201, 201),
  },
  {
    route: 'GET /api/attend/:contactId',
    request: (fx) => ({ url: `/api${callLinkPath(fx)}` }),
    expected: as(200, 200, 200, 200, 200, 200, 200, 200),
  },
  {
    route: 'POST /api/attend/:contactId',
    request: (fx) => {
      const link = new URL(callLinkPath(fx), 'http://localhost');
      return {
        method: 'POST',
        url: `/api${link.pathname}`,
        payload: { token: link.searchParams.get('token'), sessionId: fx.sessionB },
      };
    },
    expected: as(200, 200, 200, 200, 200, 200, 200, 200),
  },
  {
    route: 'PUT /api/sessions/:id/question/release',
    request: (fx) => ({
      method: 'PUT',
      url: `/api/sessions/${fx.sessionA}/question/release`,
      payload: { released: false },
    }),
    expected: as(401, 403, 200, 403, 403, 403, 200, 200),
  },
  {
    route: 'GET /api/sessions/:id/attendees',
    request: (fx) => ({ url: `/api/sessions/${fx.sessionA}/attendees` }),
    expected: as(401, 403, 200, 403, 403, 403, 200, 200),
  },
  {
    route: 'GET /api/sessions/:id/attendees.csv',
    request: (fx) => ({ url: `/api/sessions/${fx.sessionA}/attendees.csv` }),
    expected: as(401, 403, 200, 403, 403, 403, 200, 200),
  },
  {
    // Before the session: allowed people get the 409 of the rule, the others 403.
    route: 'PUT /api/sessions/:id/attendance-record',
    request: (fx) => ({
      method: 'PUT',
      url: `/api/sessions/${fx.sessionA}/attendance-record`,
      payload: { present: [] },
    }),
    expected: as(401, 403, 409, 403, 403, 403, 409, 409),
  },
  {
    route: 'PUT /api/sessions/:id/recording',
    request: (fx) => ({
      method: 'PUT',
      url: `/api/sessions/${fx.sessionA}/recording`,
      payload: { recordingUrl: 'https://video.example.org/a' },
    }),
    expected: as(401, 403, 409, 403, 403, 403, 409, 409),
  },
  {
    route: 'GET /api/answers/:sessionId/:personId',
    request: (fx) => ({ url: `/api${answerPath(fx)}` }),
    expected: as(200, 200, 200, 200, 200, 200, 200, 200),
  },
  {
    route: 'PUT /api/answers/:sessionId/:personId',
    request: (fx) => {
      const link = new URL(answerPath(fx), 'http://localhost');
      return {
        method: 'PUT',
        url: `/api${link.pathname}`,
        payload: { token: link.searchParams.get('token'), text: 'In Argentina the provinces pay.' },
      };
    },
    expected: as(200, 200, 200, 200, 200, 200, 200, 200),
  },
  {
    // The signed link is what lets one in, whoever opens it.
    route: 'GET /invitations/:assignmentId/:action',
    request: (fx) => ({ url: replyPath(fx, 'accept') }),
    expected: as(200, 200, 200, 200, 200, 200, 200, 200),
  },
  {
    route: 'POST /invitations/:assignmentId/:action',
    request: (fx) => {
      const path = replyPath(fx, 'accept');
      const token = new URL(path, 'http://localhost').searchParams.get('token') as string;
      return { method: 'POST', url: path.split('?')[0] as string, payload: { token } };
    },
    expected: as(303, 303, 303, 303, 303, 303, 303, 303),
  },
  {
    route: 'GET /calendar/series/:file',
    request: (fx) => ({ url: `/calendar/series/${fx.series}.ics` }),
    expected: as(200, 200, 200, 200, 200, 200, 200, 200),
  },
  {
    // The secret address is what lets one in.
    route: 'GET /calendar/people/:file',
    request: (fx) => ({ url: `/calendar/people/${fx.discussantKey}.ics` }),
    expected: as(200, 200, 200, 200, 200, 200, 200, 200),
  },
  {
    route: 'GET /api/outbox',
    request: (fx) => ({ url: `/api/outbox?series=${fx.series}` }),
    expected: as(401, 403, 403, 403, 403, 403, 200, 200),
  },
  {
    route: 'GET /api/outbox',
    variant: 'all mail',
    request: () => ({ url: '/api/outbox' }),
    expected: as(401, 403, 403, 403, 403, 403, 403, 200),
  },
  {
    route: 'POST /api/outbox/:id/resend',
    // A message that failed, each time.
    before: (fx) => {
      fx.test.app.db.$client.prepare("update outbox set status = 'failed', attempts = 6 where id = ?").run(fx.message);
    },
    request: (fx) => ({ method: 'POST', url: `/api/outbox/${fx.message}/resend` }),
    expected: as(401, 403, 403, 403, 403, 403, 200, 200),
  },

  // agenda and outputs
  {
    route: 'PUT /api/sessions/:id/agenda',
    request: (fx) => ({
      method: 'PUT',
      url: `/api/sessions/${fx.sessionA}/agenda`,
      payload: { segments: [{ title: 'Opening', starts: '14:00', ends: '14:15', lead: 'chair' }] },
    }),
    expected: as(401, 403, 200, 403, 403, 403, 200, 200),
  },
  {
    route: 'PUT /api/sessions/:id/question',
    request: (fx) => ({
      method: 'PUT',
      url: `/api/sessions/${fx.sessionA}/question`,
      payload: { question: 'How do you pay providers for results?' },
    }),
    expected: as(401, 403, 200, 200, 403, 403, 200, 200),
  },
  {
    route: 'PUT /api/sessions/:id/agenda',
    variant: 'a session they hold no role in',
    request: (fx) => ({
      method: 'PUT',
      url: `/api/sessions/${fx.sessionC}/agenda`,
      payload: { segments: [{ title: 'Opening', starts: '14:00', ends: '14:15', lead: 'chair' }] },
    }),
    expected: as(401, 403, 403, 403, 403, 403, 200, 200),
  },
  {
    route: 'PUT /api/sessions/:id/question',
    variant: 'a session they hold no role in',
    request: (fx) => ({
      method: 'PUT',
      url: `/api/sessions/${fx.sessionC}/question`,
      payload: { question: 'How do you pay providers for results?' },
    }),
    expected: as(401, 403, 403, 403, 403, 403, 200, 200),
  },
  {
    route: 'PUT /api/sessions/:id/blog',
    request: (fx) => ({ method: 'PUT', url: `/api/sessions/${fx.sessionA}/blog`, payload: { status: 'drafting' } }),
    expected: as(401, 403, 200, 403, 403, 403, 200, 200),
  },
  {
    route: 'PUT /api/series/:id/synthesis',
    request: (fx) => ({ method: 'PUT', url: `/api/series/${fx.series}/synthesis`, payload: { status: 'drafting' } }),
    expected: as(401, 403, 403, 403, 403, 403, 200, 200),
  },

  // workstreams
  {
    route: 'POST /api/series/:id/workstreams',
    request: (fx) => ({ method: 'POST', url: `/api/series/${fx.series}/workstreams`, payload: { title: 'Oversight' } }),
    expected: as(401, 403, 403, 403, 403, 403, 201, 201),
  },
  {
    route: 'GET /api/workstreams/:id',
    workstream: true,
    request: (fx) => ({ url: `/api/workstreams/${fx.workstream}` }),
    expected: as(200, 200, 200, 200, 200, 200, 200, 200),
  },
  {
    route: 'PUT /api/workstreams/:id/convener',
    workstream: true,
    request: (fx) => ({
      method: 'PUT',
      url: `/api/workstreams/${fx.workstream}/convener`,
      payload: { email: EMAIL.convener, supportingChair: { email: CHAIR } },
    }),
    expected: as(401, 403, 403, 403, 403, 403, 200, 200),
  },
  {
    route: 'GET /api/workstreams/:id/members',
    workstream: true,
    request: (fx) => ({ url: `/api/workstreams/${fx.workstream}/members` }),
    expected: as(401, 403, 403, 403, 200, 403, 200, 200),
  },
  {
    route: 'DELETE /api/workstreams/:id/members/:personId',
    workstream: true,
    request: (fx) => ({ method: 'DELETE', url: `/api/workstreams/${fx.workstream}/members/${fx.practitionerId}` }),
    expected: as(401, 403, 403, 403, 200, 403, 200, 200),
  },
  {
    route: 'POST /api/workstreams/:id/members/:personId/restore',
    workstream: true,
    request: (fx) => ({
      method: 'POST',
      url: `/api/workstreams/${fx.workstream}/members/${fx.practitionerId}/restore`,
    }),
    expected: as(401, 403, 403, 403, 200, 403, 200, 200),
  },
  {
    // Anyone signed in may leave; only a member has anything to leave.
    route: 'POST /api/workstreams/:id/leave',
    workstream: true,
    request: (fx) => ({ method: 'POST', url: `/api/workstreams/${fx.workstream}/leave` }),
    expected: as(401, 204, 409, 409, 409, 409, 409, 409),
  },
  {
    route: 'POST /api/workstreams/:id/meetings',
    workstream: true,
    request: (fx) => ({
      method: 'POST',
      url: `/api/workstreams/${fx.workstream}/meetings`,
      payload: { title: 'Feedback on the RBF session', startsAt: '2027-05-05T15:00' },
    }),
    expected: as(401, 403, 403, 403, 201, 403, 201, 201),
  },
  {
    route: 'PATCH /api/meetings/:id',
    workstream: true,
    request: (fx) => ({ method: 'PATCH', url: `/api/meetings/${fx.meeting}`, payload: { title: 'Kick-off meeting' } }),
    expected: as(401, 403, 403, 403, 200, 403, 200, 200),
  },
  {
    route: 'POST /api/meetings/:id/cancel',
    workstream: true,
    request: (fx) => ({ method: 'POST', url: `/api/meetings/${fx.meeting}/cancel` }),
    expected: as(401, 403, 403, 403, 200, 403, 200, 200),
  },
  {
    // Moving the second meeting of the run to the same time again changes nothing: 200 each time.
    route: 'PATCH /api/meetings/:id/occurrences/:place',
    workstream: true,
    request: (fx) => ({
      method: 'PATCH',
      url: `/api/meetings/${fx.run}/occurrences/2`,
      payload: { startsAt: '2027-02-25T15:00' },
    }),
    expected: as(401, 403, 403, 403, 200, 403, 200, 200),
  },
  {
    route: 'POST /api/meetings/:id/occurrences/:place/cancel',
    workstream: true,
    fresh: true,
    request: (fx) => ({ method: 'POST', url: `/api/meetings/${fx.run}/occurrences/3/cancel` }),
    expected: as(401, 403, 403, 403, 200, 403, 200, 200),
  },

  // preparatory calls
  {
    route: 'POST /api/sessions/:id/preparatory-call',
    fresh: true,
    request: (fx) => ({
      method: 'POST',
      url: `/api/sessions/${fx.sessionB}/preparatory-call`,
      payload: { startsAt: '2027-06-16T14:00' },
    }),
    expected: as(401, 403, 201, 403, 403, 403, 201, 201),
  },
  {
    route: 'GET /api/sessions/:id/preparatory-call',
    request: (fx) => ({ url: `/api/sessions/${fx.sessionA}/preparatory-call` }),
    expected: as(401, 403, 200, 200, 403, 403, 200, 200),
  },
  {
    route: 'POST /api/sessions/:id/preparatory-call',
    variant: 'a session they hold no role in',
    request: (fx) => ({
      method: 'POST',
      url: `/api/sessions/${fx.sessionC}/preparatory-call`,
      payload: { startsAt: '2027-10-13T14:00' },
    }),
    // The chairs pass the guard and meet an empty line-up.
    expected: as(401, 403, 403, 403, 403, 403, 409, 409),
  },
  {
    route: 'PATCH /api/preparatory-calls/:id',
    request: (fx) => ({
      method: 'PATCH',
      url: `/api/preparatory-calls/${fx.prepCall}`,
      payload: { meetingUrl: 'https://meet.example.org/prep' },
    }),
    expected: as(401, 403, 200, 403, 403, 403, 200, 200),
  },
  {
    route: 'POST /api/preparatory-calls/:id/cancel',
    request: (fx) => ({ method: 'POST', url: `/api/preparatory-calls/${fx.prepCall}/cancel` }),
    expected: as(401, 403, 200, 403, 403, 403, 200, 200),
  },
];

function replyPath(fx: Fixture, action: 'accept' | 'decline') {
  const link = replyLink(fx.test.app.config, fx.discussantAssignment, action);
  return link.slice(new URL(link).origin.length);
}

/**
 * Routes left out of the matrix, by name, so that a new page has to be placed too: the HTML
 * pages of src/web, the API's documentation and the static files.
 */
const PAGES = [
  'GET /',
  // The signed link is what lets one in (like an invitation's): tested in test/web/answer-pages.test.ts.
  'GET /answers/:event/:eventId/:action',
  'POST /answers/:event/:eventId/:action',
  'GET /language',
  'GET /me',
  'GET /rotation',
  'GET /series/:id',
  'GET /series/:id/interest',
  'GET /series/:id/manage',
  'GET /series/:id/manage/interests',
  'GET /series/:id/manage/interests.csv',
  'GET /series/:id/manage/sessions/:sessionId',
  'GET /series/:id/manage/settings',
  'GET /signin',
  'GET /signin/link',
  'GET /signin/sent',
  'GET /workstreams/:id/manage',
  'POST /me/language',
  'POST /me/profile',
  'POST /series/:id/interest',
  'POST /series/:id/interest/withdraw',
  'POST /series/:id/manage/outbox/:messageId/resend',
  'POST /series/:id/manage/plan',
  'POST /series/:id/manage/sessions',
  'POST /series/:id/manage/sessions/:sessionId/assign',
  'POST /series/:id/manage/sessions/:sessionId/invite',
  'POST /series/:id/manage/sessions/:sessionId/roles',
  'POST /series/:id/manage/settings',
  'POST /series/:id/manage/suggestion',
  'POST /signin',
  'POST /signin/link',
  'POST /signout',
  'POST /workstreams/:id/manage/members',
  // The series-level chairs' and administrators' pages (test/web/series-pages.test.ts).
  'GET /series/new',
  'POST /series/new',
  'POST /series/:id/manage/chairs',
  'POST /series/:id/manage/chairs/remove',
  'GET /series/:id/manage/contacts',
  'POST /series/:id/manage/contacts',
  'GET /series/:id/manage/contacts/:contactId/remove',
  'POST /series/:id/manage/contacts/:contactId/remove',
  'GET /series/:id/manage/call',
  'POST /series/:id/manage/call',
  'GET /series/:id/manage/extensions',
  'POST /series/:id/manage/extensions',
  'POST /series/:id/manage/extensions/revoke',
  'GET /series/:id/manage/audit',
  'GET /series/:id/manage/outbox',
  'GET /series/:id/manage/workstreams',
  'POST /series/:id/manage/workstreams',
  'POST /series/:id/manage/workstreams/:workstreamId/convener',
  'GET /series/:id/manage/invitations',
  'POST /series/:id/manage/invitations',
  'GET /series/:id/interest/withdraw',
  'GET /workstreams/:id/manage/members/:personId/remove',
  'GET /workstreams/:id/manage/meetings/new',
  'POST /workstreams/:id/manage/meetings',
  'GET /workstreams/:id/manage/meetings/:meetingId',
  'POST /workstreams/:id/manage/meetings/:meetingId',
  'GET /workstreams/:id/manage/meetings/:meetingId/cancel',
  'POST /workstreams/:id/manage/meetings/:meetingId/cancel',
  'GET /workstreams/:id/manage/meetings/:meetingId/occurrences/:place',
  'POST /workstreams/:id/manage/meetings/:meetingId/occurrences/:place',
  'GET /workstreams/:id/manage/meetings/:meetingId/occurrences/:place/cancel',
  'POST /workstreams/:id/manage/meetings/:meetingId/occurrences/:place/cancel',
  'GET /workstreams/:id/leave',
  'POST /workstreams/:id/leave',
  'POST /me/tokens',
  'GET /me/tokens/:id/revoke',
  'POST /me/tokens/:id/revoke',
  // A session's own pages and the synthesis paper (test/web/session-pages.test.ts).
  'GET /series/:id/sessions/:sessionId',
  'GET /series/:id/sessions/:sessionId/edit',
  'POST /series/:id/sessions/:sessionId/edit',
  'GET /series/:id/sessions/:sessionId/cancel',
  'POST /series/:id/sessions/:sessionId/cancel',
  'GET /series/:id/sessions/:sessionId/agenda',
  'POST /series/:id/sessions/:sessionId/agenda',
  'GET /series/:id/sessions/:sessionId/question',
  'POST /series/:id/sessions/:sessionId/question',
  'GET /series/:id/sessions/:sessionId/blog',
  'POST /series/:id/sessions/:sessionId/blog',
  'GET /series/:id/sessions/:sessionId/preparatory-call',
  'POST /series/:id/sessions/:sessionId/preparatory-call',
  'GET /series/:id/sessions/:sessionId/preparatory-call/cancel',
  'POST /series/:id/sessions/:sessionId/preparatory-call/cancel',
  'GET /series/:id/manage/synthesis',
  'POST /series/:id/manage/synthesis',
  // The unsubscribe page behind a call's link: its token is the key (test/api/unsubscribe.test.ts).
  'GET /unsubscribe/:token',
  'POST /unsubscribe/:token',
  // Registering to attend (test/web/attendance-pages.test.ts).
  'POST /series/:id/sessions/:sessionId/attend',
  'POST /series/:id/sessions/:sessionId/unattend',
  'POST /series/:id/attend',
  'GET /attend/:contactId',
  'POST /attend/:contactId',
  'POST /series/:id/sessions/:sessionId/question/release',
  'POST /series/:id/sessions/:sessionId/attendance-record',
  'POST /series/:id/sessions/:sessionId/recording',
  'GET /answers/:sessionId/:personId',
  'POST /answers/:sessionId/:personId',
];
const LEFT_OUT = (route: string) => {
  const [, url = ''] = route.split(' ');
  return PAGES.includes(route) || url.startsWith('/docs') || url === '/openapi.json' || url === '/assets/*';
};

/**
 * Runs one part of the matrix (the cases whose index modulo `of` is `part - 1`): the matrix is
 * split across test files so that they run side by side. The first part also checks that every
 * route is in the matrix.
 */
export function matrixPart(part: number, of: number): void {
  t.test(
    `every route × every kind of person, part ${part} of ${of}: the status each gets, and no address the privacy rule withholds`,
    async (t) => {
      collecting = true;
      try {
        await build(t);
      } finally {
        collecting = false;
      }

      if (part === 1) {
        const inMatrix = new Set(CASES.map((c) => c.route));
        const routes = [...new Set(registered)].filter((route) => !LEFT_OUT(route)).sort();
        t.same(
          routes.filter((route) => !inMatrix.has(route)),
          [],
          'every route is in the matrix (add a new one to CASES)',
        );
        t.same(
          [...inMatrix].filter((route) => !routes.includes(route)),
          [],
          'every route in the matrix exists',
        );
        t.comment(`${routes.length} routes, ${CASES.length} cases × ${ACTORS.length} kinds of person`);
      }

      const leaks = new Set<string>();
      for (const c of CASES.filter((_, i) => i % of === part - 1)) {
        const name = c.variant ? `${c.route} (${c.variant})` : c.route;
        const fx = c.fresh ? null : await fixture(t);
        const actual = {} as Record<Actor, number>;
        for (const actor of ACTORS) {
          const f = fx ?? (await fixture(t));
          c.before?.(f, actor);
          const request = c.request(f, actor);
          const headers = { ...(actor === 'anonymous' ? {} : f.as(actor)), ...request.headers };
          const res = await f.test.app.inject({
            method: request.method ?? 'GET',
            url: request.url,
            headers,
            ...(request.payload === undefined ? {} : { payload: request.payload as object }),
          });
          actual[actor] = res.statusCode;
          if (SEES_ADDRESSES.includes(actor)) continue;
          const allowed = new Set<string>(actor === 'anonymous' ? [] : [EMAIL[actor]]);
          if (actor === 'convener' && c.workstream) allowed.add(EMAIL.practitioner);
          for (const address of res.body.match(EMAIL_SHAPE) ?? []) {
            if (!allowed.has(address.toLowerCase())) leaks.add(`${name} → ${actor} (${res.statusCode}): ${address}`);
          }
        }
        t.same(actual, c.expected, name);
      }
      t.same([...leaks], [], 'no one the privacy rule leaves out gets another person’s address');
    },
  );
}
