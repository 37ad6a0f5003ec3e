/**
 * Session agenda rules: validating a chair's agenda against its session and
 * fitting the standard call structure to a session's length.
 *
 * Everything here is pure. The series' IANA zone is always passed in, so the
 * result never depends on the server's clock or its TZ setting.
 */
import { DateTime } from 'luxon';
import type { AgendaKind, AgendaLead, Issue, IssueParams } from './vocabulary.js';

export interface AgendaSegmentInput {
  title: string;
  starts: string;
  ends: string;
  lead?: AgendaLead | null;
}

export interface AgendaSegment {
  title: string;
  startsAt: Date;
  endsAt: Date;
  /** Normalised HH:MM, local to the series' zone. */
  starts: string;
  ends: string;
  lead: AgendaLead | null;
  /** The part of the standard call structure, for a segment titled as one; readers see it in their language. */
  kind: AgendaKind | null;
}

/**
 * What is wrong with an agenda, as a code with parameters (segment titles, HH:MM times, the
 * series' zone; `scope` picks the variant) for each reader to word; the indices point at the rows
 * of the caller's input.
 */
export type AgendaProblem =
  | (Issue<'invalid_time'> & { index: number; field: 'starts' | 'ends'; value: string })
  | (Issue<'ends_before_start'> & { index: number })
  | (Issue<'agenda_overlap'> & { first: number; second: number })
  | (Issue<'agenda_outside_session'> & { index: number });

interface AgendaSession {
  startsAt: Date;
  durationMinutes: number;
}

type AgendaCheck = { ok: true; segments: AgendaSegment[] } | { ok: false; problems: AgendaProblem[] };

interface ClockTime {
  hour: number;
  minute: number;
}

const MS_PER_MINUTE = 60_000;

// Minutes must be two digits so that "7:5" is rejected rather than guessed at
// (07:05 or 07:50?); the hour may be one digit because "8:30" is unambiguous.
const CLOCK_TIME = /^(\d{1,2}):(\d{2})$/;

export function parseClockTime(s: string): ClockTime | null {
  const match = CLOCK_TIME.exec(s.trim());
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}

