// Reminders before the interest deadline: 7 days and 1 day before, to contacts who were sent
// the call before that reminder's window opened, have not answered and have not unsubscribed. Each goes at most once
// (the outbox's unique key), whenever the scheduler runs and however often the service restarts.
import { and, eq, gt, isNotNull, lte, sql } from 'drizzle-orm';
import { contacts, series } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import { type Db, inTransaction } from '../../db.js';
import { dueReminder, REMINDER_DAYS, windowOpens } from '../../domain/reminders.js';
import { DAY_MS } from '../../domain/time.js';
import { enqueue } from '../../mail/outbox.js';
import { contactUnsubscribed } from './unsubscriptions.js';

export function queueInterestReminders(db: Db, clock: Clock): number {
  const now = clock.now();
  const open = db
    .select({ id: series.id, deadline: series.interestDeadline })
    .from(series)
    .where(
      and(
        isNotNull(series.interestDeadline),
        gt(series.interestDeadline, now),
        lte(series.interestDeadline, new Date(now.getTime() + 7 * DAY_MS)),
      ),
    )
    .all();
  let queued = 0;
  for (const { id: seriesId, deadline } of open) {
    if (!deadline) continue;
    const days = dueReminder(now, deadline, REMINDER_DAYS);
    if (!days) continue;
    const windowOpened = windowOpens(deadline, days);
    const waiting = db
      .select({ id: contacts.id, email: contacts.email })
      .from(contacts)
      .where(
        and(
          eq(contacts.seriesId, seriesId),
          isNotNull(contacts.callSentAt),
          lte(contacts.callSentAt, windowOpened),
          sql`not exists (select 1 from interests i join people p on p.id = i.person_id
            where i.series_id = ${seriesId} and p.email = "contacts"."email")`,
          sql`not ${contactUnsubscribed}`,
        ),
      )
      .all();
    inTransaction(db, () => {
      for (const contact of waiting) {
        const added = enqueue(db, clock, {
          kind: 'interest_deadline_reminder',
          toEmail: contact.email,
          seriesId,
          payload: { contactId: contact.id, daysBefore: days },
          dedupeKey: `interest-reminder:${contact.id}:${days}`,
        });
        if (added) queued++;
      }
    });
  }
  return queued;
}
