// The whole domain of the service in one drizzle schema. Instants are stored as UTC epoch
// milliseconds (`timestamp_ms`), never as local times; the series' IANA zone is what turns
// them back into wall-clock times.
import { sql } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import {
  agendaKinds,
  agendaLeads,
  assignmentStatuses,
  attendanceVias,
  auditEntityTypes,
  blogStatuses,
  calendarMethods,
  calendarResponses,
  deliveryProblems,
  eventStatuses,
  inboundChannels,
  inboundOutcomes,
  languages,
  memberChanges,
  occurrenceStatuses,
  outboxStatuses,
  repeatUnits,
  roleNames,
  sessionStatuses,
  unsubscribeChannels,
} from '../src/domain/vocabulary.js';

export {
  type AssignmentStatus,
  agendaLeads,
  assignmentStatuses,
  blogStatuses,
  outboxStatuses,
  type RoleName,
  roleNames,
  type SessionStatus,
  sessionStatuses,
} from '../src/domain/vocabulary.js';

const instant = (name: string) => integer(name, { mode: 'timestamp_ms' });
/** Set from the service's injectable clock, never by SQLite, so tests control time. */
const createdAt = () => instant('created_at').notNull();
/** A row that is part of another: it goes when its owner is deleted. */
const belongsTo = (name: string, owner: () => AnySQLiteColumn) =>
  text(name).notNull().references(owner, { onDelete: 'cascade' });
/** A row that names another, which must exist (a person, who is never deleted). */
const refersTo = (name: string, target: () => AnySQLiteColumn) => text(name).notNull().references(target);

export const people = sqliteTable('people', {
  id: text('id').primaryKey(),
  /** Always stored lower-cased and trimmed: the same mailbox is one person. */
  email: text('email').notNull().unique(),
  name: text('name'),
  country: text('country'),
  organisation: text('organisation'),
  language: text('language', { enum: languages }),
  /** The zone times are shown in: the one the person chose, else their country's main zone. */
  timezone: text('timezone'),
  /** Whether the person chose `timezone` themselves; if not, mail says it was estimated from their country. */
  timezoneChosen: integer('timezone_chosen', { mode: 'boolean' }).notNull().default(false),
  isAdmin: integer('is_admin', { mode: 'boolean' }).notNull().default(false),
  /** Secret part of the personal calendar feed URL; rotated by regenerating it. */
  calendarKey: text('calendar_key').notNull(),
  createdAt: createdAt(),
  updatedAt: instant('updated_at'),
});

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    personId: belongsTo('person_id', () => people.id),
    /** SHA-256 of the token; the token itself is shown once and never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    label: text('label'),
    createdAt: createdAt(),
    lastUsedAt: instant('last_used_at'),
    revokedAt: instant('revoked_at'),
  },
  (t) => [index('api_tokens_person').on(t.personId)],
);

/** One-time links emailed for signing in; single use, short-lived, stored hashed. */
export const signInLinks = sqliteTable('sign_in_links', {
  id: text('id').primaryKey(),
  email: text('email').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  makesAdmin: integer('makes_admin', { mode: 'boolean' }).notNull().default(false),
  expiresAt: instant('expires_at').notNull(),
  usedAt: instant('used_at'),
  createdAt: createdAt(),
});

/**
 * Signed-in browsers (src/web): the cookie carries a secret whose SHA-256 is kept here, so a
 * session can be ended for real (sign-out sets revokedAt) and a stolen database holds no cookie.
 */
export const webSessions = sqliteTable(
  'web_sessions',
  {
    id: text('id').primaryKey(),
    personId: belongsTo('person_id', () => people.id),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    expiresAt: instant('expires_at').notNull(),
    revokedAt: instant('revoked_at'),
  },
  (t) => [index('web_sessions_person').on(t.personId)],
);

export const series = sqliteTable('series', {
  id: text('id').primaryKey(),
  title: text('title').notNull(),
  description: text('description'),
  timezone: text('timezone').notNull(),
  interestDeadline: instant('interest_deadline'),
  /** Set only on rows a built-in loader wrote (`cli demo`), so it finds its own series again. */
  demoKey: text('demo_key').unique(),
  createdAt: createdAt(),
  updatedAt: instant('updated_at'),
});

