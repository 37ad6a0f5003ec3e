// The audit log: who changed what, when. Written in the same transaction as the change.
import { count, desc, eq, sql } from 'drizzle-orm';
import { auditLog, people } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import { type Db, preparedFor } from '../../db.js';
import type { AuditEntityType } from '../../domain/vocabulary.js';

/**
 * What an entry is about: the row's kind and id, and the series whose log shows it (none for what
 * belongs to no series, such as a reply from an unknown address).
 */
export type AuditSubject = readonly [entityType: AuditEntityType, entityId: string, seriesId: string | null];

const insertEntry = preparedFor((db) =>
  db
    .insert(auditLog)
    .values({
      at: sql.placeholder('at'),
      actorId: sql.placeholder('actorId'),
      action: sql.placeholder('action'),
      seriesId: sql.placeholder('seriesId'),
      entityType: sql.placeholder('entityType'),
      entityId: sql.placeholder('entityId'),
      details: sql.placeholder('details'),
    })
    .prepare(),
);

/** Who (a person's id, or null for the service itself) did what to which row, with what details. */
export function recordAudit(
  db: Db,
  clock: Clock,
  actorId: string | null,
  action: string,
  [entityType, entityId, seriesId]: AuditSubject,
  details?: Record<string, unknown>,
): void {
  insertEntry(db).run({ at: clock.now(), actorId, action, seriesId, entityType, entityId, details: details ?? null });
}

export interface AuditRecord {
  id: number;
  at: Date;
  actor: { id: string; name: string | null; email: string } | null;
  action: string;
  entityType: AuditEntityType;
  entityId: string;
  details: Record<string, unknown> | null;
}

/** One page of a series' log, newest first, and how many entries it holds in all. */
export function seriesAuditPage(
  db: Db,
  seriesId: string,
  page: number,
  perPage: number,
): { entries: AuditRecord[]; total: number } {
  const total = db.select({ n: count() }).from(auditLog).where(eq(auditLog.seriesId, seriesId)).get()?.n ?? 0;
  const entries = db
    .select({ entry: auditLog, actor: { id: people.id, name: people.name, email: people.email } })
    .from(auditLog)
    .leftJoin(people, eq(people.id, auditLog.actorId))
    .where(eq(auditLog.seriesId, seriesId))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(perPage)
    .offset((page - 1) * perPage)
    .all()
    .map(({ entry, actor }) => ({
      id: entry.id,
      at: entry.at,
      actor,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      details: entry.details ?? null,
    }));
  return { entries, total };
}
