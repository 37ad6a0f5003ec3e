// The calendar event as every module sends it (sessions, workstream meetings, preparatory
// calls): what a calendar holds of it (the snapshot), what changed between two snapshots, the
// payload of a calendar message, and the calendar part of the message itself. Pure: no clock,
// no database (src/modules/calendar/copies.ts records who holds which copy).
import type { CalendarSnapshot } from '../../db/schema.js';
import type { Config } from '../config.js';
import { type CommonPayload, type OutboxRow, type RenderedMessage, sequencedPayload } from '../mail/render.js';
import { type Answerer, replyToHeader } from '../mail/reply-to.js';
import { type EventRepeat, sessionEvent } from './ics.js';
import { organizerAddress, type TagTarget } from './organizer-tags.js';

export type { CalendarSnapshot };

/** What an update tells its reader changed, in the order the mail lists them. */
export type EventChange = 'time' | 'link' | 'title' | 'description';

export interface EventState {
  start: Date;
  end: Date;
  url: string | null;
  title: string;
  description: string | null;
  /** A repeating run: its rule in its zone, and the meetings of it that differ from the rule. */
  run?: EventRun;
}

export interface EventRun {
  zone: string;
  every: number;
  unit: 'weeks' | 'months';
  count: number;
  /** By place in the run (1 = first): the rule's start, and the new start and end (null: cancelled). */
  exceptions: { n: number; originalStart: Date; start: Date | null; end: Date | null }[];
}

/** The calendar fields of a run: RRULE, EXDATE for the cancelled, an overriding VEVENT for each moved. */
export function runFields(run: EventRun): {
  zone: string;
  repeat: EventRepeat;
  overrides: { recurrenceId: Date; start: Date; end: Date }[];
} {
  return {
    zone: run.zone,
    repeat: {
      freq: run.unit === 'weeks' ? 'WEEKLY' : 'MONTHLY',
      interval: run.every,
      count: run.count,
      exclude: run.exceptions.filter((e) => e.start === null).map((e) => e.originalStart),
    },
    overrides: run.exceptions.flatMap((e) =>
      e.start && e.end ? [{ recurrenceId: e.originalStart, start: e.start, end: e.end }] : [],
    ),
  };
}

/**
 * The UID an event has in a subscribed feed: its own, so that someone who subscribed and was
 * also invited sees the event once per calendar copy rather than one copy overwriting the other.
 */
export const feedUid = (invitationUid: string): string => `feed-${invitationUid}`;

export const snapshotOf = (state: EventState): CalendarSnapshot => ({
  start: state.start.getTime(),
  end: state.end.getTime(),
  url: state.url,
  title: state.title,
  description: state.description,
  ...(state.run
    ? {
        rule: `${state.run.every} ${state.run.unit} ${state.run.count} ${state.run.zone}`,
        exceptions: state.run.exceptions.map((e): [number, number | null, number | null] => [
          e.n,
          e.start?.getTime() ?? null,
          e.end?.getTime() ?? null,
        ]),
      }
    : {}),
});

/** What a reader holding `held` would see changed in `current`; empty when their copy is current. */
export function changesBetween(held: CalendarSnapshot, current: CalendarSnapshot): EventChange[] {
  const changes: EventChange[] = [];
  const runOf = (s: CalendarSnapshot) => JSON.stringify([s.rule ?? null, s.exceptions ?? []]);
  if (held.start !== current.start || held.end !== current.end || runOf(held) !== runOf(current)) {
    changes.push('time');
  }
  if ((held.url ?? null) !== (current.url ?? null)) changes.push('link');
  if (held.title !== current.title) changes.push('title');
  if ((held.description ?? null) !== (current.description ?? null)) changes.push('description');
  return changes;
}

/** What an update tells its reader: what changed since the copy they hold, beside both; nothing without one. */
export const changeSince = (previous: CalendarSnapshot | undefined, current: CalendarSnapshot) =>
  previous ? { changes: changesBetween(previous, current), previous, current } : undefined;

// ---- the payload of a calendar message ------------------------------------------------------------

/** A message with a calendar part: the SEQUENCE it carries and, for an update, the copy it replaces. */
export type CalendarPayload<K extends string> = { [key in K]: string } & {
  sequence: number;
  previous?: CalendarSnapshot;
} & CommonPayload;