export const seriesChairs = sqliteTable(
  'series_chairs',
  {
    seriesId: belongsTo('series_id', () => series.id),
    personId: refersTo('person_id', () => people.id),
    /** Keeps the chairs in the order they were given. */
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.seriesId, t.personId] })],
);

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    seriesId: belongsTo('series_id', () => series.id),
    title: text('title').notNull(),
    description: text('description'),
    /** Null only for an alternate topic that has no date yet. */
    startsAt: instant('starts_at'),
    durationMinutes: integer('duration_minutes').notNull().default(90),
    meetingUrl: text('meeting_url'),
    status: text('status', { enum: sessionStatuses }).notNull().default('scheduled'),
    /** One calendar UID for everyone invited to the session, kept for every update. */
    calendarUid: text('calendar_uid').notNull(),
    /** Raised on every change of time and on cancellation (RFC 5545 SEQUENCE). */
    calendarSequence: integer('calendar_sequence').notNull().default(0),
    /** The role countries; the people holding the roles are in role_assignments. */
    focalCountry: text('focal_country'),
    discussantCountry: text('discussant_country'),
    chairCountry: text('chair_country'),
    /** The discussant's practical "how to" question. */
    discussantQuestion: text('discussant_question'),
    /** The chair released the question to the group: it goes to the attendees at `questionReleaseAt`. */
    questionReleased: integer('question_released', { mode: 'boolean' }).notNull().default(false),
    /** When the question goes to the group: a time the chair chose, else (null) 7 days before the session. */
    questionReleaseAt: instant('question_release_at'),
    /** Whether every contact of the series gets the question too, not only the attendees. */
    questionToContacts: integer('question_to_contacts', { mode: 'boolean' }).notNull().default(false),
    /** When the question went to the group; a person registering later gets it at once. */
    questionSentAt: instant('question_sent_at'),
    /** After the session: its recording and its slides, sent to the attendees in a follow-up. */
    recordingUrl: text('recording_url'),
    slidesUrl: text('slides_url'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at'),
  },
  (t) => [
    index('sessions_series').on(t.seriesId, t.startsAt),
    // The mail worker's passes (reminders, attendees' restored invitations) start from the
    // scheduled sessions still to come, instead of reading every attendee and role ever stored.
    index('sessions_upcoming').on(t.status, t.startsAt),
  ],
);

export const roleAssignments = sqliteTable(
  'role_assignments',
  {
    id: text('id').primaryKey(),
    sessionId: belongsTo('session_id', () => sessions.id),
    role: text('role', { enum: roleNames }).notNull(),
    personId: refersTo('person_id', () => people.id),
    /** `removed` keeps the row of someone taken off an invited line-up until they get a cancellation. */
    status: text('status', { enum: assignmentStatuses }).notNull().default('assigned'),
    /** The calendar SEQUENCE this person last received, so updates go only where they are due. */
    invitedSequence: integer('invited_sequence'),
    /** When the person was first invited to this assignment: reminders whose window had opened by then are not sent. */
    invitedAt: instant('invited_at'),
    /**
     * Raised when someone removed from the line-up is put back: that is a new assignment in the
     * same row, and the accept and decline links of the old one must stop working.
     */
    linkVersion: integer('link_version').notNull().default(0),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: instant('updated_at'),
  },
  (t) => [
    uniqueIndex('role_assignments_unique').on(t.sessionId, t.role, t.personId),
    index('role_assignments_person').on(t.personId),
  ],
);

export const workstreams = sqliteTable('workstreams', {
  id: text('id').primaryKey(),
  seriesId: belongsTo('series_id', () => series.id),
  title: text('title').notNull(),
  description: text('description'),
  convenerId: text('convener_id').references(() => people.id),
  supportingChairId: text('supporting_chair_id').references(() => people.id),
  createdAt: createdAt(),
  updatedAt: instant('updated_at'),
});

