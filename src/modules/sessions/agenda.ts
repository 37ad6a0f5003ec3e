import { asc, eq } from 'drizzle-orm';
import { agendaSegments } from '../../../db/schema.js';
import type { Db } from '../../db.js';
import { type AgendaSegment, defaultAgenda } from '../../domain/agenda.js';
import { newId } from '../../lib/ids.js';

/** Replaces a session's whole agenda with checked segments. */
export function replaceAgenda(
  db: Db,
  sessionId: string,
  segments: Pick<AgendaSegment, 'title' | 'startsAt' | 'endsAt' | 'lead' | 'kind'>[],
): void {
  db.delete(agendaSegments).where(eq(agendaSegments.sessionId, sessionId)).run();
  if (segments.length === 0) return;
  db.insert(agendaSegments)
    .values(
      segments.map((segment, position) => ({
        id: newId(),
        sessionId,
        position,
        title: segment.title,
        startsAt: segment.startsAt,
        endsAt: segment.endsAt,
        lead: segment.lead,
        kind: segment.kind,
      })),
    )
    .run();
}

function agendaOf(db: Db, sessionId: string) {
  return db
    .select()
    .from(agendaSegments)
    .where(eq(agendaSegments.sessionId, sessionId))
    .orderBy(asc(agendaSegments.position))
    .all();
}

interface Timing {
  startsAt: Date | null;
  durationMinutes: number;
}

/**
 * Keeps a session's agenda with the session when it moves: the untouched default agenda is
 * fitted anew to the new time and length; an agenda the chairs wrote moves by the same shift.
 */
export function moveAgenda(db: Db, sessionId: string, zone: string, before: Timing, after: Timing): void {
  if (!after.startsAt) return;
  const current = agendaOf(db, sessionId);
  const untouchedDefault =
    before.startsAt !== null &&
    sameTimes(current, defaultAgenda({ startsAt: before.startsAt, durationMinutes: before.durationMinutes }, zone));
  if (current.length === 0 || untouchedDefault) {
    replaceAgenda(
      db,
      sessionId,
      defaultAgenda({ startsAt: after.startsAt, durationMinutes: after.durationMinutes }, zone),
    );
    return;
  }
  const shift = after.startsAt.getTime() - (before.startsAt?.getTime() ?? after.startsAt.getTime());
  replaceAgenda(
    db,
    sessionId,
    current.map((s) => ({
      ...s,
      startsAt: new Date(s.startsAt.getTime() + shift),
      endsAt: new Date(s.endsAt.getTime() + shift),
    })),
  );
}

function sameTimes(stored: { title: string; startsAt: Date; endsAt: Date }[], fresh: AgendaSegment[]): boolean {
  return (
    stored.length === fresh.length &&
    stored.every(
      (s, i) =>
        s.title === fresh[i]?.title &&
        s.startsAt.getTime() === fresh[i]?.startsAt.getTime() &&
        s.endsAt.getTime() === fresh[i]?.endsAt.getTime(),
    )
  );
}