function formatClockTime({ hour, minute }: ClockTime): string {
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** The session as seen on the series' wall clock. */
interface LocalSession {
  zone: string;
  start: DateTime;
  end: DateTime;
  startsAtMs: number;
  endsAtMs: number;
  /** Minute of the local day at which the session starts (seconds ignored). */
  startMinuteOfDay: number;
  crossesMidnight: boolean;
}

function localSession(session: AgendaSession, zone: string): LocalSession {
  const startsAtMs = session.startsAt.getTime();
  if (Number.isNaN(startsAtMs)) throw new RangeError('Session start is not a valid date');
  if (!Number.isFinite(session.durationMinutes) || session.durationMinutes <= 0) {
    throw new RangeError(`Session length must be a positive number of minutes, got ${session.durationMinutes}`);
  }
  const start = DateTime.fromMillis(startsAtMs, { zone });
  // An unknown zone is a configuration error, not something the chair can fix.
  if (!start.isValid) throw new RangeError(`Unknown time zone "${zone}"`);
  const endsAtMs = startsAtMs + session.durationMinutes * MS_PER_MINUTE;
  const end = DateTime.fromMillis(endsAtMs, { zone });
  return {
    zone,
    start,
    end,
    startsAtMs,
    endsAtMs,
    startMinuteOfDay: start.hour * 60 + start.minute,
    // A session ending exactly at midnight counts as crossing it, so that a
    // segment may end at "00:00".
    crossesMidnight: end.startOf('day') > start.startOf('day'),
  };
}

interface ResolvedTime {
  ms: number;
  /** True when the wall time does not exist on that day (DST gap). */
  inGap: boolean;
}

/** Offset in ms between the zone's wall clock and UTC at instant `ms`. */
function offsetMs(ms: number, zone: string): number {
  return DateTime.fromMillis(ms, { zone }).offset * MS_PER_MINUTE;
}

/**
 * The instant at which the clock in `zone` shows `time` on `day`.
 *
 * Luxon pushes a wall time inside a DST gap forward by the size of the gap
 * (02:30 becomes 03:30 on a spring-forward night), which would stretch a
 * segment by an hour. We want the first instant that exists instead - the
 * transition itself - so a gap time is found by bisection between an instant
 * before the transition and the one luxon proposed.
 *
 * Ambiguous wall times (the repeated hour when clocks go back) keep luxon's
 * choice, the second occurrence; the rules do not ask for anything else.
 */
function resolveLocalTime(day: DateTime, time: ClockTime, zone: string): ResolvedTime {
  const candidate = DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour: time.hour, minute: time.minute },
    { zone },
  );
  if (candidate.hour === time.hour && candidate.minute === time.minute) {
    return { ms: candidate.toMillis(), inGap: false };
  }

  const wantedWallMs = Date.UTC(day.year, day.month - 1, day.day, time.hour, time.minute);
  const reachedWall = (ms: number) => ms + offsetMs(ms, zone) >= wantedWallMs;
  // Read with the post-transition offset, the wanted wall time lands before
  // the transition, where the clock still shows an earlier time.
  let before = wantedWallMs - candidate.offset * MS_PER_MINUTE;
  let after = candidate.toMillis();
  if (before >= after || reachedWall(before) || !reachedWall(after)) {
    // Not the single clean jump assumed above (two changes close together?):
    // luxon's answer is still an existing instant, so keep it rather than guess.
    return { ms: after, inGap: true };
  }
  while (after - before > 1) {
    const mid = Math.floor((before + after) / 2);
    if (reachedWall(mid)) after = mid;
    else before = mid;
  }
  return { ms: after, inGap: true };
}

/**
 * Wall times are read on the session's local day. For a session that runs past
 * local midnight, a time earlier than the session's start can only mean the
 * next morning (23:30-00:15 inside a 23:00-00:30 session).
 */
function instantForClockTime(time: ClockTime, session: LocalSession): ResolvedTime {
  const minuteOfDay = time.hour * 60 + time.minute;
  const day =
    session.crossesMidnight && minuteOfDay < session.startMinuteOfDay
      ? session.start.startOf('day').plus({ days: 1 })
      : session.start;
  return resolveLocalTime(day, time, session.zone);
}

interface TimedSegment extends AgendaSegment {
  /** Position in the caller's input, used in problems so the UI can point at the row. */
  index: number;
}

function byStartThenEnd(a: TimedSegment, b: TimedSegment): number {
  return a.startsAt.getTime() - b.startsAt.getTime() || a.endsAt.getTime() - b.endsAt.getTime() || a.index - b.index;
}

export function checkAgenda(input: AgendaSegmentInput[], session: AgendaSession, zone: string): AgendaCheck {
  const local = localSession(session, zone);
  const timed: TimedSegment[] = [];
  const requestProblems: AgendaProblem[] = [];

  input.forEach((item, index) => {
    const segment = item.title.trim();
    const start = parseClockTime(item.starts);
    const end = parseClockTime(item.ends);
    for (const [field, parsed] of [
      ['starts', start],
      ['ends', end],
    ] as const) {
      if (parsed) continue;
      requestProblems.push({
        code: 'invalid_time',
        params: { segment, value: item[field], scope: field },
        index,
        field,
        value: item[field],
      });
    }
    if (!start || !end) return;

    const startsAt = instantForClockTime(start, local);
    const endsAt = instantForClockTime(end, local);
    const starts = formatClockTime(start);
    const ends = formatClockTime(end);
    if (endsAt.ms <= startsAt.ms) {
      // Without the variant that explains the gap, "02:10-02:40 ends before it starts" would
      // baffle a chair on the night the clocks skip that hour.
      const params: IssueParams = { segment, starts, ends };
      if (startsAt.inGap || endsAt.inGap) params.scope = 'gap';
      requestProblems.push({ code: 'ends_before_start', params, index });
      return;
    }
    timed.push({
      index,
      title: item.title,
      startsAt: new Date(startsAt.ms),
      endsAt: new Date(endsAt.ms),
      starts,
      ends,
      lead: item.lead ?? null,
      kind: standardKindOf(item.title),
    });
  });

  // Conflicts are only meaningful once every row reads as a real time span.
  if (requestProblems.length > 0) return { ok: false, problems: requestProblems };

  timed.sort(byStartThenEnd);
  const conflicts: AgendaProblem[] = [...findSegmentsOutsideSession(timed, local), ...findOverlaps(timed)];
  if (conflicts.length > 0) return { ok: false, problems: conflicts };

  return { ok: true, segments: timed.map(({ index: _index, ...segment }) => segment) };
}

