// Attending a session: anyone signed in, or a contact of the series from the call's signed link,
// registers for a session (or every open session of a series) until it starts, and unregisters in
// one step. An attendee holds their own copy of the session's calendar event (same UID, the
// SEQUENCE rules of calendar/copies.ts) and is sent its updates and its cancellation; someone who
// also holds a role in the session keeps the copy the role gave them.
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import {
  attendees,
  calendarCopies,
  contacts,
  interests,
  people,
  roleAssignments,
  sessions,
} from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { type Db, inTransaction, preparedFor } from '../../db.js';
import { invitedAssignmentStatuses } from '../../domain/vocabulary.js';
import { conflict, notFound } from '../../errors.js';
import { newId } from '../../lib/ids.js';
import { verify } from '../../lib/signing.js';
import { recordAudit } from '../audit/log.js';
import { copyOf, holdsEvent, sessionCopies } from '../calendar/copies.js';
import { attendSignature } from '../interests/attend-links.js';
import { sessionSnapshot } from '../invitations/service.js';
import { ensurePerson, findPersonByEmail, type Person } from '../people/repository.js';
import { findSeries, type SeriesRow } from '../series/repository.js';
import { findSession, type SessionRow, sessionsOfSeries } from '../sessions/view.js';
import { questionForNewAttendee } from './question.js';

export type AttendeeRow = typeof attendees.$inferSelect;
export type AttendVia = AttendeeRow['via'];

const statements = preparedFor((db) => ({
  byId: db
    .select()
    .from(attendees)
    .where(eq(attendees.id, sql.placeholder('id')))
    .prepare(),
  ofPerson: db
    .select()
    .from(attendees)
    .where(and(eq(attendees.sessionId, sql.placeholder('session')), eq(attendees.personId, sql.placeholder('person'))))
    .prepare(),
  registered: db
    .select({ row: attendees, email: people.email })
    .from(attendees)
    .innerJoin(people, eq(people.id, attendees.personId))
    .where(and(eq(attendees.sessionId, sql.placeholder('session')), isNull(attendees.unregisteredAt)))
    .orderBy(attendees.registeredAt, sql`${attendees}.rowid`)
    .prepare(),
  contactCountry: db
    .select({ country: contacts.country })
    .from(contacts)
    .where(and(eq(contacts.seriesId, sql.placeholder('series')), eq(contacts.email, sql.placeholder('email'))))
    .prepare(),
  interestCountry: db
    .select({ country: interests.country })
    .from(interests)
    .where(and(eq(interests.seriesId, sql.placeholder('series')), eq(interests.personId, sql.placeholder('person'))))
    .prepare(),
  // Registered for a session still to come, yet their calendar copy was cancelled: they left
  // its line-up (taken off it, or declined), and the role's CANCEL took the session away.
  lostCopies: db
    .select({ row: attendees, email: people.email, session: sessions })
    .from(attendees)
    .innerJoin(people, eq(people.id, attendees.personId))
    .innerJoin(sessions, eq(sessions.id, attendees.sessionId))
    .innerJoin(
      calendarCopies,
      and(eq(calendarCopies.uid, sessions.calendarUid), eq(calendarCopies.personId, attendees.personId)),
    )
    .where(
      and(
        isNull(attendees.unregisteredAt),
        eq(sessions.status, 'scheduled'),
        gt(sessions.startsAt, sql.placeholder('now')),
        eq(calendarCopies.method, 'CANCEL'),
      ),
    )
    .orderBy(attendees.registeredAt, sql`${attendees}.rowid`)
    .prepare(),
  liveRole: db
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.sessionId, sql.placeholder('session')),
        eq(roleAssignments.personId, sql.placeholder('person')),
        inArray(roleAssignments.status, [...invitedAssignmentStatuses]),
      ),
    )
    .prepare(),
}));

export const findAttendee = (db: Db, id: string): AttendeeRow | undefined => statements(db).byId.get({ id });

