// Sending a message of the outbox again, as a chair asks for it from the series' outbox page or
// an integration through the API: who may, what cannot be sent again, and the audit entry.
import type { Clock } from '../../clock.js';
import { type Db, inTransaction } from '../../db.js';
import { conflict, forbidden, notFound } from '../../errors.js';
import { findOutboxRow, resend } from '../../mail/outbox.js';
import type { OutboxRow } from '../../mail/render.js';
import { recordAudit } from '../audit/log.js';
import { isSeriesChair } from '../auth/access.js';
import type { Person } from '../people/repository.js';

/** Whether the person may send the message again: an administrator, or a chair of its series. */
export function mayResend(db: Db, person: Person, row: OutboxRow): boolean {
  return person.isAdmin || (row.seriesId !== null && isSeriesChair(db, person, row.seriesId));
}

/**
 * Sends a failed (or sent) message again, at once; a 404 when there is no such message (or, with
 * `seriesId`, none of that series), a 403 for someone who may not, a 409 while it is still waiting.
 */
export function resendMessage(
  db: Db,
  clock: Clock,
  actor: Person,
  messageId: string,
  options: { seriesId?: string } = {},
): OutboxRow {
  const current = findOutboxRow(db, messageId);
  if (!current || (options.seriesId !== undefined && current.seriesId !== options.seriesId)) {
    throw notFound('message', messageId);
  }
  if (!mayResend(db, actor, current)) {
    throw forbidden("Only a chair of the message's series (or an administrator) may send it again.");
  }
  return inTransaction(db, () => {
    const row = resend(db, clock, messageId);
    if (!row) {
      throw conflict(
        'already_pending',
        `This message is already waiting to be sent (next attempt at ${current.nextAttemptAt.toISOString()}).`,
      );
    }
    recordAudit(db, clock, actor.id, 'outbox.resend', ['outbox', row.id, row.seriesId], {
      kind: row.kind,
      previousStatus: current.status,
    });
    return row;
  });
}
