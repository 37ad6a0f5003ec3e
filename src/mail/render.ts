// The registry of message kinds: for each, how to read its payload and how to turn an outbox row
// into a message (loading what it needs from the database, in the reader's language and zone).
// Rendering happens in the delivery worker, never on the request path.
//
// To add a kind: write its template under emails/ (one module, a render(ctx) in the four
// languages); give its payload type in `MailPayloads` (here, or from another module by
// augmentation: `declare module '../../mail/render.js' { interface MailPayloads { my_kind: {…} } }`),
// which `enqueue` then requires; and register it with `defineMailKind('my_kind', {payload, render})`
// (here, or at the top level of a module the app imports). `render` builds the template's
// context; throw `Undeliverable` when the message can no longer make sense (what it is about was
// deleted): it is then marked failed at once instead of being retried.
import { and, asc, eq, sql } from 'drizzle-orm';
import { IANAZone } from 'luxon';
import {
  contacts,
  interestSessions,
  interests,
  interestWorkstreams,
  type outbox,
  people,
  sessions,
  workstreams,
} from '../../db/schema.js';
import * as callForInterest from '../../emails/call-for-interest.js';
import { isLanguage, type Language, type Reader, type SeriesInfo } from '../../emails/i18n.js';
import * as interestConfirmation from '../../emails/interest-confirmation.js';
import * as interestDeadlineReminder from '../../emails/interest-deadline-reminder.js';
import type { RenderedMail } from '../../emails/layout.js';
import { type Config, isEmail } from '../config.js';
import { type Db, preparedFor } from '../db.js';
import { mainZone } from '../domain/countries.js';
import { extensionFor } from '../modules/interests/repository.js';
import { findSeries } from '../modules/series/repository.js';
import { sessionsOfSeries } from '../modules/sessions/view.js';

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
}

interface RenderDeps {
  db: Db;
  config: Config;
  /** The worker's clock reading; kinds that go stale (a reminder after its deadline) compare with it. */
  now?: Date;
}

/** The message can never be sent as meant (what it is about is gone): failed at once, not retried. */
export class Undeliverable extends Error {
  override name = 'Undeliverable';
}

/** Every payload may name the language to use when neither the person nor the contact has one. */
export interface CommonPayload {
  language?: Language;
}

/** The payload of each kind, as `enqueue` takes it and `render` gets it. Open to augmentation. */
export interface MailPayloads {
  interest_confirmation: { interestId: string; replaced?: boolean } & CommonPayload;
  call_for_interest: { contactId: string } & CommonPayload;
  interest_deadline_reminder: { contactId: string; daysBefore: 7 | 1 } & CommonPayload;
}

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

// ---- payload readers -------------------------------------------------------------------------

/**
 * Reads the payload of a calendar message about one thing: `{[idKey]: id, sequence, language?}`,
 * the SEQUENCE a whole number ≥ 0. Undeliverable when either is missing.
 */
export function sequencedPayload<K extends string>(idKey: K) {
  return (raw: Record<string, unknown>): { [key in K]: string } & { sequence: number } & CommonPayload => {
    const id = raw[idKey];
    if (typeof id !== 'string' || id === '') throw new Undeliverable(`its payload has no "${idKey}"`);
    const sequence = raw.sequence;
    if (typeof sequence !== 'number' || !Number.isInteger(sequence) || sequence < 0) {
      throw new Undeliverable('its payload has no calendar "sequence" (a whole number ≥ 0)');
    }
    return {
      [idKey]: id,
      sequence,
      ...(isLanguage(raw.language) ? { language: raw.language } : {}),
    } as { [key in K]: string } & { sequence: number } & CommonPayload;
  };
}

function text(raw: Record<string, unknown>, key: string): string {
  const value = raw[key];
  if (typeof value !== 'string' || value === '') throw new Undeliverable(`its payload has no "${key}"`);
  return value;
}

const language = (raw: Record<string, unknown>): CommonPayload =>
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
  contactById: db
    .select()
    .from(contacts)
    .where(eq(contacts.id, sql.placeholder('id')))
    .prepare(),
  contactOfSeries: db
    .select()
    .from(contacts)
    .where(and(eq(contacts.seriesId, sql.placeholder('seriesId')), eq(contacts.email, sql.placeholder('email'))))
    .prepare(),
  interestById: db
    .select()
    .from(interests)
    .where(eq(interests.id, sql.placeholder('id')))
    .prepare(),
  rankedSessions: db
    .select({
      title: sessions.title,
      startsAt: sessions.startsAt,
      status: sessions.status,
      roles: interestSessions.roles,
    })
    .from(interestSessions)
    .innerJoin(sessions, eq(sessions.id, interestSessions.sessionId))
    .where(eq(interestSessions.interestId, sql.placeholder('interestId')))
    .orderBy(asc(interestSessions.rank))
    .prepare(),
  interestWorkstreams: db
    .select({ title: workstreams.title, asConvener: interestWorkstreams.asConvener })
    .from(interestWorkstreams)
    .innerJoin(workstreams, eq(workstreams.id, interestWorkstreams.workstreamId))
    .where(eq(interestWorkstreams.interestId, sql.placeholder('interestId')))
    .orderBy(asc(workstreams.createdAt))
    .prepare(),
  workstreamsOfSeries: db
    .select()
    .from(workstreams)
    .where(eq(workstreams.seriesId, sql.placeholder('seriesId')))
    .orderBy(asc(workstreams.createdAt))
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

