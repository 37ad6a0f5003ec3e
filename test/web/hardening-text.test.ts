// The forms keep the text rule of the JSON API: a control character (or a line break in a field
// of one line) or broken Unicode is a 400 page that names the field; a title or name of only
// spaces, which anyone can type, brings the form back filled in as it was, with the reason beside
// the field. Nothing is saved.
import t from 'tap';
import { build, json, type TestApp } from '../helper.js';
import { CHAIR, type Seeded, seedSeries } from '../mail/helper.js';
import { PLAN_FORM, seriesChairOnPages, textOf, WebClient } from './helper.js';

const NOW = '2027-02-01T09:00:00Z';

async function chairOnSettings(
  t: Parameters<typeof build>[0],
): Promise<{ test: TestApp; s: Seeded; chair: WebClient; base: string }> {
  const test = await build(t, { now: NOW });
  const s = await seedSeries(test);
  const { web: chair, base } = seriesChairOnPages(test.app, s.seriesId);
  await chair.get(`${base}/settings`);
  return { test, s, chair, base };
}

const seriesOf = async (test: TestApp, id: string) => json(await test.app.inject({ url: `/api/series/${id}` }));

const badText = (field: string) =>
  `The field “${field}” holds a character that cannot be kept (a control character, or a line break where only one line fits). Please go back, correct it and send the form again.`;
const ONLY_SPACES = 'This field holds only spaces: fill it in, or leave it empty.';

/** The reason the form gives beside a field (its `<id>-error`). */
const fieldError = (html: string, id: string) =>
  new RegExp(`<span class="error" id="${id}-error">([^<]*)</span>`).exec(html)?.[1];
/** The value an input of the form holds. */
const inputValue = (html: string, id: string) =>
  new RegExp(`<input[^>]* id="${id}"[^>]* value="([^"]*)"`).exec(html)?.[1];

/** The sentence of the error page. */
const messageOf = (html: string) => /<main[^>]*>([\s\S]*)<\/main>/.exec(html)?.[1] ?? '';

t.test('the series settings: NUL in the description, a newline or an escape in the title', async (t) => {
  const { test, s, chair, base } = await chairOnSettings(t);
  const form = {
    title: 'Governance, year two',
    description: 'Fine.',
    timezone: 'Africa/Nairobi',
    deadline: '2027-03-15',
  };

  const nul = await chair.post(`${base}/settings`, { ...form, description: 'A year\u0000 of learning.' });
  t.equal(nul.statusCode, 400);
  t.ok(textOf(messageOf(nul.body)).includes(badText('Description')), 'the page names the description');

  const newline = await chair.post(`${base}/settings`, { ...form, title: 'Two\nlines' });
  t.equal(newline.statusCode, 400);
  t.ok(textOf(messageOf(newline.body)).includes(badText('Title')), 'the page names the title');

  const escaped = await chair.post(`${base}/settings`, { ...form, description: 'Red \u001B[31m text' });
  t.equal(escaped.statusCode, 400);
  t.ok(textOf(messageOf(escaped.body)).includes(badText('Description')));

  const verticalTab = await chair.post(`${base}/settings`, { ...form, description: 'a\u000Bb' });
  t.equal(verticalTab.statusCode, 400);

  const spaces = await chair.post(`${base}/settings`, { ...form, title: '   ' });
  t.equal(spaces.statusCode, 400);
  t.equal(fieldError(spaces.body, 'title'), 'Give a title.', 'the form says so beside the title');
  t.equal(inputValue(spaces.body, 'title'), '   ', 'the form holds what was typed');
  t.equal(inputValue(spaces.body, 'deadline'), '2027-03-15');
  t.match(spaces.body, /<textarea[^>]* id="description"[^>]*>Fine\.<\/textarea>/, 'what was typed stays');
  const inFrench = await chair.post(`${base}/settings`, { ...form, title: '   ' }, { 'accept-language': 'fr' });
  t.equal(fieldError(inFrench.body, 'title'), 'Indiquez un titre.', 'in the reader’s language');

  const stored = await seriesOf(test, s.seriesId);
  t.equal(stored.title, 'Governance for strategic purchasing');
  t.equal(stored.description, 'A year of peer learning on governance for strategic purchasing.');

  // Lines and tabs are free text's own.
  const ok = await chair.post(`${base}/settings`, { ...form, description: 'First line\r\nSecond\tline' });
  t.equal(ok.statusCode, 303);
  t.equal((await seriesOf(test, s.seriesId)).description, 'First line\r\nSecond\tline');
});

