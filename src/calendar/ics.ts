// iCalendar text for invitations (METHOD:REQUEST / CANCEL, RFC 5545 + RFC 5546 iTIP) and for
// subscribable feeds (METHOD:PUBLISH). Pure: strings in, a string out, no clock, no I/O.
//
// Written by hand rather than with ical-generator: the whole format needed here is a few dozen
// lines, and writing it directly avoids the library's traps (src/calendar/CALENDAR.md): every
// instant is written in UTC (`…Z`), so neither the server's zone nor a VTIMEZONE can shift it;
// ATTENDEE carries PARTSTAT and RSVP; the UID and SEQUENCE are always the stored ones. Text is
// escaped and lines are folded at 75 octets (never inside a UTF-8 character), with CRLF line ends.

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

class Lines {
  readonly #lines: string[] = [];

  /** `NAME[;params]:value`, the value already encoded for its type. */
  raw(name: string, value: string, params: string[] = []): this {
    this.#lines.push(foldLine(`${[name, ...params].join(';')}:${value}`));
    return this;
  }

  text(name: string, value: string, params: string[] = []): this {
    return this.raw(name, escapeText(value), params);
  }

  toString(): string {
    return `${this.#lines.join('\r\n')}\r\n`;
  }
}

function calendarHead(lines: Lines, method: string): void {
  lines.raw('BEGIN', 'VCALENDAR').raw('VERSION', '2.0').raw('PRODID', PRODID).raw('CALSCALE', 'GREGORIAN');
  lines.raw('METHOD', method);
}

const cn = (mailbox: Mailbox) => (mailbox.name.trim() ? [`CN=${paramValue(mailbox.name)}`] : []);

interface EventCore {
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  stamp: Date;
  summary: string;
  description?: string | null | undefined;
  url?: string | null | undefined;
  location?: string | null | undefined;
  /** Left out of an attendee's own CANCEL. */
  status: 'CONFIRMED' | 'CANCELLED' | null;
}

function eventCore(lines: Lines, event: EventCore): void {
  checkSpan(event.start, event.end);
  if (!event.uid.trim()) throw new RangeError('An event needs its stored UID.');
  lines
    .raw('BEGIN', 'VEVENT')
    .text('UID', event.uid)
    .raw('SEQUENCE', sequenceOf(event.sequence))
    .raw('DTSTAMP', utcDateTime(event.stamp))
    .raw('DTSTART', utcDateTime(event.start))
    .raw('DTEND', utcDateTime(event.end))
    .text('SUMMARY', event.summary);
  if (event.description) lines.text('DESCRIPTION', event.description);
  const url = uri(event.url);
  if (url) lines.raw('URL', url);
  if (event.location?.trim()) lines.text('LOCATION', event.location.trim());
  if (event.status) lines.raw('STATUS', event.status);
  lines.raw('TRANSP', event.status === 'CONFIRMED' ? 'OPAQUE' : 'TRANSPARENT');
}

// ---- what the service sends ------------------------------------------------------------------------

/**
 * One person's copy of an event as an iTIP message: METHOD:REQUEST (an invitation or an update:
 * STATUS:CONFIRMED, with an alarm) or METHOD:CANCEL (no alarm; STATUS:CANCELLED when the whole
 * event is called off). The MIME part that carries it must name the same method.
 */
export function sessionEvent(input: SessionEventInput): string {
  const cancelled = input.method === 'CANCEL';
  const lines = new Lines();
  calendarHead(lines, input.method);
  eventCore(lines, { ...input, status: cancelled ? (input.wholeEvent ? 'CANCELLED' : null) : 'CONFIRMED' });
  lines.raw('ORGANIZER', mailto(input.organizer.email), cn(input.organizer));
  lines.raw('ATTENDEE', mailto(input.attendee.email), [
    'CUTYPE=INDIVIDUAL',
    'ROLE=REQ-PARTICIPANT',
    'PARTSTAT=NEEDS-ACTION',
    'RSVP=TRUE',
    ...cn(input.attendee),
  ]);
  if (!cancelled) {
    lines
      .raw('BEGIN', 'VALARM')
      .raw('ACTION', 'DISPLAY')
      .text('DESCRIPTION', input.summary || 'Reminder')
      .raw('TRIGGER', `-PT${ALARM_MINUTES}M`)
      .raw('END', 'VALARM');
  }
  lines.raw('END', 'VEVENT').raw('END', 'VCALENDAR');
  return lines.toString();
}

/** A subscribable calendar (a series' programme, a person's own sessions): METHOD:PUBLISH, no ATTENDEE. */
export function publishFeed(input: FeedInput): string {
  const lines = new Lines();
  calendarHead(lines, 'PUBLISH');
  lines
    .text('NAME', input.name)
    .text('X-WR-CALNAME', input.name)
    .raw('REFRESH-INTERVAL', 'PT1H', ['VALUE=DURATION'])
    .raw('X-PUBLISHED-TTL', 'PT1H');
  for (const event of input.events) {
    eventCore(lines, { ...event, stamp: input.stamp });
    if (input.organizer) lines.raw('ORGANIZER', mailto(input.organizer.email), cn(input.organizer));
    lines.raw('END', 'VEVENT');
  }
  lines.raw('END', 'VCALENDAR');
  return lines.toString();
}