/** What a message says of its series; Undeliverable when the series is gone. */
export function seriesInfo(db: Db, id: string): SeriesInfo & { interestDeadline: Date | null } {
  const row = findSeries(db, id);
  if (!row) throw new Undeliverable('its series no longer exists');
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    timezone: row.timezone,
    interestDeadline: row.interestDeadline,
  };
}

function contactById(db: Db, id: string) {
  const contact = statements(db).contactById.get({ id });
  if (!contact) throw new Undeliverable('the contact it was for has been removed');
  return contact;
}

const interestLink = (config: Config, seriesId: string) =>
  `${config.publicUrl}/series/${encodeURIComponent(seriesId)}/interest`;

// ---- the kinds ---------------------------------------------------------------------------------

defineMailKind('interest_confirmation', {
  payload: (raw) => ({
    interestId: text(raw, 'interestId'),
    ...(typeof raw.replaced === 'boolean' ? { replaced: raw.replaced } : {}),
    ...language(raw),
  }),
  render(row, payload, { db, config }) {
    const q = statements(db);
    const interest = q.interestById.get({ id: payload.interestId });
    if (!interest) throw new Undeliverable('the expression of interest has been withdrawn');
    const info = seriesInfo(db, interest.seriesId);
    const ranked = q.rankedSessions.all({ interestId: interest.id });
    const streams = q.interestWorkstreams.all({ interestId: interest.id });
    const extension = extensionFor(db, interest.seriesId, interest.personId);
    const deadline =
      info.interestDeadline && extension && extension > info.interestDeadline ? extension : info.interestDeadline;
    const reader = readerFor(db, {
      email: row.toEmail,
      personId: row.personId ?? interest.personId,
      seriesId: interest.seriesId,
      seriesZone: info.timezone,
      country: interest.country,
      ...(payload.language ? { payloadLanguage: payload.language } : {}),
    });
    const mail = interestConfirmation.render({
      reader,
      series: info,
      replaced: payload.replaced ?? interest.updatedAt.getTime() > interest.createdAt.getTime(),
      country: interest.country,
      organisation: interest.organisation,
      roles: interest.roles,
      sessions: ranked,
      workstreams: streams,
      motivation: interest.motivation,
      deadline,
      link: interestLink(config, interest.seriesId),
    });
    return { to: row.toEmail, ...mail };
  },
});

defineMailKind('call_for_interest', {
  payload: (raw) => ({ contactId: text(raw, 'contactId'), ...language(raw) }),
  render(row, payload, { db, config }) {
    const contact = contactById(db, payload.contactId);
    const info = seriesInfo(db, contact.seriesId);
    // Dated sessions by date, then the undated alternates.
    const programme = sessionsOfSeries(db, contact.seriesId).filter((s) => s.status !== 'cancelled');
    const streams = statements(db).workstreamsOfSeries.all({ seriesId: contact.seriesId });
    const reader = readerFor(db, {
      email: row.toEmail,
      personId: row.personId,
      contact,
      seriesZone: info.timezone,
      ...(payload.language ? { payloadLanguage: payload.language } : {}),
    });
    const mail = callForInterest.render({
      reader,
      series: info,
      deadline: info.interestDeadline,
      sessions: programme.map((s) => ({
        title: s.title,
        startsAt: s.startsAt,
        status: s.status === 'scheduled' && s.startsAt ? 'scheduled' : 'alternate',
        focalCountry: s.focalCountry,
        discussantCountry: s.discussantCountry,
      })),
      workstreams: streams.map((w) => ({
        title: w.title,
        description: w.description,
        hasConvener: w.convenerId !== null,
      })),
      link: interestLink(config, contact.seriesId),
    });
    return { to: row.toEmail, ...mail };
  },
});

defineMailKind('interest_deadline_reminder', {
  payload: (raw) => {
    const daysBefore = raw.daysBefore === 7 ? 7 : raw.daysBefore === 1 ? 1 : null;
    if (!daysBefore) throw new Undeliverable('its payload has no daysBefore (7 or 1)');
    return { contactId: text(raw, 'contactId'), daysBefore, ...language(raw) };
  },
  render(row, payload, { db, config, now }) {
    const contact = contactById(db, payload.contactId);
    const info = seriesInfo(db, contact.seriesId);
    const deadline = info.interestDeadline;
    if (!deadline) throw new Undeliverable('the series no longer has an interest deadline');
    if (now && now > deadline) throw new Undeliverable('the interest deadline has passed');
    const reader = readerFor(db, {
      email: row.toEmail,
      personId: row.personId,
      contact,
      seriesZone: info.timezone,
      ...(payload.language ? { payloadLanguage: payload.language } : {}),
    });
    const mail = interestDeadlineReminder.render({
      reader,
      series: info,
      sentAt: now ?? row.createdAt,
      deadline,
      link: interestLink(config, contact.seriesId),
    });
    return { to: row.toEmail, ...mail };
  },
});

/** Turns an outbox row into the message to send. Throws Undeliverable when it never can be. */
export function renderMessage(row: OutboxRow, deps: RenderDeps): RenderedMessage {
  const kind = registry.get(row.kind);
  if (!kind) throw new Undeliverable(`no template renders messages of kind "${row.kind}"`);
  if (!isEmail(row.toEmail)) throw new Undeliverable(`"${row.toEmail}" is not an email address`);
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