/** The person's registration for the session, registered or not (undefined when they never were). */
export const attendeeOf = (db: Db, sessionId: string, personId: string): AttendeeRow | undefined =>
  statements(db).ofPerson.get({ session: sessionId, person: personId });

export const isRegistered = (row: AttendeeRow | undefined): boolean => Boolean(row && !row.unregisteredAt);

/** Everyone registered for the session now, in the order they registered, with their address. */
export const registeredFor = (db: Db, sessionId: string): { row: AttendeeRow; email: string }[] =>
  statements(db).registered.all({ session: sessionId });

/** Whether the person holds an invitation to a role in the session (theirs is then the role's copy). */
const holdsLiveRole = (db: Db, sessionId: string, personId: string): boolean =>
  statements(db).liveRole.get({ session: sessionId, person: personId }) !== undefined;

/** Registration is open for a scheduled, dated session until the moment it starts. */
export const registrationOpen = (now: Date, session: { status: string; startsAt: Date | null }): boolean =>
  session.status === 'scheduled' && session.startsAt !== null && now.getTime() < session.startsAt.getTime();

/** `registrationOpen`, as the 409 that says why not. */
export function checkRegistrationOpen(
  now: Date,
  session: SessionRow,
): asserts session is SessionRow & { startsAt: Date } {
  if (session.status === 'cancelled') {
    throw conflict('session_cancelled', `"${session.title}" was cancelled: nobody can register for it.`, {
      sessionId: session.id,
    });
  }
  if (session.status !== 'scheduled' || !session.startsAt) {
    throw conflict(
      'session_not_scheduled',
      `"${session.title}" is an alternate topic with no date yet: registration opens once it is scheduled.`,
      { sessionId: session.id },
    );
  }
  if (!registrationOpen(now, session)) {
    throw conflict(
      'registration_closed',
      `Registration for "${session.title}" closed when the session started (${session.startsAt.toISOString()}).`,
      { sessionId: session.id, startsAt: session.startsAt.toISOString() },
    );
  }
}

/** The country a person attends for: their profile's, else the series' contact list's, else their interest's. */
function countryOf(db: Db, person: Person, seriesId: string): string | null {
  if (person.country) return person.country;
  const q = statements(db);
  const contact = q.contactCountry.get({ series: seriesId, email: person.email });
  if (contact?.country) return contact.country;
  return q.interestCountry.get({ series: seriesId, person: person.id })?.country ?? null;
}

/** The attendees' copies of a session: what each kind does to it in their calendar. */
export const attendeeCopies = sessionCopies({
  methods: {
    attendance_invitation: 'REQUEST',
    attendance_update: 'REQUEST',
    attendance_cancellation: 'CANCEL',
    attendance_withdrawal: 'CANCEL',
  },
  payloadOf: (row: AttendeeRow) => ({ attendeeId: row.id }),
  holdersOf: (db, sessionId) => registeredFor(db, sessionId),
});
const sendAttendeeCopy = attendeeCopies.send;

export interface Registration {
  attendee: AttendeeRow;
  /** False when the person was registered already (nothing changed, nothing sent). */
  created: boolean;
}

/**
 * Registers the person for the session (409 once it has started, or when it is cancelled or has
 * no date) and sends them the session's invitation, unless their calendar holds the session
 * already (a role holder's). Registering again changes nothing.
 */
