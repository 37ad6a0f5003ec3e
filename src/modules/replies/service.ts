// The use cases of what comes back to MAIL_FROM. Each runs inside the transaction the inbound
// pipeline opens for one message (./inbound.ts), beside the row that records the message as
// processed, so a message's effects, its audit entries and its outbox rows land together or not
// at all.
//
// A calendar answer is taken from the invitation its organizer tag names, never from its From
// address: a session's role (the same path as the decline link: ../invitations/service.ts), or one
// person's copy of a workstream meeting or a preparatory call. It changes nothing, and says why,
// when the tag is unknown or forged, the event is another one, the assignment was removed, the
// event cancelled, or its SEQUENCE is lower than the one last sent to that person.
import { and, eq, sql } from 'drizzle-orm';
import {
  bouncedAddresses,
  calendarCopies,
  outbox,
  people,
  preparatoryCalls,
  roleAssignments,
  workstreamMeetings,
} from '../../../db/schema.js';
import { type AnswerTarget, answerTokenValid, type EventAnswer } from '../../calendar/answer-links.js';
import { type ReadTag, tagMatches } from '../../calendar/organizer-tags.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { type Db, inTransaction } from '../../db.js';
import type { AuditEntityType, CalendarResponse } from '../../domain/vocabulary.js';
import { enqueue } from '../../mail/outbox.js';
import { renderMessage } from '../../mail/render.js';
import { recordAudit } from '../audit/log.js';
import { type CalendarCopy, copyOf, holdsEvent } from '../calendar/copies.js';
import { recordReply, resendInvitation } from '../invitations/service.js';
import { findPerson, type Person } from '../people/repository.js';
import { callParticipants, findPrepCall } from '../prepcalls/repository.js';
import { resendPrepCall } from '../prepcalls/service.js';
import { chairsOf, findSeries } from '../series/repository.js';
import { findSession } from '../sessions/view.js';
import { findMeeting, findWorkstream } from '../workstreams/repository.js';
import { resendMeeting } from '../workstreams/service.js';
import type { RepliedEvent } from './mail.js';
import type { Bounce, CalendarAnswer } from './read.js';

export interface ReplyDeps {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'secretKey' | 'publicUrl' | 'mailFrom'> & Partial<Config>;
}

/** What a message did, for the log and the table of processed messages. */
export interface Effect {
  outcome: 'applied' | 'ignored' | 'forwarded' | 'bounce' | 'auto_reply' | 'recognised';
  /** A short code of what happened or why nothing did (`accepted`, `old_sequence`, `unknown_tag`…), and its particulars. */
  reason: string;
  details?: Record<string, unknown>;
}

const ignored = (reason: string, details: Record<string, unknown> = {}): Effect => ({
  outcome: 'ignored',
  reason,
  details,
});

const RESPONSES: Record<string, CalendarResponse> = {
  ACCEPTED: 'accepted',
  TENTATIVE: 'tentative',
  DECLINED: 'declined',
};

/** What one person's copy of an event allows: null when the answer may be taken, else why not. */
function copyProblem(copy: CalendarCopy | undefined, answer: CalendarAnswer): string | null {
  if (!copy) return 'never_sent';
  if (answer.sequence !== null && answer.sequence < copy.sequence) return 'old_sequence';
  if (!holdsEvent(copy)) return 'not_held';
  return null;
}

/** A calendar answer (REPLY, COUNTER, REFRESH) sent to the organizer address with this tag. */
export function applyCalendarAnswer(deps: ReplyDeps, tag: ReadTag | null, answer: CalendarAnswer): Effect {
  if (!tag) return ignored('no_tag', { uid: answer.uid });
  switch (tag.kind) {
    case 'session':
      return sessionAnswer(deps, tag, answer);
    case 'meeting':
      return meetingAnswer(deps, tag, answer);
    case 'prepcall':
      return prepCallAnswer(deps, tag, answer);
  }
}

/**
 * Whether the calendar answers for someone other than the invitation's person: a colleague's
 * answer from an invitation forwarded to them comes back to the same tag, and is not theirs.
 */
