// Checks that a JSON schema cannot express (a real zone, a known country, a date that exists),
// each answering 400 with a sentence that names the field.
import { isEmail } from '../config.js';
import { findCountry } from '../domain/countries.js';
import { canonicalZone, isInThePast, parseDateTime, parseDeadline } from '../domain/time.js';
import { conflict, invalidRequest } from '../errors.js';

export function checkedZone(value: string, field = 'timezone'): string {
  const zone = canonicalZone(value);
  if (!zone) {
    throw invalidRequest(`${field} "${value}" is not an IANA time zone: use a name such as "Africa/Kigali".`, {
      field,
    });
  }
  return zone;
}

export function checkedCountry(value: string, field = 'country'): string {
  const country = findCountry(value);
  if (!country) {
    throw invalidRequest(`${field} "${value}" is not an ISO 3166-1 alpha-2 country code, such as "AR" or "RW".`, {
      field,
    });
  }
  return country.code;
}

export function checkedEmail(value: string, field = 'email'): string {
  const email = value.trim().toLowerCase();
  if (!isEmail(email)) throw invalidRequest(`${field} "${value}" is not an email address.`, { field });
  return email;
}

export function checkedDateTime(value: string, zone: string, field: string): Date {
  const parsed = parseDateTime(value, zone);
  // `outOfRange`: a real date, but outside the years 2000–2100 (the form says so, not "not a date").
  if (!parsed.ok) {
    throw invalidRequest(`${field}: ${parsed.message}`, { field, ...(parsed.outOfRange ? { outOfRange: true } : {}) });
  }
  return parsed.instant;
}

export function checkedDeadline(value: string, zone: string, field: string): Date {
  const parsed = parseDeadline(value, zone);
  if (!parsed.ok) throw invalidRequest(`${field}: ${parsed.message}`, { field });
  return parsed.instant;
}

/** A new time for a session, meeting or call must not have begun already: 409 `in_the_past`. */
export function checkNotInThePast(now: Date, instant: Date, field = 'startsAt'): void {
  if (isInThePast(now, instant)) {
    throw conflict(
      'in_the_past',
      `${field} ${instant.toISOString()} is in the past (it is now ${now.toISOString()}): choose a time still ahead.`,
      { field, value: instant.toISOString(), now: now.toISOString() },
    );
  }
}

/** A cancelled session keeps what it had: every change to it is 409 `session_cancelled`. */
export function checkSessionOpen(session: { id: string; title: string; status: string }): void {
  if (session.status === 'cancelled') {
    throw conflict('session_cancelled', `"${session.title}" was cancelled; it can no longer change.`, {
      sessionId: session.id,
    });
  }
}

export function checkedUrl(value: string, field: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.toString();
  } catch {
    // answered below
  }
  throw invalidRequest(`${field} "${value}" is not an http(s) URL.`, { field });
}

/** A URL in a change: checked when given, null when cleared, `current` when left out. */
export function changedUrl<Current extends string | null | undefined>(
  value: string | null | undefined,
  field: string,
  current: Current,
): string | null | Current {
  if (value === undefined) return current;
  return value ? checkedUrl(value, field) : null;
}

/** Trims free text; an empty string means "none". */
export const cleanText = (value: string | null | undefined): string | null => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
};
