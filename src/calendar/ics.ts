// iCalendar text for invitations (METHOD:REQUEST / CANCEL, RFC 5545 + RFC 5546 iTIP) and for
// subscribable feeds (METHOD:PUBLISH). Pure: strings in, a string out, no clock, no I/O.
//
// Each VEVENT is built with ical-generator (it escapes text and writes the ATTENDEE, ORGANIZER,
// VALARM, RRULE and RECURRENCE-ID lines), steering round its traps (src/calendar/CALENDAR.md):
// an instant is written in UTC (`…Z`), so neither the server's zone nor a VTIMEZONE can shift
// it, except for a repeating run, which keeps its local hour across DST only when written in its
// zone (DTSTART;TZID=…, given to the library as luxon values, with the VTIMEZONE written here); ATTENDEE is given PARTSTAT and RSVP, which the library leaves out
// unless told; the UID and SEQUENCE are always the stored ones; parameter values are cleaned
// first (the library escapes a quote with a backslash, which RFC 5545 does not allow). The
// VCALENDAR around them and the folding at 75 octets with CRLF are written here (see finish).
import ical, {
  ICalAlarmType,
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalAttendeeType,
  type ICalCalendar,
  ICalCalendarMethod,
  ICalEventRepeatingFreq,
  ICalEventStatus,
  ICalEventTransparency,
} from 'ical-generator';
import { DateTime } from 'luxon';
import { vtimezone } from './vtimezone.js';

interface Mailbox {
  /** Shown as CN; may be empty. */
  name: string;
  email: string;
}

export interface SessionEventInput {
  method: 'REQUEST' | 'CANCEL';
  /**
   * A CANCEL of the whole event (STATUS:CANCELLED); without it a CANCEL only takes this attendee
   * off the event and carries no STATUS (RFC 5546 §3.2.5).
   */
  wholeEvent?: boolean;
  /** The session's stored calendar UID, the same in every message about it. */
  uid: string;
  /** The stored SEQUENCE; raised on every change of time and on cancellation. */
  sequence: number;
  start: Date;
  end: Date;
  /** When this version of the event was made (DTSTAMP, written in UTC). */
  stamp: Date;
  summary: string;
  description: string;
  /** The meeting link, when there is one (http or https only; anything else is left out). */
  url?: string | null;
  location?: string | null;
  /** The mailbox replies go to (MAIL_FROM). */
  organizer: Mailbox;
  /** The one person this copy is for: clients show Accept/Decline when it is the reader. */
  attendee: Mailbox;
  /**
   * The attendee's ROLE: a role holder is REQ-PARTICIPANT (the default); a person registered to
   * attend the session is OPT-PARTICIPANT.
   */
  attendeeRole?: 'REQ-PARTICIPANT' | 'OPT-PARTICIPANT';
  /** Local times in this zone (DTSTART;TZID=…, with its VTIMEZONE) instead of UTC: a repeating run needs it. */
  zone?: string;
  /** A repeating run (RRULE), less the meetings of it cancelled (EXDATE). Needs `zone`. */
  repeat?: EventRepeat;
  /** This copy is one meeting of a run only: the rule's start of that meeting (RECURRENCE-ID). */
  recurrenceId?: Date;
  /** Meetings of the run moved elsewhere: a VEVENT each, same UID, beside the master. */
  overrides?: { recurrenceId: Date; start: Date; end: Date }[];
}

export interface EventRepeat {
  freq: 'WEEKLY' | 'MONTHLY';
  interval: number;
  count: number;
  /** The rule's starts of the meetings cancelled. */
  exclude: Date[];
}

interface FeedEvent {
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  summary: string;
  description?: string | null;
  url?: string | null;
  location?: string | null;
  status: 'CONFIRMED' | 'CANCELLED';
  zone?: string;
  repeat?: EventRepeat;
  overrides?: { recurrenceId: Date; start: Date; end: Date }[];
}

interface FeedInput {
  /** The calendar's name, as subscribing clients show it. */
  name: string;
  events: FeedEvent[];
  stamp: Date;
  /** RFC 5546 lists ORGANIZER as required in PUBLISH; give MAIL_FROM to include it. */
  organizer?: Mailbox;
}

const PRODID = '-//Indaba//Webinar series//EN';

/** Minutes before the start at which an invitation's alarm fires. */
const ALARM_MINUTES = 15;

// ---- value encoding --------------------------------------------------------------------------------