const answersForSomeoneElse = (answer: CalendarAnswer, email: string | undefined): boolean =>
  answer.attendee !== null && email !== undefined && answer.attendee.toLowerCase() !== email.toLowerCase();

const byIdAnyCase = <T>(rows: T[]): T | undefined => (rows.length === 1 ? rows[0] : undefined);

function sessionAnswer(deps: ReplyDeps, tag: ReadTag, answer: CalendarAnswer): Effect {
  const { db, clock, config } = deps;
  const row = byIdAnyCase(
    db.select().from(roleAssignments).where(sql`lower(${roleAssignments.id}) = ${tag.id.toLowerCase()}`).all(),
  );
  if (
    !row ||
    !tagMatches(config.secretKey, tag, { kind: 'session', assignmentId: row.id, linkVersion: row.linkVersion })
  ) {
    return ignored('unknown_tag', { uid: answer.uid });
  }
  const session = findSession(db, row.sessionId);
  const about = { assignmentId: row.id, uid: answer.uid, sequence: answer.sequence };
  if (answersForSomeoneElse(answer, findPerson(db, row.personId)?.email)) {
    return ignored('other_attendee', { ...about, attendee: answer.attendee });
  }
  if (!session || session.calendarUid !== answer.uid) return ignored('other_event', about);
  if (row.status === 'removed') return ignored('removed', about);
  if (session.status !== 'scheduled') return ignored('cancelled', about);
  if (row.status === 'assigned') return ignored('not_invited', about);
  const problem = copyProblem(copyOf(db, session.calendarUid, row.personId), answer);
  // A declined role's copy is gone from their calendar; an answer from a copy as recent as that may still come back.
  if (problem === 'old_sequence' || problem === 'never_sent') return ignored(problem, about);
  const details = { ...about, role: row.role, sessionId: session.id };
  switch (answer.method) {
    case 'REPLY': {
      if (!answer.partstat) return ignored('no_answer', details);
      const action =
        answer.partstat === 'ACCEPTED' ? 'accept' : answer.partstat === 'DECLINED' ? 'decline' : 'tentative';
      const outcome = recordReply(db, clock, row, action, {
        via: 'calendar',
        ...(answer.partstat === 'DECLINED' && answer.comment ? { note: answer.comment } : {}),
      });
      return outcome === 'unchanged'
        ? ignored('unchanged', { ...details, status: row.status })
        : { outcome: 'applied', reason: outcome, details };
    }
    case 'COUNTER':
      return counter(deps, 'session', session.id, row.personId, session.seriesId, answer, sessionAlerted(db, session));
    case 'REFRESH':
      return resendInvitation(db, clock, row)
        ? { outcome: 'applied', reason: 'refreshed', details }
        : ignored('not_invited', details);
  }
}

/** The series' chairs and the session's chair: who hears of a session's decline or counter-proposal. */
function sessionAlerted(db: Db, session: { id: string; seriesId: string }): Person[] {
  const sessionChairs = db
    .select({ personId: roleAssignments.personId })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.sessionId, session.id), eq(roleAssignments.role, 'chair')))
    .all()
    .flatMap((r) => findPerson(db, r.personId) ?? []);
  return [...chairsOf(db, session.seriesId), ...sessionChairs];
}

/** The person a meeting's or a call's tag names, when the tag is the one written for this event. */
function taggedPerson(deps: ReplyDeps, tag: ReadTag, target: (personId: string) => Parameters<typeof tagMatches>[2]) {
  const person = byIdAnyCase(
    deps.db.select().from(people).where(sql`lower(${people.id}) = ${tag.id.toLowerCase()}`).all(),
  );
  return person && tagMatches(deps.config.secretKey, tag, target(person.id)) ? person : undefined;
}

