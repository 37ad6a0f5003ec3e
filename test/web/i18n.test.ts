// The pages' catalogues: every key in every language, the same placeholders, nothing empty, and
// no sentence left in English; and pages rendered in French, Spanish and Portuguese carry no
// English sentence of the catalogue.
import t from 'tap';
import { catalogues, type Language, languages, type MessageKey } from '../../src/i18n/index.js';
import { build } from '../helper.js';
import { addInterest, addPerson, seedSeries } from '../mail/helper.js';
import { WebClient } from './helper.js';

const english = catalogues.en;
const keys = Object.keys(english) as MessageKey[];
const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
const words = (text: string) => text.replace(/\{\w+\}/g, ' ').match(/\p{L}{2,}/gu) ?? [];
/** Three words or more is a sentence (or a phrase) that must be translated. */
const isSentence = (text: string) => words(text).length >= 3;

t.test('every language has exactly the English keys, with the same placeholders', async (t) => {
  for (const language of languages) {
    const catalogue = catalogues[language];
    t.same(Object.keys(catalogue).sort(), [...keys].sort(), `${language}: the same keys`);
    for (const key of keys) {
      const value = catalogue[key];
      t.ok(typeof value === 'string' && value.trim().length > 0, `${language}.${key} is not empty`);
      t.same(placeholders(value ?? ''), placeholders(english[key]), `${language}.${key} keeps the placeholders`);
    }
  }
});

t.test('no sentence is left in English', async (t) => {
  for (const language of languages.filter((l) => l !== 'en')) {
    const left = keys.filter((key) => isSentence(english[key]) && catalogues[language][key] === english[key]);
    t.same(left, [], `${language}: every sentence is translated`);
    // Nor English words hiding in a translated sentence.
    const englishWords = /(?<!\p{L})(the|and|your|you|please|with|this|not|will|sign|yet)(?!\p{L})/iu;
    const suspicious = keys.filter((key) => englishWords.test(catalogues[language][key].replace(/\{\w+\}/g, '')));
    t.same(suspicious, [], `${language}: no common English word in a translation`);
  }
});

t.test('the pages, rendered in each language, carry no English sentence', async (t) => {
  const test = await build(t, { now: '2027-02-01T09:00:00Z' });
  const seeded = await seedSeries(test);
  const jean = addPerson(test.app.db, test.clock, { email: 'jean@example.org', name: 'Jean Mugabo', country: 'RW' });
  addInterest(test.app.db, test.clock, {
    seriesId: seeded.seriesId,
    personId: jean,
    country: 'RW',
    roles: ['discussant'],
    sessions: [seeded.april],
    workstreams: [{ id: seeded.workstreamId, asConvener: true }],
  });
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
