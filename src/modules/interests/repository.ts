// Expressions of interest: one per person and series, replaced whole when the person submits
// again. These are the reads and the row writes; service.ts holds the use cases (the checks, the
// transaction, the audit entry and the confirmation).
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { deadlineExtensions, interestSessions, interests, interestWorkstreams, people } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import { type Db, preparedFor } from '../../db.js';
import { countryName } from '../../domain/countries.js';
import { type InterestRole, interestRoles } from '../../domain/vocabulary.js';
import { newId } from '../../lib/ids.js';
import { displayName, findPerson, type Person } from '../people/repository.js';
import type { Language } from '../schemas.js';
import { seriesCatalogue } from '../series/catalogue.js';
import type { InterestView } from './view.js';

export { type InterestRole, interestRoles } from '../../domain/vocabulary.js';

export type InterestRow = typeof interests.$inferSelect;

/** A ranked session of an interest with the roles wanted in it. */
export interface InterestChoice {
  sessionId: string;
  /** In the fixed role order (`interestRoles`). */
  roles: InterestRole[];
}

/** The roles in the fixed order of `interestRoles`, each once. */
export function inRoleOrder(roles: readonly string[]): InterestRole[] {
  return interestRoles.filter((r) => roles.includes(r));
}

/** The shorthand of a list of choices: the union of their roles and their sessions in rank order. */
export function shorthandOf(choices: readonly InterestChoice[]): { roles: InterestRole[]; sessionIds: string[] } {
  return { roles: inRoleOrder(choices.flatMap((c) => c.roles)), sessionIds: choices.map((c) => c.sessionId) };
}

export interface InterestInput {
  country: string;
  organisation: string | null;
  /** Ranked: first = most wanted; each session with the roles wanted in it. */
  choices: InterestChoice[];
  /** The union of the choices' roles, in the fixed role order. */
  roles: InterestRole[];
  /** The choices' sessions, ranked. */
  sessionIds: string[];
  workstreams: { id: string; asConvener: boolean }[];
  motivation: string | null;
}

interface ProfileChanges {
  name?: string | null;
  country: string;
  organisation?: string | null;
  language: Language;
  timezone: string;
  /** Whether the person chose `timezone` (else it is their country's main zone, an estimate). */
  timezoneChosen: boolean;
}

/** A placeholder inside UPDATE … SET, where drizzle takes SQL, not a bare placeholder (values bind as given). */
const p = (name: string) => sql`${sql.placeholder(name)}`;

// Submissions arrive in a rush before the deadline: every statement on that path is prepared
// once per database rather than built and compiled per request.
const statements = preparedFor((db) => ({
  byId: db
    .select()
    .from(interests)
    .where(eq(interests.id, sql.placeholder('id')))
    .prepare(),
  ofPerson: db
    .select()
    .from(interests)
    .where(
      and(eq(interests.seriesId, sql.placeholder('seriesId')), eq(interests.personId, sql.placeholder('personId'))),
    )
    .prepare(),
  updateProfile: db
    .update(people)
    .set({
      name: p('name'),
      country: p('country'),
      organisation: p('organisation'),
      language: p('language'),
      timezone: p('timezone'),
      timezoneChosen: p('timezoneChosen'),
      updatedAt: p('now'),
    })
    .where(eq(people.id, sql.placeholder('personId')))
    .prepare(),
  insert: db
    .insert(interests)
    .values({
      id: sql.placeholder('id'),
      seriesId: sql.placeholder('seriesId'),
      personId: sql.placeholder('personId'),
      country: sql.placeholder('country'),
      organisation: sql.placeholder('organisation'),
      roles: sql.placeholder('roles'),
      motivation: sql.placeholder('motivation'),
      createdAt: sql.placeholder('now'),
      updatedAt: sql.placeholder('now'),
    })
    .returning()
    .prepare(),
  update: db
    .update(interests)
    .set({
      country: p('country'),
      organisation: p('organisation'),
      roles: p('roles'),
      motivation: p('motivation'),
      updatedAt: p('now'),
    })
    .where(eq(interests.id, sql.placeholder('id')))
    .returning()
    .prepare(),
  removeSession: db
    .delete(interestSessions)
    .where(
      and(
        eq(interestSessions.interestId, sql.placeholder('interestId')),
        eq(interestSessions.sessionId, sql.placeholder('sessionId')),
      ),
    )
    .prepare(),
  rerankSession: db
    .update(interestSessions)
    .set({ rank: p('rank'), roles: p('roles') })
    .where(
      and(
        eq(interestSessions.interestId, sql.placeholder('interestId')),
        eq(interestSessions.sessionId, sql.placeholder('sessionId')),
      ),
    )
    .prepare(),
  clearWorkstreams: db
    .delete(interestWorkstreams)
    .where(eq(interestWorkstreams.interestId, sql.placeholder('id')))
    .prepare(),
  addSession: db
    .insert(interestSessions)
    .values({
      interestId: sql.placeholder('interestId'),
      sessionId: sql.placeholder('sessionId'),
      rank: sql.placeholder('rank'),
      roles: sql.placeholder('roles'),
    })
    .prepare(),
  addWorkstream: db
    .insert(interestWorkstreams)
    .values({
      interestId: sql.placeholder('interestId'),
      workstreamId: sql.placeholder('workstreamId'),
      asConvener: sql.placeholder('asConvener'),
    })
    .prepare(),
  sessionsOf: db
    .select()
    .from(interestSessions)
    .where(eq(interestSessions.interestId, sql.placeholder('id')))
    .orderBy(asc(interestSessions.rank))
    .prepare(),
  workstreamsOf: db
    .select()
    .from(interestWorkstreams)
    .where(eq(interestWorkstreams.interestId, sql.placeholder('id')))
    .orderBy(asc(interestWorkstreams.workstreamId))
    .prepare(),
}));