/** Control characters other than tab and line feed are not allowed anywhere in a content line. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

const normaliseNewlines = (value: string) => value.replace(/\r\n?/g, '\n');

/** TEXT (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped; controls removed. */
function escapeText(value: string): string {
  return normaliseNewlines(value)
    .replace(CONTROL, '')
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/**
 * A parameter value, always quoted (so `:`, `;` and `,` in a name are safe). A quoted value may
 * not hold DQUOTE or control characters: quotes become apostrophes, line breaks spaces.
 */
function paramValue(value: string): string {
  const safe = normaliseNewlines(value)
    .replace(/[\n\t]/g, ' ')
    .replace(CONTROL, '')
    .replace(/"/g, "'")
    .trim();
  return `"${safe}"`;
}

/** `mailto:` + the address, which must be a plain address (no spaces, quotes or controls). */
function mailto(email: string): string {
  const address = email.trim();
  if (!/^[^\s"<>()\\,;:]+@[^\s"<>()\\,;:]+$/.test(address)) {
    throw new RangeError(`"${email}" is not an email address a calendar can use.`);
  }
  return `mailto:${address}`;
}

/** http(s) URIs only, in their normalised form (spaces and the like percent-encoded); else null. */
function uri(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** DATE-TIME in UTC: 20270428T120000Z (seconds kept, milliseconds dropped). */
function utcDateTime(instant: Date): string {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('An event time is not a valid date.');
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

function sequenceOf(value: number): string {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`SEQUENCE must be a whole number ≥ 0 (got ${value}).`);
  return String(value);
}

function checkSpan(start: Date, end: Date): void {
  if (!(end.getTime() > start.getTime())) throw new RangeError('An event must end after it starts.');
}

// ---- lines ---------------------------------------------------------------------------------------

const octets = (codePoint: number) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

/**
 * Folds a content line (RFC 5545 §3.1): no physical line longer than 75 octets; each
 * continuation starts with one space (which counts in its 75); a UTF-8 character is never split.
 */
export function foldLine(line: string): string {
  if (line.length <= 75 && Buffer.byteLength(line) <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  let limit = 75;
  for (const char of line) {
    const n = octets(char.codePointAt(0) ?? 0);
    if (size + n > limit) {
      parts.push(current);
      current = '';
      size = 0;
      limit = 74;
    }
    current += char;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

// ---- building ------------------------------------------------------------------------------------

/** A parameter value as ical-generator wants it: no quotes, no line breaks, no controls. */
const cleanParam = (value: string) => paramValue(value).slice(1, -1);

/** Text as ical-generator escapes it: line ends normalised, controls removed. */
const cleanText = (value: string) => normaliseNewlines(value).replace(CONTROL, '');

function newCalendar(method: ICalCalendarMethod): ICalCalendar {
  return ical({ method });
}

/** One VEVENT as addEvent writes it: an invitation's event or a feed's. */
type EventCore = Partial<Pick<SessionEventInput, 'url' | 'location' | 'zone' | 'repeat' | 'recurrenceId'>> &
  Pick<SessionEventInput, 'uid' | 'sequence' | 'start' | 'end' | 'stamp' | 'summary'> & {
    description?: string | null | undefined;
    /** Left out of an attendee's own CANCEL. */
    status: 'CONFIRMED' | 'CANCELLED' | null;
  };

/** The years each zone's local times cover in a file: its VTIMEZONE must resolve all of them. */
type ZoneYears = Map<string, [number, number]>;

function noteZone(zones: ZoneYears, zone: string, ...instants: Date[]): void {
  const years = instants.map((d) => DateTime.fromJSDate(d, { zone }).year);
  const held = zones.get(zone);
  zones.set(zone, [Math.min(...years, held?.[0] ?? Infinity), Math.max(...years, held?.[1] ?? -Infinity)]);
}

function addEvent(calendar: ICalCalendar, event: EventCore, organizer: Mailbox | undefined, zones: ZoneYears) {
  checkSpan(event.start, event.end);
  if (!event.uid.trim()) throw new RangeError('An event needs its stored UID.');
  utcDateTime(event.stamp);
  const url = uri(event.url);
  const location = event.location?.trim();
  const zone = event.zone;
  if (event.repeat && !zone) throw new RangeError('A repeating event is written in its local zone (RFC 5545 §3.3.10).');
  // ical-generator reads a plain Date with a zone in the server's own zone: luxon values carry theirs.
  const at = (d: Date) => (zone ? DateTime.fromJSDate(d, { zone }) : d);
  if (zone) {
    const repeat = event.repeat;
    const last = repeat
      ? DateTime.fromJSDate(event.start, { zone })
          .plus({ [repeat.freq === 'WEEKLY' ? 'weeks' : 'months']: repeat.interval * (repeat.count - 1) })
          .toJSDate()
      : event.end;
    noteZone(zones, zone, event.start, event.end, last, ...(event.recurrenceId ? [event.recurrenceId] : []));
  }
  return calendar.createEvent({
    id: cleanText(event.uid),
    sequence: Number(sequenceOf(event.sequence)),
    stamp: event.stamp,
    start: at(event.start),
    end: at(event.end),
    ...(zone ? { timezone: zone } : {}),
    ...(event.repeat
      ? {
          repeating: {
            freq: event.repeat.freq === 'WEEKLY' ? ICalEventRepeatingFreq.WEEKLY : ICalEventRepeatingFreq.MONTHLY,
            interval: event.repeat.interval,
            count: event.repeat.count,
            ...(event.repeat.exclude.length > 0 ? { exclude: event.repeat.exclude.map(at) } : {}),
          },
        }
      : {}),
    ...(event.recurrenceId ? { recurrenceId: at(event.recurrenceId) } : {}),
    summary: cleanText(event.summary),
    ...(event.description ? { description: cleanText(event.description) } : {}),
    ...(url ? { url } : {}),
    ...(location ? { location: cleanText(location) } : {}),
    ...(event.status
      ? { status: event.status === 'CONFIRMED' ? ICalEventStatus.CONFIRMED : ICalEventStatus.CANCELLED }
      : {}),
    transparency: event.status === 'CONFIRMED' ? ICalEventTransparency.OPAQUE : ICalEventTransparency.TRANSPARENT,
    ...(organizer
      ? {
          organizer: {
            name: cleanParam(organizer.name) || mailto(organizer.email).slice(7),
            email: mailto(organizer.email).slice(7),
          },
        }
      : {}),
  });
}

/**
 * The file: the VCALENDAR head written here, each VEVENT as ical-generator writes it, with three
 * of its habits undone: it writes the scheme of calendar addresses as `MAILTO:` (RFC 5545's
 * examples and every client write `mailto:`); it escapes commas and semicolons in a URI value,
 * which RFC 5545 §3.3.13 does not (readers then see `\,` in the link); and it leaves the
 * calendar's NAME unescaped. Lines are folded by foldLine, each ending in CRLF: the library's own
 * folding encodes every character separately, which tripled the cost of a thousand invitations.
 */
function finish(calendar: ICalCalendar, zones: ZoneYears, feedName?: string): string {
  const head = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    `METHOD:${calendar.method()}`,
  ];
  if (feedName !== undefined) {
    const name = escapeText(feedName);
    head.push(`NAME:${name}`, `X-WR-CALNAME:${name}`, 'REFRESH-INTERVAL;VALUE=DURATION:PT1H', 'X-PUBLISHED-TTL:PT1H');
  }
  for (const [zone, [from, to]] of zones) {
    const text = vtimezone(zone, from, to);
    if (!text) throw new RangeError(`${zone} is not a time zone a calendar can resolve.`);
    head.push(...text.split('\r\n'));
  }
  const events = calendar
    .events()
    .map((event) => event.toString())
    .join('')
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) =>
      line.startsWith('URL;VALUE=URI:') ? line.replace(/\\([,;\\])/g, '$1') : line.replace(/:MAILTO:/g, ':mailto:'),
    );
  return `${[...head, ...events, 'END:VCALENDAR'].map(foldLine).join('\r\n')}\r\n`;
}

// ---- what the service sends ------------------------------------------------------------------------

/**
 * One person's copy of an event as an iTIP message: METHOD:REQUEST (an invitation or an update:
 * STATUS:CONFIRMED, with an alarm) or METHOD:CANCEL (no alarm; STATUS:CANCELLED when the whole
 * event is called off). The MIME part that carries it must name the same method.
 */
export function sessionEvent(input: SessionEventInput): string {
  const cancelled = input.method === 'CANCEL';
  const calendar = newCalendar(cancelled ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST);
  const zones: ZoneYears = new Map();
  const status = cancelled ? (input.wholeEvent ? 'CANCELLED' : null) : 'CONFIRMED';
  const copies = [
    input,
    // A moved meeting of the run travels with the master, so a calendar gets the whole run at once.
    ...(input.recurrenceId ? [] : (input.overrides ?? [])).map((o) => ({
      ...input,
      repeat: undefined,
      start: o.start,
      end: o.end,
      recurrenceId: o.recurrenceId,
    })),
  ];
  for (const copy of copies) {
    const event = addEvent(calendar, { ...copy, status }, input.organizer, zones);
    const attendeeName = cleanParam(input.attendee.name);
    event.createAttendee({
      email: mailto(input.attendee.email).slice(7),
      ...(attendeeName ? { name: attendeeName } : {}),
      type: ICalAttendeeType.INDIVIDUAL,
      role: input.attendeeRole === 'OPT-PARTICIPANT' ? ICalAttendeeRole.OPT : ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      // An attendee answers by registering and unregistering, not from the calendar.
      rsvp: input.attendeeRole !== 'OPT-PARTICIPANT',
    });
    if (!cancelled) {
      event.createAlarm({
        type: ICalAlarmType.display,
        description: cleanText(input.summary) || 'Reminder',
        triggerBefore: ALARM_MINUTES * 60,
      });
    }
  }
  return finish(calendar, zones);
}

/** A subscribable calendar (a series' programme, a person's own sessions): METHOD:PUBLISH, no ATTENDEE. */
export function publishFeed(input: FeedInput): string {
  const calendar = newCalendar(ICalCalendarMethod.PUBLISH);
  const zones: ZoneYears = new Map();
  for (const event of input.events) {
    addEvent(calendar, { ...event, stamp: input.stamp }, input.organizer, zones);
    for (const o of event.overrides ?? []) {
      const moved = { ...event, repeat: undefined, start: o.start, end: o.end, recurrenceId: o.recurrenceId };
      addEvent(calendar, { ...moved, stamp: input.stamp }, input.organizer, zones);
    }
  }
  return finish(calendar, zones, cleanText(input.name));
}