function findSegmentsOutsideSession(sorted: TimedSegment[], session: LocalSession): AgendaProblem[] {
  const sessionStarts = session.start.toFormat('HH:mm');
  const sessionEnds = session.end.toFormat('HH:mm');
  const problems: AgendaProblem[] = [];
  for (const segment of sorted) {
    const startsEarly = segment.startsAt.getTime() < session.startsAtMs;
    const endsLate = segment.endsAt.getTime() > session.endsAtMs;
    if (!startsEarly && !endsLate) continue;
    problems.push({
      code: 'agenda_outside_session',
      params: {
        segment: segment.title.trim(),
        starts: segment.starts,
        ends: segment.ends,
        sessionStarts,
        sessionEnds,
        zone: session.zone,
        scope: startsEarly && endsLate ? 'both' : startsEarly ? 'early' : 'late',
      },
      index: segment.index,
    });
  }
  return problems;
}

/** Every overlapping pair, in time order. Touching segments (14:20 end, 14:20 start) are fine. */
function findOverlaps(sorted: TimedSegment[]): AgendaProblem[] {
  const problems: AgendaProblem[] = [];
  sorted.forEach((first, i) => {
    for (const second of sorted.slice(i + 1)) {
      // Sorted by start: once one later segment starts after `first` ends, all do.
      if (second.startsAt.getTime() >= first.endsAt.getTime()) break;
      problems.push({
        code: 'agenda_overlap',
        params: {
          first: first.title.trim(),
          firstStarts: first.starts,
          firstEnds: first.ends,
          second: second.title.trim(),
          secondStarts: second.starts,
          secondEnds: second.ends,
        },
        first: first.index,
        second: second.index,
      });
    }
  });
  return problems;
}

/** The standard call structure, as shares of the session. Shares add up to 1. */
const CALL_STRUCTURE: ReadonlyArray<{ kind: AgendaKind; title: string; lead: AgendaLead; share: number }> = [
  { kind: 'focal_presentation', title: 'Presentation from the focal country', lead: 'focal', share: 0.25 },
  { kind: 'discussant_question', title: 'Context and question from the discussant', lead: 'discussant', share: 0.15 },
  { kind: 'focal_response', title: 'Response from the focal country', lead: 'focal', share: 0.2 },
  { kind: 'other_countries', title: 'Experiences and questions from other countries', lead: 'all', share: 0.3 },
  { kind: 'close', title: 'Close', lead: 'chair', share: 0.1 },
];

/**
 * The part of the standard structure a segment titled this way is: a chair who sends the
 * standard agenda back (changing only its times) keeps its titles worded for each reader.
 */
export function standardKindOf(title: string): AgendaKind | null {
  const trimmed = title.trim();
  return CALL_STRUCTURE.find((part) => part.title === trimmed)?.kind ?? null;
}

