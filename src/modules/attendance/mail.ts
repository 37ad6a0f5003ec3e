// The mail kinds of attending a session; each outbox row names one registration (`attendeeId`)
// and is rendered when it is sent, in the reader's language and zone:
//
//   attendance_invitation   {attendeeId, sequence}            REQUEST, ATTENDEE ROLE=OPT-PARTICIPANT
//   attendance_update       {attendeeId, sequence, previous}  REQUEST (same UID, higher SEQUENCE)
//   attendance_cancellation {attendeeId, sequence}            CANCEL, STATUS:CANCELLED: the session is cancelled
//   attendance_withdrawal   {attendeeId, sequence}            CANCEL of the reader's copy: they unregistered
//   attendance_reminder     {attendeeId, daysBefore}          no calendar part: a week / a day before
//
// Importing this module registers the kinds (`import './modules/attendance/mail.js'`).
import { and, eq, sql } from 'drizzle-orm';
import { blogPosts, contacts } from '../../../db/schema.js';
import * as attendance from '../../../emails/attendance.js';
import * as followUp from '../../../emails/follow-up.js';
import * as groupQuestion from '../../../emails/group-question.js';
import type { RenderedMail } from '../../../emails/layout.js';
import { type CalendarPartInput, type CalendarPayload, calendarPayload, changesBetween } from '../../calendar/event.js';
import type { Config } from '../../config.js';
import { type Db, preparedFor } from '../../db.js';
import {
  type CommonPayload,
  defineMailKind,
  type OutboxRow,
  payloadLanguage,
  payloadText,
  readerOfRow,
  seriesAndReader,
  seriesInfo,
  stillThere,
  Undeliverable,
} from '../../mail/render.js';
import { checkReminderStillDue } from '../../mail/session-reminders.js';
import { attendLink } from '../interests/attend-links.js';
import { listUnsubscribeHeaders } from '../interests/unsubscribe-links.js';
import { unsubscribedAt } from '../interests/unsubscriptions.js';
import { sessionDetailsFor, withSessionEvent } from '../invitations/mail.js';
import { sessionSnapshot } from '../invitations/service.js';
import { findPerson } from '../people/repository.js';
import { callParticipants, chairingPeople } from '../prepcalls/repository.js';
import { findSession, type SessionRow } from '../sessions/view.js';
import { answerLink } from './question.js';
import { attendeeOf, findAttendee, isRegistered } from './service.js';

type SequencedPayload = CalendarPayload<'attendeeId'>;

interface AttendanceReminderPayload extends CommonPayload {
  attendeeId: string;
  daysBefore: 7 | 1;
}

declare module '../../mail/render.js' {
  interface MailPayloads {
    attendance_invitation: SequencedPayload;
    attendance_update: SequencedPayload;
    attendance_cancellation: SequencedPayload;
    attendance_withdrawal: SequencedPayload;
    attendance_reminder: AttendanceReminderPayload;
    group_question: { sessionId: string } & CommonPayload;
    attendance_follow_up: { sessionId: string; blog?: true } & CommonPayload;
  }
}

const sequenced = calendarPayload('attendeeId');

function reminderPayload(raw: Record<string, unknown>): AttendanceReminderPayload {
  const id = payloadText(raw, 'attendeeId');
  const daysBefore = raw.daysBefore === 7 ? 7 : raw.daysBefore === 1 ? 1 : null;
  if (!daysBefore) throw new Undeliverable('unreadable', 'its payload has no daysBefore (7 or 1)');
  return { attendeeId: id, daysBefore, ...payloadLanguage(raw) };
}

type DatedSession = SessionRow & { startsAt: Date };

/** Compiled once per database: a session's thousand registrants render a thousand messages. */
const statements = preparedFor((db) => ({
  contact: db
    .select({ id: contacts.id, callSentAt: contacts.callSentAt })
    .from(contacts)
    .where(and(eq(contacts.seriesId, sql.placeholder('series')), eq(contacts.email, sql.placeholder('email'))))
    .prepare(),
}));

