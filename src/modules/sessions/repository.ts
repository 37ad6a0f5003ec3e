import { sessions } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import { type Db, inTransaction } from '../../db.js';
import { defaultAgenda } from '../../domain/agenda.js';
import { newId } from '../../lib/ids.js';
import { recordAudit } from '../audit/log.js';
import { checkNotInThePast } from '../checks.js';
import type { Person } from '../people/repository.js';
import { replaceAgenda } from './agenda.js';
import type { SessionRow } from './view.js';

interface NewSession {
  title: string;
  description: string | null;
  startsAt: Date | null;
  durationMinutes: number;
  meetingUrl: string | null;
  alternate: boolean;
}

/** A calendar UID that stays with the session for its whole life (RFC 5545 §3.8.4.7). */
const calendarUid = (sessionId: string, publicUrl: string) => `session-${sessionId}@${new URL(publicUrl).hostname}`;

/** Creates sessions; a dated one starts with the call's agenda fitted to its length. */
export function createSessions(
  db: Db,
  clock: Clock,
  actor: Person,
  series: { id: string; timezone: string },
  publicUrl: string,
  drafts: NewSession[],
): SessionRow[] {
  const seriesId = series.id;
  for (const draft of drafts) if (draft.startsAt) checkNotInThePast(clock.now(), draft.startsAt);
  return inTransaction(db, () =>
    drafts.map((draft) => {
      const id = newId();
      const now = clock.now();
      const row = db
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
      if (draft.startsAt) {
        replaceAgenda(
          db,
          id,
          defaultAgenda({ startsAt: draft.startsAt, durationMinutes: draft.durationMinutes }, series.timezone),
        );
      }
      recordAudit(db, clock, {
        actorId: actor.id,
        action: 'session.create',
        seriesId,
        entityType: 'session',
        entityId: id,
        details: { ...draft },
      });
      return row;
    }),
  );
}
