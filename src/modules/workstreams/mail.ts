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
//
// Importing this module registers the kinds (`import './modules/workstreams/mail.js'`).
import * as meetingMail from '../../../emails/meeting.js';
import { answerLink } from '../../calendar/answer-links.js';
import { type CalendarPayload, calendarPayload, changesBetween, withCalendarPart } from '../../calendar/event.js';
import { organizerAddress } from '../../calendar/organizer-tags.js';
import { type Config, repliesAreRead } from '../../config.js';
import type { Db } from '../../db.js';
import {
  defineMailKind,
  type OutboxRow,
  type RenderedMessage,
  readerFor,
  seriesInfo,
  Undeliverable,
} from '../../mail/render.js';
import { replyToOf } from '../../mail/reply-to.js';
import { displayName, findPerson } from '../people/repository.js';
import { chairsOf } from '../series/repository.js';
import { findSession } from '../sessions/view.js';
import { findMeeting, findWorkstream, type MeetingRow } from './repository.js';
import { meetingSnapshot } from './service.js';

declare module '../../mail/render.js' {
  interface MailPayloads {
    meeting_invitation: MeetingPayload;
    meeting_update: MeetingPayload;
    meeting_cancellation: MeetingPayload;
    meeting_withdrawal: MeetingPayload;
  }
}

type MeetingPayload = CalendarPayload<'meetingId'>;

const meetingPayload = calendarPayload('meetingId');

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
  config: Config,
  row: OutboxRow,
  payload: MeetingPayload,
  message: meetingMail.MeetingMessage,
): { ctx: meetingMail.MeetingMessageContext; meeting: MeetingRow; replyTo: RenderedMessage['replyTo'] } {
  const { meeting, workstream, series } = loadMeeting(db, payload.meetingId);
  if (message === 'cancellation') {
    if (meeting.status !== 'cancelled') throw new Undeliverable('the meeting is no longer cancelled');
  } else if (message === 'withdrawal') {
    // A cancelled meeting's own cancellation has gone (or goes) to everyone holding it.
    if (meeting.status === 'cancelled') throw new Undeliverable('the meeting was cancelled');
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
  const current = meetingSnapshot(meeting);
  const change =
    message === 'update' && payload.previous
      ? { changes: changesBetween(payload.previous, current), previous: payload.previous, current }
      : undefined;
  // A plain reply reaches the convener (the supporting chair when the convener reads it), else the series' chairs.
  const supporting = workstream.supportingChairId ? findPerson(db, workstream.supportingChairId) : undefined;
  const answerers = [convener, supporting].flatMap((p) => (p ? [{ name: displayName(p), email: p.email }] : []));
  const chairs = chairsOf(db, series.id).map((p) => ({ name: displayName(p), email: p.email }));
  const replyTo = replyToOf(
    row.toEmail,
    convener && convener.id !== row.personId ? answerers.slice(0, 1) : answerers,
    chairs,
  ).map((p) => ({ name: p.name, address: p.email }));
  return {
    meeting,
    replyTo,
    ctx: {
      buttonsRead: repliesAreRead(config),
      ...(row.personId && (message === 'invitation' || message === 'update')
        ? {
            answerLinks: {
              accept: answerLink(config, { event: 'meeting', eventId: meeting.id, personId: row.personId }, 'accept'),
              decline: answerLink(config, { event: 'meeting', eventId: meeting.id, personId: row.personId }, 'decline'),
            },
          }
        : {}),
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
      ...(change ? { change } : {}),
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
  const { ctx, meeting, replyTo } = meetingContext(db, config, row, payload, message);
  const organizer = organizerAddress(config.mailFrom.address, config.secretKey, {
    kind: 'meeting',
    meetingId: meeting.id,
    personId: row.personId ?? '',
  });
  const rendered = withCalendarPart(row, now, meetingMail.render(ctx), {
    message: ({ invitation: 'invite', update: 'update', cancellation: 'cancel', withdrawal: 'uninvite' } as const)[
      message
    ],
    uid: meeting.calendarUid,
    sequence: payload.sequence,
    state: {
      start: meeting.startsAt,
      end: new Date(meeting.startsAt.getTime() + meeting.durationMinutes * 60_000),
      url: meeting.meetingUrl,
      title: meeting.title,
      description: meeting.description,
    },
    summary: meetingMail.calendarSummary(ctx),
    description: meetingMail.calendarDescription(ctx),
    organizer: { name: config.mailFrom.name, email: organizer },
    attendee: { name: ctx.reader.name ?? '', email: row.toEmail },
  });
  return { ...rendered, replyTo };
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

defineMailKind('meeting_withdrawal', {
  payload: meetingPayload,
  render: (row, payload, deps) => render('withdrawal', row, payload, deps),
});
