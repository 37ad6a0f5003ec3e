// How each language writes what is not a sentence: its Intl locale, country names and lists.
import { countryName } from '../domain/countries.js';
import type { Language } from '../domain/vocabulary.js';

/** The locale Intl and luxon use: British English gives "Wednesday 28 April" and a 24-hour clock. */
export const LOCALES: Record<Language, string> = { en: 'en-GB', fr: 'fr', es: 'es', pt: 'pt' };

export const localeOf = (language: Language): string => LOCALES[language];

const displayNames = new Map<Language, Intl.DisplayNames>();

/** The country's name in the reader's language ("Argentine", "Ruanda"), from an ISO 3166-1 code. */
export function countryIn(code: string, language: Language): string {
  let names = displayNames.get(language);
  if (!names) {
    names = new Intl.DisplayNames([LOCALES[language]], { type: 'region', fallback: 'none' });
    displayNames.set(language, names);
  }
  try {
    return names.of(code.toUpperCase()) ?? countryName(code);
  } catch {
    return countryName(code);
  }
}

const listFormats = new Map<Language, Intl.ListFormat>();

/** "focal country and chair" / "pays focal et présidence de séance". */
export function joinList(items: string[], language: Language): string {
  let format = listFormats.get(language);
  if (!format) {
    format = new Intl.ListFormat(LOCALES[language], { style: 'long', type: 'conjunction' });
    listFormats.set(language, format);
  }
  return format.format(items);
}
