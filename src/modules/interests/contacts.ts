// The people a call for interest goes to: imported by the chairs (CSV or JSON), sent the call
// once each, and reminded before the deadline while they have not answered.

import { parse } from 'csv-parse/sync';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { contacts, removedContacts, unsubscriptions } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import { isEmail } from '../../config.js';
import { type Db, inTransaction } from '../../db.js';
import { allCountries, findCountry } from '../../domain/countries.js';
import { clip, textProblem } from '../../domain/text.js';
import { canonicalZone, isOnTime } from '../../domain/time.js';
import { type AppError, conflict, invalidRequest, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { enqueue } from '../../mail/outbox.js';
import { recordAudit } from '../audit/log.js';
import { nameFromContact, type Person } from '../people/repository.js';
import { type Language, languages } from '../schemas.js';
import type { SeriesRow } from '../series/repository.js';
import { contactUnsubscribed, liftUnsubscription } from './unsubscriptions.js';

interface ContactInput {
  email: string;
  name: string | null;
  country: string | null;
  language: Language | null;
  /** The zone the chairs know the contact lives in; else mail estimates it from the country. */
  timezone: string | null;
}

/** Why a row cannot be imported: `problem` in English for the API, `code` + `params` for the pages. */
export interface ContactProblem {
  row: number;
  field: string;
  problem: string;
  code: ContactProblemCode;
  params: Record<string, string | number>;
}

export type ContactProblemCode =
  | 'unreadable_text'
  | 'not_email'
  | 'repeated'
  | 'country'
  | 'language'
  | 'timezone'
  | 'empty'
  | 'no_email_column'
  | 'unreadable_csv';

const languageNames: Record<string, Language> = {
  english: 'en',
  anglais: 'en',
  inglés: 'en',
  inglês: 'en',
  french: 'fr',
  français: 'fr',
  francés: 'fr',
  francês: 'fr',
  spanish: 'es',
  espagnol: 'es',
  español: 'es',
  espanhol: 'es',
  portuguese: 'pt',
  portugais: 'pt',
  portugués: 'pt',
  português: 'pt',
};

const countriesByEnglishName = new Map(allCountries().map((c) => [c.name.toLowerCase().replace(/’/g, "'"), c.code]));

/** A country as people write it in a spreadsheet: a code ("AR") or its English name ("Argentina"). */
function countryFromCell(value: string): string | undefined {
  return findCountry(value)?.code ?? countriesByEnglishName.get(value.toLowerCase().replace(/’/g, "'"));
}

/**
 * Checks raw rows (from CSV or JSON) and returns either the contacts or every problem, by row
 * number as the chair sees it in the spreadsheet (the header is row 1).
 */
export function checkContacts(
  rows: Record<string, unknown>[],
  firstRow: number,
): { ok: true; contacts: ContactInput[] } | { ok: false; problems: ContactProblem[] } {
  const problems: ContactProblem[] = [];
  const seen = new Map<string, number>();
  const checked = rows.map((raw, index) => {
    const row = firstRow + index;
    // A cell that breaks the text rule is named once, and then read as empty.
    const unreadable = new Set<string>();
    const cell = (name: string) => {
      const value = raw[name];
      if (typeof value === 'string') {
        const problem = textProblem(value, name === 'name' ? 'label' : 'line');
        if (problem !== null) {
          if (!unreadable.has(name)) problems.push({ row, field: name, problem, code: 'unreadable_text', params: {} });
          unreadable.add(name);
          return '';
        }
      }
      return typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value);
    };
    const email = cell('email').toLowerCase();
    if (!isEmail(email) && !unreadable.has('email')) {
      problems.push({
        row,
        field: 'email',
        problem: `"${cell('email')}" is not an email address`,
        code: 'not_email',
        params: { value: cell('email') },
      });
    }
    const earlier = seen.get(email);
    if (email && earlier !== undefined) {
      problems.push({
        row,
        field: 'email',
        problem: `${email} is also on row ${earlier}`,
        code: 'repeated',
        params: { email, earlier },
      });
    }
    seen.set(email, row);
    const countryText = cell('country');
    const country = countryText ? countryFromCell(countryText) : null;
    if (countryText && !country) {
      problems.push({
        row,
        field: 'country',
        problem: `"${countryText}" is neither a country code such as AR nor a country's English name`,
        code: 'country',
        params: { value: countryText },
      });
    }
    const languageText = cell('language').toLowerCase();
    const language = languageText
      ? (((languages as readonly string[]).includes(languageText)
          ? (languageText as Language)
          : languageNames[languageText]) ?? null)
      : null;
    if (languageText && !language) {
      problems.push({
        row,
        field: 'language',
        problem: `"${cell('language')}" is not one of en, fr, es, pt`,
        code: 'language',
        params: { value: cell('language') },
      });
    }
    const zoneText = cell('timezone');
    const timezone = zoneText ? canonicalZone(zoneText) : null;
    if (zoneText && !timezone) {
      problems.push({
        row,
        field: 'timezone',
        problem: `"${zoneText}" is not an IANA time zone such as Africa/Kigali`,
        code: 'timezone',
        params: { value: zoneText },
      });
    }
    const name = clip(cell('name'), 200) || null;
    return { email, name, country: country ?? null, language, timezone };
  });
  if (rows.length === 0) {
    problems.push({ row: firstRow, field: 'contacts', problem: 'there are no contacts', code: 'empty', params: {} });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, contacts: checked };
}

