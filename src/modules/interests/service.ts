// Expressions of interest: submitting one (checked against the series, before the deadline or
// its extension, sharing the group commit of the deadline rush) and withdrawing one. The API
// and the interest form both call these.
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { type Db, inTransaction } from '../../db.js';
import { countryName, mainZone } from '../../domain/countries.js';
import { describeDeadline, isOnTime } from '../../domain/time.js';
import type { UnsubscribeChannel } from '../../domain/vocabulary.js';
import { AppError, conflict, forbidden, invalidRequest, notFound } from '../../errors.js';
import type { GroupCommit } from '../../lib/group-commit.js';
import { languageFromHeader } from '../../lib/language.js';
import { enqueueLatest } from '../../mail/outbox.js';
import { recordAudit } from '../audit/log.js';
import { isSeriesChair } from '../auth/access.js';
import { checkedCountry, checkedDeadline, checkedEmail, checkedZone, cleanText } from '../checks.js';
import { ensurePerson, findPerson, findPersonByEmail, type Person, profileZone } from '../people/repository.js';
import { type SeriesCatalogue, seriesCatalogue } from '../series/catalogue.js';
import { findSeries, type SeriesRow } from '../series/repository.js';
import { syncMeetingCalendars } from '../workstreams/service.js';
import { contactLanguage } from './contacts.js';
import {
  deleteExtension,
  deleteInterest,
  extensionFor,
  type InterestChoice,
  type InterestInput,
  type InterestRow,
  inRoleOrder,
  shorthandOf,
  upsertExtension,
  writeInterest,
} from './repository.js';
import type { InterestBody } from './schemas.js';
import { contactOfToken } from './unsubscribe-links.js';
import {
  contactById,
  contactIdsAnyCase,
  liftUnsubscription,
  recordUnsubscription,
  unsubscribedAt,
} from './unsubscriptions.js';

export const deadlinePassed = (series: SeriesRow) =>
  conflict(
    'deadline_passed',
    `The deadline for expressions of interest was ${describeDeadline(series.interestDeadline as Date, series.timezone)}. ` +
      'Ask a chair of the series for an extension if you still want to take part.',
    { deadline: series.interestDeadline?.toISOString() },
  );

/** Checks what an interest names against the series; every problem is a 400 naming the field. */
function checkedInterest(
  targets: Pick<SeriesCatalogue, 'sessions' | 'workstreams'>,
  body: InterestBody,
): InterestInput {
  const streams = body.workstreams ?? [];
  const nothing = (field: 'roles' | 'choices') =>
    invalidRequest('Choose at least one role (with the sessions you want) or one workstream.', {
      field,
      reason: 'nothing_chosen',
    });
  if (body.choices === undefined && (body.roles ?? []).length === 0 && streams.length === 0) throw nothing('roles');
  const choices = body.choices !== undefined ? checkedChoices(targets, body) : shorthandChoices(targets, body);
  if (choices.length === 0 && streams.length === 0) throw nothing('choices');
  const streamIds = streams.map((w) => w.id);
  streams.forEach((w, i) => {
    if (streamIds.indexOf(w.id) !== i) {
      throw invalidRequest(`workstreams lists "${w.id}" twice.`, { field: 'workstreams' });
    }
    if (!targets.workstreams.some((t) => t.id === w.id)) {
      throw invalidRequest(`workstreams[${i}] "${w.id}" is not a workstream of this series.`, {
        field: 'workstreams',
      });
    }
  });
  return {
    country: checkedCountry(body.country),
    organisation: cleanText(body.organisation),
    choices,
    ...shorthandOf(choices),
    workstreams: streams.map((w) => ({ id: w.id, asConvener: w.asConvener ?? false })),
    motivation: cleanText(body.motivation),
  };
}

/** A session an interest ranks must be one of the series' sessions, not cancelled, and ranked once. */
function checkRanked(
  targets: Pick<SeriesCatalogue, 'sessions'>,
  ids: readonly string[],
  field: 'sessions' | 'choices',
): void {
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) {
      throw invalidRequest(`${field} lists "${id}" twice; rank each session once.`, { field });
    }
    const session = targets.sessions.find((s) => s.id === id);
    const where = field === 'sessions' ? `sessions[${i}]` : `choices[${i}].sessionId`;
    if (!session) {
      throw invalidRequest(`${where} "${id}" is not a session of this series.`, { field });
    }
    if (session.status === 'cancelled') {
      throw invalidRequest(`"${session.title}" was cancelled; choose another session.`, { field });
    }
  });
}

/** `roles` with `sessions`: each of the roles in each of the sessions. */
function shorthandChoices(targets: Pick<SeriesCatalogue, 'sessions'>, body: InterestBody): InterestChoice[] {
  const roles = inRoleOrder(body.roles ?? []);
  const sessionIds = body.sessions ?? [];
  if (roles.length > 0 && sessionIds.length === 0) {
    throw invalidRequest('A role needs at least one session: list the sessions you want, most wanted first.', {
      field: 'sessions',
      reason: 'role_without_session',
    });
  }
  if (roles.length === 0 && sessionIds.length > 0) {
    throw invalidRequest('Sessions were chosen without a role: say which roles you want in them.', {
      field: 'roles',
      reason: 'session_without_role',
    });
  }
  checkRanked(targets, sessionIds, 'sessions');
  return sessionIds.map((sessionId) => ({ sessionId, roles }));
}

