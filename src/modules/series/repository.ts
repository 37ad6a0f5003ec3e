// Series and their chairs: reading the programme, and the rows the series' use cases write
// (service.ts holds the checks, the transaction, the audit entry and the chairs' mail).
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import Type, { type Static } from 'typebox';
import { people, series, seriesChairs, sessions, workstreams } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import { type Db, preparedFor } from '../../db.js';
import { newId } from '../../lib/ids.js';
import { displayName, ensurePerson, type Person } from '../people/repository.js';
import { Instant, nullable } from '../schemas.js';
import { SessionView, sessionsOfSeries, sessionViews } from '../sessions/view.js';
import { seriesCatalogue } from './catalogue.js';
import { findSynthesis, SynthesisView, synthesisView } from './synthesis.js';

export type SeriesRow = typeof series.$inferSelect;

export interface ChairInput {
  email: string;
  name?: string | null | undefined;
}

export interface SeriesFields {
  title: string;
  description: string | null;
  timezone: string;
  interestDeadline: Date | null;
}

const statements = preparedFor((db) => ({
  byId: db
    .select()
    .from(series)
    .where(eq(series.id, sql.placeholder('id')))
    .prepare(),
  chairs: db
    .select({ person: people })
    .from(seriesChairs)
    .innerJoin(people, eq(people.id, seriesChairs.personId))
    .where(eq(seriesChairs.seriesId, sql.placeholder('seriesId')))
    .orderBy(asc(seriesChairs.position))
    .prepare(),
  workstreams: db
    .select({ workstream: workstreams, convener: people })
    .from(workstreams)
    .leftJoin(people, eq(people.id, workstreams.convenerId))
    .where(eq(workstreams.seriesId, sql.placeholder('seriesId')))
    .orderBy(asc(workstreams.createdAt))
    .prepare(),
}));

export function findSeries(db: Db, id: string): SeriesRow | undefined {
  return statements(db).byId.get({ id });
}

export const seriesExists = (db: Db, id: string): string | undefined => seriesCatalogue(db, id)?.series.id;

export function chairsOf(db: Db, seriesId: string): Person[] {
  return statements(db)
    .chairs.all({ seriesId })
    .map((r) => r.person);
}

export function insertSeries(db: Db, clock: Clock, fields: SeriesFields): SeriesRow {
  const now = clock.now();
  return db
    .insert(series)
    .values({ id: newId(), ...fields, createdAt: now, updatedAt: now })
    .returning()
    .get();
}

export function updateSeriesRow(db: Db, clock: Clock, id: string, changes: Partial<SeriesFields>): SeriesRow {
  return db
    .update(series)
    .set({ ...changes, updatedAt: clock.now() })
    .where(eq(series.id, id))
    .returning()
    .get();
}

/** Sets the series' chairs, in order; returns the people who were not chairs of it before. */
export function replaceChairs(db: Db, clock: Clock, seriesId: string, chairs: ChairInput[]): Person[] {
  const before = new Set(chairsOf(db, seriesId).map((p) => p.id));
  db.delete(seriesChairs).where(eq(seriesChairs.seriesId, seriesId)).run();
  return chairs.flatMap((chair, position) => {
    const person = ensurePerson(db, clock, chair);
    db.insert(seriesChairs).values({ seriesId, personId: person.id, position }).onConflictDoNothing().run();
    return before.has(person.id) ? [] : [person];
  });
}

interface SeriesSummary {
  id: string;
  title: string;
  timezone: string;
  interestDeadline: string | null;
  nextSession: { id: string; title: string; startsAt: string } | null;
}

/** Every series, those with the soonest upcoming session first, then those with none. */
export function listSeries(db: Db, now: Date): SeriesSummary[] {
  const all = db.select().from(series).orderBy(asc(series.createdAt)).all();
  const upcoming = db
    .select({ id: sessions.id, seriesId: sessions.seriesId, title: sessions.title, startsAt: sessions.startsAt })
    .from(sessions)
    .where(and(eq(sessions.status, 'scheduled'), gte(sessions.startsAt, now)))
    .orderBy(asc(sessions.startsAt))
    .all();
  const next = new Map<string, (typeof upcoming)[number]>();
  for (const s of upcoming) if (!next.has(s.seriesId)) next.set(s.seriesId, s);
  const summaries = all.map((row) => {
    const n = next.get(row.id);
    return {
      id: row.id,
      title: row.title,
      timezone: row.timezone,
      interestDeadline: row.interestDeadline?.toISOString() ?? null,
      nextSession: n?.startsAt ? { id: n.id, title: n.title, startsAt: n.startsAt.toISOString() } : null,
    };
  });
  const soonest = (s: SeriesSummary) => s.nextSession?.startsAt ?? '\uffff';
  return summaries.sort((a, b) => soonest(a).localeCompare(soonest(b)));
}

export const SeriesView = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: nullable(Type.String()),
  timezone: Type.String(),
  interestDeadline: nullable(Instant),
  chairs: Type.Array(Type.Object({ name: Type.String(), email: Type.Optional(Type.String()) })),
  sessions: Type.Array(SessionView),
  synthesis: nullable(SynthesisView),
  workstreams: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      description: nullable(Type.String()),
      convener: nullable(Type.Object({ name: Type.String() })),
    }),
  ),
  createdAt: Instant,
  updatedAt: nullable(Instant),
});
export type SeriesView = Static<typeof SeriesView>;

/** A series' workstreams in the order they were created, each with its convener if it has one. */
export function workstreamsOfSeries(
  db: Db,
  seriesId: string,
): { workstream: typeof workstreams.$inferSelect; convener: Person | null }[] {
  return statements(db).workstreams.all({ seriesId });
}

export function seriesView(db: Db, row: SeriesRow, withEmails: boolean): SeriesView {
  const { id, title, description, timezone } = row;
  const chairs = chairsOf(db, id).map((p) => ({ name: displayName(p), ...(withEmails ? { email: p.email } : {}) }));
  const streams = workstreamsOfSeries(db, id);
  const sessionRows = sessionsOfSeries(db, id);
  return {
    id,
    title,
    description,
    timezone,
    interestDeadline: row.interestDeadline?.toISOString() ?? null,
    chairs,
    sessions: sessionViews(db, sessionRows, timezone, withEmails),
    synthesis: synthesisView(db, findSynthesis(db, id), sessionRows, withEmails),
    workstreams: streams.map(({ workstream, convener }) => ({
      id: workstream.id,
      title: workstream.title,
      description: workstream.description,
      convener: convener ? { name: displayName(convener) } : null,
    })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt?.toISOString() ?? null,
  };
}

/** What a person runs, for the links on their page: the series they chair (every series for an
 * administrator) and the workstreams they convene. */
export function runBy(
  db: Db,
  person: Person,
): { series: { id: string; title: string }[]; workstreams: { id: string; title: string; seriesTitle: string }[] } {
  const chaired = person.isAdmin
    ? db.select({ id: series.id, title: series.title }).from(series).orderBy(asc(series.createdAt)).all()
    : db
        .select({ id: series.id, title: series.title })
        .from(seriesChairs)
        .innerJoin(series, eq(series.id, seriesChairs.seriesId))
        .where(eq(seriesChairs.personId, person.id))
        .orderBy(asc(series.createdAt))
        .all();
  const convened = db
    .select({ id: workstreams.id, title: workstreams.title, seriesTitle: series.title })
    .from(workstreams)
    .innerJoin(series, eq(series.id, workstreams.seriesId))
    .where(eq(workstreams.convenerId, person.id))
    .orderBy(asc(workstreams.createdAt))
    .all();
  return { series: chaired, workstreams: convened };
}
