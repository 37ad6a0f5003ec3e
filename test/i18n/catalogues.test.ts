// The one translation system's test: every catalogue declared through `translations()` (the
// pages', each email template's) and the glossary give every English key in French, Spanish and
// Portuguese, of the same kind and with the same placeholders or values, never empty, nothing
// left in English, French typography kept. The checks are one pure function, shown first to find
// each kind of fault in a catalogue made faulty on purpose, then run over the real ones.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import '../../src/app.js';
import { projectRoot } from '../../src/config.js';
import {
  type Catalogue,
  declaredCatalogues,
  type Entry,
  type Translations,
  translations,
} from '../../src/i18n/catalogue.js';
import { glossaries } from '../../src/i18n/glossary.js';
import { type Language, languages } from '../../src/i18n/index.js';
import { asText } from '../mail/helper.js';

const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();

/** Words another language writes exactly as English does. */
const SAME_EVERYWHERE = new Set([
  // French and English share these words; Portuguese says "link" too.
  'Programme',
  'Organisation',
  'Session',
  'Session {n}',
  'Description',
  'Link',
]);

/** Words of English sentences that are no word of French, Spanish or Portuguese. */
const ENGLISH_WORDS =
  /(?<!\p{L})(the|and|your|you|please|with|this|will|yet|which|has|have|been|would|should|they|their|were|from)(?!\p{L})/iu;

/** A format ("{role}: {value}", "“#0#”") has nothing to translate. */
const hasWords = (text: string) => /\p{L}/u.test(text.replace(/\{\w+\}|#\d#/g, ''));

/** What is wrong with one catalogue, one line per fault ("fr.key: …"); nothing when it is sound. */
function catalogueProblems(all: Translations<Catalogue>): string[] {
  const problems: string[] = [];
  const english = all.en;
  const keys = Object.keys(english).sort();
  for (const language of languages) {
    const catalogue = all[language];
    for (const key of keys.filter((k) => !(k in catalogue))) problems.push(`${language}.${key}: missing`);
    for (const key of Object.keys(catalogue).filter((k) => !(k in english)))
      problems.push(`${language}.${key}: not an English key`);
    for (const key of keys) {
      const value = catalogue[key];
      const reference = english[key] as Entry;
      if (value === undefined) continue;
      const text = asText(value);
      if (text.trim() === '') problems.push(`${language}.${key}: empty`);
      if (typeof value !== typeof reference) {
        problems.push(`${language}.${key}: a ${typeof value}, not a ${typeof reference} as in English`);
        continue;
      }
      if (typeof value === 'function' && typeof reference === 'function') {
        if (value.length !== reference.length)
          problems.push(`${language}.${key}: takes ${value.length} values, English ${reference.length}`);
        for (let i = 0; i < reference.length; i++)
          if (!text.includes(`#${i}#`)) problems.push(`${language}.${key}: does not show value ${i}`);
      } else if (placeholders(text).join() !== placeholders(asText(reference)).join()) {
        problems.push(
          `${language}.${key}: placeholders ${placeholders(text)} instead of ${placeholders(asText(reference))}`,
        );
      }
      if (language === 'en') continue;
      if (text === asText(reference) && hasWords(text) && !SAME_EVERYWHERE.has(text))
        problems.push(`${language}.${key}: left in English`);
      else if (ENGLISH_WORDS.test(text.replace(/\{\w+\}|#\d#/g, '')))
        problems.push(`${language}.${key}: an English word in “${text}”`);
      if (language === 'fr' && (/ [:;?!»]/.test(text) || /« /.test(text)))
        problems.push(`${language}.${key}: a plain space where French typography puts a no-break one`);
      if (language === 'fr' && text.includes("'"))
        problems.push(`${language}.${key}: a straight apostrophe where French typography writes ’`);
    }
  }
  return problems;
}

t.test('the checks find every kind of fault', async (t) => {
  const faulty = {
    en: {
      sound: 'Your invitation',
      missing: 'Thank you',
      kind: 'Text',
      values: (a: string) => `To ${a}`,
      holes: '{n} people',
    },
    fr: {
      sound: 'Votre invitation',
      kind: 'Texte',
      values: (a: string) => `À ${a}`,
      holes: '{n} personnes',
      extra: 'En trop',
    },
    es: { sound: 'Su invitación', missing: 'Thank you', kind: () => 'Texto', values: () => 'A', holes: 'personas' },
    pt: {
      sound: 'O seu convite',
      missing: 'Obrigado and your answer',
      kind: 'Texto',
      values: (a: string) => `Para ${a}`,
      holes: '{n} pessoas',
    },
  } as unknown as Translations<Catalogue>;
  t.same(catalogueProblems(faulty), [
    'fr.missing: missing',
    'fr.extra: not an English key',
    'es.holes: placeholders  instead of {n}',
    'es.kind: a function, not a string as in English',
    'es.missing: left in English',
    'es.values: takes 0 values, English 1',
    'es.values: does not show value 0',
    'pt.missing: an English word in “Obrigado and your answer”',
  ]);
  const french = {
    en: { colon: 'Date:', elision: 'The invitation' },
    fr: { colon: 'Date :', elision: "L'invitation" },
    es: { colon: 'Fecha:', elision: 'La invitación' },
    pt: { colon: 'Data:', elision: 'O convite' },
  };
  t.same(catalogueProblems(french), [
    'fr.colon: a plain space where French typography puts a no-break one',
    'fr.elision: a straight apostrophe where French typography writes ’',
  ]);
});

t.test('the pages’ catalogue and every email template’s are declared, and each is sound', async (t) => {
  const declared = declaredCatalogues();
  t.ok(declared.has('pages'), 'the pages');
  t.ok(declared.has('common'), 'what every email shares');
  t.ok(declared.has('meeting') && declared.has('call-for-interest'), 'the templates');
  for (const [name, all] of declared) t.same(catalogueProblems(all), [], name);
});

t.test('no email template keeps its words outside the translation system', async (t) => {
  const declared = new Set<unknown>(declaredCatalogues().values());
  const isFourLanguages = (value: unknown) =>
    typeof value === 'object' && value !== null && Object.keys(value).sort().join() === [...languages].sort().join();
  const emailsDir = join(projectRoot, 'emails');
  const undeclared: string[] = [];
  for (const file of readdirSync(emailsDir).filter((f) => f.endsWith('.ts'))) {
    const module: Record<string, unknown> = await import(pathToFileURL(join(emailsDir, file)).href);
    for (const [name, value] of Object.entries(module))
      if (isFourLanguages(value) && !declared.has(value)) undeclared.push(`${file} ${name}`);
  }
  t.same(undeclared, []);
});

/** The glossary's words, flattened to key → text. */
function glossaryWords(language: Language): Catalogue {
  const all: Catalogue = {};
  const walk = (prefix: string, value: unknown) => {
    if (typeof value === 'string') all[prefix] = value;
    else if (typeof value === 'object' && value !== null)
      for (const [key, inner] of Object.entries(value)) walk(`${prefix}.${key}`, inner);
  };
  walk('glossary', glossaries[language]);
  return all;
}

t.test('the glossary gives every word in every language', async (t) => {
  const words = Object.fromEntries(languages.map((l) => [l, glossaryWords(l)])) as Translations<Catalogue>;
  t.same(catalogueProblems(words), []);
});

t.test('no two catalogues share a name, so none hides another from these checks', async (t) => {
  t.throws(() => translations('pages', { en: {}, fr: {}, es: {}, pt: {} }), /two catalogues are called “pages”/);
});