/** `choices`: the roles wanted in each session; never together with the shorthand. */
function checkedChoices(targets: Pick<SeriesCatalogue, 'sessions'>, body: InterestBody): InterestChoice[] {
  const also = (['roles', 'sessions'] as const).filter((field) => body[field] !== undefined);
  if (also.length > 0) {
    throw invalidRequest(
      `Send either choices or roles with sessions, not both: this request has choices and ${also.join(' and ')}.`,
      { field: 'choices', fields: [...also, 'choices'] },
    );
  }
  const choices = body.choices ?? [];
  checkRanked(
    targets,
    choices.map((c) => c.sessionId),
    'choices',
  );
  return choices.map((c) => ({ sessionId: c.sessionId, roles: inRoleOrder(c.roles) }));
}

/** What a submission writes with: the group commit is shared by every submission path. */
export interface InterestWriter {
  db: Db;
  clock: Clock;
  writes: GroupCommit;
}

/**
 * A person who saves their interest again and again gets one confirmation per this much time
 * at most, showing the version of when it goes.
 */
export const CONFIRMATION_WINDOW_MS = 5 * 60_000;

/**
 * Submits or replaces the person's interest in one transaction: the rows, the calendars of the
 * workstreams it joins or leaves, the audit entry and its confirmation email.
 */
function saveInterest(
  db: Db,
  clock: Clock,
  person: Person,
  seriesId: string,
  input: InterestInput,
  profile: Parameters<typeof writeInterest>[5],
) {
  return inTransaction(db, () => {
    const saved = writeInterest(db, clock, person, seriesId, input, profile);
    // Joining gives the meetings already scheduled; leaving withdraws them.
    for (const workstreamId of saved.workstreamsChanged) syncMeetingCalendars(db, clock, workstreamId);
    const { interest, replaced } = saved;
    recordAudit(
      db,
      clock,
      person.id,
      replaced ? 'interest.replace' : 'interest.submit',
      ['interest', interest.id, seriesId],
      { ...input },
    );
    // One confirmation, of the latest version, every few minutes at most.
    enqueueLatest(
      db,
      clock,
      {
        kind: 'interest_confirmation',
        toEmail: person.email,
        personId: person.id,
        seriesId,
        payload: { interestId: interest.id, replaced },
      },
      { about: 'interestId', windowMs: CONFIRMATION_WINDOW_MS },
    );
    return { interest, replaced, person: saved.person };
  });
}

/**
 * Submits (or replaces) the person's interest in a series. Without a language in the body, the
 * person's own, then the request's Accept-Language, then the one a chair's contact list gave
 * them, then English.
 */
export async function submitInterest(
  { db, clock, writes }: InterestWriter,
  person: Person,
  seriesId: string,
  body: InterestBody,
  acceptLanguage: string | undefined,
) {
  // Read once: everything this submission is checked against.
  const catalogue = seriesCatalogue(db, seriesId);
  if (!catalogue) throw notFound('series', seriesId);
  const { series } = catalogue;
  const input = checkedInterest(catalogue, body);
  const country = input.country;
  const zone = profileZone(person, country, body.timezone ? checkedZone(body.timezone) : null);
  if (!zone.timezone) {
    throw invalidRequest(`${countryName(country)} has no time zone of its own: give timezone.`, {
      field: 'timezone',
    });
  }
  const timezone = zone.timezone;
  const language =
    body.language ??
    person.language ??
    languageFromHeader(acceptLanguage) ??
    contactLanguage(db, series.id, person.email) ??
    'en';
  if (!isOnTime(clock.now(), series.interestDeadline, catalogue.extensions.get(person.id) ?? null)) {
    throw deadlinePassed(series);
  }
  // Submissions arriving together share one commit (the deadline rush).
  const saved = await writes.run(() => {
    const result = saveInterest(db, clock, person, series.id, input, {
      ...(body.name !== undefined ? { name: cleanText(body.name) ?? person.name } : {}),
      country,
      ...(body.organisation !== undefined ? { organisation: input.organisation } : {}),
      language,
      timezone,
      timezoneChosen: zone.timezoneChosen,
    });
    // Someone who answers a call wants to hear of the next ones.
    liftUnsubscription(db, clock, { email: person.email, actorId: person.id, seriesId: series.id, reason: 'interest' });
    return result;
  });
  return { ...saved, input, catalogue };
}