t.test('the bytes of a lone surrogate in a form never become one: they are kept as written', async (t) => {
  const { test, s, chair, base } = await chairOnSettings(t);
  // A browser cannot send a lone surrogate; a hand-made body can try (U+D800 as UTF-8 bytes).
  const body = `_csrf=${encodeURIComponent(chair.csrf)}&title=Purch%ED%A0%80asing&timezone=Africa%2FNairobi`;
  const res = await test.app.inject({
    method: 'POST',
    url: `${base}/settings`,
    payload: body,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: [...chair.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
  });
  t.equal(res.statusCode, 303);
  // The form reader leaves an escape that is not UTF-8 undecoded: valid Unicode text.
  const title = (await seriesOf(test, s.seriesId)).title;
  t.equal(title, 'Purch%ED%A0%80asing');
  t.equal(/\p{Cs}/u.test(title), false, 'no lone surrogate is stored');
});

t.test('a new session titled with spaces only, or with a control character, is refused', async (t) => {
  const { test, s, chair, base } = await chairOnSettings(t);
  const before = (await seriesOf(test, s.seriesId)).sessions.length;

  const spaces = await chair.post(`${base}/sessions`, { sessionTitle: '    ', sessionStartsAt: '2027-09-29T14:00' });
  t.equal(spaces.statusCode, 400);
  t.equal(fieldError(spaces.body, 'sessionTitle'), 'Give a title.');
  t.equal(inputValue(spaces.body, 'sessionStartsAt'), '2027-09-29T14:00', 'the date typed stays');

  const nul = await chair.post(`${base}/sessions`, {
    sessionTitle: 'Audit\u0000',
    sessionStartsAt: '2027-09-29T14:00',
  });
  t.equal(nul.statusCode, 400);
  t.ok(textOf(messageOf(nul.body)).includes(badText('Title of the session')));

  const plan = await chair.post(`${base}/plan`, {
    ...PLAN_FORM,
    firstMonth: '2027-10',
    titles: 'One\n\u0007Two',
  });
  t.equal(plan.statusCode, 400);
  t.ok(textOf(messageOf(plan.body)).includes(badText('Titles')));

  t.equal((await seriesOf(test, s.seriesId)).sessions.length, before);
});

t.test('a name of only spaces on one’s profile or interest form is refused', async (t) => {
  const test = await build(t, { now: NOW });
  const s = await seedSeries(test);
  const lucia = new WebClient(test.app);
  lucia.signInAs('lucia@example.org', { name: 'Lucía Pérez' });
  const me = { authorization: test.as('lucia@example.org').authorization };

  await lucia.get('/me');
  const profile = await lucia.post('/me/profile', { name: '   ', organisation: '', language: 'en', timezone: '' });
  t.equal(profile.statusCode, 400);
  t.equal(fieldError(profile.body, 'pname'), ONLY_SPACES);
  const organisation = await lucia.post('/me/profile', { name: 'Lucía', organisation: 'Min\u0000istry' });
  t.equal(organisation.statusCode, 400);
  t.ok(textOf(messageOf(organisation.body)).includes(badText('Organisation')));
  t.equal(json(await test.app.inject({ url: '/api/me', headers: me })).name, 'Lucía Pérez');

  await lucia.get(`/series/${s.seriesId}/interest`);
  const interestForm = { name: 'Lucía', country: 'AR', roles: 'discussant', motivation: 'To learn.' };
  const interest = await lucia.post(`/series/${s.seriesId}/interest`, { ...interestForm, name: '  ' });
  t.equal(interest.statusCode, 400);
  t.equal(fieldError(interest.body, 'name'), ONLY_SPACES);
  t.match(interest.body, /<textarea[^>]* id="motivation"[^>]*>To learn\.<\/textarea>/, 'the motivation stays');
  const motivation = await lucia.post(`/series/${s.seriesId}/interest`, {
    ...interestForm,
    motivation: 'To\u000Clearn.',
  });
  t.equal(motivation.statusCode, 400);
  t.ok(textOf(messageOf(motivation.body)).includes(badText('Why you are interested')));
  const interests = json(
    await test.app.inject({ url: `/api/series/${s.seriesId}/interests`, headers: test.as(CHAIR) }),
  );
  t.same(interests, []);
});
