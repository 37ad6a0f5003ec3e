// Calendars read by libical (test/calendar/libical.py), the second independent reader beside
// ical.js: both resolve TZID through the file's own VTIMEZONE, and libical applies iTIP's
// per-METHOD rules (check_restrictions).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Received } from '../mail/helper.js';

export interface LibicalEvent {
  uid: string;
  sequence: number | null;
  status: string | null;
  summary: string | null;
  description: string | null;
  url: string | null;
  start: string | null;
  startZone: string | null;
  end: string | null;
  recurrenceId: string | null;
  rrule: string[];
  exdates: string[];
  /** Every instant of a repeating event, in UTC (null when it does not repeat). */
  occurrences: string[] | null;
}

export interface LibicalCalendar {
  method: string | null;
  restrictionsHold: boolean;
  errors: string[];
  events: LibicalEvent[];
}

const SCRIPT = join(import.meta.dirname, 'libical.py');

/** Reads each calendar text with libical (one child process for all of them). */
export function readWithLibical(texts: string[]): LibicalCalendar[] {
  const out = execFileSync('/usr/bin/python3', [SCRIPT], { input: JSON.stringify(texts), encoding: 'utf8' });
  return JSON.parse(out) as LibicalCalendar[];
}

/** The calendar file a message carries, as text. */
export function calendarText(mail: Received): string {
  const part = mail.parsed.attachments.find((a) => a.contentType === 'text/calendar');
  if (!part) throw new Error(`no calendar part in "${mail.parsed.subject}"`);
  return part.content.toString('utf8');
}