/** The registration, its dated session and its person; Undeliverable when any is gone. */
function loadSubject(db: Db, attendeeId: string) {
  const attendee = stillThere(findAttendee(db, attendeeId), 'the registration');
  const session = stillThere(findSession(db, attendee.sessionId), 'the session');
  if (!session.startsAt) throw new Undeliverable('no_date', 'the session has no date (it became an alternate topic)');
  const person = stillThere(findPerson(db, attendee.personId), 'the person');
  return { attendee, session: session as DatedSession, person };
}
type Subject = ReturnType<typeof loadSubject>;

/**
 * Where the reader sees their registration: the call's link for a contact who was sent the call
 * (no password needed), else the series' programme.
 */
function registrationLink(db: Db, config: Config, seriesId: string, email: string): string {
  const contact = statements(db).contact.get({ series: seriesId, email });
  return contact?.callSentAt
    ? attendLink(config, contact.id)
    : `${config.publicUrl}/series/${encodeURIComponent(seriesId)}`;
}

function contextOf(db: Db, config: Config, row: OutboxRow, subject: Subject, payload: CommonPayload) {
  const series = seriesInfo(db, subject.session.seriesId);
  const reader = readerOfRow(db, row, series, payload, {
    personId: row.personId ?? subject.person.id,
    country: subject.attendee.country,
  });
  return {
    reader,
    series,
    session: sessionDetailsFor(db, subject.session, series.timezone, reader.email),
    registrationLink: registrationLink(db, config, series.id, subject.person.email),
  } satisfies attendance.AttendanceContext;
}

/** Invitations, updates and reminders go to people still registered for a session still on. */
function requireAttending(subject: Subject): void {
  if (subject.attendee.unregisteredAt) throw new Undeliverable('not_concerned', 'the person unregistered');
  if (subject.session.status === 'cancelled') throw new Undeliverable('cancelled', 'the session was cancelled');
}

/**
 * An attendee's own copy of the session (OPT-PARTICIPANT, organized by MAIL_FROM itself: they
 * answer by registering), for each of the four calendar kinds: the check that the message still
 * makes sense, its method, and its words.
 */
function defineAttendeeCopy(
  kind: 'attendance_invitation' | 'attendance_update' | 'attendance_cancellation' | 'attendance_withdrawal',
  message: CalendarPartInput['message'],
  check: (subject: Subject) => void,
  words: (
    ctx: attendance.AttendanceContext,
    subject: Subject,
    payload: CalendarPayload<'attendeeId'>,
  ) => { mail: RenderedMail; description: string },
) {
  defineMailKind(kind, {
    payload: sequenced,
    render(row, payload, deps) {
      const subject = loadSubject(deps.db, payload.attendeeId);
      check(subject);
      const ctx = contextOf(deps.db, deps.config, row, subject, payload);
      return withSessionEvent(message, row, deps, subject.session, {
        readerName: ctx.reader.name,
        sequence: payload.sequence,
        ...words(ctx, subject, payload),
        invitation: null,
        attendeeRole: 'OPT-PARTICIPANT',
        answerers: chairingPeople(callParticipants(deps.db, subject.session.id)),
      });
    },
  });
}

defineAttendeeCopy('attendance_invitation', 'invite', requireAttending, (ctx) => ({
  mail: attendance.renderInvitation(ctx),
  description: attendance.calendarDescription(ctx),
}));

defineAttendeeCopy('attendance_update', 'update', requireAttending, (base, subject, payload) => {
  const current = sessionSnapshot(subject.session);
  if (!current) throw new Undeliverable('no_date', 'the session has no date (it became an alternate topic)');
  const ctx: attendance.AttendanceUpdateContext = {
    ...base,
    changes: payload.previous ? changesBetween(payload.previous, current) : [],
    previous: payload.previous,
    current,
  };
  return { mail: attendance.renderUpdate(ctx), description: attendance.updateDescription(ctx) };
});

defineAttendeeCopy(
  'attendance_cancellation',
  'cancel',
  (subject) => {
    if (subject.session.status !== 'cancelled')
      throw new Undeliverable('changed', 'the session is no longer cancelled');
  },
  (ctx) => ({ mail: attendance.renderCancellation(ctx), description: attendance.calendarDescription(ctx) }),
);

defineAttendeeCopy(
  'attendance_withdrawal',
  'uninvite',
  (subject) => {
    // Registered again before this went out: their copy stands.
    if (!subject.attendee.unregisteredAt) throw new Undeliverable('changed', 'the person registered again');
  },
  (ctx) => ({ mail: attendance.renderWithdrawal(ctx), description: attendance.calendarDescription(ctx) }),
);

