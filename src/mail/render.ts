// The registry of message kinds: for each, how to read its payload and how to turn an outbox row
// into a message (loading what it needs from the database, in the reader's language and zone).
// Rendering happens in the delivery worker, never on the request path.
//
// To add a kind: write its template under emails/ (one module, a render(ctx) in the four
// languages); in the mail.ts of the module it belongs to, give its payload type by augmentation
// (`declare module '../../mail/render.js' { interface MailPayloads { my_kind: {…} } }`), which
// `enqueue` then requires, and register it at the top level with `defineMailKind('my_kind',
// {payload, render})`; app.ts imports that mail.ts once. This file imports no module: the
// lookups every kind shares (the reader, the series) read the tables. `render` builds the template's
// context; throw `Undeliverable` when the message can no longer make sense (what it is about was
// deleted): it is then marked failed at once instead of being retried.
import { and, eq, sql } from 'drizzle-orm';
import { IANAZone } from 'luxon';
import { contacts, type outbox, people, series } from '../../db/schema.js';
import { isLanguage, type Language, type Reader, type SeriesInfo } from '../../emails/i18n.js';
import type { RenderedMail } from '../../emails/layout.js';
import { type Config, isEmail } from '../config.js';
import { type Db, preparedFor } from '../db.js';
import { mainZone } from '../domain/countries.js';
import type { UndeliverableReason } from '../domain/vocabulary.js';

export type OutboxRow = typeof outbox.$inferSelect;

/** A calendar part, as nodemailer's `icalEvent` wants it (method given explicitly: see src/calendar/CALENDAR.md). */
interface IcalAttachment {
  method: 'REQUEST' | 'CANCEL' | 'PUBLISH' | 'REPLY';
  filename?: string;
  content: string;
}

export interface RenderedMessage extends RenderedMail {
  to: string;
  icalEvent?: IcalAttachment;
  /** The people a plain reply should reach (a session's chairs, a workstream's convener). */
  replyTo?: { name: string; address: string }[];
  /** Headers of the kind's own (e.g. List-Unsubscribe), added to the transport's. */
  headers?: Record<string, string>;
}

export interface RenderDeps {
  db: Db;
  config: Config;
  /** The worker's clock reading; kinds that go stale (a reminder after its deadline) compare with it. */
  now?: Date;
}

/**
 * The message can never be sent as meant (what it is about is gone or has changed): failed at
 * once, not retried. The reason is what the outbox page says; the detail, in the log and the
 * outbox's `lastError`, names what exactly.
 */
export class Undeliverable extends Error {
  override name = 'Undeliverable';
  constructor(
    readonly reason: UndeliverableReason,
    detail: string,
  ) {
    super(detail);
  }
}

/** What a message is about, as read when it is sent; Undeliverable ("… no longer exists") once it is gone. */
export function stillThere<T>(thing: T | undefined, what: string): T {
  if (thing === undefined) throw new Undeliverable('gone', `${what} no longer exists`);
  return thing;
}

/** Every payload may name the language to use when neither the person nor the contact has one. */
export interface CommonPayload {
  language?: Language;
}

/** The payload of each kind, as `enqueue` takes it and `render` gets it: each module adds its own. */
// biome-ignore lint/suspicious/noEmptyInterface: filled by each module's augmentation, which a type alias cannot take.
export interface MailPayloads {}

export type MailKind = keyof MailPayloads;

export type MailPayload<K extends MailKind> = MailPayloads[K];

interface KindDefinition<P> {
  /** Reads the stored JSON (default: taken as it is); throws Undeliverable when it is not what the kind needs. */
  payload?: (raw: Record<string, unknown>) => P;
  render: (row: OutboxRow, payload: P, deps: RenderDeps) => RenderedMessage;
}

const registry = new Map<string, KindDefinition<unknown>>();

/** Registers how a kind is rendered; each kind once. */
export function defineMailKind<K extends MailKind>(kind: K, definition: KindDefinition<MailPayloads[K]>): void {
  if (registry.has(kind)) throw new Error(`The mail kind "${kind}" is defined twice.`);
  registry.set(kind, definition as KindDefinition<unknown>);
}

