// The mail kinds of invitations: each outbox row names one role assignment (a person in a role
// of a session) and is rendered from the database when it is sent, in the reader's language and
// zone, with the calendar part where the kind has one:
//
//   invitation            {assignmentId, sequence}   REQUEST, to the person invited
//   invitation_update     {assignmentId, sequence, previous}   REQUEST (same UID, higher SEQUENCE):
//                         the time, link, title or description changed since the copy `previous`
//   role_cancellation     {assignmentId, sequence}   CANCEL of the reader's copy (no STATUS): taken off the line-up
//   decline_cancellation  {assignmentId, sequence}   CANCEL of the reader's copy (no STATUS): they declined
//   session_cancellation  {assignmentId, sequence}   CANCEL, STATUS:CANCELLED: the whole session is cancelled
//   session_reminder      {assignmentId, daysBefore} no calendar part: a week / a day before
//   decline_alert         {assignmentId}             to a chair (the row's recipient): someone declined
//
// Importing this module registers the kinds (`import './modules/invitations/mail.js'`).
import { eq, sql } from 'drizzle-orm';
import { type RoleName, roleAssignments } from '../../../db/schema.js';
import * as cancellation from '../../../emails/cancellation.js';
import * as declineAlert from '../../../emails/decline-alert.js';
import { changeText } from '../../../emails/event-change.js';
import type { Reader, SeriesInfo } from '../../../emails/i18n.js';
import * as invitation from '../../../emails/invitation.js';
import type { RenderedMail } from '../../../emails/layout.js';
import * as sessionReminder from '../../../emails/session-reminder.js';
import * as sessionUpdate from '../../../emails/session-update.js';
import {
  type CalendarPartInput,
  type CalendarPayload,
  calendarPayload,
  changesBetween,
  withCalendarPart,
} from '../../calendar/event.js';
import type { TagTarget } from '../../calendar/organizer-tags.js';
import { type Config, repliesAreRead } from '../../config.js';
import { type Db, preparedFor } from '../../db.js';
import {
  type CommonPayload,
  defineMailKind,
  type OutboxRow,
  payloadLanguage,
  payloadText,
  type RenderedMessage,
  readerOfRow,
  seriesInfo,
  stillThere,
  Undeliverable,
} from '../../mail/render.js';
import { type Answerer, replyToHeader } from '../../mail/reply-to.js';
import { checkReminderStillDue } from '../../mail/session-reminders.js';
import { calendarReplyTo } from '../calendar/reply-to.js';
import { displayName, findPerson, type Person } from '../people/repository.js';
import { chairsOf } from '../series/repository.js';
import { findSession, type SessionRow, type SessionView, sessionViews } from '../sessions/view.js';
import { personalFeedLink, replyLink } from './links.js';
import { DECLINE_NOTE_MAX, DECLINE_REPLACEMENT_MAX, sessionSnapshot } from './service.js';

/** A message about one role assignment. */
interface AssignmentPayload extends CommonPayload {
  assignmentId: string;
}

/** A message with a calendar part: the SEQUENCE it carries (the one recorded as sent to the person). */
type SequencedPayload = CalendarPayload<'assignmentId'>;

interface SessionReminderPayload extends AssignmentPayload {
  daysBefore: 7 | 1;
}

declare module '../../mail/render.js' {
  interface MailPayloads {
    invitation: SequencedPayload;
    invitation_update: SequencedPayload;
    role_cancellation: SequencedPayload;
    decline_cancellation: SequencedPayload;
    session_cancellation: SequencedPayload;
    session_reminder: SessionReminderPayload;
    decline_alert: DeclineAlertPayload;
  }
}

// ---- payload readers ------------------------------------------------------------------------------

function assignmentPayload(raw: Record<string, unknown>): AssignmentPayload {
  const id = payloadText(raw, 'assignmentId');
  return { assignmentId: id, ...payloadLanguage(raw) };
}

