// The series-level chairs' and administrators' pages, through app.inject: opening a series,
// keeping its chairs; each effect read back through the API.
import { eq } from 'drizzle-orm';
import t from 'tap';
import { outbox } from '../../db/schema.js';
import { en } from '../../src/i18n/en.js';
import { type OutboxRow, renderMessage } from '../../src/mail/render.js';
import { ADMIN, build, CHAIR, createSeries, grantExtension, json, setLineup } from '../helper.js';
import { seedSeries } from '../mail/helper.js';
import { multipartForm, PLAN_FORM, seriesChairOnPages, textOf, WebClient } from './helper.js';

const NOW = '2027-02-01T09:00:00Z';

t.test('an administrator opens a series from the page, naming its chairs', async (t) => {
  const test = await build(t, { now: NOW });
  const web = new WebClient(test.app);
  web.signInAs(ADMIN, { admin: true });
  const form = await web.get('/series/new');
  t.equal(form.statusCode, 200);
  t.ok(form.body.includes('<optgroup label="Rwanda"><option value="Africa/Kigali">Rwanda – Kigali</option>'));

  t.ok(form.body.includes('<textarea id="chairs" name="chairs" required></textarea>'), 'nobody is a chair unasked');

  const fields = { title: 'Purchasing for UHC', timezone: 'Africa/Kigali', deadline: '2027-03-15' };
  const refused = await web.post('/series/new', { ...fields, chairs: 'ana@example.org, Ana\n\nnot-an-address, Bo' });
  t.equal(refused.statusCode, 400);
  t.ok(
    textOf(refused.body).includes('Line 3: “not-an-address” is not an email address.'),
    'the line to correct is named, counted as typed',
  );
  t.ok(refused.body.includes('value="Purchasing for UHC"'), 'the title typed is kept');
  t.ok(refused.body.includes('<option value="Africa/Kigali" selected>'), 'the zone chosen is kept');
  t.ok(refused.body.includes('not-an-address, Bo</textarea>'), 'the chairs typed are kept');
  const twice = await web.post('/series/new', { ...fields, chairs: 'ana@example.org\nAna@Example.org, Ana' });
  t.ok(textOf(twice.body).includes('ana@example.org is on more than one line: name each chair once.'));
  const none = await web.post('/series/new', { ...fields, chairs: ' \n ' });
  t.equal(none.statusCode, 400);
  t.ok(textOf(none.body).includes('Name at least one chair: the person who will run the series'));
  const many = await web.post('/series/new', {
    ...fields,
    chairs: Array.from({ length: 21 }, (_, i) => `chair${i}@example.org`).join('\n'),
  });
  t.ok(textOf(many.body).includes('A series has at most 20 chairs.'));
  t.equal(json(await test.app.inject({ url: '/api/series' })).length, 0, 'no series was opened by a refusal');

  const created = await web.post('/series/new', {
    title: 'Purchasing for UHC',
    timezone: 'Africa/Kigali',
    deadline: '2027-03-15',
    chairs: 'ana@example.org, Ana Gómez\nkwame@example.org',
  });
  t.equal(created.statusCode, 303);
  const id = /\/series\/([^/]+)\/manage\/settings\?notice=created$/.exec(created.headers.location ?? '')?.[1];
  t.ok(id, String(created.headers.location));
  const series = json(await test.app.inject({ url: `/api/series/${id}`, headers: test.as(ADMIN, { admin: true }) }));
  t.same(
    { title: series.title, timezone: series.timezone, deadline: series.interestDeadline, chairs: series.chairs },
    {
      title: 'Purchasing for UHC',
      timezone: 'Africa/Kigali',
      deadline: '2027-03-15T21:59:59.999Z',
      chairs: [
        { name: 'Ana Gómez', email: 'ana@example.org' },
        { name: 'kwame', email: 'kwame@example.org' },
      ],
    },
  );
  const settings = await web.get(created.headers.location as string);
  t.ok(textOf(settings.body).includes('The series is open. Plan its sessions below, then send the call.'));
});