/**
 * Kinds that read the same payload and render through one function told which message each one
 * is: `{meeting_invitation: 'invitation', meeting_update: 'update'}`.
 */
export function defineMailKinds<K extends MailKind, M extends string>(
  messages: Record<K, M>,
  definition: {
    payload: (raw: Record<string, unknown>) => MailPayloads[K];
    render: (message: M, row: OutboxRow, payload: MailPayloads[K], deps: RenderDeps) => RenderedMessage;
  },
): void {
  for (const [kind, message] of Object.entries(messages) as [K, M][]) {
    defineMailKind(kind, {
      payload: definition.payload,
      render: (row, payload, deps) => definition.render(message, row, payload, deps),
    });
  }
}

// ---- payload readers -------------------------------------------------------------------------

/**
 * Reads the payload of a calendar message about one thing: `{[idKey]: id, sequence, language?}`,
 * the SEQUENCE a whole number ≥ 0. Undeliverable when either is missing.
 */
export function sequencedPayload<K extends string>(idKey: K) {
  return (raw: Record<string, unknown>): { [key in K]: string } & { sequence: number } & CommonPayload => {
    const id = payloadText(raw, idKey);
    const sequence = raw.sequence;
    if (typeof sequence !== 'number' || !Number.isInteger(sequence) || sequence < 0) {
      throw new Undeliverable('unreadable', 'its payload has no calendar "sequence" (a whole number ≥ 0)');
    }
    return {
      [idKey]: id,
      sequence,
      ...payloadLanguage(raw),
    } as { [key in K]: string } & { sequence: number } & CommonPayload;
  };
}

/** A payload's string that must be there; Undeliverable without it. */
export function payloadText(raw: Record<string, unknown>, key: string): string {
  const value = raw[key];
  if (typeof value !== 'string' || value === '') throw new Undeliverable('unreadable', `its payload has no "${key}"`);
  return value;
}

/** A payload's language, when it names one this service speaks. */
export const payloadLanguage = (raw: Record<string, unknown>): CommonPayload =>
  isLanguage(raw.language) ? { language: raw.language } : {};

// ---- what the kinds share --------------------------------------------------------------------

const zoneValidity = new Map<string, boolean>();

/** luxon's check builds an Intl formatter (~0.1 ms); the answers are remembered. */
function isZone(zone: string | null | undefined): zone is string {
  if (!zone) return false;
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (zoneValidity.size < 1000) zoneValidity.set(zone, valid);
  }
  return valid;
}

/** Compiled once per database: a call to a thousand contacts renders a thousand messages. */
const statements = preparedFor((db) => ({
  seriesById: db
    .select()
    .from(series)
    .where(eq(series.id, sql.placeholder('id')))
    .prepare(),
  personById: db
    .select()
    .from(people)
    .where(eq(people.id, sql.placeholder('id')))
    .prepare(),
  personByEmail: db
    .select()
    .from(people)
    .where(eq(people.email, sql.placeholder('email')))
    .prepare(),
  contactOfSeries: db
    .select()
    .from(contacts)
    .where(and(eq(contacts.seriesId, sql.placeholder('seriesId')), eq(contacts.email, sql.placeholder('email'))))
    .prepare(),
}));

interface ReaderHints {
  email: string;
  personId?: string | null;
  /** A contact row already loaded; else the series' contact with this address, if any. */
  contact?: typeof contacts.$inferSelect | null;
  seriesId?: string | null;
  seriesZone: string;
  /** A country known from what the message is about (e.g. the interest), used last. */
  country?: string | null;
  payloadLanguage?: Language;
}

/**
 * Who reads the message and how: language from the person, else the contact, else the payload,
 * else English; zone the person chose, else the one the chairs noted for the contact, else
 * (estimated, and the message says so) the main zone of the person's (or the contact's)
 * country, else the series' zone.
 */
