// The question to the group: once the discussant's question is set, the chair releases it; at the
// release time (7 days before the session unless the chair chose another) it goes to everyone
// registered to attend and, when the chair chose it, to every contact of the series, each once,
// in their language. Whoever registers afterwards gets it at once. Each reader answers with a
// short experience or question of their own on a page behind a signed link, until the session
// starts; the chairs read the answers grouped by country.
import { and, asc, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import { attendees, contacts, groupAnswers, people, sessions } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { type Db, inTransaction } from '../../db.js';
import { clip, textProblem } from '../../domain/text.js';
import { DAY_MS } from '../../domain/time.js';
import { conflict, invalidRequest, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { sign, verify } from '../../lib/signing.js';
import { enqueue } from '../../mail/outbox.js';
import { recordAudit } from '../audit/log.js';
import { checkSessionOpen } from '../checks.js';
import { unsubscribedAt } from '../interests/unsubscriptions.js';
import { ensurePerson, findPerson, type Person } from '../people/repository.js';
import { findSession, type SessionRow } from '../sessions/view.js';

export const RELEASE_DAYS_BEFORE = 7;
/** The longest experience or question a person writes back. */
export const ANSWER_MAX = 1500;

/** When the question goes to the group: the chair's time, else 7 days before the session. */
export function releaseTimeOf(session: Pick<SessionRow, 'questionReleaseAt' | 'startsAt'>): Date | null {
  if (session.questionReleaseAt) return session.questionReleaseAt;
  return session.startsAt ? new Date(session.startsAt.getTime() - RELEASE_DAYS_BEFORE * DAY_MS) : null;
}

export interface ReleaseInput {
  /** Release (true) or hold back (false, while it has not gone). */
  released: boolean;
  /** A time of the chair's choice; null or absent: 7 days before the session. */
  at?: Date | null;
  toContacts?: boolean;
}

/**
 * The chair releases the question to the group (or holds it back before it went). Needs the
 * discussant's question (409 `no_question`), a scheduled session not yet begun, and a release
 * time before the session starts (409 `release_after_start`). When the release time has come
 * already, the question is queued at once, in the same transaction.
 */
export function releaseQuestion(db: Db, clock: Clock, actor: Person, session: SessionRow, input: ReleaseInput) {
  checkSessionOpen(session);
  const now = clock.now();
  if (session.status !== 'scheduled' || !session.startsAt) {
    throw conflict(
      'session_not_scheduled',
      `"${session.title}" has no date yet: schedule it before releasing its question.`,
    );
  }
  if (session.startsAt.getTime() <= now.getTime()) {
    throw conflict('session_started', `"${session.title}" has begun: its question can no longer go to the group.`);
  }
  if (input.released && !session.discussantQuestion) {
    throw conflict('no_question', "Record the discussant's question first: it is what goes to the group.");
  }
  if (!input.released && session.questionSentAt) {
    throw conflict(
      'question_sent',
      `The question of "${session.title}" went to the group already; it cannot be held back.`,
      {
        sentAt: session.questionSentAt.toISOString(),
      },
    );
  }
  const at = input.at ?? null;
  if (at && at.getTime() >= session.startsAt.getTime()) {
    throw conflict('release_after_start', 'The question must go to the group before the session starts.', {
      field: 'at',
      startsAt: session.startsAt.toISOString(),
    });
  }
  return inTransaction(db, () => {
    const row = db
      .update(sessions)
      .set({
        questionReleased: input.released,
        questionReleaseAt: at,
        questionToContacts: input.toContacts ?? false,
        updatedAt: now,
      })
      .where(eq(sessions.id, session.id))
      .returning()
      .get();
    recordAudit(
      db,
      clock,
      actor.id,
      input.released ? 'question.release' : 'question.hold',
      ['session', session.id, session.seriesId],
      {
        at: releaseTimeOf(row)?.toISOString() ?? null,
        chosen: at !== null,
        toContacts: row.questionToContacts,
      },
    );
    const queued = sendDueQuestion(db, clock, row);
    return { session: findSession(db, session.id) ?? row, queued };
  });
}

/** A person's page for the question: signed for the session and the person. */
const answerSignature = (sessionId: string, personId: string) => `group-answer:${sessionId}:${personId}`;

export function answerLink(config: Pick<Config, 'publicUrl' | 'secretKey'>, sessionId: string, personId: string) {
  const token = sign(config.secretKey, answerSignature(sessionId, personId));
  return `${config.publicUrl}/answers/${encodeURIComponent(sessionId)}/${encodeURIComponent(personId)}?token=${token}`;
}

function queueQuestionTo(db: Db, clock: Clock, session: SessionRow, person: { id: string; email: string }): boolean {
  return enqueue(db, clock, {
    kind: 'group_question',
    toEmail: person.email,
    personId: person.id,
    seriesId: session.seriesId,
    sessionId: session.id,
    payload: { sessionId: session.id },
    // Once per person and session, however often it is released, and across restarts.
    dedupeKey: `group-question:${session.id}:${person.id}`,
  });
}

/**
 * Sends the session's question to the group when its release time has come (and notes when):
 * every attendee, and every contact of the series when the chair chose so. Returns how many.
 */
function sendDueQuestion(db: Db, clock: Clock, session: SessionRow): number {
  const now = clock.now();
  const at = releaseTimeOf(session);
  const due =
    session.questionReleased &&
    !session.questionSentAt &&
    session.discussantQuestion &&
    session.status === 'scheduled' &&
    session.startsAt &&
    session.startsAt.getTime() > now.getTime() &&
    at &&
    at.getTime() <= now.getTime();
  if (!due) return 0;
  let queued = 0;
  const told = new Set<string>();
  const registered = db
    .select({ id: people.id, email: people.email })
    .from(attendees)
    .innerJoin(people, eq(people.id, attendees.personId))
    .where(and(eq(attendees.sessionId, session.id), isNull(attendees.unregisteredAt)))
    .orderBy(attendees.registeredAt, sql`${attendees}.rowid`)
    .all();
  for (const person of registered) {
    told.add(person.email);
    if (queueQuestionTo(db, clock, session, person)) queued++;
  }
  if (session.questionToContacts) {
    const list = db
      .select({ email: contacts.email, name: contacts.name })
      .from(contacts)
      .where(eq(contacts.seriesId, session.seriesId))
      .orderBy(asc(contacts.createdAt), sql`rowid`)
      .all();
    for (const contact of list) {
      if (told.has(contact.email)) continue;
      told.add(contact.email);
      // Bulk mail to contacts: an address that unsubscribed from the call gets none of it.
      if (unsubscribedAt(db, contact.email)) continue;
      const person = ensurePerson(db, clock, { email: contact.email, name: contact.name });
      if (queueQuestionTo(db, clock, session, person)) queued++;
    }
  }
  db.update(sessions).set({ questionSentAt: now }).where(eq(sessions.id, session.id)).run();
  return queued;
}

/** The scheduler's pass: every released question whose time has come and that has not gone yet. */
export function queueGroupQuestions(db: Db, clock: Clock): number {
  const now = clock.now();
  const candidates = db
    .select()
    .from(sessions)
    .where(
      and(
        eq(sessions.questionReleased, true),
        isNull(sessions.questionSentAt),
        isNotNull(sessions.discussantQuestion),
        eq(sessions.status, 'scheduled'),
        gt(sessions.startsAt, now),
      ),
    )
    .all();
  let queued = 0;
  for (const session of candidates) {
    const at = releaseTimeOf(session);
    if (!at || at.getTime() > now.getTime()) continue;
    queued += inTransaction(db, () => sendDueQuestion(db, clock, session));
  }
  return queued;
}

/** Someone who registers after the question went gets it at once (once: the outbox key). */
export function questionForNewAttendee(db: Db, clock: Clock, session: SessionRow, person: Person): void {
  if (session.questionSentAt && session.discussantQuestion && session.status === 'scheduled') {
    queueQuestionTo(db, clock, session, person);
  }
}

// ---- the answers ---------------------------------------------------------------------------------

export type GroupAnswer = typeof groupAnswers.$inferSelect;

/**
 * What a person's answer link opens: the session, the person and their answer so far; 404 for
 * a link this service did not sign. `open` says whether answers are still taken.
 */
export function readAnswerLink(
  db: Db,
  clock: Clock,
  config: Pick<Config, 'secretKey'>,
  sessionId: string,
  personId: string,
  token: string,
) {
  if (!verify(config.secretKey, answerSignature(sessionId, personId), token)) notFoundLink();
  const session = findSession(db, sessionId);
  const person = findPerson(db, personId);
  if (!session || !person || !session.discussantQuestion) notFoundLink();
  const answer = db
    .select()
    .from(groupAnswers)
    .where(and(eq(groupAnswers.sessionId, sessionId), eq(groupAnswers.personId, personId)))
    .get();
  const open =
    session.status === 'scheduled' && session.startsAt !== null && session.startsAt.getTime() > clock.now().getTime();
  return { session, person, answer, open };
}

function notFoundLink(): never {
  throw notFound('answer link', 'this address');
}

/** The country an answer is from: the person's, else the contact list's, else unknown. */
function answerCountry(db: Db, person: Person, seriesId: string): string | null {
  if (person.country) return person.country;
  return (
    db
      .select({ country: contacts.country })
      .from(contacts)
      .where(and(eq(contacts.seriesId, seriesId), eq(contacts.email, person.email)))
      .get()?.country ?? null
  );
}

/**
 * Saves a person's experience or question (replacing the one they wrote before): 400 for an
 * empty or unreadable text, 409 `answers_closed` once the session has started.
 */
/**
 * An answer sent by replying to the question's email: the message it answers names the session
 * and the person (src/modules/attendance/answer-mail.ts), as the signed link does; the same rules.
 */
export function saveAnswerByMail(
  db: Db,
  clock: Clock,
  config: Pick<Config, 'secretKey'>,
  input: { sessionId: string; personId: string; text: string },
): GroupAnswer {
  const token = sign(config.secretKey, answerSignature(input.sessionId, input.personId));
  return saveAnswer(db, clock, config, { ...input, token });
}

export function saveAnswer(
  db: Db,
  clock: Clock,
  config: Pick<Config, 'secretKey'>,
  input: { sessionId: string; personId: string; token: string; text: string },
): GroupAnswer {
  const { session, person, answer, open } = readAnswerLink(
    db,
    clock,
    config,
    input.sessionId,
    input.personId,
    input.token,
  );
  const problem = textProblem(input.text, 'multiline');
  if (problem !== null) throw invalidRequest(`text: ${problem}`, { field: 'text' });
  const text = clip(input.text.trim(), ANSWER_MAX);
  if (text === '') {
    throw invalidRequest('Write a short experience or question before sending.', { field: 'text' });
  }
  if (!open) {
    throw conflict('answers_closed', `"${session.title}" has begun: answers to its question are closed.`, {
      sessionId: session.id,
    });
  }
  const now = clock.now();
  return inTransaction(db, () => {
    const row = answer
      ? db.update(groupAnswers).set({ text, updatedAt: now }).where(eq(groupAnswers.id, answer.id)).returning().get()
      : db
          .insert(groupAnswers)
          .values({
            id: newId(),
            sessionId: session.id,
            personId: person.id,
            country: answerCountry(db, person, session.seriesId),
            text,
            createdAt: now,
            updatedAt: now,
          })
          .returning()
          .get();
    recordAudit(
      db,
      clock,
      person.id,
      answer ? 'group_answer.update' : 'group_answer.add',
      ['session', session.id, session.seriesId],
      { answerId: row.id },
    );
    return row;
  });
}