/** Where a contact list comes from: a CSV file's text (or rows pasted from a spreadsheet), or JSON rows. */
export type ContactSource = { csv: string } | { rows: Record<string, unknown>[] };

function refused(problems: ContactProblem[], csv: boolean): AppError {
  const [first] = problems;
  return invalidRequest(
    `${problems.length} problem(s); nothing was imported. First: ${csv ? 'row ' : 'contacts['}${first?.row}${csv ? '' : ']'} ${first?.field}: ${first?.problem}.`,
    problems,
  );
}

/**
 * Reads a CSV with a header row (name, email, country, language, timezone; any order, any letter
 * case), separated by commas, semicolons (spreadsheets in many European languages) or tabs (rows
 * copied out of a spreadsheet).
 */
function rowsFromCsv(text: string): Record<string, unknown>[] {
  const header = text.replace(/^\uFEFF/, '').split('\n', 1)[0] ?? '';
  const delimiter = header.includes('\t') ? '\t' : header.includes(';') && !header.includes(',') ? ';' : ',';
  try {
    return parse(text, {
      bom: true,
      columns: (names: string[]) => names.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      delimiter,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw invalidRequest(`The CSV could not be read: ${reason}`, [
      { row: 0, field: 'csv', problem: reason, code: 'unreadable_csv', params: {} },
    ]);
  }
}

/** How a list is imported: `consentNoted` when the chair has these people's consent to be sent the call again. */
export interface ImportOptions {
  consentNoted?: boolean;
}

/**
 * Imports a contact list for the series: every row checked first, and if any is wrong nothing is
 * imported and every problem is given by row (a 400 whose details list them). With the consent
 * noted, an address on the list that had unsubscribed takes the call and reminders again.
 */
export function importContactList(
  db: Db,
  clock: Clock,
  actor: Person,
  seriesId: string,
  source: ContactSource,
  options: ImportOptions = {},
) {
  const csv = 'csv' in source;
  const rows = csv ? rowsFromCsv(source.csv) : source.rows;
  if (csv && rows.length > 0 && !('email' in (rows[0] ?? {}))) {
    throw invalidRequest(
      'The CSV needs a header row with an "email" column (and optionally name, country, language, timezone).',
      [{ row: 1, field: 'email', problem: 'no "email" column', code: 'no_email_column', params: {} }],
    );
  }
  const checked = checkContacts(rows, csv ? 2 : 0);
  if (!checked.ok) throw refused(checked.problems, csv);
  return importContacts(db, clock, actor, seriesId, checked.contacts, options.consentNoted ?? false);
}

/** Adds new contacts and updates known ones (by address); all or nothing. */
function importContacts(
  db: Db,
  clock: Clock,
  actor: Person,
  seriesId: string,
  list: ContactInput[],
  consentNoted: boolean,
) {
  return inTransaction(db, () => {
    let added = 0;
    let resubscribed = 0;
    for (const contact of list) {
      if (
        consentNoted &&
        liftUnsubscription(db, clock, { email: contact.email, actorId: actor.id, seriesId, reason: 'consent' })
      ) {
        resubscribed++;
      }
      if (contact.name) nameFromContact(db, clock, contact.email, contact.name);
      const existing = db
        .select({ id: contacts.id })
        .from(contacts)
        .where(and(eq(contacts.seriesId, seriesId), eq(contacts.email, contact.email)))
        .get();
      if (existing) {
        const changes = {
          ...(contact.name ? { name: contact.name } : {}),
          ...(contact.country ? { country: contact.country } : {}),
          ...(contact.language ? { language: contact.language } : {}),
          ...(contact.timezone ? { timezone: contact.timezone } : {}),
        };
        // A row with the address alone changes nothing (and an empty SET is no statement).
        if (Object.keys(changes).length > 0) {
          db.update(contacts).set(changes).where(eq(contacts.id, existing.id)).run();
        }
      } else {
        db.insert(contacts)
          .values({ id: newId(), seriesId, ...contact, createdAt: clock.now() })
          .run();
        added++;
      }
    }
    recordAudit(db, clock, actor.id, 'contacts.import', ['series', seriesId, seriesId], {
      added,
      updated: list.length - added,
      ...(consentNoted ? { consentNoted, resubscribed } : {}),
    });
    return { added, updated: list.length - added, total: contactsOf(db, seriesId).length, resubscribed };
  });
}

/**
 * Takes a contact off the series' list (an address typed wrong, someone who left the post): no
 * call nor reminder goes to it any more, and one already queued is not sent. Importing the
 * address again puts it back.
 */
export function removeContact(db: Db, clock: Clock, actor: Person, seriesId: string, contactId: string): void {
  inTransaction(db, () => {
    const contact = db
      .select()
      .from(contacts)
      .where(and(eq(contacts.id, contactId), eq(contacts.seriesId, seriesId)))
      .get();
    if (!contact) throw notFound('contact of this series', contactId);
    const { id, email, country, language, timezone } = contact;
    db.insert(removedContacts)
      .values({ id, seriesId, email, country, language, timezone, removedAt: clock.now() })
      .run();
    db.delete(contacts).where(eq(contacts.id, contact.id)).run();
    recordAudit(db, clock, actor.id, 'contact.remove', ['series', seriesId, seriesId], { email });
  });
}

/** Whether someone with this contact's address has expressed interest in the series. */
// Written out with table names: drizzle leaves columns unqualified in a one-table select,
// which inside a subquery would bind to the subquery's own tables.
const answered = sql<number>`exists (select 1 from interests i join people p on p.id = i.person_id
  where i.series_id = "contacts"."series_id" and p.email = "contacts"."email")`;

export function contactsOf(db: Db, seriesId: string) {
  return db
    .select({
      id: contacts.id,
      email: contacts.email,
      name: contacts.name,
      country: contacts.country,
      language: contacts.language,
      timezone: contacts.timezone,
      callSentAt: contacts.callSentAt,
      answered,
      unsubscribedAt: unsubscriptions.unsubscribedAt,
    })
    .from(contacts)
    .leftJoin(unsubscriptions, eq(unsubscriptions.email, contacts.email))
    .where(eq(contacts.seriesId, seriesId))
    .orderBy(asc(contacts.createdAt), sql`"contacts"."rowid"`)
    .all()
    .map((c) => ({ ...c, answered: Boolean(c.answered) }));
}

/**
 * Queues the call to every contact who has not had it yet, except those who unsubscribed (they
 * keep waiting, and get it once they take calls again); returns how many were queued and how
 * many were left out. The call tells people when to answer by, so it needs a deadline still ahead.
 */
/** Whether the call can go out now: the series has a deadline, and it has not passed. */
export const callOpen = (series: SeriesRow, now: Date): boolean =>
  series.interestDeadline !== null && isOnTime(now, series.interestDeadline);

export function sendCall(
  db: Db,
  clock: Clock,
  actor: Person,
  series: SeriesRow,
): { queued: number; unsubscribed: number } {
  if (!series.interestDeadline) {
    throw conflict('no_deadline', "Set the series' interestDeadline first: the call tells people when to answer by.");
  }
  if (!isOnTime(clock.now(), series.interestDeadline)) {
    throw conflict('deadline_passed', 'The interest deadline has passed; move it before sending the call.');
  }
  const seriesId = series.id;
  return inTransaction(db, () => {
    const now = clock.now();
    const unsent = db
      .select({ id: contacts.id, email: contacts.email, unsubscribed: sql<number>`${contactUnsubscribed}` })
      .from(contacts)
      .where(and(eq(contacts.seriesId, seriesId), isNull(contacts.callSentAt)))
      .all();
    const waiting = unsent.filter((c) => !c.unsubscribed);
    const unsubscribed = unsent.length - waiting.length;
    for (const contact of waiting) {
      enqueue(db, clock, {
        kind: 'call_for_interest',
        toEmail: contact.email,
        seriesId,
        payload: { contactId: contact.id },
        dedupeKey: `call:${contact.id}`,
      });
      db.update(contacts).set({ callSentAt: now }).where(eq(contacts.id, contact.id)).run();
    }
    recordAudit(db, clock, actor.id, 'call.send', ['series', seriesId, seriesId], {
      queued: waiting.length,
      ...(unsubscribed > 0 ? { unsubscribed } : {}),
    });
    return { queued: waiting.length, unsubscribed };
  });
}

/** What the series' contact list says of an address (its name, country, language and zone), if it is on it. */
export function contactByEmail(db: Db, seriesId: string, email: string) {
  return db
    .select({
      name: contacts.name,
      country: contacts.country,
      language: contacts.language,
      timezone: contacts.timezone,
    })
    .from(contacts)
    .where(and(eq(contacts.seriesId, seriesId), eq(contacts.email, email)))
    .get();
}

/** The language the chairs noted for this address in the series' contact list, if any. */
export function contactLanguage(db: Db, seriesId: string, email: string): Language | null {
  return contactByEmail(db, seriesId, email)?.language ?? null;
}
