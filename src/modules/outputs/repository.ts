// What a session produces, as stored: its blog post and the discussant's question. The rules
// and the audit entries are in ./service.ts.
import { eq } from 'drizzle-orm';
import { blogPosts, sessions } from '../../../db/schema.js';
import type { Db } from '../../db.js';

export type BlogPostRow = typeof blogPosts.$inferSelect;

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
