// The one translation system: typed catalogues. The pages' words (src/i18n/en.ts and its three
// translations) and each email template's words (emails/*.ts) are catalogues of the same kind,
// declared through `translations()`, which records them so that one test
// (test/i18n/catalogues.test.ts) checks every one of them: the English keys in every language,
// the same placeholders or values, nothing empty, no English sentence left in fr/es/pt, French
// typography.
//
// Why typed catalogues rather than i18next: tsc already refuses a missing key and a translation
// that takes other values than the English one, before any test runs; a value is plain text, a
// text with {name} placeholders (the pages fill them by name from their templates), or a function
// of the values (the emails, where a sentence is built around its values); plurals and ordinals
// come from Intl.PluralRules, and the role words from one glossary per language. i18next would
// add a runtime, string keys that tsc does not check, and a second way of writing plurals.
import { isOneOf, type Language, languages } from '../domain/vocabulary.js';

/** One message: text (possibly with {name} placeholders), or a function that fills in values. */
export type Entry = string | ((...values: string[]) => string);

/** A catalogue holds one language's messages, under the English catalogue's keys. */
export type Catalogue = Record<string, Entry>;

/** Every language must give every key of the English catalogue, each of the same kind. */
export type Translations<T extends Catalogue> = Record<Language, T>;

const registry = new Map<string, Translations<Catalogue>>();

/**
 * Declares a catalogue in the four languages under a name unique to it, so that the
 * catalogues' test finds it: `export const text = translations<typeof en>('meeting', { en, fr, es, pt })`.
 */
export function translations<T extends Catalogue>(name: string, all: Translations<T>): Translations<T> {
  if (registry.has(name)) throw new Error(`two catalogues are called “${name}”`);
  registry.set(name, all);
  return all;
}

/** Every catalogue declared so far, by name (the test imports the whole app first). */
export const declaredCatalogues = (): ReadonlyMap<string, Translations<Catalogue>> => registry;

export const isLanguage = (value: unknown): value is Language => isOneOf(languages, value);

export type Vars = Record<string, string | number>;

/** A text's {name} placeholders filled from `vars`; a name `vars` lacks stays as it is. */
export const fill = (template: string, vars: Vars | undefined): string =>
  vars
    ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole))
    : template;

const pluralRules = new Map<string, Intl.PluralRules>();

/** Which plural (or, with `ordinal`, ordinal) form a language uses for n: "one", "two", "few", "other"… */
export function pluralCategory(language: Language, n: number, ordinal = false): Intl.LDMLPluralRule {
  const type: Intl.PluralRuleType = ordinal ? 'ordinal' : 'cardinal';
  const cacheKey = `${language}|${type}`;
  let rules = pluralRules.get(cacheKey);
  if (!rules) {
    rules = new Intl.PluralRules(language, { type });
    pluralRules.set(cacheKey, rules);
  }
  return rules.select(n);
}