function meetingAnswer(deps: ReplyDeps, tag: ReadTag, answer: CalendarAnswer): Effect {
  const { db, clock } = deps;
  const meeting = db.select().from(workstreamMeetings).where(eq(workstreamMeetings.calendarUid, answer.uid)).get();
  const person =
    meeting && taggedPerson(deps, tag, (personId) => ({ kind: 'meeting', meetingId: meeting.id, personId }));
  if (!meeting || !person) return ignored('unknown_tag', { uid: answer.uid });
  if (answersForSomeoneElse(answer, person.email)) {
    return ignored('other_attendee', { uid: answer.uid, attendee: answer.attendee });
  }
  const workstream = findWorkstream(db, meeting.workstreamId);
  const details = { meetingId: meeting.id, personId: person.id, uid: answer.uid, sequence: answer.sequence };
  if (!workstream || meeting.status !== 'scheduled') return ignored('cancelled', details);
  const problem = copyProblem(copyOf(db, meeting.calendarUid, person.id), answer);
  if (problem) return ignored(problem === 'not_held' ? 'removed' : problem, details);
  switch (answer.method) {
    case 'REPLY':
      return respond(deps, answer, meeting.calendarUid, person, {
        seriesId: workstream.seriesId,
        entityType: 'meeting',
        entityId: meeting.id,
        details,
      });
    case 'COUNTER': {
      const convener = [workstream.convenerId, workstream.supportingChairId].flatMap((id) =>
        id ? (findPerson(db, id) ?? []) : [],
      );
      const alerted = convener.length > 0 ? convener : chairsOf(db, workstream.seriesId);
      return counter(deps, 'meeting', meeting.id, person.id, workstream.seriesId, answer, alerted);
    }
    case 'REFRESH':
      return resendMeeting(db, clock, meeting, person)
        ? { outcome: 'applied', reason: 'refreshed', details }
        : ignored('removed', details);
  }
}

function prepCallAnswer(deps: ReplyDeps, tag: ReadTag, answer: CalendarAnswer): Effect {
  const { db, clock } = deps;
  const call = db.select().from(preparatoryCalls).where(eq(preparatoryCalls.calendarUid, answer.uid)).get();
  const person = call && taggedPerson(deps, tag, (personId) => ({ kind: 'prepcall', callId: call.id, personId }));
  if (!call || !person) return ignored('unknown_tag', { uid: answer.uid });
  if (answersForSomeoneElse(answer, person.email)) {
    return ignored('other_attendee', { uid: answer.uid, attendee: answer.attendee });
  }
  const session = findSession(db, call.sessionId);
  const details = { callId: call.id, personId: person.id, uid: answer.uid, sequence: answer.sequence };
  if (!session || call.status !== 'scheduled') return ignored('cancelled', details);
  const problem = copyProblem(copyOf(db, call.calendarUid, person.id), answer);
  if (problem) return ignored(problem === 'not_held' ? 'removed' : problem, details);
  switch (answer.method) {
    case 'REPLY':
      return respond(deps, answer, call.calendarUid, person, {
        seriesId: session.seriesId,
        entityType: 'preparatory_call',
        entityId: call.id,
        details,
      });
    case 'COUNTER': {
      const chair = callParticipants(db, session.id)
        .filter((p) => p.role === 'chair')
        .map((p) => p.person);
      return counter(deps, 'prepcall', call.id, person.id, session.seriesId, answer, [
        ...chair,
        ...chairsOf(db, session.seriesId),
      ]);
    }
    case 'REFRESH':
      return resendPrepCall(db, clock, call, person)
        ? { outcome: 'applied', reason: 'refreshed', details }
        : ignored('removed', details);
  }
}