/** Withdraws an interest: its owner before the deadline (or their extension), a chair at any time. */
export function withdraw(db: Db, clock: Clock, person: Person, interest: InterestRow): void {
  const owner = interest.personId === person.id;
  const chair = isSeriesChair(db, person, interest.seriesId);
  if (!owner && !chair) throw forbidden('Only the person who expressed this interest (or a chair) may withdraw it.');
  const series = seriesCatalogue(db, interest.seriesId)?.series;
  if (!series) throw notFound('series', interest.seriesId);
  if (!chair && !isOnTime(clock.now(), series.interestDeadline, extensionFor(db, series.id, person.id))) {
    throw deadlinePassed(series);
  }
  inTransaction(db, () => {
    for (const workstreamId of deleteInterest(db, interest)) syncMeetingCalendars(db, clock, workstreamId);
    recordAudit(db, clock, person.id, 'interest.withdraw', ['interest', interest.id, interest.seriesId], {
      personId: interest.personId,
    });
  });
}

/** Lets one person submit or edit their interest until `until` (read in the series' zone). */
export function grantDeadlineExtension(
  db: Db,
  clock: Clock,
  actor: Person,
  series: SeriesRow,
  body: { email: string; until: string },
): { person: Person; until: Date } {
  const email = checkedEmail(body.email);
  const until = checkedDeadline(body.until, series.timezone, 'until');
  // An extension that ends before the series' own deadline would let nobody in later: refused, not stored.
  if (series.interestDeadline && until.getTime() <= series.interestDeadline.getTime()) {
    throw conflict(
      'extension_not_later',
      `until: ${until.toISOString()} is not after the series' deadline (${series.interestDeadline.toISOString()}); give a later day.`,
      { field: 'until', until: until.toISOString(), deadline: series.interestDeadline.toISOString() },
    );
  }
  return inTransaction(db, () => {
    const person = ensurePerson(db, clock, { email });
    upsertExtension(db, clock, actor, series.id, person, until);
    recordAudit(db, clock, actor.id, 'interest.extension', ['person', person.id, series.id], {
      email: person.email,
      until: until.toISOString(),
    });
    return { person, until };
  });
}

/** Holds the person to the series' deadline again; a 404 when they had no extension. */
export function endDeadlineExtension(db: Db, clock: Clock, actor: Person, series: SeriesRow, personId: string): Person {
  return inTransaction(db, () => {
    const person = findPerson(db, personId);
    if (!person || !deleteExtension(db, series.id, person.id)) throw notFound('extension', personId);
    recordAudit(db, clock, actor.id, 'interest.extension.revoke', ['person', person.id, series.id], {
      email: person.email,
    });
    return person;
  });
}

// ---- unsubscribing ---------------------------------------------------------------------------------

/** What an unsubscribe link is about: the address, its series' contact row, and where it stands. */
export interface UnsubscribeView {
  email: string;
  seriesId: string;
  /** The person's language, else the one the chairs noted for the contact, if any (as mail reads it). */
  language: string | null;
  /** The zone to tell times in: the person's, else the one the chairs noted, else the series'. */
  zone: string;
  unsubscribedAt: Date | null;
}

const unknownUnsubscribeLink = () =>
  new AppError(
    404,
    'unknown_unsubscribe_link',
    'This unsubscribe link was not made by this service, or the contact list it came from is gone. Use the link of a recent message.',
  );

/** Reads an unsubscribe link's token (changes nothing: mail scanners open links). 404 for a forged or stale one. */
export function readUnsubscribe(db: Db, config: Pick<Config, 'secretKey'>, token: string): UnsubscribeView {
  const contactId = contactOfToken(config, token, (id) => contactIdsAnyCase(db, id));
  const contact = contactId ? contactById(db, contactId) : undefined;
  if (!contact) throw unknownUnsubscribeLink();
  const person = findPersonByEmail(db, contact.email);
  return {
    email: contact.email,
    seriesId: contact.seriesId,
    language: person?.language ?? contact.language ?? null,
    zone:
      person?.timezone ??
      contact.timezone ??
      mainZone(person?.country ?? contact.country ?? '') ??
      findSeries(db, contact.seriesId)?.timezone ??
      'UTC',
    unsubscribedAt: unsubscribedAt(db, contact.email),
  };
}

/**
 * Unsubscribes the address an unsubscribe token names from calls for interest and deadline
 * reminders, of every series, until it submits an interest or a chair imports it with its consent
 * noted. The same for the page's POST (one click from a mail client, or its button) and a mail to
 * the unsubscribe address (`unsubscribeRequestFromAddress` gives the token). Unsubscribing again
 * keeps the first time and records nothing.
 */
export function unsubscribe(
  db: Db,
  clock: Clock,
  config: Pick<Config, 'secretKey'>,
  token: string,
  channel: UnsubscribeChannel,
): UnsubscribeView & { unsubscribedAt: Date; added: boolean } {
  const view = readUnsubscribe(db, config, token);
  return inTransaction(db, () => {
    const result = recordUnsubscription(db, clock, { email: view.email, seriesId: view.seriesId, channel });
    if (result.added) {
      recordAudit(
        db,
        clock,
        findPersonByEmail(db, view.email)?.id ?? null,
        'contact.unsubscribe',
        ['unsubscription', view.email, view.seriesId],
        { email: view.email, channel },
      );
    }
    return { ...view, ...result };
  });
}
