// Expressions of interest: one per person and series, replaced whole when the person submits
// again; every change lands with its audit entry (and, once mail is wired, its confirmation).
import { and, asc, eq, inArray } from 'drizzle-orm';
import {
  deadlineExtensions,
  interestSessions,
  interests,
  interestWorkstreams,
  people,
  sessions,
  workstreams,
} from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import { type Db, inTransaction } from '../../db.js';
import { countryName } from '../../domain/countries.js';
import { newId } from '../../lib/ids.js';
import { enqueue } from '../../mail/outbox.js';
import { recordAudit } from '../audit/log.js';
import { displayName, type Person } from '../people/repository.js';
import type { Language } from '../schemas.js';

export const interestRoles = ['focal', 'discussant', 'chair', 'co_blogger'] as const;
export type InterestRole = (typeof interestRoles)[number];

export type InterestRow = typeof interests.$inferSelect;

export interface InterestInput {
  country: string;
  organisation: string | null;
  roles: InterestRole[];
  /** Ranked: first = most wanted. */
  sessionIds: string[];
  workstreams: { id: string; asConvener: boolean }[];
  motivation: string | null;
}

export interface ProfileChanges {
  name?: string | null;
  country: string;
  organisation?: string | null;
  language: Language;
  timezone: string;
}

export function findInterest(db: Db, id: string): InterestRow | undefined {
  return db.select().from(interests).where(eq(interests.id, id)).get();
}

export function interestOf(db: Db, seriesId: string, personId: string): InterestRow | undefined {
  return db
    .select()
    .from(interests)
    .where(and(eq(interests.seriesId, seriesId), eq(interests.personId, personId)))
    .get();
}

export function extensionFor(db: Db, seriesId: string, personId: string): Date | null {
  return (
    db
      .select({ until: deadlineExtensions.until })
      .from(deadlineExtensions)
      .where(and(eq(deadlineExtensions.seriesId, seriesId), eq(deadlineExtensions.personId, personId)))
      .get()?.until ?? null
  );
}

/** Submits or replaces the person's interest, with its confirmation email; `replaced` tells which. */
export function saveInterest(
  db: Db,
  clock: Clock,
  person: Person,
  seriesId: string,
  input: InterestInput,
  profile: ProfileChanges,
): { interest: InterestRow; replaced: boolean } {
  return inTransaction(db, () => {
    const now = clock.now();
    db.update(people)
      .set({ ...profile, updatedAt: now })
      .where(eq(people.id, person.id))
      .run();
    const existing = interestOf(db, seriesId, person.id);
    const fields = {
      country: input.country,
      organisation: input.organisation,
      roles: input.roles,
      motivation: input.motivation,
      updatedAt: now,
    };
    const interest = existing
      ? db.update(interests).set(fields).where(eq(interests.id, existing.id)).returning().get()
      : db
          .insert(interests)
          .values({ id: newId(), seriesId, personId: person.id, createdAt: now, ...fields })
          .returning()
          .get();
    if (existing) {
      db.delete(interestSessions).where(eq(interestSessions.interestId, interest.id)).run();
      db.delete(interestWorkstreams).where(eq(interestWorkstreams.interestId, interest.id)).run();
    }
    if (input.sessionIds.length > 0) {
      db.insert(interestSessions)
        .values(input.sessionIds.map((sessionId, i) => ({ interestId: interest.id, sessionId, rank: i + 1 })))
        .run();
    }
    if (input.workstreams.length > 0) {
      db.insert(interestWorkstreams)
        .values(
          input.workstreams.map((w) => ({ interestId: interest.id, workstreamId: w.id, asConvener: w.asConvener })),
        )
        .run();
    }
    recordAudit(db, clock, {
      actorId: person.id,
      action: existing ? 'interest.replace' : 'interest.submit',
      seriesId,
      entityType: 'interest',
      entityId: interest.id,
      details: { ...input },
    });
    enqueue(db, clock, {
      kind: 'interest_confirmation',
      toEmail: person.email,
      personId: person.id,
      seriesId,
      payload: { interestId: interest.id },
    });
    return { interest, replaced: existing !== undefined };
  });
}