/** Records a person's answer to a meeting or a call on their copy of it, with its audit entry. */
function respond(
  deps: ReplyDeps,
  answer: Pick<CalendarAnswer, 'partstat' | 'comment'>,
  uid: string,
  person: Pick<Person, 'id'>,
  audit: {
    seriesId: string;
    entityType: AuditEntityType;
    entityId: string;
    details: Record<string, unknown>;
    via?: 'calendar' | 'link';
  },
): Effect {
  const response = answer.partstat ? RESPONSES[answer.partstat] : undefined;
  if (!response) return ignored('no_answer', audit.details);
  const { db, clock } = deps;
  db.update(calendarCopies)
    .set({ response, respondedAt: clock.now() })
    .where(and(eq(calendarCopies.uid, uid), eq(calendarCopies.personId, person.id)))
    .run();
  recordAudit(db, clock, person.id, `calendar.${response}`, [audit.entityType, audit.entityId, audit.seriesId], {
    ...audit.details,
    via: audit.via ?? 'calendar',
    ...(answer.comment ? { comment: answer.comment } : {}),
  });
  return { outcome: 'applied', reason: response, details: audit.details };
}

/** A proposed new time: an alert to each person who can change it (not the proposer), each once. */
function counter(
  deps: ReplyDeps,
  event: RepliedEvent,
  eventId: string,
  proposerId: string,
  seriesId: string,
  answer: CalendarAnswer,
  alerted: Person[],
): Effect {
  const { db, clock } = deps;
  const details = { event, eventId, proposerId, uid: answer.uid };
  if (!answer.proposed) return ignored('no_time', details);
  const told = new Set<string>([proposerId]);
  for (const person of alerted) {
    if (told.has(person.id)) continue;
    told.add(person.id);
    enqueue(db, clock, {
      kind: 'counter_proposal',
      toEmail: person.email,
      personId: person.id,
      seriesId,
      payload: {
        event,
        eventId,
        proposerId,
        start: answer.proposed.start.getTime(),
        end: answer.proposed.end?.getTime() ?? null,
        ...(answer.comment ? { comment: answer.comment.slice(0, 1000) } : {}),
      },
    });
  }
  recordAudit(
    db,
    clock,
    proposerId,
    'calendar.counter',
    [event === 'prepcall' ? 'preparatory_call' : event, eventId, seriesId],
    { proposedStart: answer.proposed.start.toISOString(), alerted: told.size - 1 },
  );
  return {
    outcome: 'applied',
    reason: 'counter',
    details: { ...details, proposedStart: answer.proposed.start.toISOString() },
  };
}

// ---- replies in words and delivery reports ----------------------------------------------------------

/** The outbox row a Message-ID names (`<rowId@host>` or `<rowId.N@host>` after a resend), if it is ours. */
export function outboxRowOfMessageId(db: Db, messageId: string) {
  const id = /^<([\w-]+?)(?:\.\d+)?@[^>]+>$/.exec(messageId.trim())?.[1];
  return id ? db.select().from(outbox).where(eq(outbox.id, id)).get() : undefined;
}

/** The words of a reply, as the forward carries them. */
export interface ReplyWords {
  fromEmail: string;
  fromName: string | null;
  subject: string;
  text: string;
  attachments: number;
}

/** The longest text a forward carries; a longer reply is cut (and the forward says so). */
const FORWARD_MAX = 20_000;

/**
 * A reply in words: forwarded to the people in the Reply-To of the message it answers (rendered
 * again from its outbox row, so they are who the sender saw), else to the series' chairs; one tied
 * to no message and no series goes nowhere. Never to the sender, never back to MAIL_FROM.
 */
