// The preparatory call's use cases: scheduling, changing and cancelling it. Each checks its rules
// in the order of the API (400 before 409), then writes the call, its calendar messages (through
// the outbox) and the audit entry in one transaction.
import { type CalendarSnapshot, changesBetween, type EventState, snapshotOf } from '../../calendar/event.js';
import type { Clock } from '../../clock.js';
import { type Db, inTransaction } from '../../db.js';
import { conflict, invalidRequest, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/log.js';
import { copyOf, holdsEvent, isOutdated, sendCopy } from '../calendar/copies.js';
import { changedUrl, checkedDateTime, checkedUrl, checkNotInThePast, checkSessionOpen } from '../checks.js';
import { type Person, peopleByIds } from '../people/repository.js';
import { findSeries, type SeriesRow } from '../series/repository.js';
import { findSession, type SessionRow } from '../sessions/view.js';
import {
  callEnd,
  callParticipants,
  findPrepCall,
  hasCountryPeople,
  insertPrepCall,
  type PrepCallRow,
  scheduledPrepCall,
  updatePrepCall,
} from './repository.js';
import type { PrepCallBody, PrepCallPatch } from './schemas.js';

/** How long a call lasts unless told. */
export const DEFAULT_DURATION = 45;

/** A call as the API's body gives it; `startsAt` is ISO 8601 with an offset, or a local time in the series' zone. */
export type SchedulePrepCallInput = PrepCallBody & {
  sessionId: string;
  /** The service's public address: the calendar UID is made from its host name. */
  publicUrl: string;
};

export type ChangePrepCallInput = PrepCallPatch & { callId: string };

/** What a calendar shows of the call: its time and link, titled after its session. */
export const prepCallState = (call: PrepCallRow, session: SessionRow): EventState => ({
  start: call.startsAt,
  end: callEnd(call),
  url: call.meetingUrl,
  title: session.title,
  description: null,
});

/** The copy of the call a reader's calendar holds. */
export const prepCallSnapshot = (call: PrepCallRow, session: SessionRow): CalendarSnapshot =>
  snapshotOf(prepCallState(call, session));

const calendarUid = (id: string, publicUrl: string) => `prep-call-${id}@${new URL(publicUrl).hostname}`;

function loadSession(db: Db, id: string): { session: SessionRow; series: SeriesRow } {
  const session = findSession(db, id);
  const series = session && findSeries(db, session.seriesId);
  if (!session || !series) throw notFound('session', id);
  return { session, series };
}

function loadCall(db: Db, id: string): { call: PrepCallRow; session: SessionRow; series: SeriesRow } {
  const call = findPrepCall(db, id);
  const session = call && findSession(db, call.sessionId);
  const series = session && findSeries(db, session.seriesId);
  if (!call || !session || !series) throw notFound('preparatory call', id);
  return { call, session, series };
}

/**
 * Whether the session's line-up names anyone a preparatory call is for (the focal and discussant
 * countries' people): without them it cannot be scheduled, and the page says so before any typing.
 */
export function prepCallHasInvitees(db: Db, sessionId: string): boolean {
  return hasCountryPeople(callParticipants(db, sessionId));
}

/** 400 unless the call ends by the time the session starts (it prepares the session). */
function checkBeforeSession(session: SessionRow, startsAt: Date, durationMinutes: number, field: string): void {
  if (!session.startsAt) return;
  const end = callEnd({ startsAt, durationMinutes });
  if (end.getTime() > session.startsAt.getTime()) {
    throw invalidRequest(
      `${field}: the preparatory call must end before the session starts (${session.startsAt.toISOString()}); this one would end at ${end.toISOString()}.`,
      { field },
    );
  }
}

/**
 * Schedules the session's call and invites its chair and the people of its focal and discussant
 * countries. Returns the call as stored and how many were invited.
 */
export function schedulePrepCall(
  db: Db,
  clock: Clock,
  actor: Person,
  input: SchedulePrepCallInput,
): { call: PrepCallRow; invited: number } {
  const { session, series } = loadSession(db, input.sessionId);
  const startsAt = checkedDateTime(input.startsAt, series.timezone, 'startsAt');
  const durationMinutes = input.durationMinutes ?? DEFAULT_DURATION;
  const meetingUrl = input.meetingUrl ? checkedUrl(input.meetingUrl, 'meetingUrl') : null;
  checkBeforeSession(session, startsAt, durationMinutes, 'startsAt');
  checkSessionOpen(session);
  if (!session.startsAt) {
    throw conflict(
      'session_not_scheduled',
      'This alternate topic has no date yet: give it one before its preparatory call.',
    );
  }
  checkNotInThePast(clock.now(), startsAt);
  return inTransaction(db, () => {
    const existing = scheduledPrepCall(db, session.id);
    if (existing) {
      throw conflict(
        'preparatory_call_exists',
        `This session already has a preparatory call (${existing.id}); change it with PATCH /api/preparatory-calls/${existing.id}.`,
        { id: existing.id },
      );
    }
    if (!prepCallHasInvitees(db, session.id)) {
      throw conflict(
        'nobody_to_invite',
        'The session has no focal or discussant people on its line-up yet: name them before the preparatory call.',
      );
    }
    const id = newId();
    const created = insertPrepCall(db, clock, {
      id,
      session,
      startsAt,
      durationMinutes,
      meetingUrl,
      calendarUid: calendarUid(id, input.publicUrl),
    });
    const invited = inviteToPrepCall(db, clock, session, created);
    recordAudit(db, clock, actor.id, 'prep_call.create', ['preparatory_call', id, session.seriesId], {
      sessionId: session.id,
      startsAt: startsAt.toISOString(),
      durationMinutes,
      meetingUrl,
      invited: invited.invited,
    });
    return invited;
  });
}

/**
 * Changes the call's time, length or link. A change calendars show raises its SEQUENCE and
 * updates everyone whose copy differs; people newly on the line-up are invited. Returns the
 * call as stored.
 */
export function changePrepCall(db: Db, clock: Clock, actor: Person, input: ChangePrepCallInput): PrepCallRow {
  const { callId, ...changes } = input;
  const { call, session, series } = loadCall(db, callId);
  const startsAt = changes.startsAt ? checkedDateTime(changes.startsAt, series.timezone, 'startsAt') : call.startsAt;
  const durationMinutes = changes.durationMinutes ?? call.durationMinutes;
  const meetingUrl = changedUrl(changes.meetingUrl, 'meetingUrl', call.meetingUrl);
  const timeChanged = startsAt.getTime() !== call.startsAt.getTime() || durationMinutes !== call.durationMinutes;
  if (timeChanged) {
    checkBeforeSession(session, startsAt, durationMinutes, changes.startsAt ? 'startsAt' : 'durationMinutes');
  }
  // A cancelled session cancelled its call too: the session is the reason to give.
  checkSessionOpen(session);
  if (call.status === 'cancelled') {
    throw conflict(
      'preparatory_call_cancelled',
      'This preparatory call was cancelled; schedule a new one with POST /api/sessions/:id/preparatory-call.',
    );
  }
  if (startsAt.getTime() !== call.startsAt.getTime()) checkNotInThePast(clock.now(), startsAt);
  const calendarChanged =
    changesBetween(
      prepCallSnapshot(call, session),
      prepCallSnapshot({ ...call, startsAt, durationMinutes, meetingUrl }, session),
    ).length > 0;
  return inTransaction(db, () => {
    let updated = updatePrepCall(db, call.id, {
      startsAt,
      durationMinutes,
      meetingUrl,
      ...(calendarChanged ? { calendarSequence: call.calendarSequence + 1 } : {}),
      updatedAt: clock.now(),
    });
    const updates = calendarChanged ? notifyPrepCallChange(db, clock, session, updated, 'prep_call_update') : null;
    if (updates) updated = updates.call;
    const invitations = inviteToPrepCall(db, clock, session, updated);
    recordAudit(db, clock, actor.id, 'prep_call.update', ['preparatory_call', call.id, session.seriesId], {
      ...changes,
      sequence: invitations.call.calendarSequence,
      updated: updates?.notified ?? 0,
      invited: invitations.invited,
    });
    return invitations.call;
  });
}

/** Cancels the call and sends everyone invited a METHOD:CANCEL; a cancelled call stays as it is. */
export function cancelPrepCall(db: Db, clock: Clock, actor: Person, input: { callId: string }): PrepCallRow {
  const { call, session } = loadCall(db, input.callId);
  if (call.status === 'cancelled') return call;
  return inTransaction(db, () => cancelCall(db, clock, actor.id, session, call));
}

/**
 * The cancellation itself (its SEQUENCE raised, a METHOD:CANCEL to everyone invited, the audit
 * entry), inside the caller's transaction: also used when the session is cancelled.
 */
export function cancelCall(
  db: Db,
  clock: Clock,
  actorId: string | null,
  session: SessionRow,
  call: PrepCallRow,
): PrepCallRow {
  if (call.status === 'cancelled') return call;
  const updated = updatePrepCall(db, call.id, {
    status: 'cancelled',
    calendarSequence: call.calendarSequence + 1,
    updatedAt: clock.now(),
  });
  const cancelled = notifyPrepCallChange(db, clock, session, updated, 'prep_call_cancellation');
  recordAudit(db, clock, actorId, 'prep_call.cancel', ['preparatory_call', call.id, session.seriesId], {
    sessionId: session.id,
    sequence: updated.calendarSequence,
    notified: cancelled.notified,
  });
  return cancelled.call;
}

/**
 * Sends the call to everyone on the line-up whose calendar does not hold it, and records them.
 * Returns the call as stored and how many were invited.
 */
function inviteToPrepCall(
  db: Db,
  clock: Clock,
  session: SessionRow,
  call: PrepCallRow,
): { call: PrepCallRow; invited: number } {
  const fresh = callParticipants(db, session.id).filter((p) => !holdsEvent(copyOf(db, call.calendarUid, p.person.id)));
  if (fresh.length === 0) return { call, invited: 0 };
  const row = sendToEach(
    db,
    clock,
    session,
    call,
    'prep_call_invitation',
    fresh.map((p) => p.person),
  );
  return { call: row, invited: fresh.length };
}

/**
 * After a change or a cancellation: the update to everyone whose copy differs from the call as
 * it now is, or the cancellation to everyone holding it. Returns the call as stored and how many.
 */
function notifyPrepCallChange(
  db: Db,
  clock: Clock,
  session: SessionRow,
  call: PrepCallRow,
  kind: 'prep_call_update' | 'prep_call_cancellation',
): { call: PrepCallRow; notified: number } {
  const ids = Object.keys(call.invitedPersonIds);
  if (ids.length === 0) return { call, notified: 0 };
  const found = peopleByIds(db, ids);
  const snapshot = prepCallSnapshot(call, session);
  const due = (p: Person) => {
    const copy = copyOf(db, call.calendarUid, p.id);
    return kind === 'prep_call_update' ? isOutdated(copy, snapshot) : holdsEvent(copy);
  };
  // In the order they were invited.
  const recipients = ids.map((id) => found.get(id)).filter((p): p is Person => p !== undefined && due(p));
  const row = sendToEach(db, clock, session, call, kind, recipients);
  return { call: row, notified: recipients.length };
}

/** Sends a person's copy of the call again as it now is (a calendar's REFRESH), when they hold it. */
export function resendPrepCall(db: Db, clock: Clock, call: PrepCallRow, person: Person): boolean {
  const session = findSession(db, call.sessionId);
  if (!session || call.status !== 'scheduled' || !holdsEvent(copyOf(db, call.calendarUid, person.id))) return false;
  sendToEach(db, clock, session, call, 'prep_call_invitation', [person]);
  return true;
}

/** Queues one message of `kind` to each person and records that they were sent the call. */
function sendToEach(
  db: Db,
  clock: Clock,
  session: SessionRow,
  call: PrepCallRow,
  kind: 'prep_call_invitation' | 'prep_call_update' | 'prep_call_cancellation',
  recipients: Person[],
): PrepCallRow {
  if (recipients.length === 0) return call;
  const invited = { ...call.invitedPersonIds };
  const snapshot = prepCallSnapshot(call, session);
  for (const person of recipients) {
    invited[person.id] = sendCopy(db, clock, {
      kind,
      method: kind === 'prep_call_cancellation' ? 'CANCEL' : 'REQUEST',
      uid: call.calendarUid,
      person,
      snapshot,
      payload: { callId: call.id },
      seriesId: session.seriesId,
      sessionId: session.id,
    });
  }
  return updatePrepCall(db, call.id, { invitedPersonIds: invited });
}