export function findInterest(db: Db, id: string): InterestRow | undefined {
  return statements(db).byId.get({ id });
}

export function interestOf(db: Db, seriesId: string, personId: string): InterestRow | undefined {
  return statements(db).ofPerson.get({ seriesId, personId });
}

export function extensionFor(db: Db, seriesId: string, personId: string): Date | null {
  return seriesCatalogue(db, seriesId)?.extensions.get(personId) ?? null;
}

/**
 * Writes the person's interest (new, or replacing theirs) and their profile as it now stands,
 * inside the caller's transaction; `replaced` tells which, `workstreamsChanged` the workstreams
 * it joined or left (their meetings' calendars follow).
 */
export function writeInterest(
  db: Db,
  clock: Clock,
  person: Person,
  seriesId: string,
  input: InterestInput,
  profile: ProfileChanges,
): { interest: InterestRow; replaced: boolean; person: Person; workstreamsChanged: string[] } {
  const q = statements(db);
  const now = clock.now();
  const nextProfile = {
    name: profile.name !== undefined ? profile.name : person.name,
    country: profile.country,
    organisation: profile.organisation !== undefined ? profile.organisation : person.organisation,
    language: profile.language,
    timezone: profile.timezone,
    timezoneChosen: profile.timezoneChosen,
  };
  const profileChanged = (Object.keys(nextProfile) as (keyof typeof nextProfile)[]).some(
    (key) => nextProfile[key] !== person[key],
  );
  if (profileChanged) {
    q.updateProfile.run({
      personId: person.id,
      ...nextProfile,
      timezoneChosen: nextProfile.timezoneChosen ? 1 : 0,
      now: now.getTime(),
    });
  }
  const existing = interestOf(db, seriesId, person.id);
  const fields = {
    country: input.country,
    organisation: input.organisation,
    roles: input.roles,
    motivation: input.motivation,
    now,
  };
  const interest = existing
    ? (q.update.get({
        id: existing.id,
        ...fields,
        roles: JSON.stringify(input.roles),
        now: now.getTime(),
      }) as InterestRow)
    : (q.insert.get({ id: newId(), seriesId, personId: person.id, ...fields }) as InterestRow);
  // A replacement often keeps most of its ranked sessions: write only the rows that changed.
  const rankedBefore = existing ? q.sessionsOf.all({ id: interest.id }) : [];
  const wantedOf = new Map(input.choices.map((c, i) => [c.sessionId, { rank: i + 1, roles: inRoleOrder(c.roles) }]));
  for (const { sessionId, rank, roles } of rankedBefore) {
    const wanted = wantedOf.get(sessionId);
    if (wanted === undefined) q.removeSession.run({ interestId: interest.id, sessionId });
    else if (wanted.rank !== rank || !sameList(wanted.roles, roles)) {
      // UPDATE … SET binds as given: the roles go in as their JSON text.
      q.rerankSession.run({
        interestId: interest.id,
        sessionId,
        rank: wanted.rank,
        roles: JSON.stringify(wanted.roles),
      });
    }
    wantedOf.delete(sessionId);
  }
  for (const [sessionId, wanted] of wantedOf) q.addSession.run({ interestId: interest.id, sessionId, ...wanted });
  // Workstreams change rarely: rewritten whole when they do.
  let workstreamsChanged: string[] = [];
  const streamsBefore = existing
    ? q.workstreamsOf.all({ id: interest.id }).map((w) => streamKey({ id: w.workstreamId, asConvener: w.asConvener }))
    : [];
  if (!sameList(streamsBefore.sort(), input.workstreams.map(streamKey).sort())) {
    if (streamsBefore.length > 0) q.clearWorkstreams.run({ id: interest.id });
    for (const w of input.workstreams) {
      q.addWorkstream.run({ interestId: interest.id, workstreamId: w.id, asConvener: w.asConvener });
    }
    workstreamsChanged = [
      ...new Set([...streamsBefore.map((key) => key.split(':')[0] ?? ''), ...input.workstreams.map((w) => w.id)]),
    ];
  }
  return { interest, replaced: existing !== undefined, person: { ...person, ...nextProfile }, workstreamsChanged };
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

const streamKey = (w: { id: string; asConvener: boolean }) => `${w.id}:${w.asConvener}`;

/** Deletes the interest; returns the workstreams it named (their meetings' calendars follow). */
export function deleteInterest(db: Db, interest: InterestRow): string[] {
  const workstreamIds = statements(db)
    .workstreamsOf.all({ id: interest.id })
    .map((w) => w.workstreamId);
  db.delete(interests).where(eq(interests.id, interest.id)).run();
  return workstreamIds;
}

/** Sets (or moves) a person's own deadline in the series. */
export function upsertExtension(
  db: Db,
  clock: Clock,
  grantedBy: Person,
  seriesId: string,
  person: Person,
  until: Date,
): void {
  db.insert(deadlineExtensions)
    .values({ seriesId, personId: person.id, until, grantedBy: grantedBy.id, createdAt: clock.now() })
    .onConflictDoUpdate({
      target: [deadlineExtensions.seriesId, deadlineExtensions.personId],
      set: { until, grantedBy: grantedBy.id, createdAt: clock.now() },
    })
    .run();
}

/** A series' extensions, soonest ending first, with whom each lets in. */
export function extensionsOf(db: Db, seriesId: string): { person: Person; until: Date }[] {
  return db
    .select({ person: people, until: deadlineExtensions.until })
    .from(deadlineExtensions)
    .innerJoin(people, eq(people.id, deadlineExtensions.personId))
    .where(eq(deadlineExtensions.seriesId, seriesId))
    .orderBy(asc(deadlineExtensions.until), asc(people.email))
    .all();
}

/** Ends a person's extension; false when they had none. */
export function deleteExtension(db: Db, seriesId: string, personId: string): boolean {
  const gone = db
    .delete(deadlineExtensions)
    .where(and(eq(deadlineExtensions.seriesId, seriesId), eq(deadlineExtensions.personId, personId)))
    .run();
  return gone.changes > 0;
}

/** Views of interests in the order given, sessions in rank order. */
export function interestViews(db: Db, rows: InterestRow[], withEmails: boolean): InterestView[] {
  if (rows.length === 0) return [];
  if (rows.length === 1) return [singleInterestView(db, rows[0] as InterestRow, withEmails)];
  const ids = rows.map((r) => r.id);
  const ranked = db
    .select()
    .from(interestSessions)
    .where(inArray(interestSessions.interestId, ids))
    .orderBy(asc(interestSessions.rank))
    .all();
  const streams = db
    .select()
    .from(interestWorkstreams)
    .where(inArray(interestWorkstreams.interestId, ids))
    .orderBy(asc(interestWorkstreams.workstreamId))
    .all();
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
  return rows.map((row) =>
    viewOf(
      row,
      persons.get(row.personId),
      ranked.filter((r) => r.interestId === row.id).map(choiceOf),
      streams.filter((w) => w.interestId === row.id).map((w) => ({ id: w.workstreamId, asConvener: w.asConvener })),
      withEmails,
    ),
  );
}

/** An interest's sessions, most wanted first, with the roles wanted in each, and its workstreams. */
export function choicesOfInterest(
  db: Db,
  interestId: string,
): { sessions: InterestChoice[]; workstreams: { id: string; asConvener: boolean }[] } {
  const q = statements(db);
  return {
    sessions: q.sessionsOf.all({ id: interestId }).map(choiceOf),
    workstreams: q.workstreamsOf.all({ id: interestId }).map((w) => ({ id: w.workstreamId, asConvener: w.asConvener })),
  };
}

function singleInterestView(db: Db, row: InterestRow, withEmails: boolean): InterestView {
  const chosen = choicesOfInterest(db, row.id);
  return viewOf(row, findPerson(db, row.personId), chosen.sessions, chosen.workstreams, withEmails);
}

/** The view of an interest just saved, built from what was written rather than read back. */
export function savedInterestView(
  interest: InterestRow,
  person: Person,
  input: InterestInput,
  withEmails: boolean,
): InterestView {
  // In the order every read gives them: by workstream id.
  const workstreams = [...input.workstreams].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return viewOf(interest, person, input.choices, workstreams, withEmails);
}

const choiceOf = (row: { sessionId: string; roles: string[] }): InterestChoice => ({
  sessionId: row.sessionId,
  roles: inRoleOrder(row.roles),
});

function viewOf(
  row: InterestRow,
  person: Person | undefined,
  choices: InterestChoice[],
  workstreams: { id: string; asConvener: boolean }[],
  withEmails: boolean,
): InterestView {
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
    roles: inRoleOrder(row.roles),
    sessions: choices.map((c) => c.sessionId),
    choices: choices.map((c) => ({ sessionId: c.sessionId, roles: inRoleOrder(c.roles) })),
    workstreams,
    motivation: row.motivation,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
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
  const catalogue = seriesCatalogue(db, seriesId);
  return { sessions: catalogue?.sessions ?? [], workstreams: catalogue?.workstreams ?? [] };
}
