// The mail kinds of what comes back to MAIL_FROM, rendered when sent in the reader's language:
//
//   counter_proposal  {event, eventId, proposerId, start, end, comment?}   to a chair or convener:
//                     someone's calendar proposed another time (iTIP COUNTER)
//   reply_forward     {fromEmail, fromName, subject, body, cut, attachments, receivedAt}   to a
//                     person who can answer: a reply in words; its Reply-To is the sender
//
// Importing this module registers the kinds (`import './modules/replies/mail.js'`).
import * as notices from '../../../emails/reply-notices.js';
import type { Db } from '../../db.js';
import {
  type CommonPayload,
  defineMailKind,
  payloadLanguage,
  payloadText,
  seriesAndReader,
  stillThere,
  Undeliverable,
} from '../../mail/render.js';
import { displayName, findPerson } from '../people/repository.js';
import { findPrepCall } from '../prepcalls/repository.js';
import { chairsOf } from '../series/repository.js';
import { findSession } from '../sessions/view.js';
import { findMeeting, findWorkstream } from '../workstreams/repository.js';

export type RepliedEvent = 'session' | 'meeting' | 'prepcall';

interface CounterPayload extends CommonPayload {
  event: RepliedEvent;
  eventId: string;
  proposerId: string;
  /** Epoch milliseconds. */
  start: number;
  end: number | null;
  comment?: string;
}

interface ForwardPayload extends CommonPayload {
  fromEmail: string;
  fromName: string | null;
  subject: string;
  body: string;
  cut: boolean;
  attachments: number;
  /** Epoch milliseconds. */
  receivedAt: number;
}

declare module '../../mail/render.js' {
  interface MailPayloads {
    counter_proposal: CounterPayload;
    reply_forward: ForwardPayload;
  }
}

const EVENTS: RepliedEvent[] = ['session', 'meeting', 'prepcall'];

function counterPayload(raw: Record<string, unknown>): CounterPayload {
  const event = raw.event as RepliedEvent;
  if (!EVENTS.includes(event)) throw new Undeliverable('unreadable', 'its payload names no event');
  if (typeof raw.start !== 'number') throw new Undeliverable('unreadable', 'its payload has no proposed start');
  return {
    event,
    eventId: payloadText(raw, 'eventId'),
    proposerId: payloadText(raw, 'proposerId'),
    start: raw.start,
    end: typeof raw.end === 'number' ? raw.end : null,
    ...(typeof raw.comment === 'string' && raw.comment !== '' ? { comment: raw.comment } : {}),
    ...payloadLanguage(raw),
  };
}

/** The event a counter-proposal is about: its title, planned time, series, and the page where its time is changed. */
function eventOf(
  db: Db,
  payload: CounterPayload,
  publicUrl: string,
  readerIsSeriesChair: (seriesId: string) => boolean,
): { title: string; current: Date; seriesId: string; link: string } {
  if (payload.event === 'meeting') {
    const meeting = findMeeting(db, payload.eventId);
    const workstream = meeting && findWorkstream(db, meeting.workstreamId);
    if (!meeting || !workstream) throw new Undeliverable('gone', 'the meeting no longer exists');
    return {
      title: meeting.title,
      current: meeting.startsAt,
      seriesId: workstream.seriesId,
      link: `${publicUrl}/workstreams/${encodeURIComponent(workstream.id)}/manage/meetings/${encodeURIComponent(meeting.id)}`,
    };
  }
  const call = payload.event === 'prepcall' ? findPrepCall(db, payload.eventId) : null;
  if (payload.event === 'prepcall' && !call) throw new Undeliverable('gone', 'the preparatory call no longer exists');
  const session = stillThere(findSession(db, call ? call.sessionId : payload.eventId), 'the session');
  const current = call ? call.startsAt : session.startsAt;
  if (!current) throw new Undeliverable('no_date', 'the session has no date any more');
  const sessionPage = `${publicUrl}/series/${encodeURIComponent(session.seriesId)}/sessions/${encodeURIComponent(session.id)}`;
  return {
    title: session.title,
    current,
    seriesId: session.seriesId,
    link: call
      ? `${sessionPage}/preparatory-call`
      : readerIsSeriesChair(session.seriesId)
        ? `${publicUrl}/series/${encodeURIComponent(session.seriesId)}/manage`
        : sessionPage,
  };
}

defineMailKind('counter_proposal', {
  payload: counterPayload,
  render(row, payload, { db, config }) {
    const proposer = stillThere(findPerson(db, payload.proposerId), 'the person who proposed the time');
    const event = eventOf(db, payload, config.publicUrl, (seriesId) =>
      chairsOf(db, seriesId).some((c) => c.email === row.toEmail),
    );
    const mail = notices.renderCounter({
      ...seriesAndReader(db, row, event.seriesId, payload),
      eventTitle: event.title,
      proposer: { name: displayName(proposer), email: proposer.email },
      current: event.current,
      proposed: { start: new Date(payload.start), end: payload.end === null ? null : new Date(payload.end) },
      comment: payload.comment ?? null,
      link: event.link,
    });
    return { to: row.toEmail, ...mail, replyTo: [{ name: displayName(proposer), address: proposer.email }] };
  },
});

function forwardPayload(raw: Record<string, unknown>): ForwardPayload {
  return {
    fromEmail: payloadText(raw, 'fromEmail'),
    fromName: typeof raw.fromName === 'string' && raw.fromName !== '' ? raw.fromName : null,
    subject: typeof raw.subject === 'string' ? raw.subject : '',
    body: typeof raw.body === 'string' ? raw.body : '',
    cut: raw.cut === true,
    attachments: typeof raw.attachments === 'number' ? raw.attachments : 0,
    receivedAt: typeof raw.receivedAt === 'number' ? raw.receivedAt : 0,
    ...payloadLanguage(raw),
  };
}

defineMailKind('reply_forward', {
  payload: forwardPayload,
  render(row, payload, { db }) {
    const mail = notices.renderForward({
      ...seriesAndReader(db, row, row.seriesId, payload),
      sender: { name: payload.fromName, email: payload.fromEmail },
      subject: payload.subject,
      body: payload.body,
      cut: payload.cut,
      attachments: payload.attachments,
      receivedAt: new Date(payload.receivedAt),
    });
    return { to: row.toEmail, ...mail, replyTo: [{ name: payload.fromName ?? '', address: payload.fromEmail }] };
  },
});
