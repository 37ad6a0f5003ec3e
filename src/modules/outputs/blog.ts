// Blog posts remind their authors before they are due: a week before and on the due date (the
// last day before it), each once. A change of status is mailed by ./service.ts.
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { blogPosts, people, roleAssignments, sessions } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import { type Db, inTransaction } from '../../db.js';
import { dueReminder, REMINDER_DAYS } from '../../domain/reminders.js';
import { liveAssignmentStatuses } from '../../domain/vocabulary.js';
import { enqueueForEach } from '../../mail/outbox.js';
import { BLOG_DUE_AFTER_MS } from '../sessions/view.js';

/** The authors of a session's blog post: its chair, discussant people and co-bloggers, unless they declined. */
export function blogAuthors(db: Db, sessionId: string) {
  return db
    .select({ personId: people.id, email: people.email })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(
      and(
        eq(roleAssignments.sessionId, sessionId),
        inArray(roleAssignments.role, ['chair', 'discussant', 'co_blogger']),
        inArray(roleAssignments.status, liveAssignmentStatuses),
      ),
    )
    .all()
    .filter((a, i, all) => all.findIndex((b) => b.personId === a.personId) === i);
}

export function queueBlogReminders(db: Db, clock: Clock): number {
  const now = clock.now();
  const rows = db
    .select({ session: sessions, blog: blogPosts })
    .from(sessions)
    .leftJoin(blogPosts, eq(blogPosts.sessionId, sessions.id))
    .where(and(eq(sessions.status, 'scheduled'), isNotNull(sessions.startsAt)))
    .all()
    .filter((r) => r.blog?.status !== 'published');
  let queued = 0;
  inTransaction(db, () => {
    for (const { session, blog } of rows) {
      if (!session.startsAt) continue;
      const dueAt = blog?.dueAt ?? new Date(session.startsAt.getTime() + BLOG_DUE_AFTER_MS);
      const days = dueReminder(now, dueAt, REMINDER_DAYS);
      if (!days) continue;
      const daysBefore = days === 7 ? 7 : 0;
      queued += enqueueForEach(db, clock, blogAuthors(db, session.id), (author) => ({
        kind: 'blog_reminder',
        seriesId: session.seriesId,
        sessionId: session.id,
        payload: { sessionId: session.id, daysBefore },
        dedupeKey: `blog-reminder:${session.id}:${author.personId}:${dueAt.getTime()}:${daysBefore}`,
      }));
    }
  });
  return queued;
}