const sequencedAssignment = calendarPayload('assignmentId');

/** A decline alert may carry what the decliner wrote: a short note, someone to ask instead. */
interface DeclineAlertPayload extends AssignmentPayload {
  note?: string;
  replacement?: string;
}

function declineAlertPayload(raw: Record<string, unknown>): DeclineAlertPayload {
  const said = (value: unknown, max: number) =>
    typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, max) : undefined;
  const note = said(raw.note, DECLINE_NOTE_MAX);
  const replacement = said(raw.replacement, DECLINE_REPLACEMENT_MAX);
  return { ...assignmentPayload(raw), ...(note ? { note } : {}), ...(replacement ? { replacement } : {}) };
}

function reminderPayload(raw: Record<string, unknown>): SessionReminderPayload {
  const daysBefore = raw.daysBefore === 7 ? 7 : raw.daysBefore === 1 ? 1 : null;
  if (!daysBefore) throw new Undeliverable('unreadable', 'its payload has no daysBefore (7 or 1)');
  return { ...assignmentPayload(raw), daysBefore };
}

// ---- loading what a message is about ---------------------------------------------------------------

type Assignment = typeof roleAssignments.$inferSelect;
const statements = preparedFor((db) => ({
  assignment: db
    .select()
    .from(roleAssignments)
    .where(eq(roleAssignments.id, sql.placeholder('id')))
    .prepare(),
}));

interface Subject {
  assignment: Assignment;
  session: DatedSession;
  series: SeriesInfo;
  /** The person holding (or who held) the role. */
  person: Person;
  /** The session's line-up, agenda and blog post (with addresses: used only to spot the reader). */
  view: SessionView;
}

/** The assignment, its session, series and person, and the session's view; Undeliverable when gone. */
function loadSubject(db: Db, assignmentId: string): Subject {
  const assignment = statements(db).assignment.get({ id: assignmentId });
  if (!assignment) throw new Undeliverable('gone', 'the role assignment no longer exists (the line-up changed)');
  const session = stillThere(findSession(db, assignment.sessionId), 'the session');
  if (!session.startsAt) throw new Undeliverable('no_date', 'the session has no date (it became an alternate topic)');
  const series = seriesInfo(db, session.seriesId);
  const person = stillThere(findPerson(db, assignment.personId), 'the person');
  // With addresses, so the reader can be marked "(you)" in the line-up; they go no further.
  const view = stillThere(sessionViews(db, [session], series.timezone, true)[0], 'the session');
  return { assignment, session: session as DatedSession, series, person, view };
}

type ViewPerson = { name: string; email?: string; country?: string | null; status: string };

/** The line-up as the templates show it: no addresses, nobody who declined, the reader marked. */
function lineupOf(view: SessionView, session: SessionRow, readerEmail: string): invitation.Lineup {
  const reader = readerEmail.trim().toLowerCase();
  const person = (p: ViewPerson): invitation.LineupPerson => ({
    name: p.name,
    country: p.country ?? null,
    you: p.email !== undefined && p.email.toLowerCase() === reader,
  });
  const live = (list: ViewPerson[]) => list.filter((p) => p.status !== 'declined').map(person);
  const { roles } = view;
  const chair = roles.chair && roles.chair.status !== 'declined' ? person(roles.chair) : null;
  return {
    chair,
    chairCountry: session.chairCountry ?? roles.chair?.country ?? null,
    supportingChair:
      roles.supportingChair && roles.supportingChair.status !== 'declined' ? person(roles.supportingChair) : null,
    focal: { country: session.focalCountry, people: live(roles.focal?.people ?? []) },
    discussant: { country: session.discussantCountry, people: live(roles.discussant?.people ?? []) },
    coBloggers: live(roles.coBloggers),
  };
}

