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
import { type CalendarPayload, calendarPayload } from '../../calendar/event.js';
import { isAddressee, type OutboxRow, type RenderDeps, stillThere } from '../../mail/render.js';
import { checkEventStatus, defineCalendarKinds, type EventSubject } from '../calendar/event-kinds.js';
import { displayName, type Person } from '../people/repository.js';
import { findSession, type SessionRow } from '../sessions/view.js';
import { type CallParticipant, callParticipants, chairingPeople, findPrepCall } from './repository.js';
import { prepCallState } from './service.js';

declare module '../../mail/render.js' {
  interface MailPayloads {
    prep_call_invitation: PrepCallPayload;
    prep_call_update: PrepCallPayload;
    prep_call_cancellation: PrepCallPayload;
  }
}

type PrepCallPayload = CalendarPayload<'callId'>;

const prepCallPayload = calendarPayload('callId');

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

/** What one person's message about the call is about, as it now stands. */
function prepCallSubject(
  { db }: RenderDeps,
  row: OutboxRow,
  payload: PrepCallPayload,
  message: prepCallMail.PrepCallMessage,
): EventSubject<prepCallMail.PrepCallMessageContext> {
  const call = stillThere(findPrepCall(db, payload.callId), 'the preparatory call');
  const session = stillThere(findSession(db, call.sessionId), 'the session');
  checkEventStatus(message === 'cancellation', call.status, 'the preparatory call');
  const participants = callParticipants(db, session.id);
  return {
    seriesId: session.seriesId,
    uid: call.calendarUid,
    state: prepCallState(call, session),
    invitation: { kind: 'prepcall', callId: call.id, personId: row.personId ?? '' },
    answers: { event: 'prepcall', eventId: call.id },
    // A plain reply reaches the session's chair and supporting chair, else the series' chairs.
    answerers: chairingPeople(participants),
    details: {
      session: { title: session.title, startsAt: session.startsAt, discussantQuestion: session.discussantQuestion },
      call: { startsAt: call.startsAt, durationMinutes: call.durationMinutes, meetingUrl: call.meetingUrl },
      lineup: lineupFor(session, participants, (p) => isAddressee(row, p)),
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