export function withdrawInterest(db: Db, clock: Clock, actor: Person, interest: InterestRow): void {
  inTransaction(db, () => {
    db.delete(interests).where(eq(interests.id, interest.id)).run();
    recordAudit(db, clock, {
      actorId: actor.id,
      action: 'interest.withdraw',
      seriesId: interest.seriesId,
      entityType: 'interest',
      entityId: interest.id,
      details: { personId: interest.personId },
    });
  });
}

export function grantExtension(db: Db, clock: Clock, actor: Person, seriesId: string, person: Person, until: Date) {
  inTransaction(db, () => {
    db.insert(deadlineExtensions)
      .values({ seriesId, personId: person.id, until, grantedBy: actor.id, createdAt: clock.now() })
      .onConflictDoUpdate({
        target: [deadlineExtensions.seriesId, deadlineExtensions.personId],
        set: { until, grantedBy: actor.id, createdAt: clock.now() },
      })
      .run();
    recordAudit(db, clock, {
      actorId: actor.id,
      action: 'interest.extension',
      seriesId,
      entityType: 'person',
      entityId: person.id,
      details: { email: person.email, until: until.toISOString() },
    });
  });
}

export interface InterestView {
  id: string;
  seriesId: string;
  person: { name: string; email?: string };
  country: string;
  countryName: string;
  organisation: string | null;
  language: string;
  timezone: string | null;
  roles: string[];
  sessions: string[];
  workstreams: { id: string; asConvener: boolean }[];
  motivation: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Views of interests in the order given, sessions in rank order. */
export function interestViews(db: Db, rows: InterestRow[], withEmails: boolean): InterestView[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const ranked = db
    .select()
    .from(interestSessions)
    .where(inArray(interestSessions.interestId, ids))
    .orderBy(asc(interestSessions.rank))
    .all();
  const streams = db.select().from(interestWorkstreams).where(inArray(interestWorkstreams.interestId, ids)).all();
  const persons = new Map(
    db
      .select()
      .from(people)
      .where(
        inArray(
          people.id,
          rows.map((r) => r.personId),
        ),
      )
      .all()
      .map((p) => [p.id, p]),
  );
  return rows.map((row) => {
    const person = persons.get(row.personId);
    return {
      id: row.id,
      seriesId: row.seriesId,
      person: {
        name: person ? displayName(person) : '',
        ...(withEmails && person ? { email: person.email } : {}),
      },
      country: row.country,
      countryName: countryName(row.country),
      organisation: row.organisation,
      language: person?.language ?? 'en',
      timezone: person?.timezone ?? null,
      roles: row.roles,
      sessions: ranked.filter((r) => r.interestId === row.id).map((r) => r.sessionId),
      workstreams: streams
        .filter((w) => w.interestId === row.id)
        .map((w) => ({ id: w.workstreamId, asConvener: w.asConvener })),
      motivation: row.motivation,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  });
}

export function interestsOfSeries(db: Db, seriesId: string): InterestRow[] {
  return db
    .select()
    .from(interests)
    .where(eq(interests.seriesId, seriesId))
    .orderBy(asc(interests.createdAt), asc(interests.id))
    .all();
}

/** The series' sessions and workstreams, to check what an interest names. */
export function seriesTargets(db: Db, seriesId: string) {
  return {
    sessions: db
      .select({ id: sessions.id, status: sessions.status, title: sessions.title })
      .from(sessions)
      .where(eq(sessions.seriesId, seriesId))
      .all(),
    workstreams: db
      .select({ id: workstreams.id, title: workstreams.title })
      .from(workstreams)
      .where(eq(workstreams.seriesId, seriesId))
      .all(),
  };
}
