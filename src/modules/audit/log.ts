// The audit log: who changed what, when. Written in the same transaction as the change.
import { sql } from 'drizzle-orm';
import { auditLog } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import { type Db, preparedFor } from '../../db.js';

interface AuditEntry {
  actorId: string | null;
  action: string;
  seriesId?: string | null;
  entityType: string;
  entityId: string;
  details?: Record<string, unknown>;
}

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

export function recordAudit(db: Db, clock: Clock, entry: AuditEntry): void {
  insertEntry(db).run({
    at: clock.now(),
    actorId: entry.actorId,
    action: entry.action,
    seriesId: entry.seriesId ?? null,
    entityType: entry.entityType,
    entityId: entry.entityId,
    details: entry.details ?? null,
  });
}