function snapshotFrom(raw: unknown): CalendarSnapshot | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const optionalText = (v: unknown) => (typeof v === 'string' ? v : null);
  if (typeof r.start !== 'number' || typeof r.end !== 'number' || typeof r.title !== 'string') return undefined;
  return {
    start: r.start,
    end: r.end,
    url: optionalText(r.url),
    title: r.title,
    description: optionalText(r.description),
    ...(typeof r.rule === 'string' ? { rule: r.rule } : {}),
    ...(Array.isArray(r.exceptions) ? { exceptions: r.exceptions as [number, number | null, number | null][] } : {}),
  };
}

/** Reads `{[idKey]: id, sequence, previous?, language?}`; Undeliverable without the id or the SEQUENCE. */
export function calendarPayload<K extends string>(idKey: K) {
  const base = sequencedPayload(idKey);
  return (raw: Record<string, unknown>): CalendarPayload<K> => {
    const previous = snapshotFrom(raw.previous);
    return { ...base(raw), ...(previous ? { previous } : {}) } as CalendarPayload<K>;
  };
}

// ---- the calendar part ------------------------------------------------------------------------------

export interface CalendarPartInput {
  /**
   * `invite` and `update`: METHOD:REQUEST. `uninvite`: METHOD:CANCEL for this reader's copy only
   * (removed, declined, left), without STATUS:CANCELLED (RFC 5546 §3.2.5). `cancel`: the whole
   * event is called off, METHOD:CANCEL with STATUS:CANCELLED.
   */
  message: 'invite' | 'update' | 'uninvite' | 'cancel';
  uid: string;
  sequence: number;
  state: EventState;
  summary: string;
  description: string;
  /**
   * Whose invitation this copy is: the ORGANIZER is MAIL_FROM with this invitation's tag; null
   * (a registered attendee, who answers by registering, not from the calendar): MAIL_FROM itself.
   */
  invitation: TagTarget | null;
  /** The reader's name for the ATTENDEE line (the address is the row's). */
  attendeeName: string | null;
  /** The people a plain reply reaches (see src/modules/calendar/reply-to.ts). */
  replyTo: Answerer[];
  /** OPT-PARTICIPANT for a person registered to attend; else REQ-PARTICIPANT. */
  attendeeRole?: 'REQ-PARTICIPANT' | 'OPT-PARTICIPANT';
  /**
   * One meeting of a run only (moved or cancelled): its place's rule start (RECURRENCE-ID) and
   * where it now is. Without it, a run's message carries the whole run with its exceptions.
   */
  occurrence?: { originalStart: Date; start: Date; end: Date };
}

function runPart(run: EventRun, occurrence: CalendarPartInput['occurrence']) {
  const fields = runFields(run);
  return occurrence ? { zone: fields.zone, recurrenceId: occurrence.originalStart } : fields;
}

/** The rendered mail with one person's copy of the event attached (the same method in MIME and file). */
export function withCalendarPart(
  row: OutboxRow,
  now: Date | undefined,
  mail: Omit<RenderedMessage, 'to' | 'icalEvent'>,
  input: CalendarPartInput,
  config: Pick<Config, 'mailFrom' | 'secretKey'>,
): RenderedMessage {
  const method = input.message === 'invite' || input.message === 'update' ? 'REQUEST' : 'CANCEL';
  const content = sessionEvent({
    method,
    wholeEvent: input.message === 'cancel',
    uid: input.uid,
    sequence: input.sequence,
    start: input.occurrence?.start ?? input.state.start,
    end: input.occurrence?.end ?? input.state.end,
    ...(input.state.run ? runPart(input.state.run, input.occurrence) : {}),
    // When the message is made; a row rendered without a clock reading keeps its queueing time.
    stamp: now ?? row.createdAt,
    summary: input.summary,
    description: input.description,
    url: input.state.url,
    location: input.state.url,
    organizer: {
      name: config.mailFrom.name,
      email: input.invitation
        ? organizerAddress(config.mailFrom.address, config.secretKey, input.invitation)
        : config.mailFrom.address,
    },
    attendee: { name: input.attendeeName ?? '', email: row.toEmail },
    ...(input.attendeeRole ? { attendeeRole: input.attendeeRole } : {}),
  });
  return {
    to: row.toEmail,
    ...mail,
    // The MIME part names the same method as the file's METHOD (src/calendar/CALENDAR.md).
    icalEvent: { method, filename: method === 'CANCEL' ? 'cancel.ics' : 'invite.ics', content },
    replyTo: replyToHeader(input.replyTo),
  };
}