t.test('only an administrator opens a series', async (t) => {
  const test = await build(t, { now: NOW });
  const web = new WebClient(test.app);
  web.signInAs('someone@example.org');
  const res = await web.get('/series/new');
  t.equal(res.statusCode, 403);
  t.ok(textOf(res.body).includes('Only an administrator may open a new series.'));
  const post = await web.post('/series/new', { title: 'x', timezone: 'UTC', chairs: 'a@example.org' });
  t.equal(post.statusCode, 403);
});

t.test('a chair adds and removes chairs; the last one stays', async (t) => {
  const test = await build(t, { now: NOW });
  const series = await createSeries(test);
  const { web, base } = seriesChairOnPages(test.app, series.id);
  await web.get(`${base}/settings`);
  const added = await web.post(`${base}/chairs`, { email: 'Marie@Example.org', name: 'Marie Dupont' });
  t.equal(added.headers.location, `${base}/settings?notice=chairAdded#chairs`);
  const emails = async () =>
    json(
      await test.app.inject({ url: `/api/series/${series.id}`, headers: test.as(ADMIN, { admin: true }) }),
    ).chairs.map((c: { email: string }) => c.email);
  t.same(await emails(), [CHAIR, 'marie@example.org']);
  const removed = await web.post(`${base}/chairs/remove`, { email: CHAIR });
  t.equal(removed.headers.location, `${base}/settings?notice=chairRemoved#chairs`);
  t.same(await emails(), ['marie@example.org']);
  // The one who left is no chair any more.
  t.equal((await web.get(`${base}/settings`)).statusCode, 403);
  const marie = new WebClient(test.app);
  marie.signInAs('marie@example.org');
  await marie.get(`${base}/settings`);
  const last = await marie.post(`${base}/chairs/remove`, { email: 'marie@example.org' });
  t.equal(last.statusCode, 409);
  t.ok(textOf(last.body).includes('A series keeps at least one chair'));
  t.same(await emails(), ['marie@example.org']);
});

t.test('a chair cannot add a 21st chair from the page, as the API refuses one', async (t) => {
  const test = await build(t, { now: NOW });
  const twenty = Array.from({ length: 20 }, (_, i) => ({ email: i === 0 ? CHAIR : `chair${i}@example.org` }));
  const series = await createSeries(test, { chairs: twenty });
  const { web, base } = seriesChairOnPages(test.app, series.id);
  await web.get(`${base}/settings`);
  const more = await web.post(`${base}/chairs`, { email: 'one.more@example.org' });
  t.equal(more.statusCode, 409);
  t.ok(textOf(more.body).includes('A series has at most 20 chairs.'));
  const again = await web.post(`${base}/chairs`, { email: 'chair5@example.org', name: 'Renamed' });
  t.equal(again.statusCode, 303, 'naming one of the twenty again is no 21st');
  const chairs = json(
    await test.app.inject({ url: `/api/series/${series.id}`, headers: test.as(ADMIN, { admin: true }) }),
  ).chairs;
  t.equal(chairs.length, 20);
  t.equal(
    chairs.some((c: { email: string }) => c.email === 'one.more@example.org'),
    false,
  );
});

t.test('an unknown page is the HTML 404 page; an unknown API address stays JSON', async (t) => {
  const test = await build(t, { now: NOW });
  const page = await test.app.inject({ url: '/no/such/page', headers: { 'accept-language': 'fr' } });
  t.equal(page.statusCode, 404);
  t.match(page.headers['content-type'], /^text\/html/);
  t.ok(textOf(page.body).includes('Il n’y a rien à cette adresse'), textOf(page.body));
  const api = await test.app.inject({ url: '/api/no-such-thing' });
  t.equal(api.statusCode, 404);
  t.same(json(api).error, 'not_found');
});

t.test('pages go out compressed to a browser that asks', async (t) => {
  const test = await build(t, { now: NOW });
  const web = new WebClient(test.app);
  web.signInAs(ADMIN, { admin: true });
  const plain = await web.get('/series/new');
  const packed = await web.get('/series/new', { 'accept-encoding': 'br, gzip' });
  t.equal(packed.headers['content-encoding'], 'br');
  t.ok(
    packed.rawPayload.length * 4 < plain.rawPayload.length,
    `${packed.rawPayload.length} of ${plain.rawPayload.length}`,
  );
});

