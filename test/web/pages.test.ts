// The pages through app.inject: what each shows, in which language and zone, who may see it,
// the interest form's rules and messages, the chairs' pages, and the weight and labels of each page.

import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import t from 'tap';
import { blogPosts, people, roleAssignments, sessions, workstreamMeetings } from '../../db/schema.js';
import { newId } from '../../src/lib/ids.js';
import { interestOf, interestViews } from '../../src/modules/interests/repository.js';
import { findPersonByEmail } from '../../src/modules/people/repository.js';
import { build, createSeries, createSession, grantExtension, importContacts, json, setLineup } from '../helper.js';
import {
  addInterest,
  addInterestedPerson,
  addPerson,
  appointConvener,
  CHAIR,
  outboxRows,
  seedSeries,
} from '../mail/helper.js';
import { PLAN_FORM, seriesChairOnPages, textOf, WebClient } from './helper.js';

const NOW = '2027-02-01T09:00:00Z';

async function seeded(t: Parameters<typeof build>[0]) {
  const test = await build(t, { now: NOW });
  const s = await seedSeries(test);
  const jean = addInterestedPerson(
    test,
    s,
    {
      email: 'jean@example.org',
      name: 'Jean Mugabo',
      country: 'RW',
      language: 'fr',
      timezone: 'Africa/Kigali',
    },
    { roles: ['discussant'], sessions: [s.april] },
  );
  return { test, s, jean };
}

/** Every visible form field has a label: a <label for=id>, or a label around it. */
function unlabelled(html: string): string[] {
  const withoutWrapped = html.replace(/<label[^>]*>[\s\S]*?<\/label>/g, (label) =>
    /<label[^>]*\bfor=/.test(label) ? label : '',
  );
  const fields = [...withoutWrapped.matchAll(/<(input|select|textarea)\b([^>]*)>/g)]
    .map((m) => m[2] ?? '')
    .filter((attrs) => !/type="(hidden|submit)"/.test(attrs));
  return fields.filter((attrs) => {
    const id = /\bid="([^"]+)"/.exec(attrs)?.[1];
    return !id || !html.includes(`<label for="${id}"`);
  });
}

t.test('the list of series puts the soonest session first', async (t) => {
  const test = await build(t, { now: NOW });
  const later = await createSeries(test, { title: 'Later series', chairs: [{ email: CHAIR }] });
  await createSession(test, later.id, { title: 'Far away', startsAt: '2027-10-27T14:00' });
  const sooner = await createSeries(test, { title: 'Sooner series', chairs: [{ email: CHAIR }] });
  await createSession(test, sooner.id, { title: 'Very soon', startsAt: '2027-03-31T14:00' });
  const res = await new WebClient(test.app).get('/');
  t.equal(res.statusCode, 200);
  const text = textOf(res.body);
  t.ok(text.indexOf('Sooner series') < text.indexOf('Later series'), 'soonest first');
  t.match(text, /Very soon Wednesday 31 March 2027, 14:00 \(Africa\/Nairobi\) · 11:00 UTC/);
  t.match(text, /Expressions of interest are open until Monday 15 March 2027, 23:59 \(Africa\/Nairobi\) · 20:59 UTC/);
});

t.test('the programme reads like the call', async (t) => {
  const { test, s } = await seeded(t);
  const db = test.app.db;
  db.update(sessions)
    .set({ discussantQuestion: 'How do you pay districts for results?' })
    .where(eq(sessions.id, s.april))
    .run();
  db.insert(blogPosts)
    .values({ sessionId: s.april, title: 'What we learnt', status: 'published', url: 'https://blog.example.org/rbf' })
    .run();
  db.insert(workstreamMeetings)
    .values({
      id: newId(),
      workstreamId: s.workstreamId,
      title: 'Citizen voices on RBF',
      startsAt: new Date('2027-05-05T11:00:00Z'),
      linkedSessionId: s.april,
      calendarUid: 'x@localhost',
      createdAt: test.clock.now(),
    })
    .run();
  const res = await new WebClient(test.app).get(`/series/${s.seriesId}`);
  t.equal(res.statusCode, 200);
  const text = textOf(res.body);
  t.match(text, /chair: tbd, focal country: Argentina, discussant country: tbd, co-bloggers: tbd/);
  t.match(text, /Wednesday 28 April 2027, 14:00 \(Africa\/Nairobi\) · 11:00 UTC/);
  t.match(res.body, /<time datetime="2027-04-28T11:00:00.000Z">/);
  t.match(text, /Deadline for expressions of interest Monday 15 March 2027, 23:59/);
  t.match(text, /Discussant’s question: How do you pay districts for results\?/);
  t.match(res.body, /<a href="https:\/\/blog.example.org\/rbf">What we learnt<\/a>/);
  t.match(
    text,
    /Feedback meeting of the workstream “Citizen participation”: Citizen voices on RBF, Wednesday 5 May 2027, 14:00/,
  );
  t.match(text, /14:00–14:20 Presentation from the focal country \(focal country\)/);
  t.match(text, /PFM for strategic purchasing alternate topic date to be set/);
  t.match(text, /A session that was called off cancelled/);
  t.match(text, /Citizen participation/);
  t.notMatch(res.body, /jean@example.org|chair@example.org/, 'no address on a public page');
  t.equal((await new WebClient(test.app).get('/series/nope')).statusCode, 404);
  t.match(textOf((await new WebClient(test.app).get('/series/nope')).body), /There is nothing at this address/);
});

