// The mail kinds of workstream meetings. Each outbox row names one meeting and goes to one person
// (a member of the workstream or its convener: the row's personId / toEmail); it is rendered from
// the database when it is sent, in the reader's language and zone, with the calendar part:
//
//   meeting_invitation    {meetingId, sequence}   REQUEST (the meeting's stored UID, this SEQUENCE)
//   meeting_update        {meetingId, sequence, previous}   REQUEST, same UID, higher SEQUENCE: the
//                         time, link, title or description changed since the copy `previous`
//   meeting_cancellation  {meetingId, sequence}   CANCEL (MIME part and file), STATUS:CANCELLED
//   meeting_withdrawal    {meetingId, sequence}   CANCEL of the reader's copy only (no STATUS): they
//                         left the workstream or were removed from it
//   meeting_occurrence_update        {meetingId, place, sequence, previous}   REQUEST for one
//                         meeting of a run: RECURRENCE-ID its rule start, DTSTART its new time
//   meeting_occurrence_cancellation  {meetingId, place, sequence, previous}   CANCEL for one
//                         meeting of a run (RECURRENCE-ID, STATUS:CANCELLED); the run stays
//
// A run's invitation, update, cancellation and withdrawal carry the whole run: DTSTART;TZID, its
// RRULE, EXDATE for the meetings of it cancelled and a VEVENT per meeting of it moved.
//
// Importing this module registers the kinds (`import './modules/workstreams/mail.js'`).
import * as meetingMail from '../../../emails/meeting.js';
import { type CalendarPayload, type CalendarSnapshot, calendarPayload, snapshotOf } from '../../calendar/event.js';
import type { Db } from '../../db.js';
import { runStarts } from '../../domain/recurrence.js';
import { isOneOf, repeatUnits } from '../../domain/vocabulary.js';
import { isAddressee, type OutboxRow, type RenderDeps, stillThere, Undeliverable } from '../../mail/render.js';
import { checkEventStatus, defineCalendarKinds, type EventSubject } from '../calendar/event-kinds.js';
import { displayName, findPerson, type Person } from '../people/repository.js';
import { findSession } from '../sessions/view.js';
import { findMeeting, findWorkstream, type MeetingRow, occurrencesOf, runOf } from './repository.js';
import { meetingState } from './service.js';

declare module '../../mail/render.js' {
  interface MailPayloads {
    meeting_invitation: MeetingPayload;
    meeting_update: MeetingPayload;
    meeting_cancellation: MeetingPayload;
    meeting_withdrawal: MeetingPayload;
    meeting_occurrence_update: OccurrencePayload;
    meeting_occurrence_cancellation: OccurrencePayload;
  }
}

type MeetingPayload = CalendarPayload<'meetingId'>;
type OccurrencePayload = MeetingPayload & { place: number };

const meetingPayload = calendarPayload('meetingId');

/** `{meetingId, place, sequence, previous?}`; Undeliverable without a place in the run. */
function occurrencePayload(raw: Record<string, unknown>): OccurrencePayload {
  const place = raw.place;
  if (typeof place !== 'number' || !Number.isInteger(place) || place < 1) {
    throw new Undeliverable('unreadable', 'the message names no meeting of the run');
  }
  return { ...meetingPayload(raw), place };
}

/**
 * Where a reader's copy has the meeting at `place` of its run: moved, cancelled (null) or at the
 * rule's time. Undefined when the copy holds no run.
 */
function startInCopy(copy: CalendarSnapshot, place: number): Date | null | undefined {
  const [every, unit, count, zone] = (copy.rule ?? '').split(' ');
  if (!zone || !isOneOf(repeatUnits, unit)) return undefined;
  const exception = copy.exceptions?.find(([n]) => n === place);
  if (exception) return exception[1] === null ? null : new Date(exception[1]);
  return runStarts(new Date(copy.start), zone, { every: Number(every), unit, count: Number(count) })[place - 1];
}

/** The meeting and its workstream; Undeliverable when either is gone. */
function loadMeeting(db: Db, meetingId: string) {
  const meeting = stillThere(findMeeting(db, meetingId), 'the meeting');
  return { meeting, workstream: stillThere(findWorkstream(db, meeting.workstreamId), 'the workstream') };
}

