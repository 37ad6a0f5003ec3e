// Per-session choices (API.md "Expressions of interest"): "focal in the June session, discussant
// in April". A request carries choices or the roles + sessions shorthand; every response carries
// both forms, and the line-up suggestion offers a person only the roles they want in that session.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import t, { type Test } from 'tap';
import * as schema from '../../db/schema.js';
import { buildApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { projectRoot, testConfig } from '../../src/config.js';
import { type Db, migrateDatabase } from '../../src/db.js';
import { build, CHAIR, createSeries, createSession, json, type TestApp, tokensFor } from '../helper.js';
import { buildMailApp, seedSeries, startSmtpServer } from '../mail/helper.js';
import { textOf, WebClient } from '../web/helper.js';

const ANA = 'ana@example.org';
const JEAN = 'jean@example.org';

async function setUp(t: Test) {
  const test = await build(t, { now: '2027-03-01T09:00:00Z' });
  const series = await createSeries(test, { interestDeadline: '2027-03-15', timezone: 'Africa/Nairobi' });
  const april = await createSession(test, series.id, { title: 'April: RBF', startsAt: '2027-04-28T14:00' });
  const june = await createSession(test, series.id, { title: 'June: HIS', startsAt: '2027-06-30T14:00' });
  return { test, series, april, june };
}

const submit = (test: TestApp, seriesId: string, payload: object, email = ANA) =>
  test.app.inject({ method: 'POST', url: `/api/series/${seriesId}/interests`, headers: test.as(email), payload });

/** Ana presents in June, and asks the question and co-writes the blog post in April. */
const anaGomez = (april: { id: string }, june: { id: string }) => ({
  name: 'Ana Gómez',
  country: 'AR',
  choices: [
    { sessionId: june.id, roles: ['focal'] },
    { sessionId: april.id, roles: ['co_blogger', 'discussant'] },
  ],
});

const forms = (interest: any) => ({ roles: interest.roles, sessions: interest.sessions, choices: interest.choices });

t.test('choices are stored per session and read back in both forms, in the list and the CSV', async (t) => {
  const { test, series, april, june } = await setUp(t);
  const res = await submit(test, series.id, anaGomez(april, june));
  t.equal(res.statusCode, 201);
  const { id, ...body } = json(res);
  t.type(id, 'string');
  const expected = {
    seriesId: series.id,
    person: { name: 'Ana Gómez' },
    country: 'AR',
    countryName: 'Argentina',
    organisation: null,
    language: 'en',
    timezone: 'America/Argentina/Buenos_Aires',
    roles: ['focal', 'discussant', 'co_blogger'],
    sessions: [june.id, april.id],
    choices: [
      { sessionId: june.id, roles: ['focal'] },
      { sessionId: april.id, roles: ['discussant', 'co_blogger'] },
    ],
    workstreams: [],
    motivation: null,
    createdAt: '2027-03-01T09:00:00.000Z',
    updatedAt: '2027-03-01T09:00:00.000Z',
  };
  t.same(body, expected, 'roles are the union in role order, sessions in rank order, and the choices as sent');

  const listed = json(await test.app.inject({ url: `/api/series/${series.id}/interests`, headers: test.as(CHAIR) }));
  t.same(listed, [{ ...expected, id, person: { name: 'Ana Gómez', email: ANA } }], 'the chairs read the same');

  const csv = await test.app.inject({ url: `/api/series/${series.id}/interests.csv`, headers: test.as(CHAIR) });
  t.equal(csv.statusCode, 200);
  t.same(csv.rawPayload.subarray(3).toString('utf8').split('\n'), [
    'name,email,country,country_code,organisation,language,timezone,roles,sessions_ranked,choices,workstreams,motivation,submitted_at,updated_at',
    'Ana Gómez,ana@example.org,Argentina,AR,,en,America/Argentina/Buenos_Aires,focal country; discussant country; co-blogger,1. June: HIS; 2. April: RBF,"1. June: HIS: focal country; 2. April: RBF: discussant country, co-blogger",,,2027-03-01T09:00:00.000Z,2027-03-01T09:00:00.000Z',
    '',
  ]);
});

t.test('the shorthand reads as every role in every ranked session', async (t) => {
  const { test, series, april, june } = await setUp(t);
  const res = await submit(test, series.id, {
    country: 'RW',
    roles: ['chair', 'focal'],
    sessions: [april.id, june.id],
  });
  t.equal(res.statusCode, 201);
  t.same(forms(json(res)), {
    roles: ['focal', 'chair'],
    sessions: [april.id, june.id],
    choices: [
      { sessionId: april.id, roles: ['focal', 'chair'] },
      { sessionId: june.id, roles: ['focal', 'chair'] },
    ],
  });

  const replaced = await submit(test, series.id, {
    country: 'RW',
    choices: [{ sessionId: june.id, roles: ['chair'] }],
  });
  t.equal(replaced.statusCode, 200, 'replacing keeps the interest');
  t.equal(json(replaced).id, json(res).id);
  t.same(forms(json(replaced)), {
    roles: ['chair'],
    sessions: [june.id],
    choices: [{ sessionId: june.id, roles: ['chair'] }],
  });
});

t.test('a wrong choice is a 400 naming it, and stores nothing', async (t) => {
  const { test, series, april, june } = await setUp(t);
  const cancel = await test.app.inject({
    method: 'POST',
    url: `/api/sessions/${april.id}/cancel`,
    headers: test.as(CHAIR),
  });
  t.equal(cancel.statusCode, 200);
  const refusals: [string, object][] = [
    ['both forms', { country: 'AR', roles: ['focal'], choices: [{ sessionId: june.id, roles: ['focal'] }] }],
    ['no roles in a choice', { country: 'AR', choices: [{ sessionId: june.id, roles: [] }] }],
    ['an unknown session', { country: 'AR', choices: [{ sessionId: 'nope', roles: ['focal'] }] }],
    ['a cancelled session', { country: 'AR', choices: [{ sessionId: april.id, roles: ['focal'] }] }],
    [
      'a session twice',
      {
        country: 'AR',
        choices: [
          { sessionId: june.id, roles: ['focal'] },
          { sessionId: june.id, roles: ['chair'] },
        ],
      },
    ],
    ['an unknown role', { country: 'AR', choices: [{ sessionId: june.id, roles: ['keynote'] }] }],
  ];
  const messages: string[] = [];
  for (const [label, payload] of refusals) {
    const res = await submit(test, series.id, payload);
    t.equal(res.statusCode, 400, label);
    t.equal(json(res).error, 'invalid_request', label);
    messages.push(json(res).message);
  }
  t.same(messages, [
    'Send either choices or roles with sessions, not both: this request has choices and roles.',
    'The request is not valid: body/choices/0/roles must NOT have fewer than 1 items.',
    'choices[0].sessionId "nope" is not a session of this series.',
    '"April: RBF" was cancelled; choose another session.',
    `choices lists "${june.id}" twice; rank each session once.`,
    'The request is not valid: body/choices/0/roles/0 must be one of "focal", "discussant", "chair", "co_blogger".',
  ]);
  const both = await submit(test, series.id, {
    country: 'AR',
    roles: ['focal'],
    sessions: [june.id],
    choices: [{ sessionId: june.id, roles: ['focal'] }],
  });
  t.equal(both.statusCode, 400);
  t.same(json(both).details, { field: 'choices', fields: ['roles', 'sessions', 'choices'] }, 'all three named');
  t.same(json(await test.app.inject({ url: `/api/series/${series.id}/interests`, headers: test.as(CHAIR) })), []);
});

t.test('the suggestion offers a person only the roles they want in that session', async (t) => {
  const { test, series, april, june } = await setUp(t);
  // Ana (AR) wants to ask the question in April and to present in June; Jean (RW) wants only to
  // ask the question in April. Read as the shorthand, Ana presenting in April with Jean asking
  // would be best; with her choices, Jean asks in April and Ana presents in June.
  t.equal(
    (
      await submit(test, series.id, {
        name: 'Ana',
        country: 'AR',
        choices: [
          { sessionId: april.id, roles: ['discussant'] },
          { sessionId: june.id, roles: ['focal'] },
        ],
      })
    ).statusCode,
    201,
  );
  t.equal(
    (
      await submit(
        test,
        series.id,
        { name: 'Jean', country: 'RW', choices: [{ sessionId: april.id, roles: ['discussant'] }] },
        JEAN,
      )
    ).statusCode,
    201,
  );
  const res = await test.app.inject({
    method: 'POST',
    url: `/api/series/${series.id}/roles/suggestion`,
    headers: test.as(CHAIR),
  });
  t.equal(res.statusCode, 200);
  const open = (sessionId: string, role: string, label: string) => ({
    sessionId,
    role,
    code: 'nobody_asked',
    params: { role },
    reason: `Nobody who chose this session asked for the ${label} role.`,
  });
  t.same(json(res), {
    sessions: [
      {
        sessionId: april.id,
        title: 'April: RBF',
        roles: {
          chair: null,
          supportingChair: null,
          focal: null,
          discussant: { country: 'RW', people: [{ email: JEAN, name: 'Jean' }] },
          coBloggers: [],
        },
      },
      {
        sessionId: june.id,
        title: 'June: HIS',
        roles: {
          chair: null,
          supportingChair: null,
          focal: { country: 'AR', people: [{ email: ANA, name: 'Ana' }] },
          discussant: null,
          coBloggers: [],
        },
      },
    ],
    unplaced: [],
    openPlaces: [
      open(april.id, 'focal', 'focal country'),
      open(april.id, 'chair', 'chair'),
      open(april.id, 'co_blogger', 'co-blogger'),
      open(april.id, 'co_blogger', 'co-blogger'),
      open(june.id, 'discussant', 'discussant country'),
      open(june.id, 'chair', 'chair'),
      open(june.id, 'co_blogger', 'co-blogger'),
      open(june.id, 'co_blogger', 'co-blogger'),
    ],
  });
});

t.test('the migration gives interests stored before choices every role in every ranked session', async (t) => {
  // A database as it was before choices: migrated up to 0007 only.
  const dir = mkdtempSync(join(tmpdir(), 'indaba-choices-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const before = join(dir, 'migrations');
  mkdirSync(join(before, 'meta'), { recursive: true });
  const all = join(projectRoot, 'db', 'migrations');
  const journal = JSON.parse(readFileSync(join(all, 'meta', '_journal.json'), 'utf8'));
  journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < '0008');
  t.equal(journal.entries.at(-1).tag, '0007_zone_chosen');
  for (const entry of journal.entries) copyFileSync(join(all, `${entry.tag}.sql`), join(before, `${entry.tag}.sql`));
  writeFileSync(join(before, 'meta', '_journal.json'), JSON.stringify(journal));

  const path = join(dir, 'webinars.db');
  const sqlite = new Database(path);
  const old = drizzle(sqlite, { schema }) as Db;
  migrate(old, { migrationsFolder: before });
  const at = Date.parse('2027-03-01T09:00:00Z');
  const rows: [string, unknown[]][] = [
    [
      'insert into people (id, email, name, calendar_key, created_at) values (?, ?, ?, ?, ?)',
      ['chair', CHAIR, 'Chair', 'k1', at],
    ],
    [
      'insert into people (id, email, name, calendar_key, created_at) values (?, ?, ?, ?, ?)',
      ['ana', ANA, 'Ana', 'k2', at],
    ],
    [
      'insert into series (id, title, timezone, created_at) values (?, ?, ?, ?)',
      ['s', 'Purchasing', 'Africa/Nairobi', at],
    ],
    ['insert into series_chairs (series_id, person_id, position) values (?, ?, ?)', ['s', 'chair', 0]],
    [
      'insert into sessions (id, series_id, title, calendar_uid, created_at) values (?, ?, ?, ?, ?)',
      ['april', 's', 'April', 'u1', at],
    ],
    [
      'insert into sessions (id, series_id, title, calendar_uid, created_at) values (?, ?, ?, ?, ?)',
      ['june', 's', 'June', 'u2', at],
    ],
    [
      'insert into interests (id, series_id, person_id, country, roles, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)',
      ['i', 's', 'ana', 'AR', '["co_blogger","focal"]', at, at],
    ],
    ['insert into interest_sessions (interest_id, session_id, rank) values (?, ?, ?)', ['i', 'june', 1]],
    ['insert into interest_sessions (interest_id, session_id, rank) values (?, ?, ?)', ['i', 'april', 2]],
  ];
  for (const [statement, values] of rows) sqlite.prepare(statement).run(...values);

  // Then every migration, as the service does when it opens the file.
  migrateDatabase(old);
  sqlite.close();

  const clock = new ManualClock('2027-03-01T09:00:00Z');
  const app = await buildApp(testConfig({ databasePath: path }), { clock, deliverMail: false });
  t.teardown(() => app.close());
  const res = await app.inject({ url: '/api/series/s/interests', headers: tokensFor(app, clock)(CHAIR) });
  t.equal(res.statusCode, 200);
  t.same(
    json(res).map((i: any) => ({ id: i.id, roles: i.roles, sessions: i.sessions, choices: i.choices })),
    [
      {
        id: 'i',
        roles: ['focal', 'co_blogger'],
        sessions: ['june', 'april'],
        choices: [
          { sessionId: 'june', roles: ['focal', 'co_blogger'] },
          { sessionId: 'april', roles: ['focal', 'co_blogger'] },
        ],
      },
    ],
  );
});

t.test('the confirmation mail lists each session with the roles wanted in it', async (t) => {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  const s = await seedSeries(test);
  const send = async (email: string, language: string) => {
    const res = await test.app.inject({
      method: 'POST',
      url: `/api/series/${s.seriesId}/interests`,
      headers: test.as(email),
      payload: {
        name: 'Ana',
        country: 'AR',
        language,
        choices: [
          { sessionId: s.june, roles: ['discussant', 'focal'] },
          { sessionId: s.april, roles: ['chair'] },
        ],
      },
    });
    t.equal(res.statusCode, 201);
  };
  await send(ANA, 'fr');
  await send(JEAN, 'en');
  t.same(await test.deliver(), { sent: 2, failed: 0, retried: 0 });
  const textTo = (email: string) =>
    smtp.received.find((m) => m.envelopeTo.includes(email))?.parsed.text?.split('\n') ?? [];

  const fr = textTo(ANA);
  const from = fr.indexOf('Sessions, par ordre de préférence');
  t.same(fr.slice(from, from + 8), [
    'Sessions, par ordre de préférence',
    '---------------------------------',
    '',
    '1. Health Information Systems and SP',
    '   mercredi 30 juin 2027, 08:00 (America/Argentina/Buenos_Aires) (estimé d’après votre pays) · 11:00 UTC · 14:00 Africa/Nairobi',
    '   Rôles\u00a0: pays focal et pays discutant',
    '2. Governance for SP: implementing RBF in a decentralized setting',
    '   mercredi 28 avril 2027, 08:00 (America/Argentina/Buenos_Aires) (estimé d’après votre pays) · 11:00 UTC · 14:00 Africa/Nairobi',
  ]);
  t.equal(fr[from + 8], '   Rôles\u00a0: présidence de séance');
  t.equal(
    fr.find((l) => l.startsWith('Rôles\u00a0:')),
    'Rôles\u00a0: pays focal, pays discutant et présidence de séance',
  );

  const en = textTo(JEAN);
  t.same(
    en.filter((l) => l.startsWith('   Roles: ')),
    ['   Roles: focal country and discussant country', '   Roles: chair'],
  );
});

t.test('the chairs’ pages count and list each person’s roles in the session they chose them for', async (t) => {
  const { test, series, april, june } = await setUp(t);
  t.equal((await submit(test, series.id, anaGomez(april, june))).statusCode, 201);
  const web = new WebClient(test.app);
  web.signInAs(CHAIR);

  // Interests per session: session, interested, first choice, then focal, discussant, chair, co-blogger.
  const overview = await web.get(`/series/${series.id}/manage`);
  const rowOf = (title: string) =>
    new RegExp(`<tr><th scope="row">${title}</th>((?:<td>[^<]*</td>)+)</tr>`)
      .exec(overview.body)?.[1]
      ?.match(/<td>([^<]*)<\/td>/g)
      ?.map((cell) => cell.replace(/<\/?td>/g, ''));
  t.same(rowOf('April: RBF'), ['1', '0', '0', '1', '0', '1']);
  t.same(rowOf('June: HIS'), ['1', '1', '1', '0', '0', '0']);

  const wanting = async (sessionId: string) =>
    /<td>Ana Gómez<br><span class="hint">ana@example.org<\/span><\/td><td>[^<]*<\/td><td>([^<]*)<\/td>/.exec(
      (await web.get(`/series/${series.id}/manage/sessions/${sessionId}`)).body,
    )?.[1];
  t.equal(await wanting(april.id), 'discussant country and co-blogger');
  t.equal(await wanting(june.id), 'focal country');

  const list = textOf((await web.get(`/series/${series.id}/manage/interests`)).body);
  t.ok(
    list.includes('June: HIS · focal country April: RBF · discussant country and co-blogger'),
    'each ranked session with its roles',
  );
});
