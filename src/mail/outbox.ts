// The outbox: every message is recorded here in the transaction of the change that causes it,
// then rendered and sent by the delivery worker. This module holds the row-level operations:
// queueing (cheap, no rendering), claiming due rows, recording each attempt, listing, resending.
import { and, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import Type, { type Static } from 'typebox';
import { outbox } from '../../db/schema.js';
import type { Clock } from '../clock.js';
import { type Db, preparedFor } from '../db.js';
import { type DeliveryProblem, deliveryProblems, type OutboxStatus, outboxStatuses } from '../domain/vocabulary.js';
import { newId } from '../lib/ids.js';
import { Instant, nullable } from '../lib/schema-parts.js';
import type { MailKind, MailPayload, OutboxRow } from './render.js';

/** A message to queue; its payload is what its kind's template needs (typed per kind). */
export interface NewMail<K extends MailKind = MailKind> {
  kind: K;
  toEmail: string;
  personId?: string | null;
  seriesId?: string | null;
  sessionId?: string | null;
  payload: MailPayload<K>;
  /** A message that must never be queued twice (a reminder) carries a key; a second enqueue is a no-op. */
  dedupeKey?: string;
  /** Not to be sent before this moment (default: due now). */
  notBefore?: Date;
}

/** Waits after a failed attempt: ~1 min, 5 min, 30 min, 2 h, 12 h; the attempt after the last wait is the last. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 12 * 3_600_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

const insertStatement = preparedFor((db) =>
  db
    .insert(outbox)
    .values({
      id: sql.placeholder('id'),
      kind: sql.placeholder('kind'),
      toEmail: sql.placeholder('toEmail'),
      personId: sql.placeholder('personId'),
      seriesId: sql.placeholder('seriesId'),
      sessionId: sql.placeholder('sessionId'),
      payload: sql.placeholder('payload'),
      dedupeKey: sql.placeholder('dedupeKey'),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: sql.placeholder('due'),
      createdAt: sql.placeholder('now'),
    })
    .onConflictDoNothing()
    .prepare(),
);

// Reminders are looked for on every pass of the worker, and nearly all of those found were
// queued on an earlier pass: a lookup of the key costs a fraction of the insert it spares.
const queuedStatement = preparedFor((db) =>
  db
    .select({ id: outbox.id })
    .from(outbox)
    .where(eq(outbox.dedupeKey, sql.placeholder('dedupeKey')))
    .prepare(),
);

/**
 * Queues one message, due now (or at `notBefore`). Call it inside the caller's transaction so the
 * change and its mail land together; it opens none itself and renders nothing (one prepared
 * INSERT). Returns false, inserting nothing, when a message with the same dedupeKey exists already.
 */
export function enqueue<K extends MailKind>(db: Db, clock: Clock, message: NewMail<K>): boolean {
  if (message.dedupeKey && queuedStatement(db).get({ dedupeKey: message.dedupeKey })) return false;
  const now = clock.now();
  const due = message.notBefore && message.notBefore > now ? message.notBefore : now;
  const result = insertStatement(db).run({
    id: newId(),
    kind: message.kind,
    toEmail: message.toEmail.trim().toLowerCase(),
    personId: message.personId ?? null,
    seriesId: message.seriesId ?? null,
    sessionId: message.sessionId ?? null,
    payload: message.payload,
    dedupeKey: message.dedupeKey ?? null,
    now,
    due,
  });
  return result.changes > 0;
}

/**
 * Queues to each reader the message `message` gives them (none where it gives null), addressed to
 * them; returns how many were new (the others were there already, by their dedupeKey).
 */
export function enqueueForEach<R extends { personId: string; email: string }, K extends MailKind>(
  db: Db,
  clock: Clock,
  readers: Iterable<R>,
  message: (reader: R) => Omit<NewMail<K>, 'toEmail' | 'personId'> | null,
): number {
  let queued = 0;
  for (const reader of readers) {
    const mail = message(reader);
    if (mail && enqueue(db, clock, { ...mail, toEmail: reader.email, personId: reader.personId })) queued++;
  }
  return queued;
}

/**
 * Queues a message that only ever needs to go in its latest form, about one thing (an
 * expression of interest, named by the payload field `about`), to one address:
 * - while one about the same thing is still waiting, never tried, it is replaced by this one
 *   (no second row; as it is rendered when sent, it shows the latest version);
 * - otherwise this one goes no earlier than `windowMs` after the last one went (or, when the
 *   last one is being sent or waits for a retry, `windowMs` from now), so that a person who
 *   saves again and again gets one message every few minutes at most.
 * Call it inside the caller's transaction, like `enqueue`. Returns which it did.
 */
export function enqueueLatest<K extends MailKind>(
  db: Db,
  clock: Clock,
  message: NewMail<K> & { seriesId: string },
  options: { about: keyof MailPayload<K> & string; windowMs: number },
): 'replaced' | 'queued' {
  const now = clock.now();
  const toEmail = message.toEmail.trim().toLowerCase();
  const about = (message.payload as Record<string, unknown>)[options.about];
  const sameThing = and(
    eq(outbox.seriesId, message.seriesId),
    eq(outbox.kind, message.kind),
    eq(outbox.toEmail, toEmail),
    sql`json_extract(${outbox.payload}, ${`$.${options.about}`}) = ${about}`,
  );
  const waiting = db
    .update(outbox)
    .set({ payload: message.payload as Record<string, unknown> })
    .where(and(sameThing, eq(outbox.status, 'pending'), eq(outbox.attempts, 0)))
    .run();
  if (waiting.changes > 0) return 'replaced';
  const last = db
    .select({ status: outbox.status, sentAt: outbox.sentAt })
    .from(outbox)
    .where(and(sameThing, inArray(outbox.status, ['pending', 'sent'])))
    .orderBy(desc(outbox.createdAt), desc(sql`rowid`))
    .limit(1)
    .get();
  const lastWent = last?.status === 'pending' ? now : (last?.sentAt ?? null);
  const notBefore = lastWent ? new Date(lastWent.getTime() + options.windowMs) : now;
  enqueue(db, clock, { ...message, notBefore });
  return 'queued';
}

// ---- the worker's side ---------------------------------------------------------------------------

/**
 * Claims up to `limit` due messages (pending, next attempt at or before `now`) in one UPDATE:
 * each gets one more attempt counted and its next attempt moved to the end of a lease, so no
 * other pass or process takes it while it is being sent. The claim is atomic in SQLite.
 */
export function claimDue(db: Db, now: Date, leaseMs: number, limit: number): OutboxRow[] {
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
    .orderBy(outbox.nextAttemptAt, outbox.createdAt, sql`rowid`)
    .limit(limit);
  const claimed = db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + leaseMs) })
    .where(and(inArray(outbox.id, due), eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
    .returning()
    .all();
  return claimed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

export function markSent(db: Db, id: string, now: Date, subject: string): void {
  db.update(outbox)
    .set({ status: 'sent', sentAt: now, lastError: null, deliveryProblem: null, subject })
    .where(eq(outbox.id, id))
    .run();
}

/**
 * Records a failed attempt of a claimed row: it waits for its next try, or, after the last
 * attempt (or when it can never be sent), it is `failed` for good. Returns which.
 */
export function markAttemptFailed(
  db: Db,
  row: Pick<OutboxRow, 'id' | 'attempts'>,
  now: Date,
  error: string,
  options: { subject?: string | null; permanent?: boolean; problem?: DeliveryProblem } = {},
): 'retried' | 'failed' {
  const lastError = error.slice(0, 1000);
  const deliveryProblem = options.problem ?? null;
  const subject = options.subject ? { subject: options.subject } : {};
  const delay = RETRY_DELAYS_MS[row.attempts - 1];
  if (options.permanent || row.attempts >= MAX_ATTEMPTS || delay === undefined) {
    db.update(outbox)
      .set({ status: 'failed', lastError, deliveryProblem, ...subject })
      .where(eq(outbox.id, row.id))
      .run();
    return 'failed';
  }
  db.update(outbox)
    .set({ nextAttemptAt: new Date(now.getTime() + delay), lastError, deliveryProblem, ...subject })
    .where(eq(outbox.id, row.id))
    .run();
  return 'retried';
}

/**
 * Makes every held message due now: those waiting for a retry and those whose claim was never
 * completed (a crash while sending). The service does this at start. A message never tried
 * that is queued for later (see `enqueueLatest`) keeps its time.
 */
export function releaseHeld(db: Db, now: Date): number {
  return db
    .update(outbox)
    .set({ nextAttemptAt: now })
    .where(and(eq(outbox.status, 'pending'), gt(outbox.attempts, 0), gt(outbox.nextAttemptAt, now)))
    .run().changes;
}

/**
 * The Message-ID of a row, stable across retries and restarts so a receiving server can spot a
 * duplicate; a resend (asked for by a person) gets a new one, or servers would drop it.
 */
export function messageIdOf(row: Pick<OutboxRow, 'id' | 'payload'>, publicUrl: string): string {
  const resends = Number(row.payload?._resend ?? 0);
  const host = new URL(publicUrl).hostname || 'localhost';
  return `<${row.id}${resends > 0 ? `.${resends}` : ''}@${host}>`;
}

// ---- listing and resending -------------------------------------------------------------------------

export const OutboxItem = Type.Object({
  id: Type.String(),
  to: Type.String(),
  subject: nullable(Type.String()),
  kind: Type.String(),
  status: Type.Enum([...outboxStatuses]),
  attempts: Type.Integer(),
  lastError: nullable(Type.String()),
  /** What `lastError` is about, as a code the pages translate. */
  problem: nullable(Type.Enum([...deliveryProblems])),
  createdAt: Instant,
  nextAttemptAt: nullable(Instant),
  sentAt: nullable(Instant),
  /** When a delivery report said the message could not be delivered after all, and why. */
  bouncedAt: nullable(Instant),
  bounceReason: nullable(Type.String()),
  seriesId: nullable(Type.String()),
  sessionId: nullable(Type.String()),
});
export type OutboxItem = Static<typeof OutboxItem>;

interface ListOptions {
  seriesId?: string;
  status?: OutboxStatus;
  /** At most this many, newest first (default 500). */
  limit?: number;
}

/**
 * Messages newest first. A row's subject is stored once the worker has rendered it; for a row
 * not yet attempted, `subjectOf` (when given) renders it on the fly, else it is null.
 */
export function listOutbox(
  db: Db,
  options: ListOptions = {},
  subjectOf?: (row: OutboxRow) => string | null,
): OutboxItem[] {
  const conditions = [
    options.seriesId !== undefined ? eq(outbox.seriesId, options.seriesId) : undefined,
    options.status !== undefined ? eq(outbox.status, options.status) : undefined,
  ];
  const rows = db
    .select()
    .from(outbox)
    .where(and(...conditions))
    .orderBy(desc(outbox.createdAt), desc(sql`rowid`))
    .limit(options.limit ?? 500)
    .all();
  return rows.map((row) => outboxItem(row, subjectOf));
}

export function outboxItem(row: OutboxRow, subjectOf?: (row: OutboxRow) => string | null): OutboxItem {
  return {
    id: row.id,
    to: row.toEmail,
    subject: row.subject ?? subjectOf?.(row) ?? null,
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    problem: row.deliveryProblem,
    createdAt: row.createdAt.toISOString(),
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    sentAt: row.sentAt?.toISOString() ?? null,
    bouncedAt: row.bouncedAt?.toISOString() ?? null,
    bounceReason: row.bounceReason,
    seriesId: row.seriesId,
    sessionId: row.sessionId,
  };
}

export function findOutboxRow(db: Db, id: string): OutboxRow | undefined {
  return db.select().from(outbox).where(eq(outbox.id, id)).get();
}

/**
 * Sends a failed (or sent) message again: pending, due now, attempts reset, with a new
 * Message-ID (counted in the payload's `_resend`). Returns the row, or undefined when there is
 * no such message or it is still pending (nothing to do).
 */
export function resend(db: Db, clock: Clock, id: string): OutboxRow | undefined {
  const now = clock.now();
  return db
    .update(outbox)
    .set({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
      deliveryProblem: null,
      sentAt: null,
      payload: sql`json_set(${outbox.payload}, '$._resend', coalesce(json_extract(${outbox.payload}, '$._resend'), 0) + 1)`,
    })
    .where(and(eq(outbox.id, id), inArray(outbox.status, ['failed', 'sent'])))
    .returning()
    .get();
}