function sessionDetails(subject: Pick<Subject, 'session' | 'view'>, readerEmail: string): invitation.SessionDetails {
  const { session, view } = subject;
  return {
    title: session.title,
    description: session.description,
    startsAt: session.startsAt,
    durationMinutes: session.durationMinutes,
    meetingUrl: session.meetingUrl,
    discussantQuestion: session.discussantQuestion,
    agenda: view.agenda.map((a) => ({
      title: a.title,
      startsAt: new Date(a.startsAt),
      endsAt: new Date(a.endsAt),
      lead: a.lead,
      kind: a.kind,
    })),
    lineup: lineupOf(view, session, readerEmail),
    blogDueAt: view.blog.dueAt ? new Date(view.blog.dueAt) : null,
  };
}

/**
 * A dated session as every message about it shows it, to one reader: its line-up (no addresses,
 * the reader marked), agenda, question and blog post's due date. Also for the attendees' messages.
 */
export function sessionDetailsFor(
  db: Db,
  session: SessionRow & { startsAt: Date },
  seriesZone: string,
  readerEmail: string,
): invitation.SessionDetails {
  const view = stillThere(sessionViews(db, [session], seriesZone, true)[0], 'the session');
  return sessionDetails({ session, view }, readerEmail);
}

/**
 * The country a person stands for in a role: the session's focal, discussant or chair country
 * (their own when the session names none); the other roles stand for no country.
 */
function roleCountry(role: RoleName, session: SessionRow, person: Person): string | null {
  switch (role) {
    case 'focal':
      return session.focalCountry ?? person.country;
    case 'discussant':
      return session.discussantCountry ?? person.country;
    case 'chair':
      return session.chairCountry ?? person.country;
    default:
      return null;
  }
}

/** The person holding the role reads the message (every kind but the decline alert). */
function assigneeReader(db: Db, row: OutboxRow, subject: Subject, payload: CommonPayload): Reader {
  return readerOfRow(db, row, subject.series, payload, {
    personId: row.personId ?? subject.assignment.personId,
    country: subject.person.country,
  });
}

function roleContext(db: Db, row: OutboxRow, subject: Subject, payload: CommonPayload): invitation.RoleContext {
  const reader = assigneeReader(db, row, subject, payload);
  return {
    reader,
    series: subject.series,
    session: sessionDetails(subject, reader.email),
    role: subject.assignment.role,
    roleCountry: roleCountry(subject.assignment.role, subject.session, subject.person),
  };
}

function invitationContext(
  db: Db,
  config: Config,
  row: OutboxRow,
  subject: Subject,
  payload: CommonPayload,
): invitation.InvitationContext {
  return {
    ...roleContext(db, row, subject, payload),
    acceptLink: replyLink(config, subject.assignment, 'accept'),
    declineLink: replyLink(config, subject.assignment, 'decline'),
    buttonsRead: repliesAreRead(config),
    calendarFeedLink: personalFeedLink(config, subject.person.calendarKey),
  };
}

/** Invitations and their updates go to people still on the line-up who have not declined. */
function requireInvitable(subject: Subject): void {
  const { assignment, session } = subject;
  if (assignment.status === 'removed') throw new Undeliverable('not_concerned', 'the person was taken off the line-up');
  if (assignment.status === 'declined') throw new Undeliverable('not_concerned', 'the person declined the role');
  if (session.status === 'cancelled') throw new Undeliverable('cancelled', 'the session was cancelled');
}

// ---- the calendar part ------------------------------------------------------------------------------

/** The session's chair and supporting chair (not anyone who declined): who a plain reply reaches. */
function sessionAnswerers(subject: Subject): Answerer[] {
  const { roles } = subject.view;
  return [roles.chair, roles.supportingChair].flatMap((p) =>
    p?.email && p.status !== 'declined' ? [{ name: p.name, email: p.email }] : [],
  );
}

type DatedSession = SessionRow & { startsAt: Date };

