// The mail kinds of the chair's preparatory call. Each outbox row names one call and goes to one
// person (the session's chair or one of its focal and discussant people: the row's personId /
// toEmail); it is rendered from the database when it is sent, in the reader's language and zone,
// with the calendar part:
//
//   prep_call_invitation    {callId, sequence}   REQUEST (the call's stored UID, this SEQUENCE)
//   prep_call_update        {callId, sequence, previous}   REQUEST, same UID, higher SEQUENCE: the
//                           time or link changed since the copy `previous`
//   prep_call_cancellation  {callId, sequence}   CANCEL (MIME part and file), STATUS:CANCELLED
//
// Importing this module registers the kinds (`import './modules/prepcalls/mail.js'`).
import * as prepCallMail from '../../../emails/preparatory-call.js';
import { answerLinks } from '../../calendar/answer-links.js';
import {
  type CalendarPayload,
  type CalendarSubject,
  calendarPayload,
  changeSince,
  defineCalendarKinds,
} from '../../calendar/event.js';
import { repliesAreRead } from '../../config.js';
import type { Db } from '../../db.js';
import {
  isAddressee,
  type OutboxRow,
  type RenderDeps,
  seriesAndReader,
  stillThere,
  Undeliverable,
} from '../../mail/render.js';
import { calendarReplyTo } from '../calendar/reply-to.js';
import { displayName, type Person } from '../people/repository.js';
import { findSession, type SessionRow } from '../sessions/view.js';
import { type CallParticipant, callEnd, callParticipants, chairingPeople, findPrepCall } from './repository.js';
import { prepCallSnapshot } from './service.js';

declare module '../../mail/render.js' {
  interface MailPayloads {
    prep_call_invitation: PrepCallPayload;
    prep_call_update: PrepCallPayload;
    prep_call_cancellation: PrepCallPayload;
  }
}

type PrepCallPayload = CalendarPayload<'callId'>;

const prepCallPayload = calendarPayload('callId');

/** The call, its session and series, and the row's reader; Undeliverable when any of them is gone. */
function loadCall(db: Db, row: OutboxRow, payload: PrepCallPayload) {
  const call = stillThere(findPrepCall(db, payload.callId), 'the preparatory call');
  const session = stillThere(findSession(db, call.sessionId), 'the session');
  return { call, session, ...seriesAndReader(db, row, session.seriesId, payload) };
}

/** Who the call is for as the line-up stands now, the reader marked. */
function lineupFor(
  session: SessionRow,
  participants: CallParticipant[],
  isReader: (p: Person) => boolean,
): prepCallMail.CallLineup {
  const person = (p: Person) => ({ name: displayName(p), you: isReader(p) });
  const chair = participants.find((p) => p.role === 'chair')?.person;
  const supporting = participants.find((p) => p.role === 'supporting_chair')?.person;
  return {
    chair: chair ? { ...person(chair), country: session.chairCountry ?? chair.country } : null,
    supportingChair: supporting ? person(supporting) : null,
    focal: {
      country: session.focalCountry,
      people: participants.filter((p) => p.role === 'focal').map((p) => person(p.person)),
    },
    discussant: {
      country: session.discussantCountry,
      people: participants.filter((p) => p.role === 'discussant').map((p) => person(p.person)),
    },
  };
}

/** One person's copy of the call: the message and its calendar part. */
function prepCallSubject(
  { db, config }: RenderDeps,
  row: OutboxRow,
  payload: PrepCallPayload,
  message: prepCallMail.PrepCallMessage,
): CalendarSubject<prepCallMail.PrepCallMessageContext> {
  const { call, session, series, reader } = loadCall(db, row, payload);
  if (message === 'cancellation') {
    if (call.status !== 'cancelled') throw new Undeliverable('the preparatory call is no longer cancelled');
  } else if (call.status === 'cancelled') {
    throw new Undeliverable('the preparatory call was cancelled');
  }
  const current = prepCallSnapshot(call, session);
  const change = message === 'update' ? changeSince(payload.previous, current) : undefined;
  const participants = callParticipants(db, session.id);
  return {
    uid: call.calendarUid,
    state: { start: call.startsAt, end: callEnd(call), url: call.meetingUrl, title: session.title, description: null },
    invitation: { kind: 'prepcall', callId: call.id, personId: row.personId ?? '' },
    // A plain reply reaches the session's chair and supporting chair, else the series' chairs.
    replyTo: calendarReplyTo(db, row.toEmail, chairingPeople(participants), series.id),
    ctx: {
      buttonsRead: repliesAreRead(config),
      ...(row.personId && message !== 'cancellation'
        ? { answerLinks: answerLinks(config, { event: 'prepcall', eventId: call.id, personId: row.personId }) }
        : {}),
      message,
      reader,
      series,
      session: { title: session.title, startsAt: session.startsAt, discussantQuestion: session.discussantQuestion },
      call: { startsAt: call.startsAt, durationMinutes: call.durationMinutes, meetingUrl: call.meetingUrl },
      lineup: lineupFor(session, participants, (p) => isAddressee(row, p)),
      ...(change ? { change } : {}),
    },
  };
}

defineCalendarKinds(
  { prep_call_invitation: 'invitation', prep_call_update: 'update', prep_call_cancellation: 'cancellation' },
  {
    payload: prepCallPayload,
    methods: { invitation: 'invite', update: 'update', cancellation: 'cancel' },
    load: prepCallSubject,
    template: prepCallMail,
  },
);
