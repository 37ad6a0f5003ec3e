// Dates, countries and role lines as a reader of each language expects them. Dates are luxon's,
// in an explicit zone (never the server's); country names come from CLDR through Intl.DisplayNames.
import { DateTime, IANAZone } from 'luxon';
import { countryIn, localeOf, when } from '../../emails/i18n.js';
import { allCountries, findCountry } from '../domain/countries.js';
import type { Language } from '../modules/schemas.js';

export { countryIn };

const isUtc = (zone: string) => zone === 'UTC' || zone === 'Etc/UTC';

export function isZone(zone: string | null | undefined): zone is string {
  return typeof zone === 'string' && zone !== '' && IANAZone.isValidZone(zone);
}

/**
 * An instant for a reader: the long date and time in their zone (or the series' zone), then
 * the time in UTC and in the series' zone: "Wednesday 28 April 2027, 14:00 (Africa/Nairobi) · 11:00 UTC".
 */
export function whenText(instant: Date, language: Language, zone: string, seriesZone: string): string {
  return when(instant, language, zone, seriesZone);
}

/** "28 Apr 2027, 14:00", short, in a zone (for tables). */
export function shortDateTime(instant: Date, language: Language, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).setLocale(localeOf(language)).toLocaleString({
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}

/** "14:00" in a zone. */
export function clock(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat('HH:mm');
}

/** The zone label shown beside a time: "UTC" for UTC, else the IANA name. */
export const zoneLabel = (zone: string) => (isUtc(zone) ? 'UTC' : zone);

/** A local date-time for an <input type="datetime-local">, in a zone ('' for none). */
export function dateTimeInput(instant: Date | null | undefined, zone: string): string {
  return instant ? DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-LL-dd'T'HH:mm") : '';
}

/** A date for an <input type="date">. */
export function dateInput(instant: Date | null, zone: string): string {
  return instant ? DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-LL-dd') : '';
}

const countryLists = new Map<Language, { code: string; name: string }[]>();

/** Every country, named and sorted in the reader's language. */
export function countryOptions(language: Language): { code: string; name: string }[] {
  let list = countryLists.get(language);
  if (!list) {
    const collator = new Intl.Collator(localeOf(language));
    list = allCountries()
      .map((c) => ({ code: c.code, name: countryIn(c.code, language) }))
      .sort((a, b) => collator.compare(a.name, b.name));
    countryLists.set(language, list);
  }
  return list;
}

/** A country typed in a form: its code ("AR", "ar") or its name in the reader's language or English. */
export function countryFromInput(input: string, language: Language): string | null {
  const text = input.trim();
  if (text === '') return null;
  const upper = text.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper) && allCountries().some((c) => c.code === upper)) return upper;
  const folded = fold(text);
  const named =
    countryOptions(language).find((c) => fold(c.name) === folded) ??
    allCountries().find((c) => fold(c.name) === folded) ??
    countryOptions('en').find((c) => fold(c.name) === folded);
  return named?.code ?? null;
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const findCountryZones = (code: string): string[] => findCountry(code)?.zones ?? [];

export interface ZoneGroup {
  label: string;
  zones: { value: string; label: string }[];
}

/**
 * Every zone, grouped by country (named in the reader's language, sorted), for a <select>: a
 * practitioner picks "Rwanda › Kigali" instead of typing "Africa/Kigali". The countries given
 * (the person's own, the series') come first, then UTC, then everyone else.
 */
export function zoneGroups(language: Language, first: readonly string[] = []): ZoneGroup[] {
  const city = (zone: string) => (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
  const groups = countryOptions(language).flatMap(({ code, name }) => {
    const zones = findCountryZones(code);
    if (zones.length === 0) return [];
    return [{ code, label: name, zones: zones.map((value) => ({ value, label: `${name} – ${city(value)}` })) }];
  });
  const wanted = first.map((code) => code.toUpperCase());
  const ahead = wanted.flatMap((code) => groups.filter((g) => g.code === code));
  const rest = groups.filter((g) => !wanted.includes(g.code));
  const utc = { label: 'UTC', zones: [{ value: 'UTC', label: 'UTC' }] };
  return [...ahead, utc, ...rest].map(({ label, zones }) => ({ label, zones }));
}