/** What one person's copy of a dated session carries beside the session itself. */
export interface SessionCopy {
  readerName: string | null;
  sequence: number;
  mail: RenderedMail;
  description: string;
  /** Whose invitation the copy is; null for a registered attendee, who answers by registering. */
  invitation: TagTarget | null;
  /** Who a plain reply reaches: the session's chair and supporting chair. */
  answerers: (Answerer | Person)[];
  attendeeRole?: 'OPT-PARTICIPANT';
}

/**
 * The message with its calendar part: one person's copy of the session's event (its UID, what
 * a copy holds, its SUMMARY), the same for role holders and attendees alike.
 */
export function withSessionEvent(
  message: CalendarPartInput['message'],
  row: OutboxRow,
  { db, config, now }: { db: Db; config: Config; now?: Date | undefined },
  session: DatedSession,
  copy: SessionCopy,
): RenderedMessage {
  return withCalendarPart(
    row,
    now,
    copy.mail,
    {
      message,
      uid: session.calendarUid,
      state: {
        start: session.startsAt,
        end: new Date(session.startsAt.getTime() + session.durationMinutes * 60_000),
        url: session.meetingUrl,
        title: session.title,
        description: session.description,
      },
      summary: session.title,
      sequence: copy.sequence,
      description: copy.description,
      invitation: copy.invitation,
      attendeeName: copy.readerName,
      ...(copy.attendeeRole ? { attendeeRole: copy.attendeeRole } : {}),
      replyTo: calendarReplyTo(db, row.toEmail, copy.answerers, session.seriesId),
    },
    config,
  );
}

/** A role holder's copy: tagged with their assignment, so their calendar's answer comes back to it. */
const roleHolderCopy = (
  subject: Subject,
  ctx: { reader: Reader },
  sequence: number,
  mail: RenderedMail,
  description: string,
): SessionCopy => ({
  readerName: ctx.reader.name,
  sequence,
  mail,
  description,
  invitation: { kind: 'session', assignmentId: subject.assignment.id, linkVersion: subject.assignment.linkVersion },
  answerers: sessionAnswerers(subject),
});

// ---- the kinds --------------------------------------------------------------------------------------

defineMailKind('invitation', {
  payload: sequencedAssignment,
  render(row, payload, { db, config, now }) {
    const subject = loadSubject(db, payload.assignmentId);
    requireInvitable(subject);
    const ctx = invitationContext(db, config, row, subject, payload);
    return withSessionEvent(
      'invite',
      row,
      { db, config, now },
      subject.session,
      roleHolderCopy(subject, ctx, payload.sequence, invitation.render(ctx), invitation.calendarDescription(ctx)),
    );
  },
});

defineMailKind('invitation_update', {
  payload: sequencedAssignment,
  render(row, payload, { db, config, now }) {
    const subject = loadSubject(db, payload.assignmentId);
    requireInvitable(subject);
    const current = sessionSnapshot(subject.session);
    if (!current) throw new Undeliverable('no_date', 'the session has no date (it became an alternate topic)');
    const ctx: sessionUpdate.SessionUpdateContext = {
      ...invitationContext(db, config, row, subject, payload),
      accepted: subject.assignment.status === 'accepted',
      changes: payload.previous ? changesBetween(payload.previous, current) : [],
      previous: payload.previous,
      current,
    };
    return withSessionEvent(
      'update',
      row,
      { db, config, now },
      subject.session,
      roleHolderCopy(
        subject,
        ctx,
        payload.sequence,
        sessionUpdate.render(ctx),
        [...changeText(ctx), invitation.calendarDescription(ctx)].join('\n'),
      ),
    );
  },
});

/**
 * The three ways a role's event leaves a person's calendar: taken off the line-up (their copy
 * only), declined (their copy only), or the session cancelled (for everyone). Each is dropped
 * when what caused it was undone before it went out.
 */
