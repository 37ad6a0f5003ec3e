// After a session: a chair records who attended (ticked among the registrants, or read from the
// meeting tool's attendance CSV, matched by email) and the recording and slides links; everyone
// who registered gets a short follow-up with those links, and another when the blog post is
// published. Both only once the session has started.
import { parse } from 'csv-parse/sync';
import { and, eq, isNull } from 'drizzle-orm';
import { attendees, people, sessions } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import { type Db, inTransaction } from '../../db.js';
import { conflict, invalidRequest } from '../../errors.js';
import { enqueueForEach } from '../../mail/outbox.js';
import { recordAudit } from '../audit/log.js';
import { changedUrl } from '../checks.js';
import type { Person } from '../people/repository.js';
import type { SessionRow } from '../sessions/view.js';

function checkOver(now: Date, session: SessionRow): void {
  if (!session.startsAt || session.status !== 'scheduled' || session.startsAt.getTime() > now.getTime()) {
    throw conflict('session_not_held', `"${session.title}" has not taken place yet: record this after it starts.`, {
      sessionId: session.id,
    });
  }
}

const registrants = (db: Db, sessionId: string) =>
  db
    .select({ id: attendees.id, personId: attendees.personId, email: people.email })
    .from(attendees)
    .innerJoin(people, eq(people.id, attendees.personId))
    .where(and(eq(attendees.sessionId, sessionId), isNull(attendees.unregisteredAt)))
    .all();

/**
 * The addresses of a meeting tool's attendance report (Zoom, Teams, Webex…). Reports often hold
 * several tables separated by blank lines (a meeting summary, then the participants): each
 * table whose first row names an "email" column is read (commas, semicolons or tabs), and the
 * one giving the most addresses is the participants'. Addresses lower-cased, each once.
 */
export function emailsOfReport(csv: string): Set<string> {
  const blocks = csv
    .replace(/^\uFEFF/, '')
    .split(/\r?\n[ \t]*\r?\n/)
    .map((block) => block.trim())
    .filter((block) => /e-?mail/i.test(block.split(/\r?\n/, 1)[0] ?? ''));
  if (blocks.length === 0) {
    throw invalidRequest('The attendance report needs a header row with an email column.', { field: 'csv' });
  }
  let best = new Set<string>();
  for (const block of blocks) {
    const header = block.split(/\r?\n/, 1)[0] ?? '';
    const delimiter = header.includes('\t') ? '\t' : header.includes(';') && !header.includes(',') ? ';' : ',';
    let rows: string[][];
    try {
      rows = parse(block, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true });
    } catch (error) {
      throw invalidRequest(
        `The attendance report could not be read: ${error instanceof Error ? error.message : error}`,
        {
          field: 'csv',
        },
      );
    }
    const column = (rows[0] ?? []).findIndex((name) => /e-?mail/i.test(name));
    const emails = new Set(
      rows
        .slice(1)
        .map((row) => (row[column] ?? '').trim().toLowerCase())
        .filter((email) => email.includes('@')),
    );
    if (emails.size > best.size) best = emails;
  }
  return best;
}

/** The longest meeting-tool report taken, in characters (the page's upload takes as many bytes). */
export const REPORT_MAX_CHARACTERS = 2_000_000;

/**
 * Records who attended: `present` (person ids among the registrants) or the addresses of a
 * meeting tool's report (`csv`). Every registrant is marked attended or not. Returns the counts
 * and how many addresses of the report matched no registrant.
 */
export function recordAttendance(
  db: Db,
  clock: Clock,
  actor: Person,
  session: SessionRow,
  input: { present?: string[] | undefined; csv?: string | undefined },
): { registrants: number; attended: number; unmatched: number } {
  checkOver(clock.now(), session);
  const list = registrants(db, session.id);
  let isPresent: (r: (typeof list)[number]) => boolean;
  let unmatched = 0;
  if (input.csv !== undefined) {
    const emails = emailsOfReport(input.csv);
    const known = new Set(list.map((r) => r.email));
    unmatched = [...emails].filter((e) => !known.has(e)).length;
    isPresent = (r) => emails.has(r.email);
  } else {
    const ids = new Set(input.present ?? []);
    isPresent = (r) => ids.has(r.personId);
  }
  return inTransaction(db, () => {
    let attended = 0;
    for (const r of list) {
      const present = isPresent(r);
      if (present) attended++;
      db.update(attendees).set({ attended: present }).where(eq(attendees.id, r.id)).run();
    }
    recordAudit(db, clock, actor.id, 'attendance.record', ['session', session.id, session.seriesId], {
      registrants: list.length,
      attended,
      unmatched,
      from: input.csv !== undefined ? 'csv' : 'list',
    });
    return { registrants: list.length, attended, unmatched };
  });
}

const queueFollowUps = (db: Db, clock: Clock, session: SessionRow, what: string): number =>
  enqueueForEach(db, clock, registrants(db, session.id), (r) => ({
    kind: 'attendance_follow_up',
    seriesId: session.seriesId,
    sessionId: session.id,
    payload: { sessionId: session.id, ...(what === 'blog' ? { blog: true } : {}) },
    // Once per person for each version of the links (and once for the blog post).
    dedupeKey: `follow-up:${session.id}:${r.personId}:${what}`,
  }));

/**
 * Sets the recording and slides links (null removes one) and sends every registrant the
 * follow-up with them (once per set of links). Returns the session and how many were queued.
 */
export function setSessionLinks(
  db: Db,
  clock: Clock,
  actor: Person,
  session: SessionRow,
  input: { recordingUrl?: string | null | undefined; slidesUrl?: string | null | undefined },
): { session: SessionRow; queued: number } {
  const recordingUrl = changedUrl(input.recordingUrl, 'recordingUrl', session.recordingUrl);
  const slidesUrl = changedUrl(input.slidesUrl, 'slidesUrl', session.slidesUrl);
  checkOver(clock.now(), session);
  return inTransaction(db, () => {
    const row = db
      .update(sessions)
      .set({ recordingUrl, slidesUrl, updatedAt: clock.now() })
      .where(eq(sessions.id, session.id))
      .returning()
      .get();
    const queued =
      recordingUrl || slidesUrl ? queueFollowUps(db, clock, row, `${recordingUrl ?? ''} ${slidesUrl ?? ''}`) : 0;
    recordAudit(db, clock, actor.id, 'session.links', ['session', session.id, session.seriesId], {
      recordingUrl,
      slidesUrl,
      queued,
    });
    return { session: row, queued };
  });
}

/** When the session's blog post is published: a follow-up to every registrant (once). */
export function queueBlogFollowUps(db: Db, clock: Clock, session: SessionRow): number {
  return queueFollowUps(db, clock, session, 'blog');
}
