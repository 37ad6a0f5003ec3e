// People are identified by their mailbox; one row per address, created on first use.
import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { contacts, people } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import { type Db, preparedFor } from '../../db.js';
import { mainZone } from '../../domain/countries.js';
import { newId, newSecret } from '../../lib/ids.js';

export type Person = typeof people.$inferSelect;

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

// Looked up on nearly every request (sign-in, submissions, mail): prepared once per database.
const lookups = preparedFor((db) => ({
  byEmail: db
    .select()
    .from(people)
    .where(eq(people.email, sql.placeholder('email')))
    .prepare(),
  byId: db
    .select()
    .from(people)
    .where(eq(people.id, sql.placeholder('id')))
    .prepare(),
}));

export function findPersonByEmail(db: Db, email: string): Person | undefined {
  return lookups(db).byEmail.get({ email: normaliseEmail(email) });
}

export function findPerson(db: Db, id: string): Person | undefined {
  return lookups(db).byId.get({ id });
}

/** The owner of a personal calendar feed's secret address. */
export function findPersonByCalendarKey(db: Db, calendarKey: string): Person | undefined {
  return db.select().from(people).where(eq(people.calendarKey, calendarKey)).get();
}

export function peopleByIds(db: Db, ids: readonly string[]): Map<string, Person> {
  if (ids.length === 0) return new Map();
  const rows = db
    .select()
    .from(people)
    .where(inArray(people.id, [...new Set(ids)]))
    .all();
  return new Map(rows.map((p) => [p.id, p]));
}

interface PersonDetails {
  email: string;
  name?: string | null | undefined;
  isAdmin?: boolean;
}

/**
 * The person with this address, created if absent. A name is filled in where none was known,
 * never overwritten: only the person renames themselves.
 */
export function ensurePerson(db: Db, clock: Clock, details: PersonDetails): Person {
  const email = normaliseEmail(details.email);
  const existing = findPersonByEmail(db, email);
  // Without a name of their own, a person is called what a chair's contact list calls them
  // (looked up only when that name would be used).
  const name = details.name?.trim() || (existing?.name ? null : contactName(db, email));
  if (existing) {
    const changes: Partial<Person> = {};
    if (!existing.name && name) changes.name = name;
    if (details.isAdmin && !existing.isAdmin) changes.isAdmin = true;
    if (Object.keys(changes).length === 0) return existing;
    changes.updatedAt = clock.now();
    return db.update(people).set(changes).where(eq(people.id, existing.id)).returning().get();
  }
  return db
    .insert(people)
    .values({
      id: newId(),
      email,
      name,
      isAdmin: details.isAdmin ?? false,
      calendarKey: newSecret(),
      createdAt: clock.now(),
    })
    .returning()
    .get();
}

/** The name a series' contact list gives this address, the latest imported first; null if none. */
function contactName(db: Db, email: string): string | null {
  const row = db
    .select({ name: contacts.name })
    .from(contacts)
    .where(and(eq(contacts.email, email), isNotNull(contacts.name)))
    .orderBy(desc(contacts.createdAt))
    .get();
  return row?.name?.trim() || null;
}

/** Gives a known person without a name the one a contact list has for them. */
export function nameFromContact(db: Db, clock: Clock, email: string, name: string): void {
  db.update(people)
    .set({ name, updatedAt: clock.now() })
    .where(and(eq(people.email, normaliseEmail(email)), isNull(people.name)))
    .run();
}

export function updatePerson(db: Db, clock: Clock, id: string, changes: Partial<Person>): Person {
  return db
    .update(people)
    .set({ ...changes, updatedAt: clock.now() })
    .where(eq(people.id, id))
    .returning()
    .get();
}

/** The name to show for a person: their own, else the part of the address before the @. */
export const displayName = (person: Pick<Person, 'name' | 'email'>): string =>
  person.name ?? person.email.split('@')[0] ?? person.email;

interface ProfileZone {
  timezone: string | null;
  timezoneChosen: boolean;
}

/**
 * The zone to keep for a person of this country: the one they give now, else the one they chose
 * before, else (an estimate, until they choose) the country's main zone.
 */
export function profileZone(
  person: Pick<Person, 'timezone' | 'timezoneChosen'>,
  country: string | null,
  given?: string | null,
): ProfileZone {
  if (given) return { timezone: given, timezoneChosen: true };
  if (person.timezoneChosen && person.timezone) return { timezone: person.timezone, timezoneChosen: true };
  return { timezone: (country ? mainZone(country) : undefined) ?? person.timezone ?? null, timezoneChosen: false };
}
