// What a session produces, as stored: its blog post and the discussant's question, and who
// holds the roles that may change them. The rules and the audit entries are in ./service.ts.
import { and, eq, inArray } from 'drizzle-orm';
import { blogPosts, roleAssignments, sessions } from '../../../db/schema.js';
import type { Db } from '../../db.js';
import { liveAssignmentStatuses } from '../../domain/vocabulary.js';
import type { Person } from '../people/repository.js';

export type BlogPostRow = typeof blogPosts.$inferSelect;
type Role = (typeof roleAssignments.$inferSelect)['role'];

/** Whether the person holds one of these roles in the session (and has not declined it). */
export function holdsRole(db: Db, person: Person, sessionId: string, roles: readonly Role[]): boolean {
  return (
    db
      .select({ id: roleAssignments.id })
      .from(roleAssignments)
      .where(
        and(
          eq(roleAssignments.sessionId, sessionId),
          eq(roleAssignments.personId, person.id),
          inArray(roleAssignments.role, [...roles]),
          inArray(roleAssignments.status, liveAssignmentStatuses),
        ),
      )
      .get() !== undefined
  );
}

export function findBlogPost(db: Db, sessionId: string): BlogPostRow | undefined {
  return db.select().from(blogPosts).where(eq(blogPosts.sessionId, sessionId)).get();
}

/** Creates the session's blog post with these values, or writes them over the one it has. */
export function upsertBlogPost(db: Db, sessionId: string, changes: Partial<Omit<BlogPostRow, 'sessionId'>>): void {
  db.insert(blogPosts)
    .values({ sessionId, ...changes })
    .onConflictDoUpdate({ target: blogPosts.sessionId, set: changes })
    .run();
}

export function updateDiscussantQuestion(db: Db, sessionId: string, question: string | null, at: Date): void {
  db.update(sessions).set({ discussantQuestion: question, updatedAt: at }).where(eq(sessions.id, sessionId)).run();
}