t.test(
  'a chair uploads the contact list, sends the call after seeing how many it goes to, and grants an extension',
  async (t) => {
    const test = await build(t, { now: NOW });
    const series = await createSeries(test);
    const { web, base } = seriesChairOnPages(test.app, series.id);
    const empty = textOf((await web.get(`${base}/contacts`)).body);
    t.ok(empty.includes('There are no contacts yet: import them below, and the call can go to them.'), empty);
    t.notOk(empty.includes('Every contact has been sent the call'), 'not "every contact" when there is none');
    t.ok(
      textOf((await web.get(`${base}/call`)).body).includes(
        'There is nobody to send the call to yet: import the contacts first. Back to the contacts',
      ),
    );
    const upload = async (fields: Record<string, string>, file?: { name: string; content: string }) => {
      const form = multipartForm({ _csrf: web.csrf, ...fields }, file);
      return test.app.inject({
        method: 'POST',
        url: `${base}/contacts`,
        payload: form.payload,
        headers: { 'content-type': form.type, cookie: [...web.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
    };

    const wrong = await upload(
      {},
      { name: 'list.csv', content: 'email,name,country\nana@example.org,Ana,AR\nnope,Bad,XX\n' },
    );
    t.equal(wrong.statusCode, 400);
    t.same(
      [...wrong.body.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]?.replace(/&#34;|&quot;/g, '"')),
      [
        'Row 3: “nope” is not an email address.',
        'Row 3: “XX” is neither a country code such as AR nor a country’s English name.',
      ],
    );
    const none = json(await test.app.inject({ url: `/api/series/${series.id}/contacts`, headers: test.as(CHAIR) }));
    t.same(none, [], 'nothing was imported');

    const fine = await upload(
      {},
      {
        name: 'list.csv',
        content: 'email,name,country,language\nana@example.org,Ana,AR,es\nkwame@example.org,Kwame,GH,en\n',
      },
    );
    t.equal(fine.statusCode, 303);
    t.equal(fine.headers.location, `${base}/contacts?notice=imported&n=2&m=0`);
    // Rows copied from a spreadsheet arrive tab-separated.
    const pasted = await upload({ pasted: 'email\tname\tcountry\njean@example.org\tJean\tRW' });
    t.equal(pasted.headers.location, `${base}/contacts?notice=imported&n=1&m=0`);
    const list = await web.get(`${base}/contacts?notice=imported&n=1&m=0`);
    t.ok(textOf(list.body).includes('The list was imported: 1 new, 0 updated.'));
    t.ok(textOf(list.body).includes('3 contacts · call sent to 0 · answers: 0'));

    const confirm = await web.get(`${base}/call`);
    t.ok(textOf(confirm.body).includes('The call will go to 3 contacts, each in their language'));
    const sent = await web.post(`${base}/call`);
    t.equal(sent.headers.location, `${base}/contacts?notice=callSent&n=3`);
    const after = json(await test.app.inject({ url: `/api/series/${series.id}/contacts`, headers: test.as(CHAIR) }));
    t.same(
      after.map((c: { email: string; callSentAt: string | null }) => [c.email, c.callSentAt]),
      [
        ['ana@example.org', NOW.replace('Z', '.000Z')],
        ['kwame@example.org', NOW.replace('Z', '.000Z')],
        ['jean@example.org', NOW.replace('Z', '.000Z')],
      ],
    );
    const again = await web.get(`${base}/call`);
    t.ok(textOf(again.body).includes('Every contact has been sent the call.'));

    await web.get(`${base}/extensions`);
    const badDate = await web.post(`${base}/extensions`, { email: 'late@example.org', until: '31/03/2027' });
    t.equal(badDate.statusCode, 400);
    t.ok(badDate.body.includes('value="late@example.org"'), 'the address typed is kept');
    const early = await web.post(`${base}/extensions`, { email: 'late@example.org', until: '2027-03-10' });
    t.equal(early.statusCode, 409);
    t.ok(
      textOf(early.body).includes(
        'The extension must end after the series’ deadline (Monday 15 March 2027, 23:59 (Africa/Nairobi) · 20:59 UTC): give a later day.',
      ),
      textOf(early.body),
    );
    t.ok(early.body.includes('value="2027-03-10"'), 'the day typed is kept');
    const granted = await web.post(`${base}/extensions`, { email: 'late@example.org', until: '2027-03-31' });
    t.equal(granted.headers.location, `${base}/extensions?notice=granted`);
    const extensions = json(
      await test.app.inject({ url: `/api/series/${series.id}/extensions`, headers: test.as(CHAIR) }),
    );
    t.same(
      extensions.map((x: { email: string; until: string }) => [x.email, x.until]),
      [['late@example.org', '2027-03-31T20:59:59.999Z']],
    );
    const page = await web.get(`${base}/extensions`);
    t.ok(textOf(page.body).includes('late@example.org'));
    const revoked = await web.post(`${base}/extensions/revoke`, { personId: extensions[0].personId });
    t.equal(revoked.headers.location, `${base}/extensions?notice=revoked`);
    t.same(json(await test.app.inject({ url: `/api/series/${series.id}/extensions`, headers: test.as(CHAIR) })), []);
    const twice = await web.post(`${base}/extensions/revoke`, { personId: extensions[0].personId });
    t.equal(twice.statusCode, 404);
  },
);

t.test('the call waits for a deadline still ahead', async (t) => {
  const test = await build(t, { now: '2027-04-01T09:00:00Z' });
  const series = await createSeries(test);
  const { web, base } = seriesChairOnPages(test.app, series.id);
  const page = await web.get(`${base}/call`);
  t.ok(textOf(page.body).includes('The deadline has passed: move it before sending the call.'));
  const post = await web.post(`${base}/call`);
  t.equal(post.statusCode, 409);
  const practitioner = new WebClient(test.app);
  practitioner.signInAs('someone@example.org');
  t.equal((await practitioner.get(`${base}/contacts`)).statusCode, 403);
});

t.test('the audit log and the emails of a series, for its chairs', async (t) => {
  const test = await build(t, { now: NOW });
  const series = await createSeries(test);
  for (let i = 0; i < 52; i++) {
    await test.app.inject({
      method: 'PATCH',
      url: `/api/series/${series.id}`,
      headers: test.as(CHAIR),
      payload: { description: `Version ${i}` },
    });
  }
  const web = new WebClient(test.app);
  web.signInAs(CHAIR, { name: 'Chair Person' });
  const base = `/series/${series.id}/manage`;
  const first = await web.get(`${base}/audit`);
  t.equal(first.statusCode, 200);
  t.ok(textOf(first.body).includes('53 entries · page 1 of 2, newest first'));
  t.equal([...first.body.matchAll(/<tr><td>/g)].length, 50);
  const newest = /<tbody><tr>(.*?)<\/tr>/s.exec(first.body)?.[1] ?? '';
  t.same(
    [...newest.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]),
    ['1 Feb 2027, 12:00', 'Chair Person', 'changed the series’ details or chairs', ''],
  );
  t.ok(first.body.includes(`href="${base}/audit?page=2"`));
  const second = await web.get(`${base}/audit?page=2`);
  t.equal([...second.body.matchAll(/<tr><td>/g)].length, 3);
  t.ok(textOf(second.body).includes('opened the series'));
  t.equal((await web.get(`${base}/audit?page=3`)).statusCode, 404);
  t.equal((await web.get(`${base}/audit?page=x`)).statusCode, 400);
  const api = json(await test.app.inject({ url: `/api/series/${series.id}/audit?page=2`, headers: test.as(CHAIR) }));
  t.same(
    { page: api.page, pages: api.pages, total: api.total, last: api.entries.at(-1).action },
    { page: 2, pages: 2, total: 53, last: 'series.create' },
  );
  await grantExtension(test, series.id, { email: 'late@example.org', until: '2027-03-31' });
  const extended = /<tbody><tr>(.*?)<\/tr>/s.exec((await web.get(`${base}/audit`)).body)?.[1] ?? '';
  t.same(
    [...extended.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1]),
    ['1 Feb 2027, 12:00', 'Chair Person', 'granted a deadline extension', 'late@example.org'],
    'an extension names whom it lets in',
  );

  await test.app.inject({
    method: 'POST',
    url: `/api/series/${series.id}/contacts`,
    headers: test.as(CHAIR),
    payload: { contacts: [{ email: 'ana@example.org', name: 'Ana' }] },
  });
  await test.app.inject({ method: 'POST', url: `/api/series/${series.id}/call`, headers: test.as(CHAIR) });
  const emails = await web.get(`${base}/outbox`);
  t.equal(emails.statusCode, 200);
  const row = /<tbody><tr>(.*?)<\/tr>/s.exec(emails.body)?.[1] ?? '';
  t.same(
    [...row.matchAll(/<td>(.*?)<\/td>/gs)].map((m) =>
      textOf(m[1] ?? '')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
    [
      'ana@example.org',
      'Call for expressions of interest: Governance for strategic purchasing (reply by 15 March, 23:59 Africa/Nairobi)',
      'waiting to be sent',
      '1 Feb 2027, 12:00',
    ],
  );
  const practitioner = new WebClient(test.app);
  practitioner.signInAs('someone@example.org');
  t.equal((await practitioner.get(`${base}/audit`)).statusCode, 403);
  t.equal((await practitioner.get(`${base}/outbox`)).statusCode, 403);
});

t.test('my page links to what I run, and keeps my API tokens', async (t) => {
  const test = await build(t, { now: NOW });
  const series = await createSeries(test);
  const web = new WebClient(test.app);
  web.signInAs(CHAIR);
  const me = await web.get('/me');
  t.ok(me.body.includes(`<a href="/series/${series.id}/manage">Manage “Governance for strategic purchasing”</a>`));
  t.notOk(me.body.includes('href="/series/new"'), 'only administrators are offered a new series');

  const created = await web.post('/me/tokens', { label: 'registration spreadsheet' });
  t.equal(created.headers.location, '/me?notice=tokenCreated#tokens');
  const shown = await web.get('/me?notice=tokenCreated');
  const token = /id="newToken" readonly value="([^"]+)"/.exec(shown.body)?.[1] ?? '';
  t.ok(token.length > 20, 'the new token is shown once');
  const api = await test.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
  t.equal(json(api).email, CHAIR, 'and it works');
  const again = await web.get('/me');
  t.notOk(again.body.includes('id="newToken"'), 'a reload does not show it again');
  const revokeLink = /href="(\/me\/tokens\/[^/]+\/revoke)"/.exec(again.body)?.[1] ?? '';
  const confirm = await web.get(revokeLink);
  t.ok(
    textOf(confirm.body).includes('Once “registration spreadsheet” is revoked, every tool that uses it stops working'),
  );
  const revoked = await web.post(revokeLink);
  t.equal(revoked.headers.location, '/me?notice=tokenRevoked#tokens');
  const refused = await test.app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } });
  t.equal(refused.statusCode, 401);
  t.equal((await web.post(revokeLink)).statusCode, 404);
  const other = new WebClient(test.app);
  other.signInAs('someone@example.org');
  t.equal((await other.get(revokeLink)).statusCode, 404, "nobody sees another person's token");
});

