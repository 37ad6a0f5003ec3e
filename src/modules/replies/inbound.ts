// The one entry point of everything that comes back to MAIL_FROM, whichever channel brought it
// (the SMTP receiver, the IMAP watcher): `handleInboundMessage(deps, raw, {channel})`.
//
// A message is parsed (mailparser), then, in one transaction: if its Message-ID was processed
// already, nothing happens (a channel may hand the same message over again after a crash);
// otherwise the recognisers are tried in order, the first that knows the message acts on it
// (through the use cases in ./service.ts), and the message is recorded as processed with what
// came of it. Recognisers, in order:
//   1. delivery reports (bounces): the outbox row and the address are marked;
//   2. the recognisers other modules add (`addInboundRecogniser`: a mail to the unsubscribe
//      address, for one), tried before any calendar is read;
//   3. calendar answers (REPLY, COUNTER, REFRESH) in any calendar part;
//   4. automatic replies (out of office): recorded, never forwarded;
//   5. anything else is a person writing back in words: forwarded to whom can answer.
// The service never answers a message it receives. Nothing here throws for a message that is
// malformed: what cannot be read is recorded as such and logged.

import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { type ParsedMail, simpleParser } from 'mailparser';
import { inboundMessages } from '../../../db/schema.js';
import { type ReadTag, readAddress } from '../../calendar/organizer-tags.js';
import { type Db, inTransaction } from '../../db.js';
import type { InboundChannel } from '../../domain/vocabulary.js';
import {
  answeredMessageIds,
  calendarParts,
  isAutoReply,
  readBounce,
  readCalendarAnswer,
  recipientsOf,
  senderOf,
} from './read.js';
import {
  applyCalendarAnswer,
  type Effect,
  forwardReply,
  type ReplyDeps,
  recordBounce,
  seriesOfTag,
} from './service.js';

interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface InboundDeps extends ReplyDeps {
  log?: Logger;
  /** Recognisers tried after bounces and before calendar parsing (default: those added with addInboundRecogniser). */
  recognisers?: InboundRecogniser[];
}

/** A message as the recognisers see it: parsed, with what the pipeline already read of it. */
export interface InboundMessage {
  messageId: string;
  channel: InboundChannel;
  parsed: ParsedMail;
  /** The sender's address, lower-cased. */
  from: string | null;
  /** Who it was written to: the SMTP envelope's recipients when known, else the headers'. */
  recipients: string[];
  /** The first of them that is MAIL_FROM with one of its tags, read (not yet checked). */
  tag: ReadTag | null;
}

/**
 * Tries to recognise a message; returns what it did (inside the pipeline's transaction: write
 * through a use case, with its audit entry), or null to let the next recogniser try.
 */
export type InboundRecogniser = (deps: ReplyDeps, message: InboundMessage) => Effect | null;

const added: InboundRecogniser[] = [];

/** Adds a recogniser (e.g. of a mail to the unsubscribe address), tried before calendar parsing. */
export function addInboundRecogniser(recogniser: InboundRecogniser): void {
  if (!added.includes(recogniser)) added.push(recogniser);
}

/** The largest message read (a reply with its calendar is a few kilobytes; attachments make it more). */
export const INBOUND_MAX_BYTES = 10 * 1024 * 1024;

export interface InboundResult extends Effect {
  messageId: string;
  /** True when the message had been processed before: nothing was done this time. */
  duplicate: boolean;
}

/** A message without a Message-ID is known by a hash of its bytes, so a second copy still counts once. */
const fallbackId = (raw: Buffer) => `<sha256.${createHash('sha256').update(raw).digest('hex')}@inbound>`;

const processed = (db: Db, messageId: string) =>
  db.select().from(inboundMessages).where(eq(inboundMessages.messageId, messageId)).get();

/**
 * Processes one message received on MAIL_FROM. Idempotent by Message-ID. Resolves once its effects
 * are stored (a channel may then drop or move the message); rejects only when the database
 * could not store them, so the channel keeps the message and hands it over again later.
 */