defineMailKind('attendance_reminder', {
  payload: reminderPayload,
  render(row, payload, { db, config, now }) {
    const subject = loadSubject(db, payload.attendeeId);
    requireAttending(subject);
    checkReminderStillDue(now, subject.session.startsAt, payload.daysBefore);
    const ctx = { ...contextOf(db, config, row, subject, payload), sentAt: now ?? row.createdAt };
    return { to: row.toEmail, ...attendance.renderReminder(ctx) };
  },
});

defineMailKind('group_question', {
  payload: (raw) => ({ sessionId: payloadText(raw, 'sessionId'), ...payloadLanguage(raw) }),
  render(row, payload, { db, config, now }) {
    const session = findSession(db, payload.sessionId);
    if (!session) throw new Undeliverable('gone', 'the session no longer exists');
    if (!session.startsAt) throw new Undeliverable('no_date', 'the session has no date (it became an alternate topic)');
    if (session.status !== 'scheduled') throw new Undeliverable('cancelled', 'the session was cancelled');
    if (now && now.getTime() >= session.startsAt.getTime())
      throw new Undeliverable('too_late', 'the session has already begun');
    if (!session.discussantQuestion) throw new Undeliverable('changed', 'the question was taken away');
    const person = stillThere(row.personId ? findPerson(db, row.personId) : undefined, 'the person');
    const { series, reader } = seriesAndReader(db, row, session.seriesId, payload);
    const registered = isRegistered(attendeeOf(db, session.id, person.id));
    // Sent to a contact who did not register, it is bulk mail: unsubscribing stops it, and it
    // carries the call's List-Unsubscribe headers.
    const contact = registered ? undefined : statements(db).contact.get({ series: series.id, email: person.email });
    if (!registered && !contact) {
      throw new Undeliverable('not_concerned', 'the person is neither registered nor on the contact list any more');
    }
    if (contact && unsubscribedAt(db, person.email))
      throw new Undeliverable('unsubscribed', 'the address has unsubscribed');
    const mail = groupQuestion.render({
      reader,
      series,
      session: {
        title: session.title,
        startsAt: session.startsAt,
        meetingUrl: registered ? session.meetingUrl : null,
        question: session.discussantQuestion,
        focalCountry: session.focalCountry,
        discussantCountry: session.discussantCountry,
      },
      answerLink: answerLink(config, session.id, person.id),
      registerLink: registered ? null : registrationLink(db, config, series.id, person.email),
    });
    return { to: row.toEmail, ...mail, ...(contact ? { headers: listUnsubscribeHeaders(config, contact.id) } : {}) };
  },
});

defineMailKind('attendance_follow_up', {
  payload: (raw) => ({
    sessionId: payloadText(raw, 'sessionId'),
    ...(raw.blog === true ? { blog: true as const } : {}),
    ...payloadLanguage(raw),
  }),
  render(row, payload, { db }) {
    const session = findSession(db, payload.sessionId);
    if (!session) throw new Undeliverable('gone', 'the session no longer exists');
    if (!session.startsAt) throw new Undeliverable('no_date', 'the session has no date (it became an alternate topic)');
    const person = stillThere(row.personId ? findPerson(db, row.personId) : undefined, 'the person');
    if (!isRegistered(attendeeOf(db, session.id, person.id)))
      throw new Undeliverable('not_concerned', 'the person unregistered');
    // Read here rather than through the outputs module, which sends these follow-ups itself.
    const post = db.select().from(blogPosts).where(eq(blogPosts.sessionId, session.id)).get();
    const blog = post?.status === 'published' && post.url ? { url: post.url, title: post.title } : null;
    if (payload.blog && !blog) throw new Undeliverable('changed', 'the blog post is no longer published');
    if (!payload.blog && !session.recordingUrl && !session.slidesUrl)
      throw new Undeliverable('changed', 'the links were removed');
    const mail = followUp.render({
      ...seriesAndReader(db, row, session.seriesId, payload),
      session: { title: session.title, startsAt: session.startsAt },
      recordingUrl: session.recordingUrl,
      slidesUrl: session.slidesUrl,
      blog,
      blogNews: payload.blog === true,
    });
    return { to: row.toEmail, ...mail };
  },
});
