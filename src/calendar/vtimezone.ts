// A VTIMEZONE (RFC 5545 §3.6.5) for any IANA zone, built from the offsets luxon reads from the
// system's tz data, so a TZID always has a VTIMEZONE of exactly the same name (the published
// generators rename linked zones or carry stale rules: src/calendar/CALENDAR.md). One STANDARD or
// DAYLIGHT block per offset change in the years asked for, plus one for the offset in force at
// their start, so every local time written in those years resolves to the right instant.
// Pure: a zone and years in, CRLF text out. In the shape ical-generator's `timezone.generator` takes.
import { DateTime, IANAZone } from 'luxon';

const HOUR_MS = 3_600_000;
/** Offset changes are found by stepping this far, then narrowed to the minute. */
const STEP_MS = 6 * HOUR_MS;

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** The first millisecond at which the zone's offset differs from the one at `from`. */
function changeBetween(zone: IANAZone, from: number, to: number): number {
  const before = zone.offset(from);
  let lo = from;
  let hi = to;
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (zone.offset(mid) === before) lo = mid;
    else hi = mid;
  }
  return hi - (hi % 60_000);
}

/** Local wall-clock time written with the offset in force before `at` (what DTSTART of an onset means). */
function localBefore(at: number, offsetMinutes: number): string {
  return DateTime.fromMillis(at + offsetMinutes * 60_000, { zone: 'UTC' }).toFormat("yyyyMMdd'T'HHmmss");
}

interface Onset {
  at: number;
  from: number;
  to: number;
}

function onsets(zone: IANAZone, fromYear: number, toYear: number): { start: number; first: number; changes: Onset[] } {
  const start = DateTime.fromObject({ year: fromYear, month: 1, day: 1 }, { zone: zone.name }).toMillis();
  const end = DateTime.fromObject({ year: toYear + 1, month: 1, day: 1 }, { zone: zone.name }).toMillis();
  const changes: Onset[] = [];
  for (let t = start; t < end; t += STEP_MS) {
    const next = Math.min(t + STEP_MS, end);
    if (zone.offset(t) !== zone.offset(next)) {
      const at = changeBetween(zone, t, next);
      changes.push({ at, from: zone.offset(t), to: zone.offset(at) });
    }
  }
  return { start, first: zone.offset(start), changes };
}

/**
 * The VTIMEZONE text for `zoneName` covering the years `fromYear`–`toYear` (CRLF line ends, no
 * trailing newline), or null when the name is not a zone.
 */
export function vtimezone(zoneName: string, fromYear: number, toYear: number = fromYear): string | null {
  if (!IANAZone.isValidZone(zoneName)) return null;
  const zone = IANAZone.create(zoneName);
  const { start, first, changes } = onsets(zone, fromYear, toYear);
  const block = (at: number, from: number, to: number) => {
    const kind = DateTime.fromMillis(at, { zone: zoneName }).isInDST ? 'DAYLIGHT' : 'STANDARD';
    return [
      `BEGIN:${kind}`,
      `DTSTART:${localBefore(at, from)}`,
      `TZOFFSETFROM:${offsetText(from)}`,
      `TZOFFSETTO:${offsetText(to)}`,
      `TZNAME:${zone.offsetName(at, { format: 'short', locale: 'en-GB' }) ?? offsetText(to)}`,
      `END:${kind}`,
    ];
  };
  const lines = [
    'BEGIN:VTIMEZONE',
    `TZID:${zoneName}`,
    ...block(start, first, first),
    ...changes.flatMap((c) => block(c.at, c.from, c.to)),
    'END:VTIMEZONE',
  ];
  return lines.join('\r\n');
}