/**
 * Members are derived from interests; this table only records departures from that:
 * a convener's removal (which can be undone) or a member leaving.
 */
export const workstreamMemberChanges = sqliteTable(
  'workstream_member_changes',
  {
    workstreamId: belongsTo('workstream_id', () => workstreams.id),
    personId: refersTo('person_id', () => people.id),
    change: text('change', { enum: memberChanges }).notNull(),
    at: instant('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workstreamId, t.personId] })],
);

export const workstreamMeetings = sqliteTable(
  'workstream_meetings',
  {
    id: text('id').primaryKey(),
    workstreamId: belongsTo('workstream_id', () => workstreams.id),
    title: text('title').notNull(),
    description: text('description'),
    startsAt: instant('starts_at').notNull(),
    durationMinutes: integer('duration_minutes').notNull().default(60),
    meetingUrl: text('meeting_url'),
    status: text('status', { enum: eventStatuses }).notNull().default('scheduled'),
    /** Set when the meeting is a feedback meeting of a series session. */
    linkedSessionId: text('linked_session_id').references(() => sessions.id),
    /**
     * Meetings planned together as separate events, before a run became one event, share this
     * id; a run planned since is one row with the repeat rule below.
     */
    recurrenceId: text('recurrence_id'),
    /** A repeating run: every `repeatEvery` `repeatUnit`, `repeatCount` meetings in all. */
    repeatEvery: integer('repeat_every'),
    repeatUnit: text('repeat_unit', { enum: repeatUnits }),
    repeatCount: integer('repeat_count'),
    /**
     * The zone whose wall-clock time the run keeps (the series' zone when it was planned): a
     * run's later meetings are at the first one's local hour in this zone, whatever the DST.
     */
    repeatZone: text('repeat_zone'),
    calendarUid: text('calendar_uid').notNull(),
    calendarSequence: integer('calendar_sequence').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: instant('updated_at'),
  },
  (t) => [index('workstream_meetings_workstream').on(t.workstreamId, t.startsAt)],
);

export const interests = sqliteTable(
  'interests',
  {
    id: text('id').primaryKey(),
    seriesId: belongsTo('series_id', () => series.id),
    personId: refersTo('person_id', () => people.id),
    country: text('country').notNull(),
    organisation: text('organisation'),
    /** JSON array of focal | discussant | chair | co_blogger. */
    roles: text('roles', { mode: 'json' }).$type<string[]>().notNull(),
    motivation: text('motivation'),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [uniqueIndex('interests_one_per_person').on(t.seriesId, t.personId)],
);

export const interestSessions = sqliteTable(
  'interest_sessions',
  {
    interestId: belongsTo('interest_id', () => interests.id),
    sessionId: belongsTo('session_id', () => sessions.id),
    /** 1 = most wanted. */
    rank: integer('rank').notNull(),
    /**
     * The roles wanted in this session: JSON array of focal | discussant | chair | co_blogger, in
     * that order. The interest's `roles` is their union over its sessions.
     */
    roles: text('roles', { mode: 'json' }).$type<string[]>().notNull().default([]),
  },
  (t) => [primaryKey({ columns: [t.interestId, t.sessionId] }), index('interest_sessions_session').on(t.sessionId)],
);

export const interestWorkstreams = sqliteTable(
  'interest_workstreams',
  {
    interestId: belongsTo('interest_id', () => interests.id),
    workstreamId: belongsTo('workstream_id', () => workstreams.id),
    asConvener: integer('as_convener', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.interestId, t.workstreamId] }),
    index('interest_workstreams_workstream').on(t.workstreamId),
  ],
);

/** A per-person extension of the interest deadline. */
export const deadlineExtensions = sqliteTable(
  'deadline_extensions',
  {
    seriesId: belongsTo('series_id', () => series.id),
    personId: refersTo('person_id', () => people.id),
    until: instant('until').notNull(),
    grantedBy: text('granted_by').references(() => people.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.seriesId, t.personId] })],
);