t.test('a chair opens a workstream and appoints its convener, who is told', async (t) => {
  const test = await build(t, { now: NOW });
  const series = await createSeries(test);
  const { web, base } = seriesChairOnPages(test.app, series.id);
  await web.get(`${base}/workstreams`);
  const blank = await web.post(`${base}/workstreams`, { title: '   ', description: 'About citizens' });
  t.equal(blank.statusCode, 400);
  const opened = await web.post(`${base}/workstreams`, { title: 'Citizen participation', description: '' });
  t.equal(opened.headers.location, `${base}/workstreams?notice=created`);
  const [stream] = json(await test.app.inject({ url: `/api/series/${series.id}` })).workstreams;
  t.equal(stream.title, 'Citizen participation');

  const notChair = await web.post(`${base}/workstreams/${stream.id}/convener`, {
    email: 'amara@example.org',
    name: 'Amara Okafor',
    supporting: 'someone@example.org',
  });
  t.equal(notChair.statusCode, 409);
  t.ok(textOf(notChair.body).includes('someone@example.org is not a chair of this series'));
  t.ok(notChair.body.includes('value="amara@example.org"'), 'what was typed is kept');
  const appointed = await web.post(`${base}/workstreams/${stream.id}/convener`, {
    email: 'amara@example.org',
    name: 'Amara Okafor',
    supporting: CHAIR,
  });
  t.equal(appointed.headers.location, `${base}/workstreams?notice=appointed`);
  const view = json(await test.app.inject({ url: `/api/workstreams/${stream.id}`, headers: test.as(CHAIR) }));
  t.same([view.convener.name, view.supportingChair.name], ['Amara Okafor', 'Chair Person']);
  const told = test.app.db.select().from(outbox).where(eq(outbox.kind, 'convener_appointed')).all();
  t.same(
    told.map((r) => r.toEmail),
    ['amara@example.org'],
  );
  const message = renderMessage(told[0] as OutboxRow, { db: test.app.db, config: test.app.config });
  t.equal(message.subject, 'You convene the workstream “Citizen participation”');
  t.ok(message.text.includes(`/workstreams/${stream.id}/manage`));
  // Appointed again (the same person): no second email.
  await web.post(`${base}/workstreams/${stream.id}/convener`, { email: 'amara@example.org', supporting: CHAIR });
  t.equal(test.app.db.select().from(outbox).where(eq(outbox.kind, 'convener_appointed')).all().length, 1);
  t.equal(test.app.db.select().from(outbox).where(eq(outbox.kind, 'convener_replaced')).all().length, 0);

  // Someone else takes over: they are told, and so is the convener until now.
  test.clock.advance(1000);
  await web.post(`${base}/workstreams/${stream.id}/convener`, {
    email: 'kwame@example.org',
    name: 'Kwame Mensah',
    supporting: CHAIR,
  });
  const byKind = (kind: string) =>
    test.app.db
      .select()
      .from(outbox)
      .where(eq(outbox.kind, kind))
      .all()
      .map((r) => r.toEmail);
  t.same(byKind('convener_appointed'), ['amara@example.org', 'kwame@example.org']);
  t.same(byKind('convener_replaced'), ['amara@example.org']);
  const [replacedRow] = test.app.db.select().from(outbox).where(eq(outbox.kind, 'convener_replaced')).all();
  const farewell = renderMessage(replacedRow as OutboxRow, { db: test.app.db, config: test.app.config });
  t.equal(farewell.subject, 'You no longer convene the workstream “Citizen participation”');
  t.ok(farewell.text.includes('Convened from now on by: Kwame Mensah'), farewell.text);
  t.notOk(farewell.text.includes('/manage'), 'no link to a page that is no longer theirs');
  // Amara convenes it again before the message went out: it is not sent.
  await web.post(`${base}/workstreams/${stream.id}/convener`, { email: 'amara@example.org', supporting: CHAIR });
  t.throws(() => renderMessage(replacedRow as OutboxRow, { db: test.app.db, config: test.app.config }), {
    name: 'Undeliverable',
    reason: 'changed',
  });
});

