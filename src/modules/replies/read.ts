// Reading what comes back to MAIL_FROM, without touching the database: the calendar parts of a
// parsed message and what an iTIP reply in them says (RFC 5546: METHOD:REPLY with the attendee's
// PARTSTAT, COUNTER with a proposed time, REFRESH), delivery reports (RFC 3464) and automatic
// replies (RFC 3834). Calendars are read with ical.js, whatever client wrote them: Outlook's
// base64 part with a Windows TZID and its VTIMEZONE, Google's UTC times, Apple's attachment with
// an EMAIL= parameter.
import ICAL from 'ical.js';
import { DateTime, IANAZone } from 'luxon';
import type { AddressObject, Attachment, ParsedMail } from 'mailparser';

type Component = InstanceType<typeof ICAL.Component>;
type Property = InstanceType<typeof ICAL.Property>;
type Time = InstanceType<typeof ICAL.Time>;

/** The answers this service acts on. */
export type Partstat = 'ACCEPTED' | 'DECLINED' | 'TENTATIVE';

/** What one calendar part of a reply says. */
export interface CalendarAnswer {
  method: 'REPLY' | 'COUNTER' | 'REFRESH';
  uid: string;
  /** Absent in some clients' replies: then it is taken as current. */
  sequence: number | null;
  /** The attendee answering: their address as the calendar names it, and their answer (REPLY). */
  attendee: string | null;
  partstat: Partstat | null;
  /** What they wrote beside the answer (COMMENT), if anything. */
  comment: string | null;
  /** One meeting of a repeating run, when the answer is about that one only. */
  recurrenceId: Date | null;
  /** A COUNTER's proposed time. */
  proposed: { start: Date; end: Date | null } | null;
}

const METHODS = new Set(['REPLY', 'COUNTER', 'REFRESH']);
const PARTSTATS = new Set(['ACCEPTED', 'DECLINED', 'TENTATIVE']);

/** The calendar parts of a message: text/calendar or application/ics, inline or attached, any encoding. */
export function calendarParts(parsed: ParsedMail): string[] {
  const parts = parsed.attachments.filter(isCalendar).map((a) => a.content.toString('utf8').trim());
  // The same calendar often travels twice (the alternative part and an attached copy).
  return [...new Set(parts)];
}

function isCalendar(a: Attachment): boolean {
  const type = a.contentType.toLowerCase();
  return (
    type === 'text/calendar' ||
    type === 'application/ics' ||
    type === 'text/x-vcalendar' ||
    ((type === 'application/octet-stream' || type === 'text/plain') && /\.ics$/i.test(a.filename ?? ''))
  );
}

const mailtoAddress = (value: unknown): string | null => {
  const text = typeof value === 'string' ? value.trim() : '';
  const address = text.replace(/^mailto:/i, '').trim();
  return /^[^\s@]+@[^\s@]+$/.test(address) ? address.toLowerCase() : null;
};

/**
 * A DATE-TIME property as an instant. Times in UTC are read as they are; a TZID names either a
 * VTIMEZONE of the same calendar (Outlook's "W. Europe Standard Time", Apple's copies of IANA
 * zones) or, without one, an IANA zone; a floating time is read in UTC.
 */
function instantOf(prop: Property | null, zones: Component[]): Date | null {
  if (!prop) return null;
  const value = prop.getFirstValue() as Time | null;
  if (!value || typeof value.toJSDate !== 'function') return null;
  const tzid = prop.getParameter('tzid');
  if (typeof tzid === 'string' && tzid !== '') {
    const vtimezone = zones.find((z) => z.getFirstPropertyValue('tzid') === tzid);
    if (vtimezone) {
      const zoned = value.clone();
      zoned.zone = new ICAL.Timezone(vtimezone);
      return zoned.toJSDate();
    }
    if (IANAZone.isValidZone(tzid)) {
      const local = DateTime.fromObject(
        {
          year: value.year,
          month: value.month,
          day: value.day,
          hour: value.hour,
          minute: value.minute,
          second: value.second,
        },
        { zone: tzid },
      );
      return local.isValid ? local.toJSDate() : null;
    }
  }
  if (value.zone?.tzid === 'UTC' || value.isDate) return value.toJSDate();
  // Floating, or a zone nobody defined: taken as UTC rather than as the server's own zone.
  return new Date(Date.UTC(value.year, value.month - 1, value.day, value.hour, value.minute, value.second));
}

