// What the chairs see of a session's group: how many registered from how many countries, the
// list (names and countries; addresses only for the series' chairs, the privacy rule), and the
// experiences and questions received, grouped by country. Also the programme's counts.
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import Type, { type Static } from 'typebox';
import { attendees, groupAnswers, people } from '../../../db/schema.js';
import type { Db } from '../../db.js';
import { countryName } from '../../domain/countries.js';
import { Instant, nullable } from '../../lib/schema-parts.js';
import { displayName } from '../people/repository.js';

export const GroupView = Type.Object({
  sessionId: Type.String(),
  count: Type.Integer(),
  /** By country, the most registrants first; `country` null for those whose country is not known. */
  countries: Type.Array(
    Type.Object({ country: nullable(Type.String()), countryName: nullable(Type.String()), count: Type.Integer() }),
  ),
  attendees: Type.Array(
    Type.Object({
      personId: Type.String(),
      name: Type.String(),
      email: Type.Optional(Type.String()),
      country: nullable(Type.String()),
      countryName: nullable(Type.String()),
      registeredAt: Instant,
      /** After the session: attended or not, as a chair recorded it; null until then. */
      attended: nullable(Type.Boolean()),
    }),
  ),
  answers: Type.Array(
    Type.Object({
      country: nullable(Type.String()),
      countryName: nullable(Type.String()),
      items: Type.Array(
        Type.Object({ name: Type.String(), email: Type.Optional(Type.String()), text: Type.String(), at: Instant }),
      ),
    }),
  ),
});
export type GroupView = Static<typeof GroupView>;

const nameOf = (country: string | null) => (country ? countryName(country) : null);

/** Groups by country: named countries alphabetically (by English name), the unknown last. */
function byCountry<T>(rows: T[], countryOf: (row: T) => string | null): { country: string | null; rows: T[] }[] {
  const groups = new Map<string | null, T[]>();
  for (const row of rows) {
    const key = countryOf(row);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups]
    .map(([country, list]) => ({ country, rows: list }))
    .sort((a, b) =>
      a.country === null
        ? 1
        : b.country === null
          ? -1
          : (nameOf(a.country) ?? '').localeCompare(nameOf(b.country) ?? ''),
    );
}

export function groupView(db: Db, sessionId: string, withEmails: boolean): GroupView {
  const registered = db
    .select({ row: attendees, name: people.name, email: people.email })
    .from(attendees)
    .innerJoin(people, eq(people.id, attendees.personId))
    .where(and(eq(attendees.sessionId, sessionId), isNull(attendees.unregisteredAt)))
    .orderBy(asc(attendees.registeredAt), sql`${attendees}.rowid`)
    .all();
  const answers = db
    .select({ row: groupAnswers, name: people.name, email: people.email })
    .from(groupAnswers)
    .innerJoin(people, eq(people.id, groupAnswers.personId))
    .where(eq(groupAnswers.sessionId, sessionId))
    .orderBy(asc(groupAnswers.createdAt), sql`${groupAnswers}.rowid`)
    .all();
  const email = (address: string) => (withEmails ? { email: address } : {});
  return {
    sessionId,
    count: registered.length,
    countries: byCountry(registered, (r) => r.row.country)
      .sort((a, b) => b.rows.length - a.rows.length)
      .map((g) => ({ country: g.country, countryName: nameOf(g.country), count: g.rows.length })),
    attendees: registered.map((r) => ({
      personId: r.row.personId,
      name: displayName(r),
      ...email(r.email),
      country: r.row.country,
      countryName: nameOf(r.row.country),
      registeredAt: r.row.registeredAt.toISOString(),
      attended: r.row.attended,
    })),
    answers: byCountry(answers, (a) => a.row.country).map((g) => ({
      country: g.country,
      countryName: nameOf(g.country),
      items: g.rows.map((a) => ({
        name: displayName(a),
        ...email(a.email),
        text: a.row.text,
        at: a.row.updatedAt.toISOString(),
      })),
    })),
  };
}

/** Per session: how many are registered, from how many countries (those of unknown country count once each toward none). */
export function registrationCounts(db: Db, sessionIds: string[]): Map<string, { people: number; countries: number }> {
  if (sessionIds.length === 0) return new Map();
  const rows = db
    .select({
      sessionId: attendees.sessionId,
      people: sql<number>`count(*)`,
      countries: sql<number>`count(distinct ${attendees.country})`,
    })
    .from(attendees)
    .where(and(inArray(attendees.sessionId, sessionIds), isNull(attendees.unregisteredAt)))
    .groupBy(attendees.sessionId)
    .all();
  return new Map(rows.map((r) => [r.sessionId, { people: r.people, countries: r.countries }]));
}
