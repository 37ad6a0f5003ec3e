// The mail kinds of a session's blog post. Each outbox row goes to one of the post's authors (the
// session's chair, its discussant people and its co-bloggers: the row's personId / toEmail) and is
// rendered from the database when it is sent, in the reader's language and zone:
//
//   blog_status    {sessionId, status, previousStatus}  the post moved from one stage to the next
//   blog_reminder  {sessionId, daysBefore: 7 | 0}       the post is due in a week / within the day
//
// Importing this module registers the kinds (`import './modules/outputs/mail.js'`).
import * as blog from '../../../emails/blog.js';
import type { Language } from '../../../emails/i18n.js';
import type { Db } from '../../db.js';
import { DAY_MS } from '../../domain/time.js';
import { type BlogStatus, blogStatuses, isOneOf } from '../../domain/vocabulary.js';
import {
  defineMailKind,
  type OutboxRow,
  payloadLanguage,
  payloadText,
  readerOfRow,
  seriesInfo,
  stillThere,
  Undeliverable,
} from '../../mail/render.js';
import { findPerson } from '../people/repository.js';
import { findSession, sessionViews } from '../sessions/view.js';

declare module '../../mail/render.js' {
  interface MailPayloads {
    blog_status: {
      sessionId: string;
      status: BlogStatus;
      previousStatus: BlogStatus;
      language?: Language;
    };
    blog_reminder: { sessionId: string; daysBefore: 7 | 0; language?: Language };
  }
}

// ---- payload readers --------------------------------------------------------------------------------

const isBlogStatus = (value: unknown): value is BlogStatus => isOneOf(blogStatuses, value);

function sessionPayload(raw: Record<string, unknown>): { sessionId: string; language?: Language } {
  const id = payloadText(raw, 'sessionId');
  return { sessionId: id, ...payloadLanguage(raw) };
}

function statusPayload(raw: Record<string, unknown>) {
  const { status, previousStatus } = raw;
  if (!isBlogStatus(status) || !isBlogStatus(previousStatus)) {
    throw new Undeliverable(
      'unreadable',
      'its payload has no "status" and "previousStatus" (planned, drafting, in_review, published)',
    );
  }
  if (status === previousStatus) throw new Undeliverable('unreadable', 'its payload names no change of status');
  return { ...sessionPayload(raw), status, previousStatus };
}

function reminderPayload(raw: Record<string, unknown>) {
  const daysBefore: 7 | 0 | null = raw.daysBefore === 7 ? 7 : raw.daysBefore === 0 ? 0 : null;
  if (daysBefore === null) throw new Undeliverable('unreadable', 'its payload has no daysBefore (7 or 0)');
  return { ...sessionPayload(raw), daysBefore };
}

// ---- loading what a message is about ----------------------------------------------------------------

/** The session, its series and its view (line-up and blog post); Undeliverable when gone. */
function loadSubject(db: Db, sessionId: string) {
  const session = stillThere(findSession(db, sessionId), 'the session');
  if (session.status === 'cancelled')
    throw new Undeliverable('cancelled', 'the session was cancelled: it has no blog post');
  const series = seriesInfo(db, session.seriesId);
  // With addresses, only to recognise the reader among the authors; they go no further.
  const view = stillThere(sessionViews(db, [session], series.timezone, true)[0], 'the session');
  return { session, series, view };
}
type Subject = ReturnType<typeof loadSubject>;

/**
 * The post's authors as sessionViews counts them (chair, discussant people, co-bloggers; nobody
 * who declined), each with their role, the reader marked. Throws when the reader is not one.
 */
function authorsFor(db: Db, row: OutboxRow, subject: Subject): blog.BlogAuthor[] {
  const { session, view } = subject;
  const own = new Set([row.toEmail.trim().toLowerCase()]);
  const person = row.personId ? findPerson(db, row.personId) : undefined;
  if (person) own.add(person.email.toLowerCase());
  type Holder = { name: string; email?: string; country?: string | null; status: string };
  const authors: (blog.BlogAuthor & { email: string })[] = [];
  const add = (holder: Holder | null | undefined, role: blog.BlogAuthor['role'], country: string | null) => {
    if (!holder || holder.status === 'declined') return;
    const email = (holder.email ?? '').toLowerCase();
    if (email && authors.some((a) => a.email === email)) return;
    authors.push({ name: holder.name, role, country, you: own.has(email), email });
  };
  add(view.roles.chair, 'chair', view.roles.chair?.country ?? null);
  for (const p of view.roles.discussant?.people ?? []) add(p, 'discussant', session.discussantCountry);
  for (const p of view.roles.coBloggers) add(p, 'co_blogger', p.country ?? null);
  if (!authors.some((a) => a.you))
    throw new Undeliverable('not_concerned', 'the person is no longer one of the blog post’s authors');
  return authors.map(({ email: _email, ...author }) => author);
}

function blogContext(db: Db, row: OutboxRow, payload: { language?: Language }, subject: Subject): blog.BlogContext {
  const { session, series, view } = subject;
  const reader = readerOfRow(db, row, series, payload);
  return {
    reader,
    series,
    session: { title: session.title, startsAt: session.startsAt },
    blog: {
      title: view.blog.title,
      status: isBlogStatus(view.blog.status) ? view.blog.status : 'planned',
      url: view.blog.url,
      dueAt: view.blog.dueAt ? new Date(view.blog.dueAt) : null,
    },
    authors: authorsFor(db, row, subject),
  };
}

// ---- the kinds ----------------------------------------------------------------------------------------

defineMailKind('blog_status', {
  payload: statusPayload,
  render(row, payload, { db }) {
    const subject = loadSubject(db, payload.sessionId);
    // Moved on again before this went out: the newer change has its own message.
    if (subject.view.blog.status !== payload.status) {
      throw new Undeliverable('changed', `the blog post is no longer "${payload.status}"`);
    }
    const ctx = blogContext(db, row, payload, subject);
    return { to: row.toEmail, ...blog.renderStatus({ ...ctx, previousStatus: payload.previousStatus }) };
  },
});

defineMailKind('blog_reminder', {
  payload: reminderPayload,
  render(row, payload, { db, now }) {
    const subject = loadSubject(db, payload.sessionId);
    const { view } = subject;
    if (view.blog.status === 'published') throw new Undeliverable('changed', 'the blog post is already published');
    if (!view.blog.dueAt) throw new Undeliverable('no_date', 'the blog post has no due date (the session has no date)');
    const dueAt = new Date(view.blog.dueAt);
    if (now && now.getTime() > dueAt.getTime()) throw new Undeliverable('too_late', 'the due date has passed');
    // Queued for a date the post has since left (it is due later now): the new date gets its own.
    if (now && dueAt.getTime() - now.getTime() > (payload.daysBefore + 1) * DAY_MS) {
      throw new Undeliverable('changed', 'the due date has moved; its reminders follow the new date');
    }
    const ctx = blogContext(db, row, payload, subject);
    const sentAt = now ?? row.createdAt;
    return { to: row.toEmail, ...blog.renderReminder({ ...ctx, dueAt, sentAt }) };
  },
});