/**
 * Minutes from the session start at which each segment after the first begins,
 * on a grid of `step` minutes, or null if no such fit gives every segment time.
 *
 * Rounding each boundary to its nearest grid point independently can starve a
 * short segment (90 minutes gives the discussant 10 minutes and the focal
 * presentation 25), so every floor/ceil combination is tried and the one whose
 * lengths stay closest to the intended shares wins.
 */
function fitBoundaries(totalMinutes: number, step: number): number[] | null {
  const ideal: number[] = [];
  let cumulativeShare = 0;
  for (const part of CALL_STRUCTURE.slice(0, -1)) {
    cumulativeShare += part.share;
    ideal.push(totalMinutes * cumulativeShare);
  }
  const options = ideal.map((x) => [...new Set([Math.floor(x / step) * step, Math.ceil(x / step) * step])]);

  let best: { boundaries: number[]; cost: number } | null = null;
  for (const boundaries of combinations(options)) {
    const cost = shareError([0, ...boundaries, totalMinutes], totalMinutes);
    if (cost !== null && (best === null || cost < best.cost)) best = { boundaries, cost };
  }
  return best?.boundaries ?? null;
}

/** Every way of picking one value from each list. */
function combinations(options: number[][]): number[][] {
  return options.reduce<number[][]>(
    (partials, choices) => partials.flatMap((partial) => choices.map((choice) => [...partial, choice])),
    [[]],
  );
}

/** How far segment lengths stray from their shares, or null if any segment would get no time. */
function shareError(edges: number[], totalMinutes: number): number | null {
  let cost = 0;
  for (const [i, part] of CALL_STRUCTURE.entries()) {
    const length = (edges[i + 1] ?? 0) - (edges[i] ?? 0);
    if (length < 1) return null;
    const intended = totalMinutes * part.share;
    // Relative error, so losing 3 minutes hurts a 9-minute close more than a 27-minute discussion.
    cost += (length - intended) ** 2 / intended;
  }
  return cost;
}

/** Last resort for tiny sessions: whole minutes, at least one per segment. */
function fitBoundariesMinimal(totalMinutes: number): number[] {
  const boundaries: number[] = [];
  let cumulativeShare = 0;
  CALL_STRUCTURE.slice(0, -1).forEach((part, i) => {
    cumulativeShare += part.share;
    const previous = boundaries[i - 1] ?? 0;
    const segmentsAfter = CALL_STRUCTURE.length - 1 - i;
    const wanted = Math.round(totalMinutes * cumulativeShare);
    boundaries.push(Math.min(Math.max(wanted, previous + 1), totalMinutes - segmentsAfter));
  });
  return boundaries;
}

export function defaultAgenda(session: AgendaSession, zone: string): AgendaSegment[] {
  const local = localSession(session, zone);
  const total = session.durationMinutes;
  if (!Number.isInteger(total) || total < CALL_STRUCTURE.length) {
    throw new RangeError(
      `A default agenda needs a whole number of at least ${CALL_STRUCTURE.length} minutes, got ${total}`,
    );
  }
  // Five-minute boundaries read naturally on an invitation; fall back to whole
  // minutes only when the session is too short for every segment to get a slot.
  const boundaries = fitBoundaries(total, 5) ?? fitBoundaries(total, 1) ?? fitBoundariesMinimal(total);
  const edges = [0, ...boundaries, total];

  return CALL_STRUCTURE.map((part, i) => {
    // Offsets are elapsed minutes, so the agenda stays the right real length
    // even if the clocks change during the session.
    const startsAt = new Date(local.startsAtMs + (edges[i] ?? 0) * MS_PER_MINUTE);
    const endsAt = new Date(local.startsAtMs + (edges[i + 1] ?? total) * MS_PER_MINUTE);
    return {
      title: part.title,
      kind: part.kind,
      startsAt,
      endsAt,
      starts: DateTime.fromJSDate(startsAt, { zone }).toFormat('HH:mm'),
      ends: DateTime.fromJSDate(endsAt, { zone }).toFormat('HH:mm'),
      lead: part.lead,
    };
  });
}
