// Changing a session's time and cancelling it, with what follows in the same transaction: the
// agenda moves, the people invited get an update or a cancellation, the preparatory call and the
// feedback meetings go.
// It sits above the sessions, invitations and preparatory-call modules, which know nothing of it.
import { eq } from 'drizzle-orm';
import { sessions } from '../../../db/schema.js';
import { changesBetween } from '../../calendar/event.js';
import type { Clock } from '../../clock.js';
import { type Db, inTransaction } from '../../db.js';
import { recordAudit } from '../audit/log.js';
import { checkNotInThePast } from '../checks.js';
import { queueSessionCancellations, queueSessionUpdates, sessionSnapshot } from '../invitations/service.js';
import type { Person } from '../people/repository.js';
import { prepCallOfSession } from '../prepcalls/repository.js';
import { cancelCall } from '../prepcalls/service.js';
import { moveAgenda } from '../sessions/agenda.js';
import type { SessionRow } from '../sessions/view.js';
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
): { row: SessionRow; timeChanged: boolean } {
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
    if (calendarChanged) queueSessionUpdates(db, clock, row);
    recordAudit(db, clock, {
      actorId: actor.id,
      action: 'session.update',
      seriesId: current.seriesId,
      entityType: 'session',
      entityId: current.id,
      details: { ...changes },
    });
    return { row, timeChanged };
  });
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
    // Its preparatory call goes with it, so nobody keeps it in their calendar.
    const call = prepCallOfSession(db, row.id);
    if (call?.status === 'scheduled') cancelCall(db, clock, actor.id, row, call);
    cancelFeedbackMeetings(db, clock, actor.id, row.id);
    recordAudit(db, clock, {
      actorId: actor.id,
      action: 'session.cancel',
      seriesId: current.seriesId,
      entityType: 'session',
      entityId: current.id,
    });
    return row;
  });
}
