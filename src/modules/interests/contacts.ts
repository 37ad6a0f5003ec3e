// The people a call for interest goes to: imported by the chairs (CSV or JSON), sent the call
// once each, and reminded before the deadline while they have not answered.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { contacts } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import { isEmail } from '../../config.js';
import { type Db, inTransaction } from '../../db.js';
import { allCountries, findCountry } from '../../domain/countries.js';
import { clip, textProblem } from '../../domain/text.js';
import { canonicalZone } from '../../domain/time.js';
import { newId } from '../../lib/ids.js';
import { enqueue } from '../../mail/outbox.js';
import { recordAudit } from '../audit/log.js';
import type { Person } from '../people/repository.js';
import { type Language, languages } from '../schemas.js';

interface ContactInput {
  email: string;
  name: string | null;
  country: string | null;
  language: Language | null;
  /** The zone the chairs know the contact lives in; else mail estimates it from the country. */
  timezone: string | null;
}

interface ContactProblem {
  row: number;
  field: string;
  problem: string;
}

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
          if (!unreadable.has(name)) problems.push({ row, field: name, problem });
          unreadable.add(name);
          return '';
        }
      }
      return typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value);
    };
    const email = cell('email').toLowerCase();
    if (!isEmail(email) && !unreadable.has('email')) {
      problems.push({ row, field: 'email', problem: `"${cell('email')}" is not an email address` });
    }
    const earlier = seen.get(email);
    if (email && earlier !== undefined) {
      problems.push({ row, field: 'email', problem: `${email} is also on row ${earlier}` });
    }
    seen.set(email, row);
    const countryText = cell('country');
    const country = countryText ? countryFromCell(countryText) : null;
    if (countryText && !country) {
      problems.push({
        row,
        field: 'country',
        problem: `"${countryText}" is neither a country code such as AR nor a country's English name`,
      });
    }
    const languageText = cell('language').toLowerCase();
    const language = languageText
      ? (((languages as readonly string[]).includes(languageText)
          ? (languageText as Language)
          : languageNames[languageText]) ?? null)
      : null;
    if (languageText && !language) {
      problems.push({ row, field: 'language', problem: `"${cell('language')}" is not one of en, fr, es, pt` });
    }
    const zoneText = cell('timezone');
    const timezone = zoneText ? canonicalZone(zoneText) : null;
    if (zoneText && !timezone) {
      problems.push({
        row,
        field: 'timezone',
        problem: `"${zoneText}" is not an IANA time zone such as Africa/Kigali`,
      });
    }
    const name = clip(cell('name'), 200) || null;
    return { email, name, country: country ?? null, language, timezone };
  });
  if (rows.length === 0) problems.push({ row: firstRow, field: 'contacts', problem: 'there are no contacts' });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, contacts: checked };
}

/** Adds new contacts and updates known ones (by address); all or nothing. */
export function importContacts(db: Db, clock: Clock, actor: Person, seriesId: string, list: ContactInput[]) {
  return inTransaction(db, () => {
    let added = 0;
    for (const contact of list) {
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
    recordAudit(db, clock, {
      actorId: actor.id,
      action: 'contacts.import',
      seriesId,
      entityType: 'series',
      entityId: seriesId,
      details: { added, updated: list.length - added },
    });
    return { added, updated: list.length - added, total: contactsOf(db, seriesId).length };
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
    })
    .from(contacts)
    .where(eq(contacts.seriesId, seriesId))
    .orderBy(asc(contacts.createdAt), sql`rowid`)
    .all()
    .map((c) => ({ ...c, answered: Boolean(c.answered) }));
}

/** Queues the call to every contact who has not had it yet; returns how many. */
export function sendCall(db: Db, clock: Clock, actor: Person, seriesId: string): number {
  return inTransaction(db, () => {
    const now = clock.now();
    const waiting = db
      .select()
      .from(contacts)
      .where(and(eq(contacts.seriesId, seriesId), isNull(contacts.callSentAt)))
      .all();
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
    recordAudit(db, clock, {
      actorId: actor.id,
      action: 'call.send',
      seriesId,
      entityType: 'series',
      entityId: seriesId,
      details: { queued: waiting.length },
    });
    return waiting.length;
  });
}

/** The language the chairs noted for this address in the series' contact list, if any. */
export function contactLanguage(db: Db, seriesId: string, email: string): Language | null {
  return (
    db
      .select({ language: contacts.language })
      .from(contacts)
      .where(and(eq(contacts.seriesId, seriesId), eq(contacts.email, email)))
      .get()?.language ?? null
  );
}
