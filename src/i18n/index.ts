// The pages' words: the catalogue "pages" of the one translation system (./catalogue.ts), one
// file per language (en.ts is the reference; tsc checks the others give every key through
// `Messages`, and test/i18n/catalogues.test.ts the placeholders and that nothing is left in
// English). Values are plain text with {name} placeholders, filled by name from the templates;
// plural and ordinal forms are keys ending in _one, _two, _few, _other.
import type { AgendaKind } from '../domain/vocabulary.js';
import { languageFromHeader } from '../lib/language.js';
import { type Language, languages } from '../modules/schemas.js';
import { fill, isLanguage, pluralCategory, translations, type Vars } from './catalogue.js';
import { en } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { pt } from './pt.js';

export type MessageKey = keyof typeof en;
export type Messages = Record<MessageKey, string>;

export const catalogues = translations<Messages>('pages', { en, fr, es, pt });

export { isLanguage, type Language, languages, type Vars };

/** Each language's own name, for the language switch and the profile's select. */
export const languageNames: Record<Language, string> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  // One variant for every Portuguese reader: the European norm, read in Portugal and the African
  // Portuguese-speaking countries; the name on the switch says so.
  pt: 'Português (europeu)',
};

export type Translate = (key: MessageKey, vars?: Vars) => string;

export function translator(language: Language): Translate {
  const messages = catalogues[language];
  return (key, vars) => fill(messages[key] ?? en[key] ?? key, vars);
}

type PluralBase<K> = K extends `${infer B}_other` ? B : never;
export type PluralKey = PluralBase<MessageKey>;

/** Whether a notice key is the base of plural forms (`…_one`, `…_other`) rather than a message. */
export const isPluralKey = (key: string): key is PluralKey => !(key in en) && `${key}_other` in en;

/** "3 interests" / "1 intérêt": the key's plural form for n, with {n} filled in. */
export function plural(language: Language, base: PluralKey, n: number, vars: Vars = {}, ordinal = false): string {
  const messages = catalogues[language] as Record<string, string>;
  const category = pluralCategory(language, n, ordinal);
  const template = messages[`${base}_${category}`] ?? messages[`${base}_other`] ?? base;
  return fill(template, { n, ...vars });
}

/**
 * The visitor's language: the person's saved one, else the one they picked on the site (a
 * cookie), else the browser's Accept-Language, else English.
 */
export function chooseLanguage(
  personLanguage: string | null | undefined,
  picked: string | undefined,
  acceptLanguage: string | undefined,
): Language {
  if (isLanguage(personLanguage)) return personLanguage;
  if (isLanguage(picked)) return picked;
  return languageFromHeader(acceptLanguage) ?? 'en';
}

/** A part of the standard call structure, as the catalogue words it ("Présentation du pays focal"). */
export const standardSegmentTitle = (kind: AgendaKind, language: Language): string =>
  translator(language)(`agenda.kind.${kind}`);
