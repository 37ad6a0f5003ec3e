// The mail kinds of a calendar event other than a session (a workstream meeting, a preparatory
// call), registered once: the module reads what an outbox row is about and gives its template's
// own details; this adds what every such message carries (the reader and the series, which
// message it is, what changed since the reader's copy, the answer links while the event stays,
// whether the calendar's buttons are read, whom a plain reply reaches) and the calendar part,
// with the method the message calls for.
import type { EventMessage, EventReaderContext } from '../../../emails/calendar-message.js';
import { type AnsweredEvent, answerLinks } from '../../calendar/answer-links.js';
import {
  type CalendarPartInput,
  type CalendarSnapshot,
  changeSince,
  type EventState,
  snapshotOf,
  withCalendarPart,
} from '../../calendar/event.js';
import type { TagTarget } from '../../calendar/organizer-tags.js';
import { repliesAreRead } from '../../config.js';
import {
  type CommonPayload,
  defineMailKinds,
  type MailKind,
  type MailPayloads,
  type OutboxRow,
  type RenderDeps,
  type RenderedMessage,
  seriesAndReader,
  Undeliverable,
} from '../../mail/render.js';
import type { Person } from '../people/repository.js';
import { type Answerer, calendarReplyTo } from './reply-to.js';

/** What every calendar message's template context holds, which this component fills in. */
type SharedContext = EventReaderContext & EventMessage<string>;

/** A template's context less what this component fills in: the module's own details. */
type EventDetails<Context> = Omit<Context, keyof SharedContext>;

/** What one message of the event is about, as its module reads it for an outbox row (for a template's `Context`). */
export interface EventSubject<Context> {
  seriesId: string;
  uid: string;
  /** The event as it now stands: the calendar part, and what an update's reader is told changed since their copy. */
  state: EventState;
  /** What changed, when the module words it itself (one meeting of a run moved). */
  change?: SharedContext['change'];
  occurrence?: CalendarPartInput['occurrence'] | undefined;
  invitation: TagTarget;
  /** What the reader's answer links name (they are offered while the event stays in their calendar). */
  answers: { event: AnsweredEvent; eventId: string };
  /** Whom a plain reply reaches, before the series' chairs; never the reader. */
  answerers: (Answerer | Person)[];
  /** The template's own details. */
  details: EventDetails<Context>;
}

/** A message that takes the event away may only go while it is cancelled, and the others only while it is not. */
export function checkEventStatus(cancels: boolean, status: string, what: string): void {
  if (cancels && status !== 'cancelled') throw new Undeliverable('changed', `${what} is no longer cancelled`);
  if (!cancels && status === 'cancelled') throw new Undeliverable('cancelled', `${what} was cancelled`);
}

/** An event's template module: the mail, and the calendar's SUMMARY and DESCRIPTION, from one context. */
interface EventTemplate<Context extends SharedContext> {
  render(ctx: Context): Omit<RenderedMessage, 'to' | 'icalEvent'>;
  calendarSummary(ctx: Context): string;
  calendarDescription(ctx: Context): string;
}

/** The context a template's mail is rendered from. */
type ContextOf<Template> = Template extends { render(ctx: infer Context): unknown } ? Context : never;

/**
 * Registers the kinds of one calendar event: each kind names its message, `load` reads what the
 * row is about (Undeliverable once that makes no sense), the template words it.
 */
export function defineCalendarKinds<
  K extends MailKind,
  Message extends string,
  // Each template takes its own context (ContextOf reads it).
  Template extends EventTemplate<any>,
>(
  kinds: Record<K, Message>,
  event: {
    payload: (raw: Record<string, unknown>) => MailPayloads[K];
    methods: Record<Message, CalendarPartInput['message']>;
    load: (
      deps: RenderDeps,
      row: OutboxRow,
      payload: MailPayloads[K],
      message: Message,
    ) => EventSubject<ContextOf<Template>>;
    template: Template;
  },
): void {
  defineMailKinds(kinds, {
    payload: event.payload,
    render(message, row, payload, deps) {
      const { db, config } = deps;
      const subject = event.load(deps, row, payload, message);
      // Every calendar kind's payload carries the SEQUENCE and the copy an update replaces (calendarPayload).
      const calendar = payload as { sequence: number; previous?: CalendarSnapshot } & CommonPayload;
      const change =
        subject.change ??
        (message === 'update' ? changeSince(calendar.previous, snapshotOf(subject.state)) : undefined);
      const ctx = {
        ...subject.details,
        ...seriesAndReader(db, row, subject.seriesId, calendar),
        message,
        buttonsRead: repliesAreRead(config),
        ...(row.personId && (message === 'invitation' || message === 'update')
          ? { answerLinks: answerLinks(config, { ...subject.answers, personId: row.personId }) }
          : {}),
        ...(change ? { change } : {}),
      } as unknown as ContextOf<Template>;
      return withCalendarPart(
        row,
        deps.now,
        event.template.render(ctx),
        {
          message: event.methods[message],
          uid: subject.uid,
          sequence: calendar.sequence,
          state: subject.state,
          ...(subject.occurrence ? { occurrence: subject.occurrence } : {}),
          summary: event.template.calendarSummary(ctx),
          description: event.template.calendarDescription(ctx),
          invitation: subject.invitation,
          attendeeName: ctx.reader.name,
          replyTo: calendarReplyTo(db, row.toEmail, subject.answerers, subject.seriesId),
        },
        config,
      );
    },
  });
}
