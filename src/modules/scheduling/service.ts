// Changing a session's time and cancelling it, with what follows in the same transaction: the
// agenda moves, the people invited and those registered to attend get an update or a
// cancellation, the preparatory call and the feedback meetings go.
// It sits above the sessions, invitations, attendance and preparatory-call modules, which know
// nothing of it.
import { eq } from 'drizzle-orm';
import { sessions } from '../../../db/schema.js';
import { changesBetween } from '../../calendar/event.js';
import type { Clock } from '../../clock.js';
import { type Db, inTransaction } from '../../db.js';
import { invalidRequest, notFound } from '../../errors.js';
import { attendeeCopies, queueAttendeeCancellations } from '../attendance/service.js';
import { recordAudit } from '../audit/log.js';
import { checkedDateTime, checkedUrl, checkNotInThePast, checkSessionOpen, cleanText } from '../checks.js';
import { queueSessionCancellations, roleHolderCopies, sessionSnapshot } from '../invitations/service.js';
import type { Person } from '../people/repository.js';
import { prepCallOfSession } from '../prepcalls/repository.js';
import { cancelCall } from '../prepcalls/service.js';
import { findSeries, type SeriesRow } from '../series/repository.js';
import { moveAgenda } from '../sessions/agenda.js';
import type { SessionPatch } from '../sessions/schemas.js';
import { findSession, type SessionRow } from '../sessions/view.js';
import { cancelFeedbackMeetings } from '../workstreams/service.js';

export type SessionChanges = Partial<
  Pick<SessionRow, 'title' | 'description' | 'startsAt' | 'durationMinutes' | 'meetingUrl' | 'status'>
>;

/**
 * Applies changes. A change of what calendars show (time, length, link, title, description)
 * raises the feeds' SEQUENCE and sends an update to every invitee whose copy differs.
 */
export function updateSession(
  db: Db,
  clock: Clock,
  actor: Person,
  current: SessionRow,
  changes: SessionChanges,
  zone: string,
): { row: SessionRow; timeChanged: boolean; told: number } {
  const timeChanged =
    (changes.startsAt !== undefined && changes.startsAt?.getTime() !== current.startsAt?.getTime()) ||
    (changes.durationMinutes !== undefined && changes.durationMinutes !== current.durationMinutes);
  const newStart = changes.startsAt;
  if (newStart && newStart.getTime() !== current.startsAt?.getTime()) checkNotInThePast(clock.now(), newStart);
  const before = sessionSnapshot(current);
  const after = sessionSnapshot({ ...current, ...changes });
  const calendarChanged = before && after ? changesBetween(before, after).length > 0 : Boolean(before || after);
  return inTransaction(db, () => {
    const row = db
      .update(sessions)
      .set({
        ...changes,
        ...(calendarChanged ? { calendarSequence: current.calendarSequence + 1 } : {}),
        updatedAt: clock.now(),
      })
      .where(eq(sessions.id, current.id))
      .returning()
      .get();
    if (timeChanged) moveAgenda(db, current.id, zone, current, row);
    const snapshot = calendarChanged && row.status === 'scheduled' ? sessionSnapshot(row) : null;
    // The role holders first: an attendee who also holds a role then has the update already.
    const told = snapshot
      ? roleHolderCopies.updateOutdated(db, clock, row, snapshot, 'invitation_update') +
        attendeeCopies.updateOutdated(db, clock, row, snapshot, 'attendance_update')
      : 0;
    recordAudit(db, clock, actor.id, 'session.update', ['session', current.id, current.seriesId], { ...changes });
    return { row, timeChanged, told };
  });
}

/**
 * A change of a session as PATCH /api/sessions/:id and the session's edit page give it: each
 * field checked (400), then the session must still be open (409), then the change is applied.
 */
export function changeSession(
  db: Db,
  clock: Clock,
  actor: Person,
  sessionId: string,
  body: SessionPatch,
): { row: SessionRow; series: SeriesRow; timeChanged: boolean; told: number } {
  const session = findSession(db, sessionId);
  const series = session && findSeries(db, session.seriesId);
  if (!session || !series) throw notFound('session', sessionId);
  const changes: SessionChanges = {};
  if (body.title !== undefined) changes.title = body.title.trim();
  if (body.description !== undefined) changes.description = cleanText(body.description);
  if (body.durationMinutes !== undefined) changes.durationMinutes = body.durationMinutes;
  if (body.meetingUrl !== undefined) {
    changes.meetingUrl = body.meetingUrl ? checkedUrl(body.meetingUrl, 'meetingUrl') : null;
  }
  if (body.startsAt !== undefined) {
    changes.startsAt = body.startsAt ? checkedDateTime(body.startsAt, series.timezone, 'startsAt') : null;
  }
  const alternate = body.alternate ?? session.status === 'alternate';
  const startsAt = changes.startsAt !== undefined ? changes.startsAt : session.startsAt;
  if (!alternate && !startsAt) {
    throw invalidRequest('A scheduled session needs startsAt: give a date, or keep it an alternate topic.', {
      field: 'startsAt',
    });
  }
  checkSessionOpen(session);
  if (body.alternate !== undefined) changes.status = alternate ? 'alternate' : 'scheduled';
  return { ...updateSession(db, clock, actor, session, changes, series.timezone), series };
}

export function cancelSession(db: Db, clock: Clock, actor: Person, current: SessionRow): SessionRow {
  if (current.status === 'cancelled') return current;
  return inTransaction(db, () => {
    const row = db
      .update(sessions)
      .set({ status: 'cancelled', calendarSequence: current.calendarSequence + 1, updatedAt: clock.now() })
      .where(eq(sessions.id, current.id))
      .returning()
      .get();
    queueSessionCancellations(db, clock, row);
    queueAttendeeCancellations(db, clock, row);
    // Its preparatory call goes with it, so nobody keeps it in their calendar.
    const call = prepCallOfSession(db, row.id);
    if (call?.status === 'scheduled') cancelCall(db, clock, actor.id, row, call);
    cancelFeedbackMeetings(db, clock, actor.id, row.id);
    recordAudit(db, clock, actor.id, 'session.cancel', ['session', current.id, current.seriesId]);
    return row;
  });
}