export function registerToAttend(
  db: Db,
  clock: Clock,
  person: Person,
  session: SessionRow,
  via: AttendVia,
): Registration {
  const now = clock.now();
  checkRegistrationOpen(now, session);
  return inTransaction(db, () => {
    const existing = attendeeOf(db, session.id, person.id);
    if (existing && !existing.unregisteredAt) return { attendee: existing, created: false };
    const country = countryOf(db, person, session.seriesId);
    const attendee = existing
      ? db
          .update(attendees)
          .set({ unregisteredAt: null, registeredAt: now, via, country: country ?? existing.country })
          .where(eq(attendees.id, existing.id))
          .returning()
          .get()
      : db
          .insert(attendees)
          .values({
            id: newId(),
            sessionId: session.id,
            personId: person.id,
            country,
            via,
            registeredAt: now,
            createdAt: now,
          })
          .returning()
          .get();
    const snapshot = sessionSnapshot(session);
    const copy = copyOf(db, session.calendarUid, person.id);
    if (snapshot && !holdsEvent(copy)) {
      sendAttendeeCopy(db, clock, session, snapshot, { row: attendee, email: person.email }, 'attendance_invitation');
    }
    // The question to the group went out before they registered: theirs goes now.
    questionForNewAttendee(db, clock, session, person);
    recordAudit(db, clock, person.id, 'attendance.register', ['session', session.id, session.seriesId], {
      attendeeId: attendee.id,
      via,
    });
    return { attendee, created: true };
  });
}

/**
 * Registers the person for every session of the series still open to registration (scheduled,
 * not started); 409 `no_session_open` when there is none. Returns each session's registration.
 */
export function registerForSeries(
  db: Db,
  clock: Clock,
  person: Person,
  series: SeriesRow,
  via: AttendVia,
): { session: SessionRow; registration: Registration }[] {
  const now = clock.now();
  const open = openSessions(db, series.id, now);
  if (open.length === 0) {
    throw conflict('no_session_open', `No session of "${series.title}" is open to registration: none is still ahead.`, {
      seriesId: series.id,
    });
  }
  return inTransaction(db, () =>
    open.map((session) => ({ session, registration: registerToAttend(db, clock, person, session, via) })),
  );
}

/** The sessions of a series one can register for now: scheduled, dated, not started. */
export function openSessions(db: Db, seriesId: string, now: Date): SessionRow[] {
  return sessionsOfSeries(db, seriesId).filter((s) => registrationOpen(now, s));
}

/**
 * Unregisters the person from the session: their copy of the event leaves their calendar (a
 * CANCEL), unless a role in the session gave it to them. Returns false when they were not
 * registered (nothing to do). Open until the session starts, like registering.
 */
export function unregisterFromSession(db: Db, clock: Clock, person: Person, session: SessionRow): boolean {
  const existing = attendeeOf(db, session.id, person.id);
  if (!existing || existing.unregisteredAt) return false;
  checkRegistrationOpen(clock.now(), session);
  return inTransaction(db, () => {
    const row = db
      .update(attendees)
      .set({ unregisteredAt: clock.now() })
      .where(eq(attendees.id, existing.id))
      .returning()
      .get();
    const snapshot = sessionSnapshot(session);
    const copy = copyOf(db, session.calendarUid, person.id);
    if (snapshot && holdsEvent(copy) && !holdsLiveRole(db, session.id, person.id)) {
      sendAttendeeCopy(db, clock, session, snapshot, { row, email: person.email }, 'attendance_withdrawal');
    }
    recordAudit(db, clock, person.id, 'attendance.unregister', ['session', session.id, session.seriesId], {
      attendeeId: row.id,
    });
    return true;
  });
}

/**
 * A registered attendee who leaves a session's line-up (taken off it, or declining) is sent the
 * role's CANCEL, which takes the session out of their calendar; this gives it back to them as an
 * attendee: their invitation, with a SEQUENCE above the CANCEL's. The mail worker runs it before
 * each delivery pass, so the invitation follows the CANCEL. Returns how many were sent.
 */
export function queueRestoredAttendeeCopies(db: Db, clock: Clock): number {
  return inTransaction(db, () => {
    const lost = statements(db).lostCopies.all({ now: clock.now().getTime() });
    let sent = 0;
    for (const { row, email, session } of lost) {
      const snapshot = sessionSnapshot(session);
      if (!snapshot || holdsLiveRole(db, session.id, row.personId)) continue;
      sendAttendeeCopy(db, clock, session, snapshot, { row, email }, 'attendance_invitation');
      sent++;
    }
    return sent;
  });
}

