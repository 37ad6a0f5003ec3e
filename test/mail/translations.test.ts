// Every template string exists in all four languages, none is English copied into another
// language, and no rendered message in French, Spanish or Portuguese carries an English sentence.
// The catalogues are found by reading emails/: every export shaped {en, fr, es, pt} is checked,
// so a template added later is checked too.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import * as callForInterest from '../../emails/call-for-interest.js';
import { type Catalogue, type Language, languages } from '../../emails/i18n.js';
import * as interestConfirmation from '../../emails/interest-confirmation.js';
import * as interestDeadlineReminder from '../../emails/interest-deadline-reminder.js';
import { projectRoot } from '../../src/config.js';

const isTranslations = (value: unknown): value is Record<Language, Catalogue> =>
  typeof value === 'object' &&
  value !== null &&
  Object.keys(value).sort().join() === [...languages].sort().join() &&
  Object.values(value).every((v) => typeof v === 'object' && v !== null);

const catalogues: Record<string, Record<Language, Catalogue>> = {};
const emailsDir = join(projectRoot, 'emails');
for (const file of readdirSync(emailsDir).filter((f) => f.endsWith('.ts'))) {
  const module: Record<string, unknown> = await import(pathToFileURL(join(emailsDir, file)).href);
  for (const [name, value] of Object.entries(module)) {
    if (isTranslations(value)) catalogues[`${file.replace(/\.ts$/, '')}.${name}`] = value;
  }
}

t.test('the catalogues are found', async (t) => {
  for (const name of [
    'i18n.common',
    'interest-confirmation.text',
    'call-for-interest.text',
    'interest-deadline-reminder.text',
  ]) {
    t.ok(catalogues[name], name);
  }
});

/** A value as text: functions are called with placeholders that are not words. */
function asText(value: string | ((...args: string[]) => string)): string {
  return typeof value === 'function' ? value(...Array.from({ length: value.length }, (_, i) => `#${i}#`)) : value;
}

const words = (text: string) => text.replace(/#\d#/g, ' ').match(/\p{L}{2,}/gu) ?? [];

/** Three words or more is a sentence (or a phrase) that must be translated. */
const isSentence = (text: string) => words(text).length >= 3;

t.test('every key in every language, of the same shape, never empty', async (t) => {
  for (const [name, catalogue] of Object.entries(catalogues)) {
    const english = catalogue.en;
    for (const language of languages) {
      const other = catalogue[language];
      t.same(
        Object.keys(other).sort(),
        Object.keys(english).sort(),
        `${name}: ${language} has exactly the English keys`,
      );
      for (const [key, value] of Object.entries(english)) {
        const translated = other[key];
        if (translated === undefined) continue;
        t.equal(typeof translated, typeof value, `${name}.${key} (${language}) is a ${typeof value}`);
        if (typeof value === 'function' && typeof translated === 'function') {
          t.equal(translated.length, value.length, `${name}.${key} (${language}) takes the same values`);
          const text = asText(translated);
          for (let i = 0; i < value.length; i++)
            t.ok(text.includes(`#${i}#`), `${name}.${key} (${language}) shows value ${i}`);
        }
        t.ok(asText(translated).trim().length > 0, `${name}.${key} (${language}) is not empty`);
      }
    }
  }
});

t.test('no sentence is left in English in another language', async (t) => {
  for (const [name, catalogue] of Object.entries(catalogues)) {
    for (const [key, value] of Object.entries(catalogue.en)) {
      const english = asText(value);
      if (!isSentence(english)) continue;
      for (const language of languages.filter((l) => l !== 'en')) {
        const translated = catalogue[language][key];
        if (translated === undefined) continue;
        t.not(asText(translated), english, `${name}.${key} is translated into ${language}`);
      }
    }
  }
});

t.test('French typography: a non-breaking space before : ; ? ! and inside « »', async (t) => {
  for (const [name, catalogue] of Object.entries(catalogues)) {
    for (const [key, value] of Object.entries(catalogue.fr)) {
      const text = asText(value);
      t.notMatch(text, / [:;?!»]/, `${name}.${key}: no plain space before : ; ? ! »`);
      t.notMatch(text, /« /, `${name}.${key}: no plain space after «`);
    }
  }
});

t.test('a message rendered in fr, es or pt carries no English sentence', async (t) => {
  const englishSentences = Object.values(catalogues)
    .flatMap((catalogue) => Object.values(catalogue.en).map(asText))
    .flatMap((text) => text.split(/#\d#/))
    .map((part) => part.trim())
    .filter(isSentence);
  const series = { id: 's1', title: 'Series', description: null, timezone: 'Africa/Nairobi' };
  const deadline = new Date('2027-03-15T20:59:59.999Z');
  const daysBefore = (days: number) => new Date(deadline.getTime() - days * 86_400_000);
  for (const language of languages.filter((l) => l !== 'en')) {
    const reader = { email: 'r@example.org', name: null, language, zone: 'Africa/Kigali' };
    const mails = [
      interestConfirmation.render({
        reader,
        series,
        replaced: true,
        country: 'RW',
        organisation: null,
        roles: ['focal', 'discussant', 'chair', 'co_blogger'],
        sessions: [
          { title: 'S1', startsAt: new Date('2027-04-28T11:00:00Z'), status: 'scheduled', roles: ['focal', 'chair'] },
          { title: 'S2', startsAt: null, status: 'alternate', roles: ['discussant'] },
          { title: 'S3', startsAt: new Date('2027-06-30T11:00:00Z'), status: 'cancelled', roles: ['co_blogger'] },
        ],
        workstreams: [{ title: 'W', asConvener: true }],
        motivation: 'M',
        deadline,
        link: 'http://localhost/x',
      }),
      callForInterest.render({
        reader,
        series,
        deadline,
        sessions: [
          {
            title: 'S1',
            startsAt: new Date('2027-04-28T11:00:00Z'),
            status: 'scheduled',
            focalCountry: 'AR',
            discussantCountry: null,
          },
          { title: 'S2', startsAt: null, status: 'alternate', focalCountry: null, discussantCountry: null },
        ],
        workstreams: [{ title: 'W', description: null, hasConvener: false }],
        link: 'http://localhost/x',
      }),
      callForInterest.render({
        reader,
        series,
        deadline: null,
        sessions: [],
        workstreams: [],
        link: 'http://localhost/x',
      }),
      interestDeadlineReminder.render({ reader, series, sentAt: daysBefore(7), deadline, link: 'http://localhost/x' }),
      interestDeadlineReminder.render({ reader, series, sentAt: daysBefore(1), deadline, link: 'http://localhost/x' }),
      interestDeadlineReminder.render({ reader, series, sentAt: deadline, deadline, link: 'http://localhost/x' }),
    ];
    for (const mail of mails) {
      for (const sentence of englishSentences) {
        t.notOk(mail.text.includes(sentence), `${language}: "${sentence}" is not in "${mail.subject}"`);
      }
      t.notMatch(
        mail.text,
        /\b(Monday|Wednesday|March|April|the|and|or)\b/,
        `${language}: no English word in "${mail.subject}"`,
      );
    }
  }
});
