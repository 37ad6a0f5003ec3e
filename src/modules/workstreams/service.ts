// The workstream use cases: each checks its rules, then makes its change, its audit entry and its
// outbox rows in one transaction. The checks run in the order of API.md "Conventions": what does
// not exist (404), then what is malformed (400), then what conflicts with the present state (409).
import { and, eq } from 'drizzle-orm';
import { meetingOccurrences, workstreamMeetings, workstreamMemberChanges, workstreams } from '../../../db/schema.js';
import { type CalendarSnapshot, changesBetween, type EventState, snapshotOf } from '../../calendar/event.js';
import type { Clock } from '../../clock.js';
import { type Db, inTransaction } from '../../db.js';
import { occurrences, type RepeatRule, runProblem } from '../../domain/recurrence.js';
import type { Issue } from '../../domain/vocabulary.js';
import { conflict, invalidRequest, notFound } from '../../errors.js';
import { withMessage } from '../../i18n/issues.js';
import { newId } from '../../lib/ids.js';
import { enqueue } from '../../mail/outbox.js';
import { recordAudit } from '../audit/log.js';
import { type CalendarCopy, copiesOf, copyOf, holdsEvent, isOutdated, sendCopy } from '../calendar/copies.js';
import { changedUrl, checkedDateTime, checkedEmail, checkNotInThePast, cleanText } from '../checks.js';
import { ensurePerson, findPerson, type Person, peopleByIds } from '../people/repository.js';
import { chairsOf, findSeries } from '../series/repository.js';
import { findSession } from '../sessions/view.js';
import {
  audience,
  candidates,
  exceptionsOf,
  findMeeting,
  findWorkstream,
  type MeetingRow,
  meetingsOf,
  membersOf,
  occurrencesOf,
  runOf,
  seriesOfWorkstream,
  type WorkstreamRow,
} from './repository.js';
import type { MeetingBody, MeetingPatch } from './schemas.js';

/** A refusal with its code and parameters; its message is the English sentence of the conflict catalogue. */
const refused = (code: string, params: Issue['params']) =>
  conflict(code, withMessage('conflict', { code, params }).message, params);

/** A cancelled meeting (or run) can no longer change: 409 `meeting_cancelled`. */
function checkMeetingOpen(meeting: MeetingRow): void {
  if (meeting.status === 'cancelled') throw refused('meeting_cancelled', {});
}

const loadWorkstream = (db: Db, id: string): WorkstreamRow => {
  const w = findWorkstream(db, id);
  if (!w) throw notFound('workstream', id);
  return w;
};

interface NewWorkstream {
  seriesId: string;
  title: string;
  description?: string | null;
}

