// A session's line-up as rows, and the role history read from them. People who stay keep their
// invitation status; people taken off after being invited are handed back to the use case
// (roles/service.ts), whose cancellation marks them `removed`; the rest are simply dropped.
import { and, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import { people, type RoleName, roleAssignments, sessions } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db.js';
import type { Role, RoleHistory } from '../../domain/lineup.js';
import type { Lineup } from '../../domain/roles.js';
import { liveAssignmentStatuses } from '../../domain/vocabulary.js';
import { newId } from '../../lib/ids.js';
import type { SessionRow } from '../sessions/view.js';

export interface Wanted {
  role: RoleName;
  personId: string;
  position: number;
}

function wantedAssignments(lineup: Lineup): Wanted[] {
  const wanted: Wanted[] = [];
  const add = (role: RoleName, personIds: string[]) =>
    personIds.forEach((personId, position) => {
      if (!wanted.some((w) => w.role === role && w.personId === personId)) wanted.push({ role, personId, position });
    });
  add('chair', lineup.chair ? [lineup.chair.personId] : []);
  add('supporting_chair', lineup.supportingChair ? [lineup.supportingChair.personId] : []);
  add('focal', lineup.focal?.people.map((p) => p.personId) ?? []);
  add('discussant', lineup.discussant?.people.map((p) => p.personId) ?? []);
  add(
    'co_blogger',
    lineup.coBloggers.map((p) => p.personId),
  );
  return wanted;
}

/**
 * Writes the line-up's rows inside the caller's transaction: the session's countries, then its
 * assignments. `takeOff` is called for each person who was invited and is no longer on it, before
 * the new assignments are written (the service sends their cancellation); the others taken off
 * are dropped. Returns the assignments wanted.
 */
export function writeLineup(
  db: Db,
  clock: Clock,
  session: SessionRow,
  lineup: Lineup,
  takeOff: (row: typeof roleAssignments.$inferSelect) => void,
): Wanted[] {
  const now = clock.now();
  db.update(sessions)
    .set({
      focalCountry: lineup.focal?.country ?? null,
      discussantCountry: lineup.discussant?.country ?? null,
      chairCountry: lineup.chair?.chairCountry ?? null,
      updatedAt: now,
    })
    .where(eq(sessions.id, session.id))
    .run();

  const wanted = wantedAssignments(lineup);
  const current = db.select().from(roleAssignments).where(eq(roleAssignments.sessionId, session.id)).all();
  for (const row of current) {
    if (wanted.some((w) => w.role === row.role && w.personId === row.personId)) continue;
    if (row.status === 'invited' || row.status === 'accepted' || row.status === 'tentative') {
      takeOff(row);
    } else if (row.status !== 'removed') {
      db.delete(roleAssignments).where(eq(roleAssignments.id, row.id)).run();
    }
  }
  for (const w of wanted) {
    const existing = current.find((row) => row.role === w.role && row.personId === w.personId);
    if (existing) {
      db.update(roleAssignments)
        .set({
          position: w.position,
          // Back on the line-up after a cancellation: a new assignment, to be invited again (above
          // the cancel's SEQUENCE), whose links replace those of the old one.
          ...(existing.status === 'removed'
            ? { status: 'assigned' as const, linkVersion: existing.linkVersion + 1 }
            : {}),
          updatedAt: now,
        })
        .where(eq(roleAssignments.id, existing.id))
        .run();
    } else {
      db.insert(roleAssignments)
        .values({ id: newId(), sessionId: session.id, ...w, status: 'assigned', createdAt: now, updatedAt: now })
        .run();
    }
  }
  return wanted;
}

/**
 * How many times each country has held each role, over every session of every series that was
 * not cancelled: the focal, discussant and chair countries the sessions name, and the countries of
 * the co-bloggers in their line-ups.
 */
export function roleHistory(db: Db): RoleHistory {
  const history = new Map<string, Partial<Record<Role, number>>>();
  const add = (country: string | null, role: Role, times: number) => {
    if (!country) return;
    const held = history.get(country) ?? {};
    held[role] = (held[role] ?? 0) + times;
    history.set(country, held);
  };
  const times = sql<number>`count(*)`;
  const open = ne(sessions.status, 'cancelled');
  for (const [role, column] of [
    ['focal', sessions.focalCountry],
    ['discussant', sessions.discussantCountry],
    ['chair', sessions.chairCountry],
  ] as const) {
    const rows = db
      .select({ country: column, times })
      .from(sessions)
      .where(and(open, isNotNull(column)))
      .groupBy(column)
      .all();
    for (const row of rows) add(row.country, role, row.times);
  }
  const coBloggers = db
    .select({ country: people.country, times })
    .from(roleAssignments)
    .innerJoin(sessions, eq(sessions.id, roleAssignments.sessionId))
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(
      and(
        open,
        eq(roleAssignments.role, 'co_blogger'),
        inArray(roleAssignments.status, [...liveAssignmentStatuses]),
        isNotNull(people.country),
      ),
    )
    .groupBy(people.country)
    .all();
  for (const row of coBloggers) add(row.country, 'co_blogger', row.times);
  return history;
}

export interface CountryRotation {
  country: string;
  focal: number;
  discussant: number;
  chair: number;
  coBlogger: number;
}

/** The rotation per country, most roles held first, then by country code. */
export function rotation(db: Db): CountryRotation[] {
  return [...roleHistory(db)]
    .map(([country, held]) => ({
      country,
      focal: held.focal ?? 0,
      discussant: held.discussant ?? 0,
      chair: held.chair ?? 0,
      coBlogger: held.co_blogger ?? 0,
    }))
    .sort(
      (a, b) =>
        b.focal + b.discussant + b.chair + b.coBlogger - (a.focal + a.discussant + a.chair + a.coBlogger) ||
        (a.country < b.country ? -1 : a.country > b.country ? 1 : 0),
    );
}