/** People the call for interest is sent to, imported by the chairs. */
export const contacts = sqliteTable(
  'contacts',
  {
    id: text('id').primaryKey(),
    seriesId: belongsTo('series_id', () => series.id),
    email: text('email').notNull(),
    name: text('name'),
    country: text('country'),
    language: text('language', { enum: languages }),
    /** The zone the chairs noted for the contact (the import's timezone column), if any. */
    timezone: text('timezone'),
    callSentAt: instant('call_sent_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('contacts_unique').on(t.seriesId, t.email)],
);

/**
 * Contacts the chairs took off a list, as they were: the unsubscribe links of the mail already
 * sent to them name their id, and must go on working (unsubscribing is for every series).
 */
export const removedContacts = sqliteTable('removed_contacts', {
  id: text('id').primaryKey(),
  seriesId: belongsTo('series_id', () => series.id),
  email: text('email').notNull(),
  country: text('country'),
  language: text('language', { enum: languages }),
  timezone: text('timezone'),
  removedAt: instant('removed_at').notNull(),
});

/**
 * Addresses that asked to receive no more calls for interest nor deadline reminders (the
 * unsubscribe link or mail of a call or a reminder), whatever the series. The row goes when the
 * address submits an interest or a chair imports it again with its consent noted.
 */
export const unsubscriptions = sqliteTable('unsubscriptions', {
  /** Lower-cased and trimmed, like people's and contacts' addresses. */
  email: text('email').primaryKey(),
  unsubscribedAt: instant('unsubscribed_at').notNull(),
  /** The series whose message carried the link, while it exists. */
  seriesId: text('series_id').references(() => series.id, { onDelete: 'set null' }),
  /** How it came: the page (a one-click POST or its button) or a mail to the unsubscribe address. */
  channel: text('channel', { enum: unsubscribeChannels }).notNull(),
});

export const agendaSegments = sqliteTable(
  'agenda_segments',
  {
    id: text('id').primaryKey(),
    sessionId: belongsTo('session_id', () => sessions.id),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    startsAt: instant('starts_at').notNull(),
    endsAt: instant('ends_at').notNull(),
    lead: text('lead', { enum: agendaLeads }),
    /** Which part of the standard call structure this is (its title is then worded per reader); null for the chairs' own. */
    kind: text('kind', { enum: agendaKinds }),
  },
  (t) => [index('agenda_segments_session').on(t.sessionId, t.position)],
);

export const blogPosts = sqliteTable('blog_posts', {
  sessionId: text('session_id')
    .primaryKey()
    .references(() => sessions.id, { onDelete: 'cascade' }),
  title: text('title'),
  status: text('status', { enum: blogStatuses }).notNull().default('planned'),
  url: text('url'),
  /** Null means the default: three weeks after the session. */
  dueAt: instant('due_at'),
  updatedAt: instant('updated_at'),
});

export const synthesisPapers = sqliteTable('synthesis_papers', {
  seriesId: text('series_id')
    .primaryKey()
    .references(() => series.id, { onDelete: 'cascade' }),
  title: text('title'),
  status: text('status', { enum: blogStatuses }).notNull().default('planned'),
  url: text('url'),
  dueAt: instant('due_at'),
  /** JSON arrays of person ids and session ids. */
  authorIds: text('author_ids', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  sourceSessionIds: text('source_session_ids', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
  updatedAt: instant('updated_at'),
});

/**
 * Every message leaves through here, written in the same transaction as the change that
 * causes it. A row records what to send; the delivery worker renders and sends it.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    toEmail: text('to_email').notNull(),
    personId: text('person_id').references(() => people.id),
    seriesId: text('series_id').references(() => series.id, { onDelete: 'cascade' }),
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'cascade' }),
    /** What the template needs that is not in the database rows it refers to. */
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** A message that must never go twice (a reminder) carries a key; the unique index enforces it. */
    dedupeKey: text('dedupe_key').unique(),
    subject: text('subject'),
    status: text('status', { enum: outboxStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull(),
    lastError: text('last_error'),
    /** What `lastError` is about, as the pages translate it. */
    deliveryProblem: text('delivery_problem', { enum: deliveryProblems }),
    createdAt: createdAt(),
    sentAt: instant('sent_at'),
    /** A delivery report (bounce) came back for this message after it was sent. */
    bouncedAt: instant('bounced_at'),
    bounceReason: text('bounce_reason'),
  },
  (t) => [index('outbox_due').on(t.status, t.nextAttemptAt), index('outbox_series').on(t.seriesId)],
);

/**
 * Every message received on MAIL_FROM (over SMTP or from the IMAP mailbox), by its Message-ID,
 * so the same message handed over twice counts once, and what came of it.
 */
export const inboundMessages = sqliteTable(
  'inbound_messages',
  {
    messageId: text('message_id').primaryKey(),
    channel: text('channel', { enum: inboundChannels }).notNull(),
    receivedAt: instant('received_at').notNull(),
    fromAddress: text('from_address'),
    outcome: text('outcome', { enum: inboundOutcomes }).notNull(),
    /** Why, in a few words, and what it was about. */
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('inbound_messages_received').on(t.receivedAt)],
);

/** Addresses a delivery report said cannot be delivered to; shown to the chairs beside the outbox. */
export const bouncedAddresses = sqliteTable('bounced_addresses', {
  email: text('email').primaryKey(),
  bouncedAt: instant('bounced_at').notNull(),
  reason: text('reason'),
  /** The message that bounced, when the report named it. */
  outboxId: text('outbox_id'),
});

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: instant('at').notNull(),
    actorId: text('actor_id').references(() => people.id),
    action: text('action').notNull(),
    seriesId: text('series_id'),
    entityType: text('entity_type', { enum: auditEntityTypes }).notNull(),
    entityId: text('entity_id').notNull(),
    details: text('details', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('audit_log_series').on(t.seriesId, t.at)],
);

/**
 * The meetings of a repeating run that differ from its rule: moved to another time, or
 * cancelled. `occurrence` is the meeting's place in the run (1 = the first), so a change of the
 * whole run's time carries each exception along.
 */
export const meetingOccurrences = sqliteTable(
  'meeting_occurrences',
  {
    meetingId: belongsTo('meeting_id', () => workstreamMeetings.id),
    occurrence: integer('occurrence').notNull(),
    status: text('status', { enum: occurrenceStatuses }).notNull(),
    /** Where a moved meeting now is; null when cancelled. */
    startsAt: instant('starts_at'),
    durationMinutes: integer('duration_minutes'),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.occurrence] })],
);

