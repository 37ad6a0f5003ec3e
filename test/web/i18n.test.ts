// Pages rendered in French, Spanish and Portuguese carry no English sentence of the catalogue
// (the catalogue itself is checked with every other one in test/i18n/catalogues.test.ts).
import t from 'tap';
import { catalogues, type Language, type MessageKey } from '../../src/i18n/index.js';
import { build } from '../helper.js';
import { addInterestedPerson, seedSeries } from '../mail/helper.js';
import { WebClient } from './helper.js';

const english = catalogues.en;
const keys = Object.keys(english) as MessageKey[];
const words = (text: string) => text.replace(/\{\w+\}/g, ' ').match(/\p{L}{2,}/gu) ?? [];
/** Three words or more is a sentence (or a phrase) that must be translated. */
const isSentence = (text: string) => words(text).length >= 3;

t.test('the pages, rendered in each language, carry no English sentence', async (t) => {
  const test = await build(t, { now: '2027-02-01T09:00:00Z' });
  const seeded = await seedSeries(test);
  const jean = addInterestedPerson(
    test,
    seeded,
    { email: 'jean@example.org', name: 'Jean Mugabo', country: 'RW' },
    { roles: ['discussant'], sessions: [seeded.april], workstreams: [{ id: seeded.workstreamId, asConvener: true }] },
  );
  const id = seeded.seriesId;
  const paths = [
    '/',
    `/series/${id}`,
    '/signin',
    '/signin/sent',
    '/signin/link?token=nothing',
    '/me',
    `/series/${id}/interest`,
    `/series/${id}/manage`,
    `/series/${id}/manage/settings`,
    `/series/${id}/manage/interests`,
    `/series/${id}/manage/sessions/${seeded.april}`,
    `/workstreams/${seeded.workstreamId}/manage`,
    `/series/${id}/manage/contacts`,
    `/series/${id}/manage/call`,
    `/series/${id}/manage/extensions`,
    `/series/${id}/manage/audit`,
    `/series/${id}/manage/outbox`,
    `/series/${id}/manage/workstreams`,
    `/series/${id}/manage/invitations`,
    `/workstreams/${seeded.workstreamId}/manage/members/${jean}/remove`,
    '/no/such/page',
    ...['', '/edit', '/cancel', '/agenda', '/question', '/blog', '/preparatory-call'].map(
      (page) => `/series/${id}/sessions/${seeded.april}${page}`,
    ),
    `/series/${id}/manage/synthesis`,
  ];
  const sentences = keys.map((k) => english[k]).filter((s) => isSentence(s) && !/\{\w+\}/.test(s));
  for (const language of ['fr', 'es', 'pt'] as Language[]) {
    const client = new WebClient(test.app);
    client.headers['accept-language'] = language;
    for (const [i, path] of paths.entries()) {
      if (i === 5) client.signInAs('chair@example.org');
      const res = await client.get(path);
      t.ok(res.statusCode < 500, `${language} ${path}: ${res.statusCode}`);
      t.not(res.statusCode, 403, `${language} ${path}: the chair may open it`);
      t.match(res.body, `<html lang="${language}">`, `${language} ${path}: <html lang>`);
      const found = sentences.filter((s) => res.body.includes(s));
      t.same(found, [], `${language} ${path}: no English sentence`);
    }
  }
});