export function createWorkstream(db: Db, clock: Clock, actor: Person, input: NewWorkstream): WorkstreamRow {
  const series = findSeries(db, input.seriesId);
  if (!series) throw notFound('series', input.seriesId);
  const now = clock.now();
  return inTransaction(db, () => {
    const created = db
      .insert(workstreams)
      .values({
        id: newId(),
        seriesId: series.id,
        title: input.title.trim(),
        description: cleanText(input.description),
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    recordAudit(db, clock, actor.id, 'workstream.create', ['workstream', created.id, series.id], {
      title: created.title,
    });
    return created;
  });
}

interface ConvenerAppointment {
  workstreamId: string;
  email: string;
  name?: string;
  supportingChairEmail: string;
}

/** Appoints the convener (found or created by address) and the supporting chair, who must chair the series. */
export function setConvener(db: Db, clock: Clock, actor: Person, input: ConvenerAppointment): WorkstreamRow {
  const w = loadWorkstream(db, input.workstreamId);
  const convenerEmail = checkedEmail(input.email);
  const supportingEmail = checkedEmail(input.supportingChairEmail, 'supportingChair.email');
  const supporting = chairsOf(db, w.seriesId).find((p) => p.email === supportingEmail);
  if (!supporting) {
    throw conflict(
      'not_series_chair',
      `${supportingEmail} is not a chair of this series; the supporting chair must be one.`,
    );
  }
  return inTransaction(db, () => {
    const convener = ensurePerson(db, clock, { email: convenerEmail, name: cleanText(input.name) });
    const row = db
      .update(workstreams)
      .set({ convenerId: convener.id, supportingChairId: supporting.id, updatedAt: clock.now() })
      .where(eq(workstreams.id, w.id))
      .returning()
      .get();
    syncMeetingCalendars(db, clock, w.id);
    // A new convener is told what they now run and where; the same one appointed again is not.
    if (w.convenerId !== convener.id) {
      enqueue(db, clock, {
        kind: 'convener_appointed',
        toEmail: convener.email,
        personId: convener.id,
        seriesId: w.seriesId,
        payload: { workstreamId: w.id },
        dedupeKey: `convener:${w.id}:${convener.id}:${clock.now().getTime()}`,
      });
      const previous = w.convenerId ? findPerson(db, w.convenerId) : undefined;
      if (previous) {
        enqueue(db, clock, {
          kind: 'convener_replaced',
          toEmail: previous.email,
          personId: previous.id,
          seriesId: w.seriesId,
          payload: { workstreamId: w.id },
          dedupeKey: `convener-replaced:${w.id}:${previous.id}:${clock.now().getTime()}`,
        });
      }
    }
    recordAudit(db, clock, actor.id, 'workstream.convener', ['workstream', w.id, w.seriesId], {
      convener: convener.email,
      supportingChair: supporting.email,
    });
    return row;
  });
}

interface MemberRef {
  workstreamId: string;
  personId: string;
}

/** Records (or, with null, undoes) a removal or a departure. */
function setMemberChange(
  db: Db,
  clock: Clock,
  actor: Person,
  workstream: WorkstreamRow,
  personId: string,
  change: 'removed' | 'left' | null,
): void {
  inTransaction(db, () => {
    db.delete(workstreamMemberChanges)
      .where(
        and(eq(workstreamMemberChanges.workstreamId, workstream.id), eq(workstreamMemberChanges.personId, personId)),
      )
      .run();
    if (change) {
      db.insert(workstreamMemberChanges)
        .values({ workstreamId: workstream.id, personId, change, at: clock.now() })
        .run();
    }
    syncMeetingCalendars(db, clock, workstream.id);
    recordAudit(
      db,
      clock,
      actor.id,
      `workstream.member.${change ?? 'restored'}`,
      ['workstream', workstream.id, workstream.seriesId],
      { personId },
    );
  });
}

/** The convener or a chair removes, or restores, someone whose interest names the workstream. */
function changeMember(db: Db, clock: Clock, actor: Person, input: MemberRef, change: 'removed' | null) {
  const w = loadWorkstream(db, input.workstreamId);
  const candidate = candidates(db, w.id).find((c) => c.person.id === input.personId);
  if (!candidate) throw notFound('member of this workstream', input.personId);
  setMemberChange(db, clock, actor, w, candidate.person.id, change);
  return w;
}

export const removeMember = (db: Db, clock: Clock, actor: Person, input: MemberRef): WorkstreamRow =>
  changeMember(db, clock, actor, input, 'removed');

/** Undoes a removal, or a departure. */
export const restoreMember = (db: Db, clock: Clock, actor: Person, input: MemberRef): WorkstreamRow =>
  changeMember(db, clock, actor, input, null);

/** A member leaves; 409 `not_member` for anyone else. */
export function leaveWorkstream(db: Db, clock: Clock, actor: Person, input: { workstreamId: string }): void {
  const w = loadWorkstream(db, input.workstreamId);
  if (!membersOf(db, w.id).some((m) => m.id === actor.id)) {
    throw conflict('not_member', 'You are not a member of this workstream.');
  }
  setMemberChange(db, clock, actor, w, actor.id, 'left');
}

/**
 * What a calendar shows of a meeting: for a run, its first meeting, its rule in its zone and the
 * meetings of it moved or cancelled (each named by its place and its rule start).
 */
export function meetingState(db: Db, meeting: MeetingRow): EventState {
  const state: EventState = {
    start: meeting.startsAt,
    end: new Date(meeting.startsAt.getTime() + meeting.durationMinutes * 60_000),
    url: meeting.meetingUrl,
    title: meeting.title,
    description: meeting.description,
  };
  const run = runOf(meeting);
  if (!run) return state;
  return {
    ...state,
    run: {
      zone: run.zone,
      ...run.rule,
      exceptions: occurrencesOf(db, meeting)
        .filter((o) => o.status !== 'scheduled')
        .map((o) => ({
          n: o.n,
          originalStart: o.originalStart,
          start: o.status === 'cancelled' ? null : o.start,
          end: o.status === 'cancelled' ? null : o.end,
        })),
    },
  };
}

/** What a calendar holds of a meeting (a run with its exceptions). */
export const meetingSnapshot = (db: Db, meeting: MeetingRow): CalendarSnapshot => snapshotOf(meetingState(db, meeting));

/** Whether any meeting of it (a run's, or the one) is still to come and not cancelled. */
const stillToCome = (db: Db, meeting: MeetingRow, now: number): boolean =>
  meeting.status === 'scheduled' &&
  occurrencesOf(db, meeting).some((o) => o.status !== 'cancelled' && o.start.getTime() > now);

type MeetingKind = 'meeting_invitation' | 'meeting_update' | 'meeting_cancellation' | 'meeting_withdrawal';

function sendMeetingCopy(
  db: Db,
  clock: Clock,
  seriesId: string | null,
  meeting: MeetingRow,
  person: { id: string; email: string },
  kind: MeetingKind,
  snapshot: CalendarSnapshot,
): void {
  sendCopy(db, clock, {
    kind,
    method: kind === 'meeting_cancellation' || kind === 'meeting_withdrawal' ? 'CANCEL' : 'REQUEST',
    uid: meeting.calendarUid,
    person,
    snapshot,
    payload: { meetingId: meeting.id },
    seriesId,
  });
}

/** Sends a person's copy of a meeting again as it now is (a calendar's REFRESH), when they hold it. */
export function resendMeeting(
  db: Db,
  clock: Clock,
  meeting: MeetingRow,
  person: { id: string; email: string },
): boolean {
  const workstream = findWorkstream(db, meeting.workstreamId);
  if (!workstream || meeting.status !== 'scheduled' || !holdsEvent(copyOf(db, meeting.calendarUid, person.id))) {
    return false;
  }
  sendMeetingCopy(db, clock, workstream.seriesId, meeting, person, 'meeting_invitation', meetingSnapshot(db, meeting));
  return true;
}

/** Sends a meeting's invitation to everyone in its audience whose calendar does not hold it; returns how many. */
function inviteToMeeting(db: Db, clock: Clock, workstream: WorkstreamRow, meeting: MeetingRow): number {
  const fresh = audience(db, workstream).filter((p) => !holdsEvent(copyOf(db, meeting.calendarUid, p.id)));
  const snapshot = meetingSnapshot(db, meeting);
  for (const person of fresh) {
    sendMeetingCopy(db, clock, workstream.seriesId, meeting, person, 'meeting_invitation', snapshot);
  }
  return fresh.length;
}

/**
 * Brings calendars in line with who is in the workstream now: each of its meetings still to
 * come goes to everyone in its audience who does not hold it (a newcomer gets the meetings
 * already scheduled), and is withdrawn (a CANCEL of their copy) from everyone holding it who
 * left or was removed. Inside the caller's transaction. Returns how many messages it queued.
 */
export function syncMeetingCalendars(db: Db, clock: Clock, workstreamId: string): number {
  const workstream = findWorkstream(db, workstreamId);
  if (!workstream) return 0;
  const now = clock.now().getTime();
  const inAudience = new Set(audience(db, workstream).map((p) => p.id));
  let queued = 0;
  for (const meeting of meetingsOf(db, workstream.id)) {
    if (!stillToCome(db, meeting, now)) continue;
    queued += inviteToMeeting(db, clock, workstream, meeting);
    const gone = copiesOf(db, meeting.calendarUid).filter((c) => holdsEvent(c) && !inAudience.has(c.personId));
    const found = peopleByIds(
      db,
      gone.map((c) => c.personId),
    );
    for (const copy of gone) {
      const person = found.get(copy.personId);
      if (!person) continue;
      sendMeetingCopy(
        db,
        clock,
        workstream.seriesId,
        meeting,
        person,
        'meeting_withdrawal',
        meetingSnapshot(db, meeting),
      );
      queued++;
    }
  }
  return queued;
}

/**
 * After a change or a cancellation: the update to everyone whose copy differs from the meeting
 * as it now is, or the cancellation to everyone holding it. Returns how many.
 */
function notifyMeetingChange(
  db: Db,
  clock: Clock,
  meeting: MeetingRow,
  kind: 'meeting_update' | 'meeting_cancellation',
) {
  const snapshot = meetingSnapshot(db, meeting);
  const due = (copy: CalendarCopy) => (kind === 'meeting_update' ? isOutdated(copy, snapshot) : holdsEvent(copy));
  const copies = copiesOf(db, meeting.calendarUid).filter(due);
  const people = peopleByIds(
    db,
    copies.map((c) => c.personId),
  );
  const seriesId = seriesOfWorkstream(db, meeting.workstreamId) ?? null;
  for (const copy of copies) {
    const person = people.get(copy.personId);
    if (person) sendMeetingCopy(db, clock, seriesId, meeting, person, kind, snapshot);
  }
  return copies.length;
}

/** A linked session must be one of the series' own: 400 otherwise. Undefined means "unchanged". */
function checkedLinkedSession(db: Db, seriesId: string, id: string | null | undefined): string | null | undefined {
  if (!id) return id === null ? null : undefined;
  const session = findSession(db, id);
  if (!session || session.seriesId !== seriesId) {
    throw invalidRequest(`linkedSessionId "${id}" is not a session of this series.`, { field: 'linkedSessionId' });
  }
  return id;
}

/** A new meeting (or run) as the API's body gives it; `startsAt` is read in the series' zone when it carries no offset. */
type NewMeetings = MeetingBody & {
  workstreamId: string;
  /** The service's public address: each meeting's calendar UID names its host. */
  publicUrl: string;
};

/**
 * A run must be one calendar event every reader expands alike: 400 (field repeat) when its last
 * meeting would fall after the years the service takes, 409 with the problem's code otherwise.
 */
function checkRun(first: Date, zone: string, rule: RepeatRule): void {
  const problem = runProblem(first, zone, rule);
  if (!problem) return;
  if (problem.code === 'run_too_late') {
    throw invalidRequest(`repeat: the last meeting would fall after ${problem.params.lastYear}; repeat fewer times.`, {
      field: 'repeat',
    });
  }
  throw refused(problem.code, problem.params);
}

/**
 * Schedules a meeting, or a repeating run of them as one calendar event (its rule kept in the
 * series' zone), and invites the workstream's members: one invitation each either way.
 */
export function createMeetings(
  db: Db,
  clock: Clock,
  actor: Person,
  input: NewMeetings,
): { meetings: MeetingRow[]; invited: number } {
  const w = loadWorkstream(db, input.workstreamId);
  const series = findSeries(db, w.seriesId);
  if (!series) throw notFound('series', w.seriesId);
  const first = checkedDateTime(input.startsAt, series.timezone, 'startsAt');
  const linkedSessionId = checkedLinkedSession(db, series.id, input.linkedSessionId) ?? null;
  const meetingUrl = changedUrl(input.meetingUrl, 'meetingUrl', null);
  const repeat = input.repeat;
  if (repeat) checkRun(first, series.timezone, repeat);
  checkNotInThePast(clock.now(), first);
  const host = new URL(input.publicUrl).hostname;
  return inTransaction(db, () => {
    const id = newId();
    const row = db
      .insert(workstreamMeetings)
      .values({
        id,
        workstreamId: w.id,
        title: input.title.trim(),
        description: cleanText(input.description),
        startsAt: first,
        durationMinutes: input.durationMinutes ?? 60,
        meetingUrl,
        // A feedback meeting is on one session: a run is not.
        linkedSessionId: repeat ? null : linkedSessionId,
        ...(repeat
          ? {
              repeatEvery: repeat.every,
              repeatUnit: repeat.unit,
              repeatCount: repeat.count,
              repeatZone: series.timezone,
            }
          : {}),
        calendarUid: `meeting-${id}@${host}`,
        createdAt: clock.now(),
        updatedAt: clock.now(),
      })
      .returning()
      .get();
    const invited = inviteToMeeting(db, clock, w, row);
    recordAudit(db, clock, actor.id, 'meeting.create', ['workstream', w.id, w.seriesId], {
      title: input.title,
      count: repeat?.count ?? 1,
      startsAt: first.toISOString(),
    });
    return { meetings: [row], invited };
  });
}

/**
 * What a run's change must keep: it is no feedback meeting of one session (409 `run_feedback`);
 * a new start is a run calendars expand alike, and cannot rewrite meetings of it already held
 * (409 `run_started`); a new start or length leaves no two of its meetings overlapping, the
 * moved ones where they are (409 `occurrence_clash`).
 */
function checkRunChange(
  db: Db,
  clock: Clock,
  meeting: MeetingRow,
  change: {
    startsAt: Date | undefined;
    durationMinutes: number | undefined;
    linkedSessionId: string | null | undefined;
  },
): void {
  const run = runOf(meeting);
  if (!run) return;
  if (change.linkedSessionId) throw refused('run_feedback', {});
  const moves = change.startsAt !== undefined && change.startsAt.getTime() !== meeting.startsAt.getTime();
  const lengthens = change.durationMinutes !== undefined && change.durationMinutes !== meeting.durationMinutes;
  if (!moves && !lengthens) return;
  const now = clock.now().getTime();
  if (moves) {
    checkRun(change.startsAt as Date, run.zone, run.rule);
    if (occurrencesOf(db, meeting).some((o) => o.originalStart.getTime() <= now)) throw refused('run_started', {});
  }
  const after = occurrences(
    change.startsAt ?? meeting.startsAt,
    run.zone,
    run.rule,
    change.durationMinutes ?? meeting.durationMinutes,
    exceptionsOf(db, meeting.id),
  ).filter((o) => o.status !== 'cancelled');
  for (const a of after) {
    const b = after.find(
      (o) => o.n > a.n && o.start.getTime() < a.end.getTime() && a.start.getTime() < o.end.getTime(),
    );
    if (b) throw refused('occurrence_clash', { place: b.n, other: a.n, at: a.start.toISOString() });
  }
}

/** Changes a meeting; a change calendars show sends an update to every invitee whose copy differs. */
export function changeMeeting(
  db: Db,
  clock: Clock,
  actor: Person,
  input: { meetingId: string } & MeetingPatch,
): MeetingRow {
  const { meetingId, ...change } = input;
  const meeting = findMeeting(db, meetingId);
  const w = meeting && findWorkstream(db, meeting.workstreamId);
  const series = w && findSeries(db, w.seriesId);
  if (!meeting || !w || !series) throw notFound('meeting', meetingId);
  const startsAt = change.startsAt ? checkedDateTime(change.startsAt, series.timezone, 'startsAt') : undefined;
  const linkedSessionId = checkedLinkedSession(db, series.id, change.linkedSessionId);
  const meetingUrl = changedUrl(change.meetingUrl, 'meetingUrl', undefined);
  checkMeetingOpen(meeting);
  if (startsAt !== undefined && startsAt.getTime() !== meeting.startsAt.getTime()) {
    checkNotInThePast(clock.now(), startsAt);
  }
  checkRunChange(db, clock, meeting, { startsAt, durationMinutes: change.durationMinutes, linkedSessionId });
  const before = meetingSnapshot(db, meeting);
  return inTransaction(db, () => {
    const updated = db
      .update(workstreamMeetings)
      .set({
        ...(change.title !== undefined ? { title: change.title.trim() } : {}),
        ...(change.description !== undefined ? { description: cleanText(change.description) } : {}),
        ...(startsAt !== undefined ? { startsAt } : {}),
        ...(change.durationMinutes !== undefined ? { durationMinutes: change.durationMinutes } : {}),
        ...(meetingUrl !== undefined ? { meetingUrl } : {}),
        ...(linkedSessionId !== undefined ? { linkedSessionId } : {}),
        updatedAt: clock.now(),
      })
      .where(eq(workstreamMeetings.id, meeting.id))
      .returning()
      .get();
    if (changesBetween(before, meetingSnapshot(db, updated)).length > 0) {
      notifyMeetingChange(db, clock, updated, 'meeting_update');
    }
    recordAudit(db, clock, actor.id, 'meeting.update', ['meeting', meeting.id, w.seriesId], { ...change });
    return updated;
  });
}

/** Cancels a meeting and sends every invitee a cancellation; cancelling it again changes nothing. */
export function cancelMeeting(db: Db, clock: Clock, actor: Person, input: { meetingId: string }): MeetingRow {
  const meeting = findMeeting(db, input.meetingId);
  const w = meeting && findWorkstream(db, meeting.workstreamId);
  if (!meeting || !w) throw notFound('meeting', input.meetingId);
  if (meeting.status === 'cancelled') return meeting;
  return inTransaction(db, () => cancelOne(db, clock, actor.id, w, meeting));
}

interface OccurrenceRef {
  meetingId: string;
  /** The meeting's place in the run, from 1. */
  place: number;
}

/**
 * The run and the one meeting of it a change is about, or the refusal: 404 for no such meeting,
 * 409 for a cancelled meeting, a meeting that is not a run, a place outside the run, a meeting of
 * it already cancelled or already begun.
 */
function loadOccurrence(db: Db, clock: Clock, input: OccurrenceRef) {
  const meeting = findMeeting(db, input.meetingId);
  const workstream = meeting && findWorkstream(db, meeting.workstreamId);
  const series = workstream && findSeries(db, workstream.seriesId);
  if (!meeting || !workstream || !series) throw notFound('meeting', input.meetingId);
  return { meeting, workstream, series, check: () => checkOccurrence(db, clock, meeting, input.place) };
}

function checkOccurrence(db: Db, clock: Clock, meeting: MeetingRow, place: number) {
  checkMeetingOpen(meeting);
  const run = runOf(meeting);
  if (!run) throw refused('not_a_run', {});
  const all = occurrencesOf(db, meeting);
  const occurrence = all.find((o) => o.n === place);
  if (!occurrence) throw refused('occurrence_outside_run', { place, count: run.rule.count });
  if (occurrence.status === 'cancelled') throw refused('occurrence_cancelled', { place });
  if (occurrence.start.getTime() <= clock.now().getTime()) {
    throw refused('occurrence_past', { place, at: occurrence.start.toISOString() });
  }
  return { occurrence, all };
}

/**
 * Sends everyone holding the run the message about one meeting of it (RECURRENCE-ID): their copy
 * becomes the run as it now stands, which they still hold. Returns how many.
 */
function notifyOccurrence(
  db: Db,
  clock: Clock,
  seriesId: string,
  meeting: MeetingRow,
  place: number,
  kind: 'meeting_occurrence_update' | 'meeting_occurrence_cancellation',
): number {
  const snapshot = meetingSnapshot(db, meeting);
  const copies = copiesOf(db, meeting.calendarUid).filter(holdsEvent);
  const people = peopleByIds(
    db,
    copies.map((c) => c.personId),
  );
  for (const copy of copies) {
    const person = people.get(copy.personId);
    if (!person) continue;
    // Even the cancellation of one meeting leaves the run in the reader's calendar: the copy is a REQUEST's.
    sendCopy(db, clock, {
      kind,
      method: 'REQUEST',
      uid: meeting.calendarUid,
      person,
      snapshot,
      payload: { meetingId: meeting.id, place },
      seriesId,
    });
  }
  return copies.length;
}

/**
 * Moves one meeting of a run; everyone holding the run gets that meeting's update (its
 * RECURRENCE-ID, the new time). 409 for a new time already past (`in_the_past`) or on the time
 * of another meeting of the run (`occurrence_clash`).
 */
export function moveOccurrence(
  db: Db,
  clock: Clock,
  actor: Person,
  input: OccurrenceRef & { startsAt: string },
): MeetingRow {
  const { meeting, workstream, series, check } = loadOccurrence(db, clock, input);
  const startsAt = checkedDateTime(input.startsAt, series.timezone, 'startsAt');
  const { occurrence, all } = check();
  checkNotInThePast(clock.now(), startsAt);
  const end = startsAt.getTime() + meeting.durationMinutes * 60_000;
  const clash = all.find(
    (o) =>
      o.n !== occurrence.n &&
      o.status !== 'cancelled' &&
      o.start.getTime() < end &&
      startsAt.getTime() < o.end.getTime(),
  );
  if (clash) throw refused('occurrence_clash', { place: input.place, other: clash.n, at: clash.start.toISOString() });
  if (startsAt.getTime() === occurrence.start.getTime()) return meeting;
  // Back at the rule's time it is no exception any more.
  const exception =
    startsAt.getTime() !== occurrence.originalStart.getTime() ? { status: 'moved' as const, startsAt } : null;
  return writeOccurrence(db, clock, actor, workstream, meeting, occurrence.n, exception, {
    kind: 'meeting_occurrence_update',
    action: 'meeting.occurrence.move',
    details: { place: occurrence.n, from: occurrence.start.toISOString(), to: startsAt.toISOString() },
  });
}

/**
 * Stores what one meeting of a run now is (moved, cancelled, or back to the rule when
 * `exception` is null), tells everyone holding the run, and audits it, in one transaction.
 */
function writeOccurrence(
  db: Db,
  clock: Clock,
  actor: Person,
  workstream: WorkstreamRow,
  meeting: MeetingRow,
  place: number,
  exception: { status: 'moved'; startsAt: Date } | { status: 'cancelled' } | null,
  told: {
    kind: 'meeting_occurrence_update' | 'meeting_occurrence_cancellation';
    action: string;
    details: Record<string, unknown>;
  },
): MeetingRow {
  return inTransaction(db, () => {
    const key = and(eq(meetingOccurrences.meetingId, meeting.id), eq(meetingOccurrences.occurrence, place));
    db.delete(meetingOccurrences).where(key).run();
    if (exception) {
      db.insert(meetingOccurrences)
        .values({ meetingId: meeting.id, occurrence: place, updatedAt: clock.now(), ...exception })
        .run();
    }
    const updated = db
      .update(workstreamMeetings)
      .set({ updatedAt: clock.now() })
      .where(eq(workstreamMeetings.id, meeting.id))
      .returning()
      .get();
    notifyOccurrence(db, clock, workstream.seriesId, updated, place, told.kind);
    recordAudit(db, clock, actor.id, told.action, ['meeting', meeting.id, workstream.seriesId], told.details);
    return updated;
  });
}

/**
 * Cancels one meeting of a run; everyone holding the run gets its cancellation (RECURRENCE-ID),
 * and the run as later sent carries it as EXDATE. 409 `occurrence_last` when every other meeting
 * of the run is cancelled already: cancel the meeting itself then.
 */
export function cancelOccurrence(db: Db, clock: Clock, actor: Person, input: OccurrenceRef): MeetingRow {
  const { meeting, workstream, check } = loadOccurrence(db, clock, input);
  const { occurrence, all } = check();
  if (all.every((o) => o.n === occurrence.n || o.status === 'cancelled')) {
    throw refused('occurrence_last', { place: occurrence.n });
  }
  return writeOccurrence(
    db,
    clock,
    actor,
    workstream,
    meeting,
    occurrence.n,
    { status: 'cancelled' },
    {
      kind: 'meeting_occurrence_cancellation',
      action: 'meeting.occurrence.cancel',
      details: { place: occurrence.n, at: occurrence.start.toISOString() },
    },
  );
}

/** The cancellation itself, inside the caller's transaction: a METHOD:CANCEL to everyone holding it. */
function cancelOne(
  db: Db,
  clock: Clock,
  actorId: string | null,
  workstream: WorkstreamRow,
  meeting: MeetingRow,
  details?: Record<string, unknown>,
): MeetingRow {
  const updated = db
    .update(workstreamMeetings)
    .set({ status: 'cancelled', updatedAt: clock.now() })
    .where(eq(workstreamMeetings.id, meeting.id))
    .returning()
    .get();
  notifyMeetingChange(db, clock, updated, 'meeting_cancellation');
  recordAudit(db, clock, actorId, 'meeting.cancel', ['meeting', meeting.id, workstream.seriesId], details);
  return updated;
}

/**
 * When a session is called off, the feedback meetings on it have nothing left to discuss: each
 * one still to come is cancelled too, with its mail. Inside the caller's transaction.
 */
export function cancelFeedbackMeetings(db: Db, clock: Clock, actorId: string | null, sessionId: string): number {
  const linked = db
    .select()
    .from(workstreamMeetings)
    .where(and(eq(workstreamMeetings.linkedSessionId, sessionId), eq(workstreamMeetings.status, 'scheduled')))
    .all()
    .filter((m) => m.startsAt.getTime() > clock.now().getTime());
  for (const meeting of linked) {
    const workstream = findWorkstream(db, meeting.workstreamId);
    if (workstream) cancelOne(db, clock, actorId, workstream, meeting, { reason: 'session_cancelled', sessionId });
  }
  return linked.length;
}