t.test('languages and zones: the saved language, else the browser’s, else English', async (t) => {
  const { test, s } = await seeded(t);
  const visitor = new WebClient(test.app);
  t.match((await visitor.get('/')).body, /<html lang="en">/);
  const spanish = await visitor.get('/', { 'accept-language': 'es-AR,es;q=0.9,en;q=0.5' });
  t.match(spanish.body, /<html lang="es">/);
  t.match(textOf(spanish.body), /Series de seminarios web/);
  const portuguese = await visitor.get(`/series/${s.seriesId}`, { 'accept-language': 'pt-BR' });
  t.match(textOf(portuguese.body), /presidência da sessão: a definir, país focal: Argentina/);
  t.match(textOf(portuguese.body), /quarta-feira, 28 de abril de 2027, 14:00/);

  // A visitor's pick is kept in a cookie.
  const switched = await visitor.get(`/language?to=fr&next=${encodeURIComponent(`/series/${s.seriesId}`)}`);
  t.equal(switched.statusCode, 303);
  t.equal(switched.headers.location, `/series/${s.seriesId}`);
  t.match((await visitor.get('/', { 'accept-language': 'es' })).body, /<html lang="fr">/);

  // Jean saved French and Africa/Kigali: his language beats the browser's, times in his zone.
  const jean = new WebClient(test.app);
  jean.signInAs('jean@example.org');
  const page = await jean.get(`/series/${s.seriesId}`, { 'accept-language': 'en' });
  t.match(page.body, /<html lang="fr">/);
  t.match(textOf(page.body), /mercredi 28 avril 2027, 13:00 \(Africa\/Kigali\) · 11:00 UTC · 14:00 Africa\/Nairobi/);
  t.match(textOf(page.body), /Les heures sont indiquées dans votre fuseau horaire \(Africa\/Kigali\)/);

  // Signed in, the languages at the foot of the page are saved in his profile: his emails follow.
  const languageButtons = (html: string) =>
    [
      ...html.matchAll(
        /<button class="link" type="submit" name="to" value="([a-z]{2})" lang="[a-z]{2}">([^<]*)<\/button>/g,
      ),
    ].map((m) => [m[1], m[2]]);
  t.same(languageButtons(page.body), [
    ['en', 'English'],
    ['es', 'Español'],
    ['pt', 'Português (europeu)'],
  ]);
  t.match(page.body, `<input type="hidden" name="next" value="/series/${s.seriesId}">`);
  const toSpanish = await jean.post('/me/language', { to: 'es', next: `/series/${s.seriesId}` });
  t.equal(toSpanish.statusCode, 303);
  t.equal(toSpanish.headers.location, `/series/${s.seriesId}`);
  t.equal(findPersonByEmail(test.app.db, 'jean@example.org')?.language, 'es');
  t.match((await jean.get('/', { 'accept-language': 'fr' })).body, /<html lang="es">/);
  t.equal((await jean.post('/me/language', { to: 'de', next: '/' })).statusCode, 400, 'no such language');
  t.equal(
    (await jean.post('/me/language', { _csrf: 'forged', to: 'pt', next: '/' })).statusCode,
    403,
    'a form from another site changes nothing',
  );
  t.equal(findPersonByEmail(test.app.db, 'jean@example.org')?.language, 'es');
  // A page answering a form leads back to the page the form was on, not to the form's address.
  const refused = await jean.post('/me/profile', { name: '   ', language: 'es' }, { referer: 'http://localhost/me' });
  t.equal(refused.statusCode, 400);
  t.match(refused.body, '<input type="hidden" name="next" value="/me">');
  const elsewhere = await jean.post('/me/profile', { name: '   ' }, { referer: 'https://evil.example/me' });
  t.match(
    elsewhere.body,
    '<input type="hidden" name="next" value="/">',
    'another site’s page is not one to go back to',
  );
  const away = await jean.post('/me/language', { to: 'fr', next: '//evil.example' });
  t.equal(away.headers.location, '/me', 'never to another site');
  t.equal(
    (await new WebClient(test.app).get('/')).body.includes('action="/me/language"'),
    false,
    'a visitor has links',
  );
});

t.test(
  'the interest form opens with what the contact list says of the address; a profile’s own answers win',
  async (t) => {
    const { test, s } = await seeded(t);
    const listed = await importContacts(
      test,
      s.seriesId,
      'email,name,country,language,timezone\nlucia@example.org,Lucía Pérez,AR,es,America/Argentina/Cordoba\nkofi@example.org,Kofi,GH,fr,\n',
    );
    t.equal(listed.statusCode, 200);
    const url = `/series/${s.seriesId}/interest`;
    const opened = async (email: string, profile?: { name: string }) => {
      const client = new WebClient(test.app);
      client.signInAs(email, profile);
      const body = (await client.get(url, { 'accept-language': 'en' })).body;
      return {
        name: /<input type="text" id="name" name="name"[^>]* value="([^"]*)"/.exec(body)?.[1],
        country: /<option value="([A-Z]{2})" selected>/.exec(body)?.[1],
        language:
          /<select id="language" name="language">[\s\S]*?<option value="([a-z]{2})" lang="[a-z]{2}" selected>/.exec(
            body,
          )?.[1],
        timezone: /<select id="timezone"[^>]*>[\s\S]*?<option value="([^"]*)" selected>/.exec(body)?.[1],
      };
    };
    t.same(await opened('lucia@example.org'), {
      name: 'Lucía Pérez',
      country: 'AR',
      language: 'es',
      timezone: 'America/Argentina/Cordoba',
    });
    t.same(
      await opened('kofi@example.org', { name: 'Kofi Mensah' }),
      { name: 'Kofi Mensah', country: 'GH', language: 'fr', timezone: 'Africa/Accra' },
      'the name given at sign-in stays; without a zone noted, the estimate from the country',
    );
    // Lucía saves her own language and zone: they beat what the list says.
    await test.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: test.as('lucia@example.org'),
      payload: { language: 'pt', timezone: 'America/Sao_Paulo' },
    });
    t.match(await opened('lucia@example.org'), { language: 'pt', timezone: 'America/Sao_Paulo' });
    t.same(
      await opened('someone@example.org'),
      { name: '', country: undefined, language: 'en', timezone: '' },
      'not on the list: nothing but the reader’s language',
    );
  },
);