/** Reads one calendar part; null when it is no reply this service acts on (or cannot be read). */
export function readCalendarAnswer(text: string): CalendarAnswer | null {
  let calendar: Component;
  try {
    calendar = new ICAL.Component(ICAL.parse(text));
  } catch {
    return null;
  }
  if (calendar.name !== 'vcalendar') return null;
  const method = String(calendar.getFirstPropertyValue('method') ?? '').toUpperCase();
  if (!METHODS.has(method)) return null;
  const zones = calendar.getAllSubcomponents('vtimezone');
  const event = calendar.getFirstSubcomponent('vevent');
  if (!event) return null;
  const uid = event.getFirstPropertyValue('uid');
  if (typeof uid !== 'string' || uid.trim() === '') return null;
  const sequenceValue = event.getFirstPropertyValue('sequence');
  const sequence = typeof sequenceValue === 'number' && Number.isInteger(sequenceValue) ? sequenceValue : null;
  const attendeeProp = event.getFirstProperty('attendee');
  // Apple writes the address it answers for in EMAIL=, beside a mailto: it may have made up.
  const attendee = attendeeProp
    ? (mailtoAddress(attendeeProp.getParameter('email')) ?? mailtoAddress(attendeeProp.getFirstValue()))
    : null;
  const rawPartstat = String(attendeeProp?.getParameter('partstat') ?? '').toUpperCase();
  const comment = event.getFirstPropertyValue('comment');
  const start = instantOf(event.getFirstProperty('dtstart'), zones);
  const end = instantOf(event.getFirstProperty('dtend'), zones);
  return {
    method: method as CalendarAnswer['method'],
    uid: uid.trim(),
    sequence,
    attendee,
    partstat: PARTSTATS.has(rawPartstat) ? (rawPartstat as Partstat) : null,
    comment: typeof comment === 'string' && comment.trim() !== '' ? comment.trim() : null,
    recurrenceId: instantOf(event.getFirstProperty('recurrence-id'), zones),
    proposed: method === 'COUNTER' && start ? { start, end } : null,
  };
}

// ---- delivery reports and automatic replies -------------------------------------------------------

/** What a delivery report (RFC 3464) says: who could not be reached, why, and which message it was. */
export interface Bounce {
  recipients: { email: string; status: string | null; diagnostic: string | null }[];
  /** The Message-ID of the message that bounced, when the report quotes its headers. */
  originalMessageId: string | null;
}

const header = (parsed: ParsedMail, name: string): string => {
  const value = parsed.headers.get(name);
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
  return String(value);
};

function contentTypeOf(parsed: ParsedMail): { value: string; params: Record<string, string> } {
  const value = parsed.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  return { value: String(value?.value ?? '').toLowerCase(), params: value?.params ?? {} };
}

const addressesOf = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : [])
    .flatMap((a) => a.value)
    .flatMap((a) => (a.address ? [a.address.toLowerCase()] : []));

/** The sender's address, lower-cased, or null. */
export const senderOf = (parsed: ParsedMail): string | null => addressesOf(parsed.from)[0] ?? null;

/** Every address the message was written to (To and Cc, and the headers mail systems add on delivery). */
export function recipientsOf(parsed: ParsedMail): string[] {
  const delivered = ['delivered-to', 'x-original-to', 'envelope-to'].flatMap((name) =>
    header(parsed, name)
      .split(/[,\s]+/)
      .map((a) => a.replace(/^<|>$/g, '').toLowerCase())
      .filter((a) => a.includes('@')),
  );
  return [...new Set([...delivered, ...addressesOf(parsed.to), ...addressesOf(parsed.cc)])];
}