/** One meeting of the run as a message about it shows it, or Undeliverable when it no longer is so. */
function occurrenceFor(db: Db, meeting: MeetingRow, payload: MeetingPayload & { place?: number }, cancelled: boolean) {
  const run = runOf(meeting);
  const occurrence = occurrencesOf(db, meeting).find((o) => o.n === payload.place);
  if (!run || !occurrence) throw new Undeliverable('gone', 'the run has no such meeting');
  if (cancelled !== (occurrence.status === 'cancelled')) {
    throw cancelled
      ? new Undeliverable('changed', 'that meeting of the run is not cancelled')
      : new Undeliverable('cancelled', 'that meeting was cancelled');
  }
  // A cancelled meeting is shown where the reader's calendar had it.
  const held = payload.previous ? startInCopy(payload.previous, occurrence.n) : undefined;
  const start = cancelled ? (held ?? occurrence.originalStart) : occurrence.start;
  return {
    place: occurrence.n,
    count: run.rule.count,
    originalStart: occurrence.originalStart,
    start,
    end: new Date(start.getTime() + meeting.durationMinutes * 60_000),
    held,
  };
}

/** What one person's message about the meeting (or one meeting of a run) is about, as it now stands. */
function meetingSubject(
  { db }: RenderDeps,
  row: OutboxRow,
  payload: MeetingPayload & { place?: number },
  message: meetingMail.MeetingMessage,
): EventSubject<meetingMail.MeetingMessageContext> {
  const { meeting, workstream } = loadMeeting(db, payload.meetingId);
  const isOccurrence = message === 'occurrence_update' || message === 'occurrence_cancellation';
  // A cancelled meeting's own cancellation has gone (or goes) to everyone holding it.
  checkEventStatus(message === 'cancellation', meeting.status, 'the meeting');
  const occurrence = isOccurrence
    ? occurrenceFor(db, meeting, payload, message === 'occurrence_cancellation')
    : undefined;
  const convener = workstream.convenerId ? findPerson(db, workstream.convenerId) : undefined;
  // The session it gives feedback on; a session deleted since is simply not mentioned.
  const linked = meeting.linkedSessionId ? findSession(db, meeting.linkedSessionId) : undefined;
  const state = meetingState(db, meeting);
  const current = snapshotOf(state);
  // One meeting of a run moved: its time, the old beside the new.
  const change =
    message === 'occurrence_update' && payload.previous && occurrence?.held
      ? {
          changes: ['time' as const],
          previous: { ...payload.previous, start: occurrence.held.getTime() },
          current: { ...current, start: occurrence.start.getTime() },
        }
      : undefined;
  // A plain reply reaches the convener (the supporting chair when the convener reads it), else the series' chairs.
  const supporting = workstream.supportingChairId ? findPerson(db, workstream.supportingChairId) : undefined;
  const answerers = [convener, supporting].filter((p): p is Person => p !== undefined);
  const run = runOf(meeting);
  const ruleStarts = run ? runStarts(meeting.startsAt, run.zone, run.rule) : [];
  return {
    seriesId: workstream.seriesId,
    uid: meeting.calendarUid,
    state,
    ...(change ? { change } : {}),
    occurrence: occurrence && { originalStart: occurrence.originalStart, start: occurrence.start, end: occurrence.end },
    invitation: { kind: 'meeting', meetingId: meeting.id, personId: row.personId ?? '' },
    answers: { event: 'meeting', eventId: meeting.id },
    answerers: convener && convener.id !== row.personId ? answerers.slice(0, 1) : answerers,
    details: {
      workstream: { title: workstream.title },
      meeting: {
        title: meeting.title,
        description: meeting.description,
        startsAt: meeting.startsAt,
        durationMinutes: meeting.durationMinutes,
        meetingUrl: meeting.meetingUrl,
      },
      convener: convener ? { name: displayName(convener), you: isAddressee(row, convener) } : null,
      linkedSession: linked ? { title: linked.title, startsAt: linked.startsAt } : null,
      ...(run
        ? {
            run: {
              ...run.rule,
              first: ruleStarts[0] as Date,
              last: ruleStarts.at(-1) as Date,
              meetings: occurrencesOf(db, meeting).map((o) => ({ start: o.start, status: o.status })),
            },
          }
        : {}),
      ...(occurrence
        ? { occurrence: { place: occurrence.place, count: occurrence.count, start: occurrence.start } }
        : {}),
    },
  };
}

const meetingEvent = {
  methods: {
    invitation: 'invite',
    update: 'update',
    cancellation: 'cancel',
    withdrawal: 'uninvite',
    occurrence_update: 'update',
    occurrence_cancellation: 'cancel',
  },
  load: meetingSubject,
  template: meetingMail,
} as const;

defineCalendarKinds(
  {
    meeting_invitation: 'invitation',
    meeting_update: 'update',
    meeting_cancellation: 'cancellation',
    meeting_withdrawal: 'withdrawal',
  },
  { payload: meetingPayload, ...meetingEvent },
);

defineCalendarKinds(
  { meeting_occurrence_update: 'occurrence_update', meeting_occurrence_cancellation: 'occurrence_cancellation' },
  { payload: occurrencePayload, ...meetingEvent },
);
