// Time rules of the service, free of I/O. Instants are JS Dates (UTC); wall-clock times only
// ever exist together with an explicit IANA zone, so the process's own zone never matters.
import { DateTime, IANAZone } from 'luxon';
import { allCountryZones } from './countries.js';

/** A day of 24 hours, in milliseconds: for windows and durations, never for calendar days (DST). */
export const DAY_MS = 86_400_000;

const knownZones = new Map<string, string>();
for (const zone of [...Intl.supportedValuesOf('timeZone'), ...allCountryZones(), 'UTC', 'Etc/UTC']) {
  knownZones.set(zone.toLowerCase(), zone);
}

/**
 * The IANA name as tzdb spells it, or null when it is not a zone. Case-insensitive on input
 * ("africa/kigali"), because people type it; abbreviations such as "EAT" are refused.
 */
export function canonicalZone(input: string): string | null {
  const spelled = knownZones.get(input.trim().toLowerCase());
  return spelled && IANAZone.isValidZone(spelled) ? spelled : null;
}

/** Every date-time the service accepts lies in these years (API.md "Time bounds"). */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;
const outOfBounds = (input: string) => ({
  ok: false as const,
  message: `"${input}" is outside the years ${FIRST_YEAR} to ${LAST_YEAR} that the service accepts.`,
  outOfRange: true as const,
});
const inBounds = (instant: Date) => {
  const year = instant.getUTCFullYear();
  return year >= FIRST_YEAR && year <= LAST_YEAR;
};

/** A new time is refused when it has already begun; the current instant itself still counts as now. */
export const isInThePast = (now: Date, instant: Date): boolean => instant.getTime() < now.getTime();

interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
  millisecond?: number;
}

/**
 * The instant a wall-clock time names in a zone. A time inside a DST gap (02:30 on a
 * spring-forward night) does not exist; it moves forward to the first valid instant, the
 * transition itself. A time that occurs twice (autumn) is read as its later occurrence, always,
 * so that the same wall-clock text names the same instant whenever it is read.
 */
export function localToInstant(local: LocalDateTime, zone: string): Date {
  const iana = IANAZone.create(zone);
  if (!iana.isValid) throw new RangeError(`${zone} is not an IANA time zone`);
  if (!isRealDateTime(local)) throw new RangeError(`${JSON.stringify(local)} is not a date-time`);
  const wallClockAsUtc = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour,
    local.minute,
    local.second ?? 0,
    local.millisecond ?? 0,
  );
  // The offsets in force a day either side bound every offset this wall-clock time can have;
  // a candidate is real when the zone's offset at that instant is the one assumed.
  const candidates = [iana.offset(wallClockAsUtc - DAY_MS), iana.offset(wallClockAsUtc + DAY_MS)]
    .map((offsetMinutes) => wallClockAsUtc - offsetMinutes * 60_000)
    .filter((instant) => wallClockAsUtc - iana.offset(instant) * 60_000 === instant);
  if (candidates.length > 0) return new Date(Math.max(...candidates));
  return new Date(transitionBefore(wallClockAsUtc - iana.offset(wallClockAsUtc - DAY_MS) * 60_000, iana));
}

/** The instant, within a day before `ms`, where the zone's offset last changed. */
function transitionBefore(ms: number, zone: IANAZone): number {
  const after = zone.offset(ms);
  let low = ms - DAY_MS; // offset differs here: before the gap
  let high = ms; // offset equals `after` here
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (zone.offset(mid) === after) high = mid;
    else low = mid;
  }
  return high;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export type ParsedTime = { ok: true; instant: Date } | { ok: false; message: string; outOfRange?: true };

/**
 * Reads a request's date-time: ISO 8601 with an offset is that instant; without an offset
 * it is a wall-clock time in `zone`.
 */
export function parseDateTime(input: string, zone: string): ParsedTime {
  const m = DATE_TIME.exec(input.trim());
  if (!m) {
    return {
      ok: false,
      message: `"${input}" is not a date-time: use ISO 8601 such as 2027-04-28T14:00 or 2027-04-28T14:00:00+03:00.`,
    };
  }
  const [, y, mo, d, h, mi, s, frac, offset] = m;
  const local: LocalDateTime = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s ?? 0),
    millisecond: Number((frac ?? '0').padEnd(3, '0')),
  };
  if (!isRealDateTime(local) || local.hour > 23) {
    return { ok: false, message: `"${input}" names a day or time that does not exist.` };
  }
  if (offset && !isRealOffset(offset)) {
    return { ok: false, message: `"${input}" has an offset that is not valid: use one such as +03:00 or -05:00.` };
  }
  let instant: Date;
  if (offset) {
    const dt = DateTime.fromISO(input.trim().replace(' ', 'T'), { setZone: true });
    if (!dt.isValid) return { ok: false, message: `"${input}" has an offset that is not valid.` };
    instant = dt.toJSDate();
  } else {
    instant = localToInstant(local, zone);
  }
  return inBounds(instant) ? { ok: true, instant } : outOfBounds(input);
}

/**
 * Reads a deadline: a date alone means the end of that day (23:59:59.999) in `zone`; a
 * date-time is read as by parseDateTime.
 */
export function parseDeadline(input: string, zone: string): ParsedTime {
  const m = DATE_ONLY.exec(input.trim());
  if (!m) return parseDateTime(input, zone);
  const [, y, mo, d] = m;
  const day = { year: Number(y), month: Number(mo), day: Number(d), hour: 12, minute: 0 };
  if (!isRealDateTime(day)) return { ok: false, message: `"${input}" is not a day of the calendar.` };
  const instant = DateTime.fromObject(day, { zone }).endOf('day').toJSDate();
  return inBounds(instant) ? { ok: true, instant } : outOfBounds(input);
}

/** Z, or ±HH:MM / ±HHMM with hours up to 18 (ISO 8601's bound) and minutes under 60. */
function isRealOffset(offset: string): boolean {
  const m = /^[+-](\d{2}):?(\d{2})$/.exec(offset);
  return offset.toUpperCase() === 'Z' || (m !== null && Number(m[1]) <= 18 && Number(m[2]) < 60);
}

function isRealDateTime(l: LocalDateTime): boolean {
  // Checked in UTC, where every wall-clock time exists: only the calendar can refuse it.
  return DateTime.fromObject(l, { zone: 'UTC' }).isValid;
}

/** A submission exactly at the deadline instant is on time; a millisecond later is not. */
export function isOnTime(now: Date, deadline: Date | null, extendedUntil?: Date | null): boolean {
  if (!deadline) return true;
  const last = Math.max(deadline.getTime(), extendedUntil?.getTime() ?? Number.NEGATIVE_INFINITY);
  return now.getTime() <= last;
}

/** "Monday 15 March 2027, 23:59 (Africa/Nairobi)" in the given locale. */
export function describeInZone(instant: Date, zone: string, locale = 'en'): string {
  const dt = DateTime.fromJSDate(instant, { zone }).setLocale(locale);
  return `${dt.toFormat('cccc d LLLL yyyy, HH:mm')} (${zone})`;
}

/** A deadline as a person reads it: in the series' zone and in UTC. */
export function describeDeadline(deadline: Date, zone: string, locale = 'en'): string {
  return `${describeInZone(deadline, zone, locale)} = ${describeInZone(deadline, 'UTC', locale)}`;
}
