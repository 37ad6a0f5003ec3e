// Calendars read back the way a reader's calendar program would, by an independent parser
// (Mozilla's ical.js): the files the service publishes and the ones it sends with its mail.
import ICAL from 'ical.js';
import type { Received } from '../mail/helper.js';

export type Component = InstanceType<typeof ICAL.Component>;
export type Time = InstanceType<typeof ICAL.Time>;

/** What a test expects of the one event of an invitation's calendar part. */
export interface ExpectedEvent {
  method: 'REQUEST' | 'CANCEL';
  uid: string;
  sequence: number;
  /** The reader, the event's one ATTENDEE (an address, without mailto:). */
  attendee: string;
  /** DTSTART, as ISO text in UTC. */
  start: string;
}

/** A calendar file: the VCALENDAR, its first VEVENT and all of them. */
export function parseIcs(text: string): { calendar: Component; event: Component; events: Component[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent');
  const [event] = events;
  if (!event) throw new Error('no VEVENT');
  return { calendar, event, events };
}

/** A date-time of the event: the instant, and the zone it is written in. */
export function instantOf(event: Component, name: string): { iso: string; zone: string | undefined } {
  const time = event.getFirstPropertyValue(name) as Time;
  return { iso: time.toJSDate().toISOString(), zone: time.zone?.tzid };
}

/** Each text/calendar part of a raw message (its Content-Type header unfolded) and the method= it names. */
export function mimeMethodsOf(raw: string): (string | null)[] {
  return [...raw.matchAll(/^Content-Type: text\/calendar;[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*/gim)].map(
    (m) => /method=("?)([A-Z]+)\1/i.exec(m[0])?.[2] ?? null,
  );
}

/** The meeting a message received over SMTP carries: its calendar part, read as the reader's program reads it. */
export function calendarOf(mail: Received) {
  const part = mail.parsed.attachments.find((a) => a.contentType === 'text/calendar');
  const { calendar, event } = parseIcs(part?.content.toString('utf8') ?? '');
  return {
    method: calendar.getFirstPropertyValue('method'),
    mimeMethods: mimeMethodsOf(mail.raw),
    /** The attached copy's name (the alternative part has none). */
    filename: mail.parsed.attachments.find((a) => a.filename?.endsWith('.ics'))?.filename,
    uid: String(event.getFirstPropertyValue('uid')),
    sequence: event.getFirstPropertyValue('sequence'),
    status: event.getFirstPropertyValue('status'),
    start: instantOf(event, 'dtstart').iso,
    end: event.hasProperty('dtend') ? instantOf(event, 'dtend').iso : undefined,
    organizer: String(event.getFirstPropertyValue('organizer')),
    attendee: event.getFirstProperty('attendee'),
    alarms: event.getAllSubcomponents('valarm').length,
  };
}

/**
 * Every start a calendar shows for the file's event, as ical.js expands it: the master's
 * RRULE less its EXDATEs, each VEVENT with a RECURRENCE-ID in place of its occurrence; sorted.
 */
export function expandWithIcalJs(text: string): Date[] {
  const { calendar, events } = parseIcs(text);
  for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const master = events.find((e) => !e.hasProperty('recurrence-id'));
  if (!master) return [];
  const event = new ICAL.Event(master, { exceptions: events.filter((e) => e.hasProperty('recurrence-id')) });
  const out: Date[] = [];
  const iterator = event.iterator();
  for (let next = iterator.next(); next && out.length < 30; next = iterator.next()) {
    out.push(event.getOccurrenceDetails(next).startDate.toJSDate());
  }
  return out.sort((a, b) => a.getTime() - b.getTime());
}
