// The mail kinds of workstream meetings. Each outbox row names one meeting and goes to one person
// (a member of the workstream or its convener: the row's personId / toEmail); it is rendered from
// the database when it is sent, in the reader's language and zone, with the calendar part:
//
//   meeting_invitation    {meetingId, sequence}   REQUEST (the meeting's stored UID, this SEQUENCE)
//   meeting_update        {meetingId, sequence}   REQUEST, same UID, higher SEQUENCE: the time changed
//   meeting_cancellation  {meetingId, sequence}   CANCEL (MIME part and file), STATUS:CANCELLED
//
// Importing this module registers the kinds (`import './modules/workstreams/mail.js'`).
import type { Language } from '../../../emails/i18n.js';
import * as meetingMail from '../../../emails/meeting.js';
import { sessionEvent } from '../../calendar/ics.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db.js';
import {
  defineMailKind,
  type OutboxRow,
  type RenderedMessage,
  readerFor,
  sequencedPayload,
  seriesInfo,
  Undeliverable,
} from '../../mail/render.js';
import { displayName, findPerson } from '../people/repository.js';
import { findSession } from '../sessions/view.js';
import { findMeeting, findWorkstream, type MeetingRow } from './repository.js';

declare module '../../mail/render.js' {
  interface MailPayloads {
    meeting_invitation: { meetingId: string; sequence: number; language?: Language };
    meeting_update: { meetingId: string; sequence: number; language?: Language };
    meeting_cancellation: { meetingId: string; sequence: number; language?: Language };
  }
}

type MeetingPayload = { meetingId: string; sequence: number; language?: Language };

const meetingPayload = sequencedPayload('meetingId');

/** The meeting, its workstream and series, or Undeliverable when any of them is gone. */
function loadMeeting(db: Db, meetingId: string) {
  const meeting = findMeeting(db, meetingId);
  if (!meeting) throw new Undeliverable('the meeting no longer exists');
  const workstream = findWorkstream(db, meeting.workstreamId);
  if (!workstream) throw new Undeliverable('the workstream no longer exists');
  return { meeting, workstream, series: seriesInfo(db, workstream.seriesId) };
}

function meetingContext(
  db: Db,
  row: OutboxRow,
  payload: MeetingPayload,
  message: meetingMail.MeetingMessage,
): { ctx: meetingMail.MeetingMessageContext; meeting: MeetingRow } {
  const { meeting, workstream, series } = loadMeeting(db, payload.meetingId);
  if (message === 'cancellation') {
    if (meeting.status !== 'cancelled') throw new Undeliverable('the meeting is no longer cancelled');
  } else if (meeting.status === 'cancelled') {
    throw new Undeliverable('the meeting was cancelled');
  }
  const reader = readerFor(db, {
    email: row.toEmail,
    personId: row.personId,
    seriesId: series.id,
    seriesZone: series.timezone,
    ...(payload.language ? { payloadLanguage: payload.language } : {}),
  });
  const convener = workstream.convenerId ? findPerson(db, workstream.convenerId) : undefined;
  const readerEmail = row.toEmail.trim().toLowerCase();
  // The session it gives feedback on; a session deleted since is simply not mentioned.
  const linked = meeting.linkedSessionId ? findSession(db, meeting.linkedSessionId) : undefined;
  return {
    meeting,
    ctx: {
      message,
      reader,
      series,
      workstream: { title: workstream.title },
      meeting: {
        title: meeting.title,
        description: meeting.description,
        startsAt: meeting.startsAt,
        durationMinutes: meeting.durationMinutes,
        meetingUrl: meeting.meetingUrl,
      },
      convener: convener
        ? {
            name: displayName(convener),
            you: convener.id === row.personId || convener.email.toLowerCase() === readerEmail,
          }
        : null,
      linkedSession: linked ? { title: linked.title, startsAt: linked.startsAt } : null,
    },
  };
}

/** One person's copy of the meeting: the message with its calendar part (same method in both places). */
function render(
  message: meetingMail.MeetingMessage,
  row: OutboxRow,
  payload: MeetingPayload,
  { db, config, now }: { db: Db; config: Config; now?: Date | undefined },
): RenderedMessage {
  const { ctx, meeting } = meetingContext(db, row, payload, message);
  const method = message === 'cancellation' ? 'CANCEL' : 'REQUEST';
  const content = sessionEvent({
    method,
    uid: meeting.calendarUid,
    sequence: payload.sequence,
    start: meeting.startsAt,
    end: new Date(meeting.startsAt.getTime() + meeting.durationMinutes * 60_000),
    // When the message is made; a row rendered without a clock reading keeps its queueing time.
    stamp: now ?? row.createdAt,
    summary: meetingMail.calendarSummary(ctx),
    description: meetingMail.calendarDescription(ctx),
    url: meeting.meetingUrl,
    location: meeting.meetingUrl,
    organizer: { name: config.mailFrom.name, email: config.mailFrom.address },
    attendee: { name: ctx.reader.name ?? '', email: row.toEmail },
  });
  return {
    to: row.toEmail,
    ...meetingMail.render(ctx),
    // The MIME part names the same method as the file's METHOD (src/calendar/CALENDAR.md).
    icalEvent: { method, filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics', content },
  };
}

defineMailKind('meeting_invitation', {
  payload: meetingPayload,
  render: (row, payload, deps) => render('invitation', row, payload, deps),
});

defineMailKind('meeting_update', {
  payload: meetingPayload,
  render: (row, payload, deps) => render('update', row, payload, deps),
});

defineMailKind('meeting_cancellation', {
  payload: meetingPayload,
  render: (row, payload, deps) => render('cancellation', row, payload, deps),
});
