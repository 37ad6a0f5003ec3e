// A series' sessions as rows: the insert the use cases of service.ts make.
import { sessions } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import type { Db } from '../../db.js';
import { newId } from '../../lib/ids.js';
import type { SessionRow } from './view.js';

/** A session to add, its fields checked. */
export interface NewSession {
  title: string;
  description: string | null;
  startsAt: Date | null;
  durationMinutes: number;
  meetingUrl: string | null;
  alternate: boolean;
}

/** A calendar UID that stays with the session for its whole life (RFC 5545 §3.8.4.7). */
const calendarUid = (sessionId: string, publicUrl: string) => `session-${sessionId}@${new URL(publicUrl).hostname}`;

/** Inserts one session of the series, with its calendar UID. */
export function insertSession(
  db: Db,
  clock: Clock,
  seriesId: string,
  publicUrl: string,
  draft: NewSession,
): SessionRow {
  const id = newId();
  const now = clock.now();
  return db
    .insert(sessions)
    .values({
      id,
      seriesId,
      title: draft.title,
      description: draft.description,
      startsAt: draft.startsAt,
      durationMinutes: draft.durationMinutes,
      meetingUrl: draft.meetingUrl,
      status: draft.alternate ? 'alternate' : 'scheduled',
      calendarUid: calendarUid(id, publicUrl),
      createdAt: now,
      updatedAt: now,
    })
    .returning()
    .get();
}