/** After a cancellation: a METHOD:CANCEL to every attendee whose calendar still holds the session. */
export function queueAttendeeCancellations(db: Db, clock: Clock, session: SessionRow): number {
  const snapshot = sessionSnapshot(session);
  if (!snapshot) return 0;
  const due = registeredFor(db, session.id).filter((a) => holdsEvent(copyOf(db, session.calendarUid, a.row.personId)));
  for (const attendee of due) sendAttendeeCopy(db, clock, session, snapshot, attendee, 'attendance_cancellation');
  return due.length;
}

// ---- the call's signed link ---------------------------------------------------------------------

type ContactRow = typeof contacts.$inferSelect;

/**
 * The contact a call's registration link names, when its token is the one this service signed
 * for it and the call was sent to them; else a 404 (the link says nothing of who is a contact).
 */
export function contactOfLink(
  db: Db,
  config: Pick<Config, 'secretKey'>,
  contactId: string,
  token: string,
): { contact: ContactRow; series: SeriesRow } {
  const contact = db.select().from(contacts).where(eq(contacts.id, contactId)).get();
  const valid = contact && verify(config.secretKey, attendSignature(contact.id), token);
  const series = valid ? findSeries(db, contact.seriesId) : undefined;
  if (!contact || !valid || !contact.callSentAt || !series) throw notFound('registration link', contactId);
  return { contact, series };
}

/** The person behind a contact (created from the contact list's name when new). */
export const personOfContact = (db: Db, clock: Clock, contact: ContactRow): Person =>
  ensurePerson(db, clock, { email: contact.email, name: contact.name });

/** The session a request names, checked to be of the series (404 otherwise). */
export function sessionOfSeries(db: Db, series: SeriesRow, sessionId: string): SessionRow {
  const session = findSession(db, sessionId);
  if (!session || session.seriesId !== series.id) throw notFound('session', sessionId);
  return session;
}

/**
 * What the call's link does on its POST: registers the contact for one session of the series, or
 * every open one (`sessionId` absent), or unregisters them from one; no password.
 */
export function attendFromCall(
  db: Db,
  clock: Clock,
  config: Pick<Config, 'secretKey'>,
  input: { contactId: string; token: string; sessionId?: string | undefined; unregister?: boolean | undefined },
): { person: Person; series: SeriesRow; sessions: string[] } {
  const { contact, series } = contactOfLink(db, config, input.contactId, input.token);
  return inTransaction(db, () => {
    const person = personOfContact(db, clock, contact);
    if (input.unregister) {
      if (!input.sessionId) throw notFound('session', '');
      const session = sessionOfSeries(db, series, input.sessionId);
      unregisterFromSession(db, clock, person, session);
      return { person, series, sessions: [session.id] };
    }
    if (input.sessionId) {
      const session = sessionOfSeries(db, series, input.sessionId);
      registerToAttend(db, clock, person, session, 'call_link');
      return { person, series, sessions: [session.id] };
    }
    const done = registerForSeries(db, clock, person, series, 'call_link');
    return { person, series, sessions: done.map((d) => d.session.id) };
  });
}

/**
 * What the call's link shows, without writing anything (a mail scanner opens links): the person
 * behind the contact when there is one already, and the sessions they are registered for.
 */
export function contactStanding(db: Db, contact: ContactRow): { person: Person | undefined; registered: Set<string> } {
  const person = findPersonByEmail(db, contact.email);
  return { person, registered: person ? registeredSessionIds(db, contact.seriesId, person.id) : new Set() };
}

/** The sessions of a series the person is registered for now (ids). */
export function registeredSessionIds(db: Db, seriesId: string, personId: string): Set<string> {
  const rows = db
    .select({ sessionId: attendees.sessionId })
    .from(attendees)
    .innerJoin(sessions, eq(sessions.id, attendees.sessionId))
    .where(and(eq(attendees.personId, personId), isNull(attendees.unregisteredAt), eq(sessions.seriesId, seriesId)))
    .all();
  return new Set(rows.map((r) => r.sessionId));
}
