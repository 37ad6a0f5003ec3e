// The queries of unsubscribing: who asked for no more calls and reminders, recording it, and
// lifting it (an interest submitted, a chair's import with consent noted). The rules that call
// them are in contacts.ts and service.ts.

import { eq, sql } from 'drizzle-orm';
import { contacts, removedContacts, unsubscriptions } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import { type Db, preparedFor } from '../../db.js';
import type { UnsubscribeChannel } from '../../domain/vocabulary.js';
import { recordAudit } from '../audit/log.js';

const statements = preparedFor((db) => ({
  byEmail: db
    .select()
    .from(unsubscriptions)
    .where(eq(unsubscriptions.email, sql.placeholder('email')))
    .prepare(),
  remove: db
    .delete(unsubscriptions)
    .where(eq(unsubscriptions.email, sql.placeholder('email')))
    .returning()
    .prepare(),
}));

/** When the address unsubscribed, or null while it takes calls and reminders. */
export function unsubscribedAt(db: Db, email: string): Date | null {
  return statements(db).byEmail.get({ email: email.trim().toLowerCase() })?.unsubscribedAt ?? null;
}

/** Records the unsubscription unless there is one; returns the one that stands and whether it is new. */
export function recordUnsubscription(
  db: Db,
  clock: Clock,
  entry: { email: string; seriesId: string; channel: UnsubscribeChannel },
): { unsubscribedAt: Date; added: boolean } {
  const email = entry.email.trim().toLowerCase();
  const standing = unsubscribedAt(db, email);
  if (standing) return { unsubscribedAt: standing, added: false };
  const now = clock.now();
  db.insert(unsubscriptions)
    .values({ email, unsubscribedAt: now, seriesId: entry.seriesId, channel: entry.channel })
    .run();
  return { unsubscribedAt: now, added: true };
}

/**
 * Lifts an address's unsubscription, if it has one, with an audit entry saying why; returns
 * whether it had one. Call it inside the transaction of what lifts it.
 */
export function liftUnsubscription(
  db: Db,
  clock: Clock,
  entry: { email: string; actorId: string | null; seriesId: string; reason: 'interest' | 'consent' },
): boolean {
  const email = entry.email.trim().toLowerCase();
  const removed = statements(db).remove.get({ email });
  if (!removed) return false;
  recordAudit(db, clock, entry.actorId, 'contact.resubscribe', ['unsubscription', email, entry.seriesId], {
    email,
    reason: entry.reason,
    unsubscribedAt: removed.unsubscribedAt.toISOString(),
  });
  return true;
}

/** SQL: the contact row in the outer query ("contacts") has unsubscribed. */
export const contactUnsubscribed = sql`exists (select 1 from unsubscriptions u where u.email = "contacts"."email")`;

const unsubscribeColumns = <T extends typeof contacts | typeof removedContacts>(table: T) => ({
  seriesId: table.seriesId,
  email: table.email,
  country: table.country,
  language: table.language,
  timezone: table.timezone,
});

/**
 * A contact of a series by id, with its series, for the unsubscribe page and use case; one the
 * chairs took off the list too, so that the links of the mail it was sent still work.
 */
export function contactById(db: Db, id: string) {
  return (
    db.select(unsubscribeColumns(contacts)).from(contacts).where(eq(contacts.id, id)).get() ??
    db.select(unsubscribeColumns(removedContacts)).from(removedContacts).where(eq(removedContacts.id, id)).get()
  );
}

/** The ids of contacts (removed ones too) that read as `id` whatever the case (a mail system may have changed it). */
export function contactIdsAnyCase(db: Db, id: string): string[] {
  const lower = id.toLowerCase();
  return [
    ...db.select({ id: contacts.id }).from(contacts).where(sql`lower(${contacts.id}) = ${lower}`).all(),
    ...db
      .select({ id: removedContacts.id })
      .from(removedContacts)
      .where(sql`lower(${removedContacts.id}) = ${lower}`)
      .all(),
  ].map((c) => c.id);
}