t.test('the interest form: signed in only, prefilled, checked like the API, in the reader’s language', async (t) => {
  const { test, s } = await seeded(t);
  const url = `/series/${s.seriesId}/interest`;
  const anonymous = await new WebClient(test.app).get(url);
  t.equal(anonymous.statusCode, 303);
  t.equal(anonymous.headers.location, `/signin?next=${encodeURIComponent(url)}`);

  const client = new WebClient(test.app);
  client.signInAs('marie@example.org', { name: 'Marie' });
  client.headers['accept-language'] = 'fr';
  const form = await client.get(url);
  t.equal(form.statusCode, 200);
  t.same(unlabelled(form.body), [], 'every field is labelled');
  t.match(form.body, /<option value="AR">Argentine<\/option>/, 'countries named in French');
  t.match(form.body, /<option value="1">1er choix<\/option>/);
  t.match(form.body, /<option value="2">2e choix<\/option>/);
  t.notMatch(form.body, new RegExp(`rank_${s.cancelled}`), 'no cancelled session to choose');
  t.match(textOf(form.body), /Je me porte volontaire pour animer « Citizen participation »/);
  t.ok(
    form.body.includes('<select id="timezone" name="timezone" aria-describedby="timezone-hint">'),
    'the zone is chosen from a list, not typed',
  );
  t.ok(form.body.includes('<option value="" selected>Le fuseau principal de mon pays</option>'));
  t.ok(form.body.includes('<option value="Africa/Dakar">Sénégal – Dakar</option>'));

  const nothing = await client.post(url, { country: 'SN' });
  t.equal(nothing.statusCode, 400);
  t.match(textOf(nothing.body), /Choisissez au moins un rôle/);
  const noSession = await client.post(url, { country: 'SN', [`roles_${s.april}`]: 'focal' });
  t.equal(noSession.statusCode, 400);
  t.match(textOf(noSession.body), /Vous avez coché des rôles dans une session sans lui donner de numéro de choix/);
  t.match(noSession.body, /<option value="SN" selected>Sénégal<\/option>/, 'what was typed stays');
  t.ok(
    noSession.body.indexOf('<optgroup label="Sénégal">') < noSession.body.indexOf('<optgroup label="UTC">'),
    'the zones of the country given come first',
  );
  t.match(
    noSession.body,
    new RegExp(`<input type="checkbox" id="role_${s.april}_focal" name="roles_${s.april}" value="focal" checked>`),
    'the box ticked stays ticked',
  );
  const noRole = await client.post(url, { country: 'SN', [`rank_${s.april}`]: '1' });
  t.equal(noRole.statusCode, 400);
  t.match(textOf(noRole.body), /Vous avez donné un numéro de choix à une session sans y cocher de rôle/);
  const sameRank = await client.post(url, {
    country: 'SN',
    [`roles_${s.april}`]: 'focal',
    [`roles_${s.june}`]: 'focal',
    [`rank_${s.april}`]: '1',
    [`rank_${s.june}`]: '1',
  });
  t.match(textOf(sameRank.body), /Deux sessions ont le même rang/);
  const badZone = await client.post(url, {
    country: 'SN',
    [`roles_${s.april}`]: 'focal',
    [`rank_${s.april}`]: '1',
    timezone: 'EAT',
  });
  t.match(textOf(badZone.body), /Nous ne connaissons pas ce fuseau horaire/);
  // The API's own limits (its body schema), each beside its field, and what was typed stays.
  const tooLong = await client.post(url, {
    name: 'N'.repeat(201),
    country: 'SN',
    organisation: 'CMU',
    [`roles_${s.april}`]: 'focal',
    [`rank_${s.april}`]: '1',
    motivation: 'm'.repeat(4001),
  });
  t.equal(tooLong.statusCode, 400);
  const tooLongMessages = [...tooLong.body.matchAll(/<span class="error" id="([a-z]+)-error">([^<]*)<\/span>/g)].map(
    (m) => [m[1], m[2]],
  );
  t.same(tooLongMessages, [
    ['name', 'C’est trop long\u00a0: 200\u00a0caractères au maximum.'],
    ['motivation', 'C’est trop long\u00a0: 4000\u00a0caractères au maximum.'],
  ]);
  t.ok(tooLong.body.includes(`value="${'N'.repeat(201)}"`), 'the name typed stays');
  const unknownCountry = await client.post(url, {
    country: 'XX',
    [`roles_${s.april}`]: 'focal',
    [`rank_${s.april}`]: '1',
  });
  t.equal(unknownCountry.statusCode, 400);
  t.match(textOf(unknownCountry.body), /Choisissez votre pays dans la liste/);
  t.equal(outboxRows(test.app.db).filter((r) => r.kind === 'interest_confirmation').length, 0, 'nothing saved yet');

  const saved = await client.post(url, {
    name: 'Marie Diop',
    country: 'SN',
    organisation: 'CMU',
    // Discussant (or co-blogger) in June, her first choice; focal country only in April.
    [`roles_${s.june}`]: ['discussant', 'co_blogger'],
    [`rank_${s.june}`]: '1',
    [`roles_${s.april}`]: 'focal',
    [`rank_${s.april}`]: '2',
    convene: s.workstreamId,
    motivation: 'Nous apprenons.',
    language: 'fr',
    timezone: '',
  });
  t.equal(saved.statusCode, 303);
  t.equal(saved.headers.location, `${url}?saved=1`);
  const marie = findPersonByEmail(test.app.db, 'marie@example.org');
  const row = marie && interestOf(test.app.db, s.seriesId, marie.id);
  const [view] = interestViews(test.app.db, row ? [row] : [], true);
  t.same(view?.sessions, [s.june, s.april], 'ranked as chosen');
  t.same(
    view?.choices,
    [
      { sessionId: s.june, roles: ['discussant', 'co_blogger'] },
      { sessionId: s.april, roles: ['focal'] },
    ],
    'the roles wanted in each session',
  );
  t.same(view?.workstreams, [{ id: s.workstreamId, asConvener: true }], 'volunteering joins the workstream');
  t.equal(marie?.timezone, 'Africa/Dakar', "the country's main zone when none is given");
  t.equal(marie?.name, 'Marie Diop');
  t.equal(marie?.language, 'fr');
  t.equal(outboxRows(test.app.db).filter((r) => r.kind === 'interest_confirmation').length, 1, 'a confirmation');

  const again = await client.get(`${url}?saved=1`);
  t.match(textOf(again.body), /Merci : votre manifestation d’intérêt est enregistrée/);
  t.match(
    again.body,
    new RegExp(
      `<select id="rank_${s.june}" name="rank_${s.june}">\\s*<option value="">Non choisie</option>\\s*<option value="1" selected>`,
    ),
  );
  const ticked = [
    ...again.body.matchAll(/<input type="checkbox" id="role_[^"]+" name="roles_([^"]+)" value="([a-z_]+)" checked>/g),
  ].map((m) => [m[1], m[2]]);
  t.same(
    ticked,
    [
      [s.april, 'focal'],
      [s.june, 'discussant'],
      [s.june, 'co_blogger'],
    ],
    'the grid shows the boxes ticked, April’s row before June’s',
  );
  t.match(again.body, /<textarea id="motivation" name="motivation" maxlength="4000">Nous apprenons.<\/textarea>/);

  // After the deadline: said plainly, no form, and a late post changes nothing.
  test.clock.set('2027-03-15T21:00:00Z');
  t.equal((await client.get(url)).statusCode, 303, 'a web session lasts 30 days');
  client.signInAs('marie@example.org');
  const closed = await client.get(url);
  t.match(
    textOf(closed.body),
    /La date limite des manifestations d’intérêt était le lundi 15 mars 2027, 20:59 \(Africa\/Dakar\)/,
  );
  t.notMatch(closed.body, /name="roles_/, 'no form after the deadline');
  const late = await client.post(url, { country: 'SN', [`roles_${s.april}`]: 'chair', [`rank_${s.april}`]: '1' });
  t.equal(late.statusCode, 409);
  const unchanged = interestOf(test.app.db, s.seriesId, marie?.id ?? '');
  t.same(unchanged?.roles, ['focal', 'discussant', 'co_blogger']);

  // An extension opens the form again for that one person.
  const extension = await grantExtension(test, s.seriesId, { email: 'marie@example.org', until: '2027-03-20' });
  t.equal(extension.statusCode, 201);
  const extended = await client.get(url);
  t.match(textOf(extended.body), /La présidence vous a accordé un délai jusqu’au/);
  t.match(extended.body, /name="roles_/);
});

t.test('my page: interests, roles with accept and decline, calendar, profile', async (t) => {
  const { test, s, jean } = await seeded(t);
  test.app.db
    .insert(roleAssignments)
    .values({
      id: 'assignment-1',
      sessionId: s.april,
      role: 'discussant',
      personId: jean,
      status: 'invited',
      createdAt: test.clock.now(),
    })
    .run();
  const client = new WebClient(test.app);
  client.signInAs('jean@example.org');
  const me = await client.get('/me');
  t.equal(me.statusCode, 200);
  t.same(unlabelled(me.body), [], 'every field is labelled');
  const text = textOf(me.body);
  t.match(text, /Mes manifestations d’intérêt Governance for strategic purchasing/);
  t.match(text, /Rôle : pays discutant\. Statut : invité·e, sans réponse\./);
  t.match(
    me.body,
    /<form class="inline" method="post" action="\/invitations\/assignment-1\/accept"><input type="hidden" name="token" value="[\w-]+">/,
  );
  const person = test.app.db.select().from(people).where(eq(people.id, jean)).get();
  t.match(me.body, new RegExp(`/calendar/people/${person?.calendarKey}\\.ics`));

  const token =
    /action="\/invitations\/assignment-1\/decline"><input type="hidden" name="token" value="([\w-]+)"/.exec(
      me.body,
    )?.[1] ?? '';
  const declined = await client.post('/invitations/assignment-1/decline', { _csrf: '', token });
  t.equal(declined.statusCode, 303);
  t.equal(test.app.db.select().from(roleAssignments).get()?.status, 'declined');

  const bad = await client.post('/me/profile', { name: 'Jean M.', language: 'en', timezone: 'Mars/Base' });
  t.equal(bad.statusCode, 400);
  t.match(textOf(bad.body), /Nous ne connaissons pas ce fuseau horaire/);
  const long = await client.post('/me/profile', { name: 'Jean M.', organisation: 'O'.repeat(201), language: 'en' });
  t.equal(long.statusCode, 400);
  t.same(
    [...long.body.matchAll(/<span class="error" id="([a-z]+)-error">([^<]*)<\/span>/g)].map((m) => [m[1], m[2]]),
    [['porg', 'C’est trop long\u00a0: 200\u00a0caractères au maximum.']],
    'the limit of PATCH /api/me, beside its field',
  );
  t.ok(long.body.includes(`value="${'O'.repeat(201)}"`), 'what was typed stays');
  const good = await client.post('/me/profile', { name: 'Jean M.', language: 'en', timezone: 'africa/kigali' });
  t.equal(good.statusCode, 303);
  const updated = test.app.db.select().from(people).where(eq(people.id, jean)).get();
  t.equal(updated?.name, 'Jean M.');
  t.equal(updated?.language, 'en');
  t.equal(updated?.timezone, 'Africa/Kigali');
  t.equal(updated?.timezoneChosen, true, 'a zone typed on the page is a choice, as on the API');
  t.match(textOf((await client.get('/me?saved=1')).body), /Your profile is saved\./);
});

t.test('managing a series: chairs and admins only', async (t) => {
  const { test, s } = await seeded(t);
  const url = `/series/${s.seriesId}/manage`;
  t.equal((await new WebClient(test.app).get(url)).statusCode, 303, 'visitors are sent to sign in');
  const stranger = new WebClient(test.app);
  stranger.signInAs('stranger@example.org');
  const forbidden = await stranger.get(url);
  t.equal(forbidden.statusCode, 403);
  t.match(textOf(forbidden.body), /Only a chair of this series \(or an administrator\) may manage it/);
  t.equal((await stranger.post(`${url}/suggestion`)).statusCode, 403);
  const admin = new WebClient(test.app);
  admin.signInAs('root@example.org', { admin: true });
  t.equal((await admin.get(url)).statusCode, 200);
});

t.test('a chair edits a line-up: rules answered in words, warnings shown, invitations sent', async (t) => {
  const { test, s } = await seeded(t);
  const { web: chair, base } = seriesChairOnPages(test.app, s.seriesId);
  const overview = await chair.get(base);
  t.equal(overview.statusCode, 200);
  t.match(textOf(overview.body), /1 expression of interest so far/);
  t.match(
    textOf(overview.body),
    /Suggested: chair: tbd, focal country: Argentina, discussant country: Rwanda \(Jean Mugabo\)/,
  );
  t.ok(overview.body.length < 30 * 1024, 'under 30 KB');

  const page = await chair.get(`${base}/sessions/${s.april}`);
  t.equal(page.statusCode, 200);
  t.same(unlabelled(page.body), [], 'every field is labelled');
  t.match(page.body, /value="Argentina"/, 'the focal country, named');
  t.match(textOf(page.body), /Jean Mugabo jean@example.org Rwanda discussant country 1st choice/);

  const same = await chair.post(`${base}/sessions/${s.april}/roles`, {
    focalCountry: 'Argentina',
    discussantCountry: 'ar',
  });
  t.equal(same.statusCode, 409);
  t.match(textOf(same.body), /Argentina cannot be both the focal and the discussant country of a session/);
  const typo = await chair.post(`${base}/sessions/${s.april}/roles`, {
    focalCountry: 'Atlantis',
    coBloggers: 'someone@',
  });
  t.equal(typo.statusCode, 400);
  t.match(textOf(typo.body), /“Atlantis” is not a country we know/);
  t.match(textOf(typo.body), /“someone@” is not an email address/);
  const typoWithPeople = await chair.post(`${base}/sessions/${s.april}/roles`, {
    focalCountry: 'Atlantis',
    focalPeople: 'ana@example.org',
  });
  t.same(
    [...typoWithPeople.body.matchAll(/<span class="error" id="([a-zA-Z]+)-error">([^<]*)<\/span>/g)].map((m) => [
      m[1],
      m[2],
    ]),
    [['focalCountry', '“Atlantis” is not a country we know: use its name or its two-letter code.']],
    'a country misspelled is named as such, not as missing',
  );
  // The API's limits (PUT /api/sessions/:id/roles), beside the field, with what was typed kept.
  const tooMany = Array.from({ length: 11 }, (_, i) => `person${i}@example.org`).join('\n');
  const limits = await chair.post(`${base}/sessions/${s.april}/roles`, {
    focalCountry: 'Argentina',
    focalPeople: tooMany,
  });
  t.equal(limits.statusCode, 400);
  t.same(
    [...limits.body.matchAll(/<span class="error" id="([a-zA-Z]+)-error">([^<]*)<\/span>/g)].map((m) => [m[1], m[2]]),
    [['focalPeople', 'This change could not be made. Please check the line-up and try again.']],
  );
  t.ok(limits.body.includes(tooMany), 'the people typed stay');

  const saved = await chair.post(`${base}/sessions/${s.april}/roles`, {
    chairEmail: 'new.chair@example.org',
    chairCountry: 'Ghana',
    supporting: CHAIR,
    focalCountry: 'AR',
    discussantCountry: 'Rwanda',
    discussantPeople: 'jean@example.org',
  });
  t.equal(saved.statusCode, 303, 'the form redirects: reloading repeats nothing');
  t.equal(saved.headers.location, `${base}/sessions/${s.april}?notice=lineupSaved`);
  const text = textOf((await chair.get(saved.headers.location as string)).body);
  t.match(text, /The line-up is saved/);
  t.match(text, /new\.chair has not expressed interest in this series but is chair/);
  t.match(text, /chair: new\.chair <new\.chair@example\.org> not yet invited/);
  t.ok(text.includes('Send the invitations (3 emails)'), 'the session page says how many go');

  const invited = await chair.post(`${base}/sessions/${s.april}/invite`);
  t.equal(invited.statusCode, 303);
  t.equal(invited.headers.location, `${base}?notice=invited&n=3`);
  t.match(
    textOf((await chair.get(invited.headers.location as string)).body),
    /The invitations are on their way \(3 emails\)/,
  );
  const invitations = outboxRows(test.app.db).filter((r) => r.kind === 'invitation');
  t.same(invitations.map((r) => r.to_email).sort(), [CHAIR, 'jean@example.org', 'new.chair@example.org']);
  const after = textOf((await chair.get(base)).body);
  t.match(after, /invited, no reply yet/);
  t.match(after, /Emails of this series/);
  t.match(after, /waiting to be sent/);
  const again = await chair.post(`${base}/sessions/${s.april}/invite`);
  t.equal(again.headers.location, `${base}?notice=nothingToInvite&n=0`);
  const sessionPage = textOf((await chair.get(`${base}/sessions/${s.april}`)).body);
  t.notOk(sessionPage.includes('Send the invitation'), 'no button once nobody is left to invite');
  t.ok(sessionPage.includes('Everyone in this line-up has been sent their invitation'));

  const cancelledInvite = await chair.post(`${base}/sessions/${s.cancelled}/invite`);
  t.equal(cancelledInvite.statusCode, 409);
  t.match(textOf(cancelledInvite.body), /This session was cancelled/);

  // The CSV export link works with the session cookie.
  const csv = await chair.get(`/api/series/${s.seriesId}/interests.csv`);
  t.equal(csv.statusCode, 200);
  t.match(csv.headers['content-type'], /text\/csv/);

  // The pages' own link gives the same rows with the headers and words in the chair's language.
  addInterestedPerson(
    test,
    s,
    { email: 'amara@example.org', name: 'Amara Okafor', country: 'NG' },
    { roles: ['chair', 'co_blogger'], sessions: [s.june], workstreams: [{ id: s.workstreamId, asConvener: true }] },
  );
  t.match(overview.body, `<a href="${base}/interests.csv">`);
  const french = await chair.get(`${base}/interests.csv`, { 'accept-language': 'fr' });
  t.equal(french.statusCode, 200);
  t.match(french.headers['content-disposition'], /^attachment; filename="interests-/);
  const [header, ...rows] = parse(french.body, { bom: true }) as string[][];
  t.same(header, [
    'Nom',
    'Adresse électronique',
    'Pays',
    'Code du pays',
    'Organisation',
    'Langue',
    'Fuseau horaire',
    'Rôles',
    'Sessions, par ordre de préférence',
    'Rôles par session',
    'Groupes de travail',
    'Motivation',
    'Envoyée le (UTC)',
    'Modifiée le (UTC)',
  ]);
  const apiFile = (await chair.get(`/api/series/${s.seriesId}/interests.csv`)).body;
  const api = (parse(apiFile, { bom: true, columns: true }) as Record<string, string>[]).map((r) => [
    r.email,
    r.country_code,
    r.submitted_at,
  ]);
  t.same(
    rows.map((r) => [r[1], r[3], r[12]]),
    api,
    'the same people, in the same order, as the API’s file',
  );
  t.same(
    rows.map((r) => [r[2], r[7], r[10]]),
    [
      ['Rwanda', 'pays discutant', ''],
      [
        'Nigeria',
        'présidence de séance; co-rédaction du billet de blog',
        'Citizen participation (volontaire pour l’animer)',
      ],
    ],
    'countries, roles (the glossary’s words) and volunteering in French',
  );
  t.match(apiFile, 'chair; co-blogger', 'the API’s file keeps its English words');
});

t.test('a chair takes the suggestion for one session, through the rules of the API', async (t) => {
  const { test, s } = await seeded(t);
  const { web: chair, base } = seriesChairOnPages(test.app, s.seriesId);
  await chair.get(base);
  const taken = await chair.post(`${base}/suggestion`, { sessionId: s.april });
  t.equal(taken.statusCode, 303, 'the form redirects: reloading repeats nothing');
  t.equal(taken.headers.location, `${base}?notice=taken&n=1#grid`);
  const shown = await chair.get(`${base}?notice=taken&n=1`);
  t.match(textOf(shown.body), /The suggestion has been taken for 1 session\. No email has been sent\./);
  const rows = test.app.db.select().from(roleAssignments).all();
  t.same(
    rows.map((r) => [r.sessionId, r.role, r.status]),
    [[s.april, 'discussant', 'assigned']],
  );
  t.equal((await chair.post(`${base}/suggestion`, { sessionId: 'nope' })).statusCode, 404);
  const api = await test.app.inject({ method: 'GET', url: `/api/sessions/${s.april}`, headers: test.as(CHAIR) });
  t.equal(json(api).roles.discussant.country, 'RW');

  // Taken, it is no longer offered; taking it again changes and counts nothing.
  const now = await chair.get(base);
  t.notOk(now.body.includes('Take the whole suggestion'), 'no suggestion left to take');
  t.notOk(now.body.includes('Take it for this session'));
  const again = await chair.post(`${base}/suggestion`, { sessionId: s.april });
  t.equal(again.headers.location, `${base}?notice=nothingTaken#grid`);
  const told = await chair.get(`${base}?notice=nothingTaken`);
  t.ok(textOf(told.body).includes('The suggestion would change nothing: the line-ups are as they were.'));
  t.equal(test.app.db.select().from(roleAssignments).all().length, 1);
});

t.test('the grid does not offer a session’s role again to the person who declined it there', async (t) => {
  const { test, s } = await seeded(t);
  const { web: chair, base } = seriesChairOnPages(test.app, s.seriesId);
  await chair.get(base);
  const assigned = await chair.post(`${base}/sessions/${s.april}/assign`, {
    role: 'discussant',
    email: 'jean@example.org',
  });
  t.equal(assigned.statusCode, 303);
  const grid = async () => /<table class="lineup-grid">[\s\S]*?<\/table>/.exec((await chair.get(base)).body)?.[0] ?? '';
  t.ok(textOf(await grid()).includes('Jean Mugabo not yet invited'));
  test.app.db.update(roleAssignments).set({ status: 'declined' }).run();
  const after = textOf(await grid());
  t.ok(after.includes('Jean Mugabo declined'), 'the decline is shown');
  t.notOk(after.includes('Jean Mugabo (Rwanda), 1st choice'), 'and Jean is not offered the place again');
  t.notOk(after.includes('Suggested: Rwanda (Jean Mugabo)'));
});

t.test('the chair’s grid: who wants each role, the suggestion highlighted, one click to assign', async (t) => {
  const { test, s, jean } = await seeded(t);
  const { web: chair, base } = seriesChairOnPages(test.app, s.seriesId);
  // Lucía (Argentina, the focal country of April) would also be discussant there.
  addInterestedPerson(
    test,
    s,
    { email: 'lucia@example.org', name: 'Lucía Gómez', country: 'AR' },
    { roles: ['discussant'], sessions: [s.april] },
  );
  const page = await chair.get(base);
  t.equal(page.statusCode, 200);
  t.same(unlabelled(page.body), [], 'every field is labelled');
  const april = /<tr>\s*<th scope="row">([^<]*)/.exec(page.body)?.[1] ?? '';
  const rowOf = (html: string) =>
    textOf(
      (/<table class="lineup-grid">[\s\S]*?<\/table>/.exec(html)?.[0] ?? '')
        .split('<tr>')
        .find((row) => row.trimStart().startsWith(`<th scope="row">${april}`)) ?? '',
    );
  const before = rowOf(page.body);
  t.match(before, /Suggested: Rwanda \(Jean Mugabo\)/, 'what the suggestion would change, highlighted');
  t.match(page.body, /<mark>Suggested: Rwanda \(Jean Mugabo\)<\/mark>/);
  t.match(before, /Jean Mugabo \(Rwanda\), 1st choice/);
  t.match(before, /Lucía Gómez \(Argentina\), 1st choice/);

  const assigned = await chair.post(`${base}/sessions/${s.april}/assign`, {
    role: 'discussant',
    email: 'jean@example.org',
  });
  t.equal(assigned.statusCode, 303);
  t.equal(assigned.headers.location, `${base}?notice=assigned#grid`);
  const rows = test.app.db.select().from(roleAssignments).all();
  t.same(
    rows.map((r) => [r.sessionId, r.role, r.personId, r.status]),
    [[s.april, 'discussant', jean, 'assigned']],
  );
  const after = rowOf((await chair.get(`${base}?notice=assigned`)).body);
  t.match(after, /Rwanda Jean Mugabo not yet invited/, 'the holder and their reply in the cell');
  t.notMatch(after, /Suggested: Rwanda/, 'nothing left for the suggestion to change there');

  // The line-up rules hold: Argentina cannot be focal and discussant in one session.
  const refused = await chair.post(`${base}/sessions/${s.april}/assign`, {
    role: 'discussant',
    email: 'lucia@example.org',
  });
  t.equal(refused.statusCode, 409);
  t.match(textOf(refused.body), /Argentina cannot be both the focal and the discussant country of a session/);
  t.same(
    test.app.db
      .select()
      .from(roleAssignments)
      .all()
      .map((r) => r.role),
    ['discussant'],
    'nothing changed',
  );
  const stranger = await chair.post(`${base}/sessions/${s.april}/assign`, { role: 'chair', email: 'no@example.org' });
  t.equal(stranger.statusCode, 400);
  const practitioner = new WebClient(test.app);
  practitioner.signInAs('jean@example.org');
  await practitioner.get('/me');
  const forbidden = await practitioner.post(`${base}/sessions/${s.april}/assign`, {
    role: 'chair',
    email: 'jean@example.org',
  });
  t.equal(forbidden.statusCode, 403);
});

t.test('a chair edits the series and plans sessions', async (t) => {
  const { test, s } = await seeded(t);
  const { web: chair, base } = seriesChairOnPages(test.app, s.seriesId);
  const settings = await chair.get(`${base}/settings`);
  t.same(unlabelled(settings.body), [], 'every field is labelled');
  t.match(settings.body, /<input type="date" id="deadline" name="deadline" value="2027-03-15">/);
  const bad = await chair.post(`${base}/settings`, { title: '', timezone: 'Nowhere/City', deadline: '2027-02-30' });
  t.equal(bad.statusCode, 400);
  t.match(textOf(bad.body), /Give a title\./);
  // The rules of PATCH /api/series/:id, each beside its field.
  const errorsOf = (body: string) =>
    [...body.matchAll(/<span class="error" id="([a-zA-Z]+)-error">([^<]*)<\/span>/g)].map((m) => [m[1], m[2]]);
  const long = await chair.post(`${base}/settings`, {
    title: 'T'.repeat(201),
    description: 'd'.repeat(4001),
    timezone: 'Africa/Kigali',
    deadline: '2027-03-20',
  });
  t.equal(long.statusCode, 400);
  t.same(errorsOf(long.body), [
    ['title', 'This is too long: at most 200 characters.'],
    ['description', 'This is too long: at most 4000 characters.'],
  ]);
  t.ok(long.body.includes(`value="${'T'.repeat(201)}"`), 'the title typed stays');
  const zone = await chair.post(`${base}/settings`, { title: 'Governance', timezone: 'Nowhere/City' });
  t.same(
    [zone.statusCode, errorsOf(zone.body)],
    [400, [['timezone', 'This is not a time zone we know: use a name such as Africa/Kigali.']]],
  );
  const date = await chair.post(`${base}/settings`, {
    title: 'Governance',
    timezone: 'Africa/Kigali',
    deadline: '2027-02-30',
  });
  t.equal(date.statusCode, 400);
  t.same(
    errorsOf(date.body).map(([field]) => field),
    ['deadline'],
  );
  const ok = await chair.post(`${base}/settings`, {
    title: 'Governance, year two',
    description: '',
    timezone: 'Africa/Kigali',
    deadline: '2027-03-20',
  });
  t.equal(ok.statusCode, 303);
  const api = json(await test.app.inject({ url: `/api/series/${s.seriesId}` }));
  t.equal(api.title, 'Governance, year two');
  t.equal(api.interestDeadline, '2027-03-20T21:59:59.999Z');

  const badPlan = await chair.post(`${base}/plan`, {
    ...PLAN_FORM,
    firstMonth: '2028-13',
    titles: 'Only one',
  });
  t.equal(badPlan.statusCode, 400);
  t.match(textOf(badPlan.body), /Give one title per session \(2\), or none\./);
  const plan = await chair.post(`${base}/plan`, {
    ...PLAN_FORM,
    firstMonth: '2028-01',
    titles: '',
  });
  t.equal(plan.statusCode, 303);
  const programme = json(await test.app.inject({ url: `/api/series/${s.seriesId}` }));
  const planned = programme.sessions.filter((x: { title: string }) => /^Session \d$/.test(x.title));
  t.same(
    planned.map((x: { startsAt: string }) => x.startsAt),
    ['2028-01-26T12:00:00.000Z', '2028-04-26T12:00:00.000Z'],
    "the last Wednesdays at 14:00 in the series' zone",
  );
  const one = await chair.post(`${base}/sessions`, { sessionTitle: 'Reserve topic', alternate: 'on' });
  t.equal(one.statusCode, 303);
});

t.test('a convener manages the workstream’s members', async (t) => {
  const { test, s, jean } = await seeded(t);
  addInterest(test.app.db, test.clock, {
    seriesId: s.seriesId,
    personId: addPerson(test.app.db, test.clock, { email: 'm@example.org', name: 'Member' }),
    country: 'KE',
    roles: [],
    sessions: [],
    workstreams: [{ id: s.workstreamId, asConvener: false }],
  });
  const convener = new WebClient(test.app);
  convener.signInAs('jean@example.org');
  const url = `/workstreams/${s.workstreamId}/manage`;
  t.equal((await convener.get(url)).statusCode, 403, 'not yet the convener');
  await appointConvener(test, s, { email: 'jean@example.org' });
  const page = await convener.get(url);
  t.equal(page.statusCode, 200);
  t.match(textOf(page.body), /Member <m@example.org>/);
  const member = findPersonByEmail(test.app.db, 'm@example.org');
  const removed = await convener.post(`${url}/members`, { personId: member?.id ?? '', action: 'remove' });
  t.equal(removed.statusCode, 303);
  t.match(textOf((await convener.get(url)).body), /retiré·e par l’animation/);
  void jean;
});

t.test('every page is light: under 30 KB over the wire with its stylesheet, as a browser fetches them', async (t) => {
  const { test, s } = await seeded(t);
  const client = new WebClient(test.app);
  client.signInAs(CHAIR);
  const browser = { 'accept-encoding': 'gzip, deflate, br' };
  const css = await client.get('/assets/site.css', browser);
  t.equal(css.statusCode, 200);
  t.match(css.headers['cache-control'], /max-age=31536000/);
  t.match(css.headers['cache-control'], /immutable/);
  for (const path of [
    '/',
    `/series/${s.seriesId}`,
    '/signin',
    '/rotation',
    '/me',
    `/series/${s.seriesId}/interest`,
    `/series/${s.seriesId}/manage`,
    `/series/${s.seriesId}/manage/settings`,
    `/series/${s.seriesId}/manage/interests`,
    `/series/${s.seriesId}/manage/sessions/${s.april}`,
  ]) {
    const res = await client.get(path, browser);
    t.equal(res.headers['content-encoding'], 'br', `${path} is compressed`);
    const bytes = res.rawPayload.length + css.rawPayload.length;
    t.ok(bytes < 30 * 1024, `${path}: ${bytes} bytes with the stylesheet`);
  }
});

t.test('the manage page says why places stay open and people have none, in the reader’s language', async (t) => {
  const { test, s } = await seeded(t);
  // Argentina is April's focal country: Ana, who asked to be focal in June only, cannot be.
  addInterestedPerson(
    test,
    s,
    { email: 'ana@example.org', name: 'Ana Pérez', country: 'AR' },
    { roles: ['focal'], sessions: [s.june] },
  );
  const april = 'Governance for SP: implementing RBF in a decentralized setting';
  const chair = new WebClient(test.app);
  chair.headers['accept-language'] = 'fr';
  chair.signInAs(CHAIR);
  const res = await chair.get(`/series/${s.seriesId}/manage`);
  t.equal(res.statusCode, 200);
  const text = textOf(res.body);
  const reasons = [...res.body.matchAll(/<tr class="open-reasons">[\s\S]*?<\/tr>/g)].map((m) =>
    [...m[0].matchAll(/<li>([^<]*)<\/li>/g)].map((li) => textOf(li[1]!)),
  );
  t.same(
    reasons[1],
    [
      `pas de pays focal : aucune des personnes qui l’ont demandée n’est libre — Ana Pérez (Argentine, déjà pays focal de « ${april} »)`,
      'pas de pays discutant : personne parmi celles et ceux qui ont choisi cette session n’a demandé le rôle de pays discutant',
      'pas de présidence de séance : personne parmi celles et ceux qui ont choisi cette session n’a demandé le rôle de présidence de séance',
      '2 places de co-rédaction du billet de blog libres : personne parmi celles et ceux qui ont choisi cette session n’a demandé le rôle de co-rédaction du billet de blog',
    ],
    'under June’s row, each open place with why, the other session by its title and the country in French',
  );
  t.match(text, `Ana Pérez : Argentine est déjà pays focal de « ${april} »`, 'why Ana has no place');
  for (const english of ['Nobody who', 'nobody who', 'already the focal country', 'is free', 'Argentina'])
    t.notOk(text.includes(english), `no English: “${english}”`);

  // Once the chair names June's focal country, that place is no longer said to be open.
  t.equal((await setLineup(test, s.june, { focal: { country: 'BR' } })).statusCode, 200);
  const after = await chair.get(`/series/${s.seriesId}/manage`);
  const juneReasons = [...after.body.matchAll(/<tr class="open-reasons">[\s\S]*?<\/tr>/g)].map((m) =>
    [...m[0].matchAll(/<li>([^<]*)<\/li>/g)].map((li) => textOf(li[1]!).split(' : ')[0]),
  )[1];
  t.same(juneReasons, [
    'pas de pays discutant',
    'pas de présidence de séance',
    '2 places de co-rédaction du billet de blog libres',
  ]);
});
