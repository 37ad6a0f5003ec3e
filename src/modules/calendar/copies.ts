// Who holds which copy of each calendar event, and the one way every module sends one: a
// message whose SEQUENCE is above anything that person (or anyone) was sent for the UID, with
// the copy it gives them recorded in the same transaction. Call these inside the caller's
// transaction, beside the change that causes the message.

import { and, eq, sql } from 'drizzle-orm';
import { calendarCopies } from '../../../db/schema.js';
import { type CalendarSnapshot, changesBetween } from '../../calendar/event.js';
import type { Clock } from '../../clock.js';
import { type Db, preparedFor } from '../../db.js';
import type { CalendarMethod } from '../../domain/vocabulary.js';
import { enqueue } from '../../mail/outbox.js';
import type { MailKind, MailPayload } from '../../mail/render.js';

export type CalendarCopy = typeof calendarCopies.$inferSelect;

const statements = preparedFor((db) => ({
  copy: db
    .select()
    .from(calendarCopies)
    .where(and(eq(calendarCopies.uid, sql.placeholder('uid')), eq(calendarCopies.personId, sql.placeholder('person'))))
    .prepare(),
  copies: db
    .select()
    .from(calendarCopies)
    .where(eq(calendarCopies.uid, sql.placeholder('uid')))
    .orderBy(calendarCopies.sentAt, sql`rowid`)
    .prepare(),
  highest: db
    .select({ sequence: sql<number | null>`max(${calendarCopies.sequence})` })
    .from(calendarCopies)
    .where(eq(calendarCopies.uid, sql.placeholder('uid')))
    .prepare(),
}));

/**
 * Who holds the event and what each answered from their calendar (null: no answer yet), in the
 * order they were sent it. Those whose copy was cancelled are left out.
 */
export const answersTo = (db: Db, uid: string): { personId: string; response: CalendarCopy['response'] }[] =>
  copiesOf(db, uid)
    .filter(holdsEvent)
    .map((c) => ({ personId: c.personId, response: c.response }));

/** Every copy of the event, oldest first (cancelled ones included). */
export const copiesOf = (db: Db, uid: string): CalendarCopy[] => statements(db).copies.all({ uid });

/** The copy a person holds, if they were ever sent the event. */
export const copyOf = (db: Db, uid: string, personId: string): CalendarCopy | undefined =>
  statements(db).copy.get({ uid, person: personId });

/** Whether the person's calendar has the event (their last message about it was not a CANCEL). */
export const holdsEvent = (copy: CalendarCopy | undefined): copy is CalendarCopy => copy?.method === 'REQUEST';

/** A held copy that no longer shows the event as it is: its holder is due an update. */
export const isOutdated = (copy: CalendarCopy | undefined, current: CalendarSnapshot): boolean =>
  holdsEvent(copy) && changesBetween(copy.snapshot, current).length > 0;

type CalendarKind = {
  [K in MailKind]: MailPayload<K> extends { sequence: number } ? K : never;
}[MailKind];

export interface CopyToSend<K extends CalendarKind> {
  kind: K;
  method: CalendarMethod;
  uid: string;
  person: { id: string; email: string };
  /** The event as this message shows it. */
  snapshot: CalendarSnapshot;
  /** The payload less what this function adds: the SEQUENCE and, for a REQUEST to a holder, the copy it replaces. */
  payload: Omit<MailPayload<K>, 'sequence' | 'previous'>;
  seriesId?: string | null;
  sessionId?: string | null;
}

/**
 * Queues one calendar message and records the copy it gives its reader. Its SEQUENCE is the
 * UID's counter (the highest sent to anyone, which only rises), or one above what this person
 * last got when that is higher, so every reader's calendar takes it whatever happened in
 * between (removed and re-added, declined and re-invited). Returns the SEQUENCE.
 */
export function sendCopy<K extends CalendarKind>(db: Db, clock: Clock, message: CopyToSend<K>): number {
  const held = copyOf(db, message.uid, message.person.id);
  const highest = statements(db).highest.get({ uid: message.uid })?.sequence ?? null;
  const sequence = held ? Math.max(highest ?? 0, held.sequence + 1) : (highest ?? 0);
  const previous = message.method === 'REQUEST' && holdsEvent(held) ? held.snapshot : undefined;
  enqueue(db, clock, {
    kind: message.kind,
    toEmail: message.person.email,
    personId: message.person.id,
    seriesId: message.seriesId ?? null,
    sessionId: message.sessionId ?? null,
    payload: { ...message.payload, sequence, ...(previous ? { previous } : {}) } as MailPayload<K>,
  });
  const copy = { sequence, method: message.method, snapshot: message.snapshot, sentAt: clock.now() };
  db.insert(calendarCopies)
    .values({ uid: message.uid, personId: message.person.id, ...copy })
    .onConflictDoUpdate({ target: [calendarCopies.uid, calendarCopies.personId], set: copy })
    .run();
  return sequence;
}

/** A session as its copies name it: the event's UID, and the session and series they are filed under. */
type SessionRef = { id: string; seriesId: string; calendarUid: string };

/** A copy of a session's event: role holders and attendees hold the same UID, filed under the session. */
export const sendSessionCopy = <K extends CalendarKind>(
  db: Db,
  clock: Clock,
  session: SessionRef,
  message: Omit<CopyToSend<K>, 'uid' | 'seriesId' | 'sessionId'>,
): number =>
  sendCopy(db, clock, { ...message, uid: session.calendarUid, seriesId: session.seriesId, sessionId: session.id });

/**
 * The copies of a session one family of its readers holds (role holders', attendees'): each
 * kind's method comes from the family's table, the payload names the holder's row, and the
 * family's holders are those `holdersOf` lists.
 */
export function sessionCopies<K extends CalendarKind, Row extends { personId: string }>(family: {
  methods: Record<K, 'REQUEST' | 'CANCEL'>;
  payloadOf: (row: Row) => Omit<MailPayload<K>, 'sequence' | 'previous'>;
  holdersOf: (db: Db, sessionId: string) => { row: Row; email: string }[];
}) {
  const send = (
    db: Db,
    clock: Clock,
    session: SessionRef,
    snapshot: CalendarSnapshot,
    holder: { row: Row; email: string },
    kind: K,
  ): number =>
    sendSessionCopy(db, clock, session, {
      kind,
      method: family.methods[kind],
      person: { id: holder.row.personId, email: holder.email },
      snapshot,
      payload: family.payloadOf(holder.row),
    });
  /** After a change of the session: `kind` to each holder whose copy no longer shows it as `current`. Returns how many. */
  const updateOutdated = (db: Db, clock: Clock, session: SessionRef, current: CalendarSnapshot, kind: K): number => {
    const due = family
      .holdersOf(db, session.id)
      .filter((h) => isOutdated(copyOf(db, session.calendarUid, h.row.personId), current));
    for (const holder of due) send(db, clock, session, current, holder, kind);
    return due.length;
  };
  return { send, updateOutdated };
}