/** The Message-IDs a message answers (In-Reply-To first, then References, newest first). */
export function answeredMessageIds(parsed: ParsedMail): string[] {
  const refs = Array.isArray(parsed.references) ? parsed.references : parsed.references ? [parsed.references] : [];
  const inReplyTo = parsed.inReplyTo ? (parsed.inReplyTo.match(/<[^>]+>/g) ?? [parsed.inReplyTo]) : [];
  return [...new Set([...inReplyTo, ...[...refs].reverse()])];
}

/**
 * A delivery report: multipart/report with report-type=delivery-status (read for its recipients
 * and the original Message-ID), or a message from a mailer daemon that is plainly one. Null for
 * anything else.
 */
export function readBounce(parsed: ParsedMail): Bounce | null {
  const type = contentTypeOf(parsed);
  const status = parsed.attachments.find((a) =>
    ['message/delivery-status', 'message/global-delivery-status'].includes(a.contentType.toLowerCase()),
  );
  const isReport =
    type.value === 'multipart/report' && (type.params['report-type'] ?? '').toLowerCase() === 'delivery-status';
  const sender = senderOf(parsed) ?? '';
  const fromDaemon = /^(mailer-daemon|postmaster)@/i.test(sender) || header(parsed, 'return-path').trim() === '<>';
  if (!isReport && !status && !fromDaemon) return null;
  // mailparser hands the delivery-status part over as an attachment or, inline, within the text.
  const report = status ? status.content.toString('utf8') : isReport ? (parsed.text ?? '') : '';
  const recipients = recipientsOfReport(report);
  // A report that only says a message is delayed is no bounce.
  if ((isReport || status) && recipients.length === 0 && /^Action:\s*delayed/im.test(report)) return null;
  const original = parsed.attachments.find((a) =>
    ['message/rfc822', 'text/rfc822-headers', 'message/global', 'message/global-headers'].includes(
      a.contentType.toLowerCase(),
    ),
  );
  const quoted = original?.content.toString('utf8') ?? parsed.text ?? '';
  const originalMessageId = /^Message-ID:\s*(<[^>\s]+>)/im.exec(quoted)?.[1] ?? null;
  return { recipients, originalMessageId };
}

/** The failed recipients of a message/delivery-status body (Action: failed only). */
function recipientsOfReport(text: string): Bounce['recipients'] {
  const unfolded = text.replace(/\r?\n[ \t]+/g, ' ');
  const groups = unfolded.split(/\r?\n\s*\r?\n/);
  return groups.flatMap((group) => {
    const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(group)?.[1]?.trim() ?? null;
    const action = field('Action')?.toLowerCase();
    const recipient = field('Final-Recipient') ?? field('Original-Recipient');
    if (action !== 'failed' || !recipient) return [];
    const email = recipient
      .replace(/^[^;]*;\s*/, '')
      .replace(/^<|>$/g, '')
      .toLowerCase();
    return email.includes('@') ? [{ email, status: field('Status'), diagnostic: field('Diagnostic-Code') }] : [];
  });
}

const AUTO_SUBJECT =
  /^\s*(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|autoreply|absence|abwesenheit|réponse automatique|absent|respuesta automática|fuera de la oficina|resposta automática|ausente|fora do escritório)\b/i;

/**
 * An automatic reply (RFC 3834 Auto-Submitted, the headers vacation programs add, or an
 * out-of-office subject): never forwarded, never answered.
 */
export function isAutoReply(parsed: ParsedMail): boolean {
  const auto = header(parsed, 'auto-submitted').trim().toLowerCase();
  if (auto !== '' && auto !== 'no') return true;
  if (['x-autoreply', 'x-autorespond', 'x-autoresponse'].some((h) => header(parsed, h).trim() !== '')) return true;
  if (/^(auto[_-]?reply|bulk|junk|list)$/i.test(header(parsed, 'precedence').trim())) return true;
  return AUTO_SUBJECT.test(parsed.subject ?? '');
}