/** Who was sent which meeting of a workstream, and the calendar SEQUENCE they last received. */
export const meetingInvitations = sqliteTable(
  'meeting_invitations',
  {
    meetingId: belongsTo('meeting_id', () => workstreamMeetings.id),
    personId: refersTo('person_id', () => people.id),
    sequence: integer('sequence').notNull(),
    cancelled: integer('cancelled', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.personId] })],
);

/**
 * People registered to attend a session (the audience, beside the role holders). A row stays
 * when its person unregisters (`unregisteredAt`), so their calendar copy can be cancelled and a
 * later registration is the same row again.
 */
export const attendees = sqliteTable(
  'attendees',
  {
    id: text('id').primaryKey(),
    sessionId: belongsTo('session_id', () => sessions.id),
    personId: refersTo('person_id', () => people.id),
    /** The country the person attends for: their profile's, else the contact list's, when known. */
    country: text('country'),
    /** How they registered: `page` (signed in), `api`, or `call_link` (the call's signed link). */
    via: text('via', { enum: attendanceVias }).notNull(),
    /** After the session, as a chair recorded it: attended (true), did not (false), or not recorded (null). */
    attended: integer('attended', { mode: 'boolean' }),
    registeredAt: instant('registered_at').notNull(),
    /** Set while the person is not registered (they unregistered); cleared when they register again. */
    unregisteredAt: instant('unregistered_at'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('attendees_unique').on(t.sessionId, t.personId), index('attendees_person').on(t.personId)],
);

/**
 * What the group brings to a session: the short experience or question each person who received
 * the question to the group wrote back before it started (one per person, which they may edit).
 */
export const groupAnswers = sqliteTable(
  'group_answers',
  {
    id: text('id').primaryKey(),
    sessionId: belongsTo('session_id', () => sessions.id),
    personId: refersTo('person_id', () => people.id),
    /** The country the experience is from, when known (the person's, else the contact list's). */
    country: text('country'),
    text: text('text').notNull(),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [uniqueIndex('group_answers_unique').on(t.sessionId, t.personId)],
);

/** What a calendar holds of an event: the fields whose change sends an update. */
export interface CalendarSnapshot {
  /** Epoch milliseconds (UTC). */
  start: number;
  end: number;
  url: string | null;
  title: string;
  description: string | null;
  /**
   * A repeating run: its rule (`every unit count zone`) and its exceptions (place in the run,
   * then the moved start and end, or nulls when cancelled). Absent for a single event.
   */
  rule?: string;
  exceptions?: [number, number | null, number | null][];
}

/**
 * The copy of each calendar event (by UID) that each person last received, whatever sent it (a
 * session, a workstream meeting, a preparatory call). Every message carries a SEQUENCE above the
 * one recorded here, and above every other copy of the UID, so calendars always take it; an
 * update goes to those whose copy differs from the event as it stands.
 */
export const calendarCopies = sqliteTable(
  'calendar_copies',
  {
    uid: text('uid').notNull(),
    personId: refersTo('person_id', () => people.id),
    sequence: integer('sequence').notNull(),
    /** CANCEL: the person's calendar no longer holds the event (removed, declined, cancelled). */
    method: text('method', { enum: calendarMethods }).notNull(),
    snapshot: text('snapshot', { mode: 'json' }).$type<CalendarSnapshot>().notNull(),
    sentAt: instant('sent_at').notNull(),
    /** What the person answered from their calendar (a workstream meeting, a preparatory call), if anything. */
    response: text('response', { enum: calendarResponses }),
    respondedAt: instant('responded_at'),
  },
  (t) => [primaryKey({ columns: [t.uid, t.personId] })],
);

/**
 * The chair's preparatory call with the focal and discussant countries before a session: its
 * own calendar event (own UID and SEQUENCE), invited like a session.
 */
export const preparatoryCalls = sqliteTable(
  'preparatory_calls',
  {
    id: text('id').primaryKey(),
    sessionId: belongsTo('session_id', () => sessions.id),
    startsAt: instant('starts_at').notNull(),
    durationMinutes: integer('duration_minutes').notNull().default(45),
    meetingUrl: text('meeting_url'),
    status: text('status', { enum: eventStatuses }).notNull().default('scheduled'),
    calendarUid: text('calendar_uid').notNull(),
    /** Raised on every change of time and on cancellation (RFC 5545 SEQUENCE). */
    calendarSequence: integer('calendar_sequence').notNull().default(0),
    /** Who was sent the call: person id → the calendar SEQUENCE they last received. */
    invitedPersonIds: text('invited_person_ids', { mode: 'json' })
      .$type<Record<string, number>>()
      .notNull()
      .default(sql`'{}'`),
    createdAt: createdAt(),
    updatedAt: instant('updated_at'),
  },
  (t) => [
    index('preparatory_calls_session').on(t.sessionId),
    /** At most one scheduled call per session (a cancelled one may be followed by a new one). */
    uniqueIndex('preparatory_calls_one_scheduled').on(t.sessionId).where(sql`${t.status} = 'scheduled'`),
  ],
);

/**
 * One row counting every change to what src/modules/series/catalogue.ts caches: the series,
 * their sessions, workstreams, chairs and deadline extensions. Triggers (migration 0004) raise
 * it on every insert, update and delete of those tables, from any process.
 */
export const catalogueVersion = sqliteTable(
  'catalogue_version',
  {
    id: integer('id').primaryKey(),
    version: integer('version').notNull(),
  },
  (t) => [check('catalogue_version_single_row', sql`${t.id} = 1`)],
);
