// The audit log: who changed what, when. Written in the same transaction as the change.
import { auditLog } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db.js';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  seriesId?: string | null;
  entityType: string;
  entityId: string;
  details?: Record<string, unknown>;
}

export function recordAudit(db: Db, clock: Clock, entry: AuditEntry): void {
  db.insert(auditLog)
    .values({
      at: clock.now(),
      actorId: entry.actorId,
      action: entry.action,
      seriesId: entry.seriesId ?? null,
      entityType: entry.entityType,
      entityId: entry.entityId,
      details: entry.details ?? null,
    })
    .run();
}