export async function handleInboundMessage(
  deps: InboundDeps,
  raw: Buffer,
  options: { channel: InboundChannel; envelopeTo?: string[] },
): Promise<InboundResult> {
  const { db, clock, log } = deps;
  let parsed: ParsedMail | null = null;
  try {
    parsed = await simpleParser(raw.length > INBOUND_MAX_BYTES ? raw.subarray(0, INBOUND_MAX_BYTES) : raw, {
      skipHtmlToText: false,
      skipTextToHtml: true,
      skipImageLinks: true,
    });
  } catch (err) {
    log?.warn({ err, channel: options.channel }, 'an inbound message could not be parsed');
  }
  const messageId = parsed?.messageId?.trim() || fallbackId(raw);
  const result = inTransaction(db, (): InboundResult => {
    const before = processed(db, messageId);
    if (before) {
      return { messageId, duplicate: true, outcome: before.outcome as Effect['outcome'], reason: 'duplicate' };
    }
    let effect: Effect;
    let from: string | null = null;
    if (!parsed) {
      effect = { outcome: 'ignored', reason: 'unreadable' };
    } else {
      const message = inboundMessage(deps, parsed, messageId, options);
      from = message.from;
      effect = recognise(deps, message);
    }
    db.insert(inboundMessages)
      .values({
        messageId,
        channel: options.channel,
        receivedAt: clock.now(),
        fromAddress: from,
        outcome: effect.reason === 'unreadable' ? 'unreadable' : effect.outcome,
        details: { reason: effect.reason, ...(effect.details ?? {}) },
      })
      .onConflictDoNothing()
      .run();
    return { messageId, duplicate: false, ...effect };
  });
  const line = { channel: options.channel, messageId, outcome: result.outcome, reason: result.reason };
  if (result.outcome === 'ignored')
    log?.warn({ ...line, details: result.details }, 'an inbound message changed nothing');
  else log?.info(line, 'inbound message processed');
  return result;
}

function inboundMessage(
  deps: InboundDeps,
  parsed: ParsedMail,
  messageId: string,
  options: { channel: InboundChannel; envelopeTo?: string[] },
): InboundMessage {
  const recipients = (options.envelopeTo?.length ? options.envelopeTo : recipientsOf(parsed)).map((a) =>
    a.toLowerCase(),
  );
  const mailFrom = deps.config.mailFrom.address;
  // Read from the original case (ids are mixed case); the header addresses are lower-cased by then.
  const tag =
    [...(options.envelopeTo ?? []), ...recipients]
      .map((a) => readAddress(a, mailFrom))
      .find((r): r is ReadTag => typeof r === 'object') ?? null;
  return { messageId, channel: options.channel, parsed, from: senderOf(parsed), recipients, tag };
}

function recognise(deps: InboundDeps, message: InboundMessage): Effect {
  const { parsed } = message;
  const bounce = readBounce(parsed);
  if (bounce) return recordBounce(deps, bounce);
  for (const recogniser of deps.recognisers ?? added) {
    const effect = recogniser(deps, message);
    if (effect) return effect;
  }
  const answers = calendarParts(parsed).flatMap((part) => readCalendarAnswer(part) ?? []);
  const [answer] = answers;
  if (answer) return applyCalendarAnswer(deps, message.tag, answer);
  if (isAutoReply(parsed)) return { outcome: 'auto_reply', reason: 'auto_reply' };
  const from = message.from;
  const own = deps.config.mailFrom.address.toLowerCase();
  // Our own messages coming back (a loop) and messages with no sender are not passed on.
  if (!from || readAddress(from, own) !== 'foreign') return { outcome: 'ignored', reason: 'no_sender' };
  return forwardReply(
    deps,
    {
      fromEmail: from,
      fromName: parsed.from?.value[0]?.name || null,
      subject: parsed.subject ?? '',
      text: (parsed.text ?? '').trim(),
      attachments: parsed.attachments.length,
    },
    answeredMessageIds(parsed),
    seriesOfTag(deps, message.tag),
  );
}
