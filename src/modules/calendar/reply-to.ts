// Who a plain reply to a calendar message reaches: the people who can answer for the event (a
// session's chair and supporting chair, a workstream's convener), never the reader; when that
// leaves nobody, the series' chairs.
import type { Db } from '../../db.js';
import { type Answerer, replyToOf } from '../../mail/reply-to.js';
import { displayName, type Person } from '../people/repository.js';
import { chairsOf } from '../series/repository.js';

/** Whom a reply reaches: a name and an address. */
export type { Answerer };

export function calendarReplyTo(
  db: Db,
  readerEmail: string,
  answerers: (Answerer | Person)[],
  seriesId: string,
): Answerer[] {
  const named = (p: Answerer | Person): Answerer => ({
    name: 'id' in p ? displayName(p) : p.name,
    email: p.email,
  });
  return replyToOf(readerEmail, answerers.map(named), chairsOf(db, seriesId).map(named));
}
