// The mail of the call for interest: the confirmation of an expression of interest, the call
// sent to a series' contacts and the reminders before its deadline.
import { eq, sql } from 'drizzle-orm';
import { contacts, interests } from '../../../db/schema.js';
import * as callForInterest from '../../../emails/call-for-interest.js';
import * as interestConfirmation from '../../../emails/interest-confirmation.js';
import * as interestDeadlineReminder from '../../../emails/interest-deadline-reminder.js';
import type { Config } from '../../config.js';
import { type Db, preparedFor } from '../../db.js';
import type { Language } from '../../domain/vocabulary.js';
import {
  type CommonPayload,
  defineMailKind,
  type OutboxRow,
  payloadLanguage,
  payloadText,
  readerFor,
  seriesInfo,
  Undeliverable,
} from '../../mail/render.js';
import { workstreamsOfSeries } from '../series/repository.js';
import { sessionsOfSeries } from '../sessions/view.js';
import { attendLink } from './attend-links.js';
import { choicesOfInterest, extensionFor } from './repository.js';
import { listUnsubscribeHeaders, unsubscribeLink } from './unsubscribe-links.js';
import { unsubscribedAt } from './unsubscriptions.js';

declare module '../../mail/render.js' {
  interface MailPayloads {
    interest_confirmation: { interestId: string; replaced?: boolean } & CommonPayload;
    call_for_interest: { contactId: string } & CommonPayload;
    interest_deadline_reminder: { contactId: string; daysBefore: 7 | 1 } & CommonPayload;
  }
}

/** Compiled once per database: a call to a thousand contacts renders a thousand messages. */
const statements = preparedFor((db) => ({
  contactById: db
    .select()
    .from(contacts)
    .where(eq(contacts.id, sql.placeholder('id')))
    .prepare(),
  interestById: db
    .select()
    .from(interests)
    .where(eq(interests.id, sql.placeholder('id')))
    .prepare(),
}));

function contactById(db: Db, id: string) {
  const contact = statements(db).contactById.get({ id });
  if (!contact) throw new Undeliverable('gone', 'the contact it was for has been removed');
  return contact;
}

/** A call or a reminder queued before its contact unsubscribed is not sent either. */
function stillSubscribed(db: Db, email: string): void {
  if (unsubscribedAt(db, email))
    throw new Undeliverable('unsubscribed', 'the address has unsubscribed from calls and reminders');
}

/** What a call or a reminder to a contact carries to unsubscribe: the link and the list headers. */
const unsubscribing = (config: Config, contactId: string) => ({
  link: unsubscribeLink(config, contactId),
  headers: listUnsubscribeHeaders(config, contactId),
});

const interestLink = (config: Config, seriesId: string) =>
  `${config.publicUrl}/series/${encodeURIComponent(seriesId)}/interest`;

defineMailKind('interest_confirmation', {
  payload: (raw) => ({
    interestId: payloadText(raw, 'interestId'),
    ...(typeof raw.replaced === 'boolean' ? { replaced: raw.replaced } : {}),
    ...payloadLanguage(raw),
  }),
  render(row, payload, { db, config }) {
    const q = statements(db);
    const interest = q.interestById.get({ id: payload.interestId });
    if (!interest) throw new Undeliverable('not_concerned', 'the expression of interest has been withdrawn');
    const info = seriesInfo(db, interest.seriesId);
    const chosen = choicesOfInterest(db, interest.id);
    const sessionById = new Map(sessionsOfSeries(db, interest.seriesId).map((s) => [s.id, s]));
    const ranked = chosen.sessions.flatMap(({ sessionId, roles }) => {
      const session = sessionById.get(sessionId);
      return session ? [{ title: session.title, startsAt: session.startsAt, status: session.status, roles }] : [];
    });
    const asConvener = new Map(chosen.workstreams.map((w) => [w.id, w.asConvener]));
    const streams = workstreamsOfSeries(db, interest.seriesId).flatMap(({ workstream }) => {
      const convening = asConvener.get(workstream.id);
      return convening === undefined ? [] : [{ title: workstream.title, asConvener: convening }];
    });
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

/** The contact a call or a deadline reminder goes to, as its reader (language and zone). */
function contactReader(
  db: Db,
  row: OutboxRow,
  contact: Parameters<typeof readerFor>[1]['contact'],
  seriesZone: string,
  language: Language | undefined,
) {
  return readerFor(db, {
    email: row.toEmail,
    personId: row.personId,
    contact,
    seriesZone,
    ...(language ? { payloadLanguage: language } : {}),
  });
}

defineMailKind('call_for_interest', {
  payload: (raw) => ({ contactId: payloadText(raw, 'contactId'), ...payloadLanguage(raw) }),
  render(row, payload, { db, config }) {
    const contact = contactById(db, payload.contactId);
    stillSubscribed(db, row.toEmail);
    const info = seriesInfo(db, contact.seriesId);
    const unsubscribe = unsubscribing(config, contact.id);
    // Dated sessions by date, then the undated alternates.
    const programme = sessionsOfSeries(db, contact.seriesId).filter((s) => s.status !== 'cancelled');
    const streams = workstreamsOfSeries(db, contact.seriesId);
    const reader = contactReader(db, row, contact, info.timezone, payload.language);
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
      workstreams: streams.map(({ workstream, convener }) => ({
        title: workstream.title,
        description: workstream.description,
        hasConvener: convener !== null,
      })),
      link: interestLink(config, contact.seriesId),
      unsubscribe: unsubscribe.link,
      attendLink: attendLink(config, contact.id),
    });
    return { to: row.toEmail, ...mail, headers: unsubscribe.headers };
  },
});

defineMailKind('interest_deadline_reminder', {
  payload: (raw) => {
    const daysBefore = raw.daysBefore === 7 ? 7 : raw.daysBefore === 1 ? 1 : null;
    if (!daysBefore) throw new Undeliverable('unreadable', 'its payload has no daysBefore (7 or 1)');
    return { contactId: payloadText(raw, 'contactId'), daysBefore, ...payloadLanguage(raw) };
  },
  render(row, payload, { db, config, now }) {
    const contact = contactById(db, payload.contactId);
    stillSubscribed(db, row.toEmail);
    const info = seriesInfo(db, contact.seriesId);
    const unsubscribe = unsubscribing(config, contact.id);
    const deadline = info.interestDeadline;
    if (!deadline) throw new Undeliverable('changed', 'the series no longer has an interest deadline');
    if (now && now > deadline) throw new Undeliverable('too_late', 'the interest deadline has passed');
    const reader = contactReader(db, row, contact, info.timezone, payload.language);
    const mail = interestDeadlineReminder.render({
      reader,
      series: info,
      sentAt: now ?? row.createdAt,
      deadline,
      link: interestLink(config, contact.seriesId),
      unsubscribe: unsubscribe.link,
    });
    return { to: row.toEmail, ...mail, headers: unsubscribe.headers };
  },
});
