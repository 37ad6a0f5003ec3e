// The series' end product: a synthesis paper of key country experiences, with its authors
// (series chairs and volunteers), due date, status and the sessions whose blog posts it draws on.
import { eq } from 'drizzle-orm';
import Type, { type Static } from 'typebox';
import { synthesisPapers } from '../../../db/schema.js';
import type { Db } from '../../db.js';
import { displayName, peopleByIds } from '../people/repository.js';
import { Instant, nullable } from '../schemas.js';
import type { SessionRow } from '../sessions/view.js';

type SynthesisRow = typeof synthesisPapers.$inferSelect;

export interface SynthesisChanges {
  title?: string | null;
  status: SynthesisRow['status'];
  url?: string | null;
  dueAt?: Date | null;
  authorIds?: string[];
  sourceSessionIds?: string[];
}

export function findSynthesis(db: Db, seriesId: string): SynthesisRow | undefined {
  return db.select().from(synthesisPapers).where(eq(synthesisPapers.seriesId, seriesId)).get();
}

/** Creates the series' synthesis paper with these values, or writes them over the one it has. */
export function upsertSynthesis(db: Db, seriesId: string, values: SynthesisChanges & { updatedAt: Date }): void {
  db.insert(synthesisPapers)
    .values({ seriesId, ...values })
    .onConflictDoUpdate({ target: synthesisPapers.seriesId, set: values })
    .run();
}

export const SynthesisView = Type.Object(
  {
    title: nullable(Type.String()),
    status: Type.String(),
    url: nullable(Type.String()),
    dueAt: nullable(Instant),
    authors: Type.Array(Type.Object({ name: Type.String(), email: Type.Optional(Type.String()) })),
    sessions: Type.Array(Type.Object({ id: Type.String(), title: Type.String() })),
  },
  { description: "The series' synthesis paper, once planned" },
);
export type SynthesisView = Static<typeof SynthesisView>;

export function synthesisView(
  db: Db,
  row: SynthesisRow | undefined,
  sessions: Pick<SessionRow, 'id' | 'title'>[],
  withEmails: boolean,
): SynthesisView | null {
  if (!row) return null;
  const people = peopleByIds(db, row.authorIds);
  return {
    title: row.title,
    status: row.status,
    url: row.url,
    dueAt: row.dueAt?.toISOString() ?? null,
    authors: row.authorIds.flatMap((id) => {
      const p = people.get(id);
      return p ? [{ name: displayName(p), ...(withEmails ? { email: p.email } : {}) }] : [];
    }),
    sessions: row.sourceSessionIds.flatMap((id) =>
      sessions.filter((s) => s.id === id).map((s) => ({ id: s.id, title: s.title })),
    ),
  };
}