export function forwardReply(
  deps: ReplyDeps,
  words: ReplyWords,
  answered: string[],
  tagSeriesId: string | null,
): Effect {
  const { db, clock, config } = deps;
  const row = answered.map((id) => outboxRowOfMessageId(db, id)).find((r) => r !== undefined);
  // "Reply all" to a forward: its Reply-To (the sender) got the answer already; passing it on again would repeat it.
  if (row?.kind === 'reply_forward') return ignored('answer_to_a_forward', { answered: row.id });
  const seriesId = row?.seriesId ?? tagSeriesId;
  let recipients: { email: string; personId: string | null }[] = [];
  if (row) {
    try {
      const rendered = renderMessage(row, { db, config: config as Config, now: clock.now() });
      recipients = (rendered.replyTo ?? []).map((r) => ({ email: r.address, personId: null }));
    } catch {
      // The message can no longer be rendered (what it was about is gone): the chairs get it.
    }
  }
  if (recipients.length === 0 && seriesId) {
    recipients = chairsOf(db, seriesId).map((c) => ({ email: c.email, personId: c.id }));
  }
  // Tied to no message and no series (most often spam sent to the public address): nobody is
  // asked to read it; the table of received messages keeps it.
  if (recipients.length === 0 && !row && !seriesId) return ignored('no_series', { from: words.fromEmail });
  const own = config.mailFrom.address.toLowerCase();
  const sender = words.fromEmail.toLowerCase();
  // Each address once; never back to the sender, never to MAIL_FROM itself (a loop).
  const to = [...new Map(recipients.map((r) => [r.email.toLowerCase(), r])).values()].filter(
    (r) => r.email.toLowerCase() !== sender && r.email.toLowerCase() !== own,
  );
  if (to.length === 0) return ignored('nobody_to_forward_to', { answered: row?.id ?? null });
  const cut = words.text.length > FORWARD_MAX;
  for (const recipient of to) {
    enqueue(db, clock, {
      kind: 'reply_forward',
      toEmail: recipient.email,
      personId: recipient.personId,
      seriesId,
      payload: {
        fromEmail: words.fromEmail,
        fromName: words.fromName,
        subject: words.subject.slice(0, 300),
        body: cut ? words.text.slice(0, FORWARD_MAX) : words.text,
        cut,
        attachments: words.attachments,
        receivedAt: clock.now().getTime(),
      },
    });
  }
  recordAudit(
    db,
    clock,
    findPersonIdByEmail(db, sender),
    'reply.forwarded',
    [row ? 'outbox' : 'mailbox', row?.id ?? own, seriesId],
    { from: words.fromEmail, to: to.map((r) => r.email) },
  );
  return {
    outcome: 'forwarded',
    reason: row ? 'reply_to' : 'series_chairs',
    details: { to: to.map((r) => r.email) },
  };
}

const findPersonIdByEmail = (db: Db, email: string): string | null =>
  db.select({ id: people.id }).from(people).where(eq(people.email, email)).get()?.id ?? null;

/**
 * A delivery report: the message it names is marked bounced on the outbox (chairs see it there),
 * and each address that failed is kept, with why.
 */
export function recordBounce(deps: ReplyDeps, bounce: Bounce): Effect {
  const { db, clock } = deps;
  const now = clock.now();
  const row = bounce.originalMessageId ? outboxRowOfMessageId(db, bounce.originalMessageId) : undefined;
  const reason =
    bounce.recipients
      .map((r) => [r.status, r.diagnostic].filter(Boolean).join(' '))
      .filter(Boolean)
      .join('; ')
      .slice(0, 500) || 'a delivery report said the message could not be delivered';
  if (row) {
    db.update(outbox).set({ bouncedAt: now, bounceReason: reason }).where(eq(outbox.id, row.id)).run();
  }
  const addresses = bounce.recipients.length > 0 ? bounce.recipients.map((r) => r.email) : row ? [row.toEmail] : [];
  for (const email of addresses) {
    const values = { email, bouncedAt: now, reason, outboxId: row?.id ?? null };
    db.insert(bouncedAddresses)
      .values(values)
      .onConflictDoUpdate({ target: bouncedAddresses.email, set: values })
      .run();
  }
  if (row || addresses.length > 0) {
    recordAudit(db, clock, null, 'mail.bounced', ['outbox', row?.id ?? addresses[0] ?? '', row?.seriesId ?? null], {
      addresses,
      reason,
    });
  }
  return { outcome: 'bounce', reason: row ? 'marked' : 'unmatched', details: { outboxId: row?.id ?? null, addresses } };
}