function defineCancellation(
  kind: 'role_cancellation' | 'decline_cancellation' | 'session_cancellation',
  {
    reason,
    message,
    undone,
  }: {
    reason: cancellation.CancellationContext['kind'];
    message: 'uninvite' | 'cancel';
    /** Why the message no longer makes sense, or null while it does. */
    undone: (subject: Subject) => string | null;
  },
) {
  defineMailKind(kind, {
    payload: sequencedAssignment,
    render(row, payload, { db, config, now }) {
      const subject = loadSubject(db, payload.assignmentId);
      const why = undone(subject);
      if (why) throw new Undeliverable('changed', why);
      const ctx: cancellation.CancellationContext = { ...roleContext(db, row, subject, payload), kind: reason };
      return withSessionEvent(
        message,
        row,
        { db, config, now },
        subject.session,
        roleHolderCopy(subject, ctx, payload.sequence, cancellation.render(ctx), cancellation.calendarDescription(ctx)),
      );
    },
  });
}

// Put back on the line-up before this went out: their invitation stands, so no cancellation.
defineCancellation('role_cancellation', {
  reason: 'role',
  message: 'uninvite',
  undone: (subject) => (subject.assignment.status !== 'removed' ? 'the person is back on the line-up' : null),
});

// Accepted again before this went out: their copy stands.
defineCancellation('decline_cancellation', {
  reason: 'declined',
  message: 'uninvite',
  undone: (subject) => (subject.assignment.status !== 'declined' ? 'the person no longer declines the role' : null),
});

defineCancellation('session_cancellation', {
  reason: 'session',
  message: 'cancel',
  undone: (subject) => (subject.session.status !== 'cancelled' ? 'the session is no longer cancelled' : null),
});

defineMailKind('session_reminder', {
  payload: reminderPayload,
  render(row, payload, { db, config, now }) {
    const subject = loadSubject(db, payload.assignmentId);
    requireInvitable(subject);
    if (subject.assignment.status === 'assigned')
      throw new Undeliverable('changed', 'the person has not been invited yet');
    checkReminderStillDue(now, subject.session.startsAt, payload.daysBefore);
    const ctx: sessionReminder.SessionReminderContext = {
      ...invitationContext(db, config, row, subject, payload),
      sentAt: now ?? row.createdAt,
      accepted: subject.assignment.status === 'accepted',
    };
    const replyTo = calendarReplyTo(db, row.toEmail, sessionAnswerers(subject), subject.series.id);
    return {
      to: row.toEmail,
      ...sessionReminder.render(ctx),
      replyTo: replyToHeader(replyTo),
    };
  },
});

defineMailKind('decline_alert', {
  payload: declineAlertPayload,
  render(row, payload, { db, config }) {
    const subject = loadSubject(db, payload.assignmentId);
    // Changed their mind before the alert went out: there is nothing to act on.
    if (subject.assignment.status !== 'declined')
      throw new Undeliverable('changed', 'the person no longer declines the role');
    // The reader is the chair the row is addressed to, in their own language and zone.
    const reader = readerOfRow(db, row, subject.series, payload);
    const mail = declineAlert.render({
      reader,
      series: subject.series,
      session: sessionDetails(subject, reader.email),
      decliner: {
        name: displayName(subject.person),
        country: roleCountry(subject.assignment.role, subject.session, subject.person) ?? subject.person.country,
      },
      role: subject.assignment.role,
      manageLink: `${config.publicUrl}/series/${encodeURIComponent(subject.series.id)}/manage`,
      // The session's chair cannot open the series' management page: theirs is the session's.
      sessionLink: chairsOf(db, subject.series.id).some((chair) => chair.email === row.toEmail)
        ? undefined
        : `${config.publicUrl}/series/${encodeURIComponent(subject.series.id)}/sessions/${encodeURIComponent(subject.session.id)}`,
      note: payload.note,
      replacement: payload.replacement,
    });
    return { to: row.toEmail, ...mail };
  },
});