t.test('a chair sends the invitations of the whole series after seeing who gets what', async (t) => {
  const test = await build(t, { now: NOW });
  const s = await seedSeries(test);
  for (const [session, email] of [
    [s.april, 'ana@example.org'],
    [s.june, 'kwame@example.org'],
  ] as const) {
    await setLineup(test, session, { chair: { email, country: 'GH' } });
  }
  const { web, base } = seriesChairOnPages(test.app, s.seriesId);
  const manage = await web.get(base);
  t.ok(textOf(manage.body).includes('Send the invitations for the whole series (2 emails)'));
  const firstHeading = manage.body.indexOf('<h2');
  t.ok(
    manage.body.indexOf(`<a class="button" href="${base}/invitations">`) > 0 &&
      manage.body.indexOf(`<a class="button" href="${base}/invitations">`) < firstHeading,
    'the whole-series invitations are offered at the top of the page, before any table',
  );
  const plan = await web.get(`${base}/invitations`);
  t.same(
    [...plan.body.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]?.replace(/&lt;/g, '<').replace(/&gt;/g, '>')),
    ['ana <ana@example.org> — chair — first invitation', 'kwame <kwame@example.org> — chair — first invitation'],
  );
  t.ok(plan.body.includes('>Send the 2 emails</button>'));
  const sent = await web.post(`${base}/invitations`);
  t.equal(sent.headers.location, `${base}?notice=invited&n=2`);
  const kinds = test.app.db
    .select()
    .from(outbox)
    .all()
    .map((r) => [r.kind, r.toEmail]);
  t.same(kinds, [
    ['invitation', 'ana@example.org'],
    ['invitation', 'kwame@example.org'],
  ]);
  const after = await web.get(base);
  t.notOk(textOf(after.body).includes('whole series'), 'nothing left to send: no button');
  t.notOk(after.body.includes('/invite"'), 'nor per session');
  const empty = await web.get(`${base}/invitations`);
  t.ok(textOf(empty.body).includes('Nobody is waiting for an invitation or an update'));

  await test.app.inject({ method: 'PATCH', url: '/api/me', headers: test.as(CHAIR), payload: { language: 'fr' } });
  const french = await web.get(base);
  t.same(
    [...french.body.matchAll(/<li>([^<]*) &lt;ana@example.org&gt;/g)].map((m) => m[1]),
    ['présidence de séance\u00a0: ana'],
    'French sets a no-break space before the colon',
  );
});

