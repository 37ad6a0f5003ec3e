// The delivery worker: every few seconds it lets the schedulers queue what has become due
// (reminders), then claims due outbox rows, renders each, sends it and records the outcome.
//
// Exactly once, as far as a mail system allows: a row is claimed (attempt counted, next attempt
// moved to the end of a lease) by one atomic UPDATE before it is sent, so no other pass or process
// takes it; it is marked sent as soon as the transport accepts it. A crash between the two leaves
// the row pending: it is sent again at the next start, with the same Message-ID, so the receiving
// server can recognise the duplicate. Time comes only from the injected clock.
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db.js';
import { claimDue, markAttemptFailed, markSent, messageIdOf, releaseHeld } from './outbox.js';
import { type OutboxRow, type RenderedMessage, renderMessage, Undeliverable } from './render.js';
import { type MailTransport, serverProblemOf } from './transport.js';

/** Queues what has become due at `now` (e.g. reminders); runs before each delivery pass. */
export type Scheduler = (now: Date) => void;

export interface DeliveryReport {
  /** Accepted by the server (or written to a file). */
  sent: number;
  /** Given up: after the last attempt, or when the message can never be sent. */
  failed: number;
  /** Failed this time; waiting for another attempt. */
  retried: number;
}

interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const silent: Logger = { info() {}, warn() {}, error() {} };

interface MailWorkerOptions {
  db: Db;
  clock: Clock;
  config: Config;
  transport: MailTransport;
  /** Between passes when started (default 5 s). */
  intervalMs?: number;
  /** How long a claimed row is held from other passes while it is being sent (default 10 min). */
  leaseMs?: number;
  /** Rows claimed at a time (default 50). */
  batchSize?: number;
  /** Messages sent at once (default 4; the SMTP pool opens up to 3 connections). */
  concurrency?: number;
  schedulers?: Scheduler[];
  log?: Logger;
}

export class MailWorker {
  readonly schedulers: Scheduler[];
  readonly #db: Db;
  readonly #clock: Clock;
  readonly #config: Config;
  readonly #transport: MailTransport;
  readonly #intervalMs: number;
  readonly #leaseMs: number;
  readonly #batchSize: number;
  readonly #concurrency: number;
  readonly #log: Logger;
  /** Passes run one after another, whoever asks (the timer, a test, the CLI). */
  #queue: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | null = null;
  #started = false;
  #stopping = false;

  constructor(options: MailWorkerOptions) {
    this.#db = options.db;
    this.#clock = options.clock;
    this.#config = options.config;
    this.#transport = options.transport;
    this.#intervalMs = options.intervalMs ?? 5_000;
    this.#leaseMs = options.leaseMs ?? 10 * 60_000;
    this.#batchSize = options.batchSize ?? 50;
    this.#concurrency = Math.max(1, options.concurrency ?? 4);
    this.schedulers = options.schedulers ?? [];
    this.#log = options.log ?? silent;
  }

  get running(): boolean {
    return this.#started && !this.#stopping;
  }

  /** Makes every held message due at once (retry waits and unfinished claims), then delivers every interval. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#stopping = false;
    const released = releaseHeld(this.#db, this.#clock.now());
    if (released > 0) this.#log.info({ released }, 'held messages are due again');
    this.#tick(0);
  }

  /** Stops the timer and waits for the pass in flight (and the sends in it) to end. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#queue;
    this.#started = false;
  }

  /** One pass: the schedulers, then every due message (batch after batch). */
  deliverDue(): Promise<DeliveryReport> {
    const pass = this.#queue.then(() => this.#pass());
    this.#queue = pass.catch(() => undefined);
    return pass;
  }

  #tick(delay: number): void {
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.deliverDue()
        .then((report) => {
          if (report.sent + report.failed + report.retried > 0) this.#log.info({ ...report }, 'mail delivery pass');
        })
        .catch((err) => this.#log.error({ err }, 'mail delivery pass failed'))
        .finally(() => {
          if (!this.#stopping) this.#tick(this.#intervalMs);
        });
    }, delay);
    this.#timer.unref();
  }

  async #pass(): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, failed: 0, retried: 0 };
    if (this.#stopping && this.#started) return report;
    this.#runSchedulers();
    for (;;) {
      if (this.#stopping && this.#started) break;
      const batch = claimDue(this.#db, this.#clock.now(), this.#leaseMs, this.#batchSize);
      if (batch.length === 0) break;
      await inParallel(batch, this.#concurrency, (row) => this.#deliver(row, report));
    }
    return report;
  }

  #runSchedulers(): void {
    for (const scheduler of this.schedulers) {
      try {
        scheduler(this.#clock.now());
      } catch (err) {
        this.#log.error({ err, scheduler: scheduler.name }, 'a mail scheduler failed');
      }
    }
  }

  async #deliver(row: OutboxRow, report: DeliveryReport): Promise<void> {
    let message: RenderedMessage | undefined;
    try {
      message = renderMessage(row, { db: this.#db, config: this.#config, now: this.#clock.now() });
      await this.#transport.send({
        ...message,
        id: row.id,
        messageId: messageIdOf(row, this.#config.publicUrl),
        date: this.#clock.now(),
      });
    } catch (err) {
      const permanent = err instanceof Undeliverable;
      const reason = permanent ? `Not sent: ${err.message}.` : describe(err);
      const outcome = markAttemptFailed(this.#db, row, this.#clock.now(), reason, {
        subject: message?.subject ?? null,
        permanent,
        // A message that could not even be rendered never reached a server.
        problem: permanent ? err.reason : message ? serverProblemOf(err) : 'unreadable',
      });
      report[outcome] += 1;
      this.#log.warn(
        { outboxId: row.id, kind: row.kind, attempt: row.attempts, outcome, reason },
        'mail not delivered',
      );
      return;
    }
    // Outside the try: once the server has the message, nothing may turn it into a retry.
    markSent(this.#db, row.id, this.#clock.now(), message.subject);
    report.sent += 1;
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

/** Runs `work` on every item, at most `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