/** The series a tag's invitation belongs to (to route a reply in words sent to it). */
export function seriesOfTag(deps: ReplyDeps, tag: ReadTag | null): string | null {
  if (tag?.kind !== 'session') return null;
  const row = byIdAnyCase(
    deps.db.select().from(roleAssignments).where(sql`lower(${roleAssignments.id}) = ${tag.id.toLowerCase()}`).all(),
  );
  if (
    !row ||
    !tagMatches(deps.config.secretKey, tag, { kind: 'session', assignmentId: row.id, linkVersion: row.linkVersion })
  ) {
    return null;
  }
  return findSession(deps.db, row.sessionId)?.seriesId ?? null;
}

// ---- the accept and decline links of meetings and preparatory calls ---------------------------------

/** What an answer link's page shows: the event, the answer standing, or why the link no longer works. */
export interface EventAnswerView {
  status: 200 | 404 | 410;
  problem: 'unknown' | 'cancelled' | 'removed' | null;
  title: string;
  startsAt: Date | null;
  seriesZone: string;
  personId: string | null;
  current: CalendarResponse | null;
  answeredAt: Date | null;
}

function eventOfLink(db: Db, target: AnswerTarget) {
  if (target.event === 'meeting') {
    const meeting = findMeeting(db, target.eventId);
    const workstream = meeting && findWorkstream(db, meeting.workstreamId);
    if (!meeting || !workstream) return null;
    return {
      uid: meeting.calendarUid,
      title: meeting.title,
      startsAt: meeting.startsAt,
      seriesId: workstream.seriesId,
      cancelled: meeting.status !== 'scheduled',
      entityType: 'meeting' as const,
    };
  }
  const call = findPrepCall(db, target.eventId);
  const session = call && findSession(db, call.sessionId);
  if (!call || !session) return null;
  return {
    uid: call.calendarUid,
    title: session.title,
    startsAt: call.startsAt,
    seriesId: session.seriesId,
    cancelled: call.status !== 'scheduled',
    entityType: 'preparatory_call' as const,
  };
}

/** Reads an answer link (GET: changes nothing). */
export function readEventAnswer(
  db: Db,
  config: Pick<Config, 'secretKey'>,
  target: AnswerTarget,
  answer: EventAnswer,
  token: string,
): EventAnswerView {
  const event = answerTokenValid(config.secretKey, target, answer, token) ? eventOfLink(db, target) : null;
  const unknown: EventAnswerView = {
    status: 404,
    problem: 'unknown',
    title: '',
    startsAt: null,
    seriesZone: 'UTC',
    personId: null,
    current: null,
    answeredAt: null,
  };
  if (!event) return unknown;
  const series = findSeries(db, event.seriesId);
  const copy = copyOf(db, event.uid, target.personId);
  const view: EventAnswerView = {
    status: 200,
    problem: null,
    title: event.title,
    startsAt: event.startsAt,
    seriesZone: series?.timezone ?? 'UTC',
    personId: target.personId,
    current: copy?.response ?? null,
    answeredAt: copy?.respondedAt ?? null,
  };
  if (event.cancelled) return { ...view, status: 410, problem: 'cancelled' };
  if (!holdsEvent(copy)) return { ...view, status: 410, problem: 'removed' };
  return view;
}

/** Records the answer a link's button sends, when the link still works; answers as readEventAnswer. */
export function answerEvent(
  deps: ReplyDeps,
  target: AnswerTarget,
  answer: EventAnswer,
  token: string,
): EventAnswerView {
  const { db } = deps;
  return inTransaction(db, () => {
    const view = readEventAnswer(db, deps.config, target, answer, token);
    const event = view.status === 200 ? eventOfLink(db, target) : null;
    if (!event) return view;
    const wanted: CalendarResponse = answer === 'accept' ? 'accepted' : 'declined';
    if (view.current === wanted) return view;
    respond(
      deps,
      { partstat: answer === 'accept' ? 'ACCEPTED' : 'DECLINED', comment: null },
      event.uid,
      { id: target.personId },
      {
        seriesId: event.seriesId,
        entityType: event.entityType,
        entityId: target.eventId,
        details: { personId: target.personId },
        via: 'link',
      },
    );
    return readEventAnswer(db, deps.config, target, answer, token);
  });
}