export function readerFor(db: Db, hints: ReaderHints): Reader {
  const email = hints.email.trim().toLowerCase();
  const q = statements(db);
  const person =
    (hints.personId ? q.personById.get({ id: hints.personId }) : undefined) ?? q.personByEmail.get({ email });
  const contact =
    hints.contact ?? (hints.seriesId ? q.contactOfSeries.get({ seriesId: hints.seriesId, email }) : undefined);
  const country = person?.country ?? contact?.country ?? hints.country ?? null;
  const chosen = [person?.timezoneChosen ? person.timezone : null, contact?.timezone].find(isZone);
  const estimate = country ? mainZone(country) : undefined;
  // A zone kept for the person without their country's (none known): theirs, but not an estimate to flag.
  const kept = isZone(person?.timezone) ? person.timezone : undefined;
  return {
    email: hints.email,
    name: person?.name ?? contact?.name ?? null,
    language: person?.language ?? contact?.language ?? hints.payloadLanguage ?? 'en',
    zone: chosen ?? (isZone(estimate) ? estimate : undefined) ?? kept ?? hints.seriesZone,
    zoneEstimated: !chosen && isZone(estimate),
  };
}

/**
 * The reader of an outbox row: its address and person, in a series (its contacts and zone; none:
 * UTC), with the payload's language as the last resort; `more` names the person or the country
 * when the row's own do not.
 */
export function readerOfRow(
  db: Db,
  row: OutboxRow,
  series: { id: string; timezone: string } | null,
  payload: CommonPayload,
  more: Pick<ReaderHints, 'personId' | 'country'> = {},
): Reader {
  return readerFor(db, {
    email: row.toEmail,
    personId: row.personId,
    seriesId: series?.id ?? null,
    seriesZone: series?.timezone ?? 'UTC',
    ...(payload.language ? { payloadLanguage: payload.language } : {}),
    ...more,
  });
}

/** What a message says of its series; Undeliverable when the series is gone. */
export function seriesInfo(db: Db, id: string): SeriesInfo & { interestDeadline: Date | null } {
  const row = statements(db).seriesById.get({ id });
  if (!row) throw new Undeliverable('gone', 'its series no longer exists');
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    timezone: row.timezone,
    interestDeadline: row.interestDeadline,
  };
}

/** Whether a person is the one a row is addressed to: by their id, else by the address. */
export const isAddressee = (row: OutboxRow, person: { id: string; email: string }): boolean =>
  person.id === row.personId || person.email.toLowerCase() === row.toEmail.trim().toLowerCase();

/** The series a row is about (none without one) and the row's reader in it: what most templates start from. */
export function seriesAndReader(
  db: Db,
  row: OutboxRow,
  seriesId: string,
  payload: CommonPayload,
): {
  series: ReturnType<typeof seriesInfo>;
  reader: Reader;
};
export function seriesAndReader(
  db: Db,
  row: OutboxRow,
  seriesId: string | null,
  payload: CommonPayload,
): {
  series: ReturnType<typeof seriesInfo> | null;
  reader: Reader;
};
export function seriesAndReader(db: Db, row: OutboxRow, seriesId: string | null, payload: CommonPayload) {
  const series = seriesId ? seriesInfo(db, seriesId) : null;
  return { series, reader: readerOfRow(db, row, series, payload) };
}

/** Turns an outbox row into the message to send. Throws Undeliverable when it never can be. */
export function renderMessage(row: OutboxRow, deps: RenderDeps): RenderedMessage {
  const kind = registry.get(row.kind);
  if (!kind) throw new Undeliverable('unreadable', `no template renders messages of kind "${row.kind}"`);
  if (!isEmail(row.toEmail)) throw new Undeliverable('bad_address', `"${row.toEmail}" is not an email address`);
  const raw = row.payload ?? {};
  return kind.render(row, kind.payload ? kind.payload(raw) : raw, deps);
}

/** The subject a row would have, or null when it cannot be rendered (for listings). */
export function subjectOf(row: OutboxRow, deps: RenderDeps): string | null {
  try {
    return renderMessage(row, deps).subject;
  } catch {
    return null;
  }
}