t.test('the add-session and plan forms answer with the API rules, in words', async (t) => {
  const test = await build(t, { now: NOW });
  const series = await createSeries(test);
  const { web, base } = seriesChairOnPages(test.app, series.id);
  await web.get(`${base}/settings`);
  const add = (fields: Record<string, string>) =>
    web.post(`${base}/sessions`, { sessionTitle: 'RBF', sessionDuration: '90', ...fields });
  const errorOf = (html: string, field: string) =>
    new RegExp(`<span class="error" id="${field}-error">([^<]*)</span>`).exec(html)?.[1];
  t.equal(
    errorOf((await add({ sessionStartsAt: '1999-05-05T10:00' })).body, 'sessionStartsAt'),
    'Give a date between the years 2000 and 2100.',
  );
  t.equal(errorOf((await add({ sessionStartsAt: 'next tuesday' })).body, 'sessionStartsAt'), 'This date is not valid.');
  t.equal(
    errorOf((await add({ sessionStartsAt: '' })).body, 'sessionStartsAt'),
    'Give a date, or tick “alternate topic”.',
  );
  t.equal(
    errorOf((await add({ sessionStartsAt: '2026-05-05T10:00' })).body, 'sessionStartsAt'),
    'This time has already passed: choose one still ahead.',
  );
  t.equal(
    errorOf((await add({ sessionStartsAt: '2027-05-05T10:00', sessionDuration: '5' })).body, 'sessionDuration'),
    en['plan.error.duration'],
  );
  const added = await add({ sessionStartsAt: '2027-05-05T10:00' });
  t.equal(added.headers.location, `${base}/settings?notice=added`);

  const plan = (fields: Record<string, string>) =>
    web.post(`${base}/plan`, {
      ...PLAN_FORM,
      firstMonth: '2027-04',
      titles: '',
      ...fields,
    });
  t.equal(errorOf((await plan({ count: '30' })).body, 'count'), en['plan.error.count']);
  t.equal(
    errorOf((await plan({ titles: 'Only one' })).body, 'titles'),
    'Give one title per session: 2 titles.'.replace(/.*/, en['plan.error.titles'].replace('{n}', '2')),
  );
  t.equal(
    errorOf((await plan({ firstMonth: '2026-01' })).body, 'firstMonth'),
    'This time has already passed: choose one still ahead.'.replace(/.*/, en['plan.error.past']),
  );
  const planned = await plan({ titles: 'Governance\nHIS' });
  t.equal(planned.headers.location, `${base}/settings?notice=planned&n=2`);
  const titles = json(await test.app.inject({ url: `/api/series/${series.id}` })).sessions.map(
    (s: { title: string }) => s.title,
  );
  t.same(titles, ['Governance', 'RBF', 'HIS'], 'in date order: the plan starts on 28 April');
});
