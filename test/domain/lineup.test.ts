import fc from 'fast-check';
import t from 'tap';
import { prng } from '../../scripts/prng.js';
import {
  type FixedLineup,
  type LineupInterest,
  type LineupSession,
  type LineupSuggestion,
  type Reason,
  type Role,
  type RoleHistory,
  suggestLineup,
} from '../../src/domain/lineup.js';
import type { Issue, IssueParams } from '../../src/domain/vocabulary.js';
import { reasonText, reasonWithText } from '../../src/i18n/issues.js';

const ROLES: Role[] = ['focal', 'discussant', 'chair', 'co_blogger'];

let clock = 0;
function interest(
  personId: string,
  country: string,
  roles: Role[],
  sessionIds: string[],
  submittedAt = ++clock,
): LineupInterest {
  return { id: `i-${personId}-${submittedAt}`, personId, country, roles, sessionIds, submittedAt };
}
/** An interest naming its roles per session ("choices"), ranked: [sessionId, roles] pairs. */
function choosing(
  personId: string,
  country: string,
  choices: [string, Role[]][],
  submittedAt = ++clock,
): LineupInterest {
  return {
    ...interest(
      personId,
      country,
      ROLES.filter((r) => choices.some(([, roles]) => roles.includes(r))),
      choices.map(([id]) => id),
      submittedAt,
    ),
    rolesBySession: new Map(choices),
  };
}
/** Whether an interest asks for this role in this session (the model's own reading of the rule). */
function wants(i: LineupInterest, sessionId: string, role: Role): boolean {
  return (
    i.sessionIds.includes(sessionId) &&
    (i.rolesBySession?.get(sessionId) ?? i.roles).includes(role) &&
    !i.declinedBySession?.get(sessionId)?.includes(role)
  );
}
function session(id: string, fixed: FixedLineup = {}): LineupSession {
  return { id, fixed };
}
function byId(result: LineupSuggestion, sessionId: string) {
  const found = result.sessions.find((s) => s.sessionId === sessionId);
  if (!found) throw new Error(`no session ${sessionId}`);
  return found;
}

// ---------------------------------------------------------------------------------------------
// An independent model of the rules: validity, objective vector, greedy and brute force
// ---------------------------------------------------------------------------------------------

/** [focal+discussant, chairs, co-bloggers up to 2, co-bloggers up to 3, preference in 840ths] */
type Vector = [number, number, number, number, number];

function compareVectors(a: Vector, b: Vector): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

const preference840 = (rank: number) => Math.max(1, Math.floor(840 / rank));

/** Line-up state built by adding people one at a time, refusing anything the hard rules forbid. */
class Board {
  readonly focal: ({ country: string; added: string | null; closed: boolean } | null)[];
  readonly discussant: ({ country: string; added: string | null; closed: boolean } | null)[];
  readonly chair: { country: string | null; person: string | null }[];
  readonly coBloggers: string[][];
  readonly placed = new Set<string>();
  preference = 0;

  constructor(readonly sessions: LineupSession[]) {
    const team = (f: { country: string; personIds: string[] } | null | undefined) =>
      f ? { country: f.country, added: null, closed: f.personIds.length > 0 } : null;
    this.focal = sessions.map((s) => team(s.fixed.focal));
    this.discussant = sessions.map((s) => team(s.fixed.discussant));
    this.chair = sessions.map((s) => ({
      country: s.fixed.chair?.country ?? null,
      person: s.fixed.chair?.personId ?? null,
    }));
    this.coBloggers = sessions.map((s) => [...(s.fixed.coBloggerIds ?? [])]);
    for (const s of sessions) for (const id of fixedPeopleOf(s)) this.placed.add(id);
  }

  /** Tries to place; returns an undo function, or null when a rule forbids it. */
  place(personId: string, country: string, s: number, role: Role, rank: number): (() => void) | null {
    if (this.placed.has(personId)) return null;
    let undo: () => void;
    if (role === 'focal' || role === 'discussant') {
      const places = role === 'focal' ? this.focal : this.discussant;
      const other = role === 'focal' ? this.discussant[s] : this.focal[s];
      const place = places[s];
      if (place) {
        if (place.closed || place.added !== null || place.country !== country) return null;
        place.added = personId;
        undo = () => {
          place.added = null;
        };
      } else {
        if (other?.country === country) return null;
        if (role === 'focal' && this.focal.some((f) => f?.country === country)) return null;
        places[s] = { country, added: personId, closed: false };
        undo = () => {
          places[s] = null;
        };
      }
    } else if (role === 'chair') {
      const chair = this.chair[s]!;
      if (chair.person !== null || (chair.country !== null && chair.country !== country)) return null;
      const before = chair.country;
      chair.person = personId;
      chair.country = country;
      undo = () => {
        chair.person = null;
        chair.country = before;
      };
    } else {
      const list = this.coBloggers[s]!;
      if (list.length >= 3) return null;
      list.push(personId);
      undo = () => {
        list.pop();
      };
    }
    this.placed.add(personId);
    this.preference += preference840(rank);
    return () => {
      undo();
      this.placed.delete(personId);
      this.preference -= preference840(rank);
    };
  }

  vector(): Vector {
    return [
      this.focal.filter(Boolean).length + this.discussant.filter(Boolean).length,
      this.chair.filter((c) => c.person !== null || c.country !== null).length,
      this.coBloggers.reduce((n, l) => n + Math.min(2, l.length), 0),
      this.coBloggers.reduce((n, l) => n + Math.min(3, l.length), 0),
      this.preference,
    ];
  }
}

function fixedPeopleOf(s: LineupSession): string[] {
  return [
    ...(s.fixed.focal?.personIds ?? []),
    ...(s.fixed.discussant?.personIds ?? []),
    ...(s.fixed.chair?.personId ? [s.fixed.chair.personId] : []),
    ...(s.fixed.coBloggerIds ?? []),
  ];
}

interface Option {
  personId: string;
  country: string;
  session: number;
  role: Role;
  rank: number;
}

/** Every placement an interest allows, best rank first. */
function optionsOf(sessions: LineupSession[], i: LineupInterest): Option[] {
  return i.sessionIds.flatMap((id, position) => {
    const s = sessions.findIndex((x) => x.id === id);
    if (s < 0 || i.sessionIds.indexOf(id) !== position) return [];
    return ROLES.filter((r) => wants(i, id, r)).map((role) => ({
      personId: i.personId,
      country: i.country,
      session: s,
      role,
      rank: position + 1,
    }));
  });
}

/** Rotation first (fewer roles already held by the country), then first come, first served. */
function byPriority(interests: LineupInterest[], history: RoleHistory = new Map()): LineupInterest[] {
  const held = (i: LineupInterest) => i.roles.reduce((n, role) => n + (history.get(i.country)?.[role] ?? 0), 0);
  return [...interests].sort(
    (a, b) => held(a) - held(b) || a.submittedAt - b.submittedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** First come, first served: each interest takes its best-ranked place still allowed. */
function greedyVector(sessions: LineupSession[], interests: LineupInterest[], history?: RoleHistory): Vector {
  const board = new Board(sessions);
  for (const i of byPriority(interests, history)) {
    for (const o of optionsOf(sessions, i)) if (board.place(o.personId, o.country, o.session, o.role, o.rank)) break;
  }
  return board.vector();
}

/** Tries every way to place every person (or not). */
function bruteForceVector(sessions: LineupSession[], interests: LineupInterest[]): Vector {
  const board = new Board(sessions);
  const people = [...new Set(interests.map((i) => i.personId))];
  const options = people.map((p) => interests.filter((i) => i.personId === p).flatMap((i) => optionsOf(sessions, i)));
  let best = board.vector();
  const visit = (k: number) => {
    if (k === people.length) {
      const v = board.vector();
      if (compareVectors(v, best) > 0) best = v;
      return;
    }
    visit(k + 1);
    for (const o of options[k]!) {
      const undo = board.place(o.personId, o.country, o.session, o.role, o.rank);
      if (undo) {
        visit(k + 1);
        undo();
      }
    }
  };
  visit(0);
  return best;
}

/** Who holds a role in a suggested session (a fixed country with nobody counts as no one). */
function holders(out: LineupSuggestion['sessions'][number] | undefined, role: Role): string[] {
  if (!out) return [];
  if (role === 'co_blogger') return out.coBloggerIds;
  if (role === 'chair') return out.chair ? [out.chair.personId] : [];
  return out[role]?.personIds ?? [];
}

/** The obstacles a reason names: its own, or itself when it is the only one. */
const obstaclesOf = (reason: Reason): Issue[] => reason.obstacles ?? [reason];
const text = (value: IssueParams[string] | undefined) => (typeof value === 'string' ? value : '');
const list = (value: IssueParams[string] | undefined) => (Array.isArray(value) ? value : []);

/**
 * What an unplaced person's reason says, checked obstacle by obstacle against the input and the
 * line-up: each is one the solver may give, about a session the person ranked and a role they
 * named, and it is true of the line-up. Returns what is wrong, or nothing.
 */
function unplacedReasonProblems(
  sessions: LineupSession[],
  interest: LineupInterest,
  result: LineupSuggestion,
  reason: Reason,
): string[] {
  const who = `reason for ${interest.id} (${JSON.stringify(reason)})`;
  if (interest.roles.length === 0) return reason.code === 'names_no_role' ? [] : [`${who}: not "names no role"`];
  if (interest.sessionIds.length === 0)
    return reason.code === 'ranks_no_session' ? [] : [`${who}: not "ranks no session"`];
  if (reason.obstacles && (reason.code !== 'nothing_free' || reason.obstacles.length < 2))
    return [`${who}: several obstacles are "nothing_free", and there are two or more`];
  const out = (id: string) => result.sessions.find((s) => s.sessionId === id);
  const fixed = (id: string) => sessions.find((s) => s.id === id)?.fixed;
  const asked = (id: string, role: Role) => wants(interest, id, role);
  const fixedPeople = (id: string, role: Exclude<Role, 'co_blogger'>) => {
    const before = fixed(id)?.[role];
    if (!before) return [];
    return 'personIds' in before ? before.personIds : before.personId ? [before.personId] : [];
  };
  // Each obstacle the solver may give, and when it is true.
  const forms: Record<string, (session: string, role: Role, p: IssueParams) => boolean> = {
    search_stopped: (session, role) => result.provenOptimal === false && asked(session, role),
    session_not_open: (session) => interest.sessionIds.includes(session) && !out(session),
    declined: (session, role) =>
      interest.declinedBySession?.get(session)?.includes(role) === true &&
      (interest.rolesBySession?.get(session) ?? interest.roles).includes(role),
    co_blogger_places_full: (session, role) =>
      role === 'co_blogger' && asked(session, role) && holders(out(session), role).length === 3,
    place_filled: (session, role) =>
      role !== 'co_blogger' && asked(session, role) && fixedPeople(session, role).length > 0,
    place_reserved: (session, role, p) =>
      role !== 'co_blogger' &&
      asked(session, role) &&
      fixed(session)?.[role]?.country === p.country &&
      p.country !== interest.country,
    country_focal_elsewhere: (session, _role, p) =>
      p.country === interest.country &&
      out(session)?.focal?.country === p.country &&
      interest.sessionIds.some((id) => id !== session && wants(interest, id, 'focal')),
    country_holds_other_role: (session, role, p) =>
      (role === 'focal' || role === 'discussant') &&
      asked(session, role === 'focal' ? 'discussant' : 'focal') &&
      p.country === interest.country &&
      out(session)?.[role]?.country === p.country,
    place_taken: (session, role) => {
      const taken = holders(out(session), role);
      return role !== 'co_blogger' && asked(session, role) && taken.length > 0 && !taken.includes(interest.personId);
    },
  };
  const problems: string[] = [];
  for (const obstacle of obstaclesOf(reason)) {
    const holds = forms[obstacle.code];
    const role = text(obstacle.params.role) as Role;
    if (!holds?.(text(obstacle.params.session), role, obstacle.params))
      problems.push(`${who}: ${JSON.stringify(obstacle)} is not one the solver may give here, or not true`);
  }
  return problems;
}

/** The reason an empty place gives, checked against who wanted it and the line-up. */
function openReasonProblems(
  sessions: LineupSession[],
  interests: LineupInterest[],
  result: LineupSuggestion,
  open: LineupSuggestion['openPlaces'][number],
): string[] {
  const { sessionId, role, reason } = open;
  const who = `reason for open ${sessionId}:${role} (${JSON.stringify(reason)})`;
  const wanting = interests.filter((i) => wants(i, sessionId, role));
  if (wanting.length === 0)
    return reason.code === 'nobody_asked' && reason.params.role === role ? [] : [`${who}: nobody names ${role} here`];
  const before = role === 'co_blogger' ? null : sessions.find((s) => s.id === sessionId)?.fixed[role];
  const reserved =
    before && (!('personIds' in before) || before.personIds.length === 0) && !('personId' in before && before.personId)
      ? before.country
      : null;
  const eligible = reserved ? wanting.filter((i) => i.country === reserved) : wanting;
  if (eligible.length === 0) {
    return reason.code === 'reserved_nobody_asked' && reason.params.country === reserved
      ? []
      : [`${who}: reserved for ${reserved}, and nobody from there names it`];
  }
  const out = (id: string) => result.sessions.find((s) => s.sessionId === id);
  const placement = (personId: string) => {
    for (const s of result.sessions)
      for (const r of ROLES) if (holders(s, r).includes(personId)) return { session: s.sessionId, role: r };
    return null;
  };
  const others = eligible.filter((i) => {
    const at = placement(i.personId);
    return !(at?.session === sessionId && at.role === role);
  });
  if (others.length === 0)
    return reason.code === 'nobody_else_asked' && reason.params.role === role
      ? []
      : [`${who}: everyone who asked holds this role's other places here`];
  const only = /^only_from_(focal|discussant)_country$/.exec(reason.code);
  if (only) {
    const country = text(reason.params.country);
    const ok =
      out(sessionId)?.[only[1] as 'focal' | 'discussant']?.country === country &&
      eligible.every((i) => i.country === country || placement(i.personId));
    return ok ? [] : [`${who}: not all candidates are from ${country}`];
  }
  if (reason.code !== 'no_candidate_free' || !reason.obstacles?.length)
    return [`${who}: not a reason the solver gives`];
  const fixedIds = new Set(
    sessions.flatMap((s) => [
      ...(s.fixed.focal?.personIds ?? []),
      ...(s.fixed.discussant?.personIds ?? []),
      ...(s.fixed.chair?.personId ? [s.fixed.chair.personId] : []),
      ...(s.fixed.coBloggerIds ?? []),
    ]),
  );
  const problems: string[] = [];
  for (const obstacle of reason.obstacles) {
    const people = list(obstacle.params.people);
    const p = obstacle.params;
    if (p.n !== people.length) problems.push(`${who}: ${JSON.stringify(obstacle)} miscounts its people`);
    const holds = (personId: string) => {
      const i = eligible.find((e) => e.personId === personId);
      if (!i) return false;
      const at = placement(personId);
      switch (obstacle.code) {
        case 'holds_place':
        case 'placed_elsewhere':
          return (
            at?.session === p.session &&
            at?.role === p.role &&
            i.country === p.country &&
            fixedIds.has(personId) === (obstacle.code === 'holds_place')
          );
        case 'from_country_focal_elsewhere':
          return !at && i.country === p.country && out(text(p.session))?.focal?.country === p.country;
        case 'from_focal_country':
        case 'from_discussant_country': {
          const other = obstacle.code === 'from_focal_country' ? 'focal' : 'discussant';
          return !at && i.country === p.country && out(sessionId)?.[other]?.country === p.country;
        }
        case 'free_but_search_stopped':
          return result.provenOptimal === false && !at;
        default:
          return false;
      }
    };
    if (people.length === 0 || !people.every(holds))
      problems.push(`${who}: ${JSON.stringify(obstacle)} is not an obstacle the solver names, or not true`);
  }
  return problems;
}

/**
 * Checks every hard rule on the solver's output and replays its placements on a Board (which refuses
 * anything illegal); returns the objective vector of the output, or throws with what broke.
 */
function checkLineup(sessions: LineupSession[], interests: LineupInterest[], result: LineupSuggestion): Vector {
  const problems: string[] = [];
  const sorted = [...sessions].sort((a, b) => (a.id < b.id ? -1 : 1));
  if (result.sessions.map((s) => s.sessionId).join() !== sorted.map((s) => s.id).join())
    problems.push('sessions missing or out of order');
  const board = new Board(sorted);
  const seen = new Set<string>();
  const bestRank = (personId: string, s: number, role: Role, country: string) => {
    const ranks = interests
      .filter((i) => i.personId === personId && wants(i, sorted[s]!.id, role) && i.country === country)
      .map((i) => i.sessionIds.indexOf(sorted[s]!.id) + 1)
      .filter((r) => r > 0);
    return ranks.length ? Math.min(...ranks) : 0;
  };
  const add = (personId: string, country: string, s: number, role: Role) => {
    const rank = bestRank(personId, s, role, country);
    if (rank === 0) problems.push(`${personId} placed as ${role} in ${sorted[s]!.id} without asking`);
    else if (!board.place(personId, country, s, role, rank))
      problems.push(`${personId} as ${role} in ${sorted[s]!.id} breaks a rule`);
  };

  result.sessions.forEach((out, s) => {
    const input = sorted[s]!;
    const people = [
      ...(out.focal?.personIds ?? []),
      ...(out.discussant?.personIds ?? []),
      ...(out.chair ? [out.chair.personId] : []),
      ...out.coBloggerIds,
    ];
    for (const p of people) {
      if (seen.has(p)) problems.push(`${p} placed twice`);
      seen.add(p);
    }
    if (out.focal && out.discussant && out.focal.country === out.discussant.country)
      problems.push(`${input.id}: focal = discussant country`);
    if (out.coBloggerIds.length > 3) problems.push(`${input.id}: more than 3 co-bloggers`);
    for (const role of ['focal', 'discussant'] as const) {
      const before = input.fixed[role];
      const after = out[role];
      if (before && (after?.country !== before.country || before.personIds.some((p, k) => after.personIds[k] !== p))) {
        problems.push(`${input.id}: fixed ${role} changed`);
      }
      const added = (after?.personIds ?? []).slice(before?.personIds.length ?? 0);
      if (added.length > 1 || (added.length === 1 && (before?.personIds.length ?? 0) > 0))
        problems.push(`${input.id}: too many ${role} people`);
      for (const p of added) add(p, after!.country, s, role);
    }
    const chair = input.fixed.chair;
    if (chair?.personId && out.chair?.personId !== chair.personId) problems.push(`${input.id}: fixed chair changed`);
    if (chair?.country && out.chair && out.chair.country !== chair.country)
      problems.push(`${input.id}: fixed chair country changed`);
    if (out.chair && !chair?.personId) add(out.chair.personId, out.chair.country, s, 'chair');
    const fixedCo = input.fixed.coBloggerIds ?? [];
    if (fixedCo.some((p, k) => out.coBloggerIds[k] !== p)) problems.push(`${input.id}: fixed co-bloggers changed`);
    for (const p of out.coBloggerIds.slice(fixedCo.length)) {
      const country = interests.find((i) => i.personId === p)?.country ?? '';
      add(p, country, s, 'co_blogger');
    }
  });
  const focalCountries = result.sessions.flatMap((s) => (s.focal ? [s.focal.country] : []));
  if (new Set(focalCountries).size !== focalCountries.length)
    problems.push(`a country is focal twice: ${focalCountries.join()}`);

  // Explanations: exactly the interests of people without a place, and every empty place.
  const unplacedExpected = interests
    .filter((i) => !seen.has(i.personId))
    .map((i) => i.id)
    .sort();
  const unplacedGot = result.unplaced.map((u) => u.interestId).sort();
  if (unplacedExpected.join() !== unplacedGot.join())
    problems.push(`unplaced ${unplacedGot.join()} ≠ ${unplacedExpected.join()}`);
  for (const u of result.unplaced) {
    const interest = interests.find((i) => i.id === u.interestId);
    if (!interest) problems.push(`unplaced ${u.interestId} is no interest`);
    else problems.push(...unplacedReasonProblems(sorted, interest, result, u.reason));
  }
  const openExpected = result.sessions.flatMap((s) => [
    ...(s.focal?.personIds.length ? [] : [`${s.sessionId}:focal`]),
    ...(s.discussant?.personIds.length ? [] : [`${s.sessionId}:discussant`]),
    ...(s.chair ? [] : [`${s.sessionId}:chair`]),
    ...Array.from({ length: Math.max(0, 2 - s.coBloggerIds.length) }, () => `${s.sessionId}:co_blogger`),
  ]);
  if (result.openPlaces.map((o) => `${o.sessionId}:${o.role}`).join() !== openExpected.join())
    problems.push('open places do not match the empty places');
  for (const o of result.openPlaces) problems.push(...openReasonProblems(sorted, interests, result, o));

  const vector = board.vector();
  const { score } = result;
  const reported: Vector = [
    score.focalDiscussant,
    score.chairs,
    score.coBloggersUpTo2,
    score.coBloggersUpTo3,
    Math.round(score.preference * 840),
  ];
  if (compareVectors(reported, vector) !== 0) problems.push(`score ${reported} ≠ recomputed ${vector}`);
  if (problems.length) throw new Error(problems.join('\n'));
  return vector;
}

// ---------------------------------------------------------------------------------------------
// Hand-made cases
// ---------------------------------------------------------------------------------------------

t.test('beats first-come-first-served: fills every focal place greedy would leave empty', async (t) => {
  const sessions = [session('s1'), session('s2')];
  const interests = [
    // Ana is first and wants s1 most, but Bo can only do s1: the full line-up sends Ana to s2.
    interest('ana', 'AR', ['focal'], ['s1', 's2']),
    interest('bo', 'BR', ['focal'], ['s1']),
  ];
  t.same(greedyVector(sessions, interests).slice(0, 1), [1], 'greedy fills only one focal place');
  const result = suggestLineup(sessions, interests);
  t.same(byId(result, 's1').focal, { country: 'BR', personIds: ['bo'] });
  t.same(byId(result, 's2').focal, { country: 'AR', personIds: ['ana'] });
  t.equal(result.score.focalDiscussant, 2);
  t.same(result.unplaced, []);
  t.notOk(
    result.openPlaces.some((o) => o.role === 'focal'),
    'no focal place left open',
  );
});

t.test('beats greedy across roles: someone able to do two roles takes the one nobody else can fill', async (t) => {
  const sessions = [session('s1')];
  const interests = [interest('cy', 'CL', ['focal', 'chair'], ['s1']), interest('di', 'DE', ['focal'], ['s1'])];
  t.same(greedyVector(sessions, interests).slice(0, 2), [1, 0], 'greedy: Cy takes focal, nobody chairs');
  const result = suggestLineup(sessions, interests);
  checkLineup(sessions, interests, result);
  t.same(byId(result, 's1').focal, { country: 'DE', personIds: ['di'] });
  t.same(byId(result, 's1').chair, { personId: 'cy', country: 'CL' });
  t.same(result.unplaced, []);
});

t.test('finds the line-up where the country rules need a careful choice', async (t) => {
  // Three Argentinians and one Brazilian for focal/discussant: every person fits only if Argentina is
  // focal in s0 alone and Dora (BR) is focal in s2 next to an Argentinian discussant.
  const sessions = [session('s0'), session('s1'), session('s2')];
  const interests = [
    interest('ana', 'AR', ['focal'], ['s0', 's1']),
    interest('ben', 'AR', ['focal', 'discussant'], ['s1']),
    interest('cai', 'AR', ['focal', 'discussant'], ['s0', 's1', 's2']),
    interest('dora', 'BR', ['focal'], ['s2', 's0']),
  ];
  const result = suggestLineup(sessions, interests);
  checkLineup(sessions, interests, result);
  t.equal(result.score.focalDiscussant, 4, 'all four placed');
  t.same(result.unplaced, []);
  t.same(
    result.sessions.map((s) => [s.focal?.personIds[0] ?? null, s.discussant?.personIds[0] ?? null]),
    [
      ['ana', null],
      [null, 'ben'],
      ['dora', 'cai'],
    ],
  );
});

t.test('with few countries, moves a person to the other role they asked for', async (t) => {
  // Three countries for three focal places: Alba (AR) gives focal up to Ari and co-blogs instead,
  // and Bea (BR) takes her second choice so Bruno's country is not focal twice.
  const sessions = [session('s0'), session('s1'), session('s2')];
  const interests = [
    interest('bea', 'BR', ['focal'], ['s2', 's1']),
    interest('ari', 'AR', ['focal'], ['s0']),
    interest('cruz', 'CL', ['focal', 'co_blogger'], ['s0', 's2']),
    interest('alba', 'AR', ['focal', 'co_blogger'], ['s0', 's2', 's1']),
    interest('bruno', 'BR', ['focal'], ['s2']),
  ];
  const result = suggestLineup(sessions, interests);
  t.same(checkLineup(sessions, interests, result), bruteForceVector(sessions, interests), 'optimal');
  t.same(
    result.sessions.map((s) => [s.focal?.personIds[0], ...s.coBloggerIds]),
    [['ari', 'alba'], ['bea'], ['cruz']],
  );
  t.same(result.unplaced, [
    {
      personId: 'bruno',
      interestId: interests[4]!.id,
      reason: { code: 'country_focal_elsewhere', params: { country: 'BR', session: 's1' } },
    },
  ]);
});

t.test('explains places the country rules leave empty', async (t) => {
  const sessions = [session('s1'), session('s2')];
  const interests = [
    interest('ana', 'AR', ['focal'], ['s1']),
    interest('abe', 'AR', ['discussant'], ['s1']),
    interest('amy', 'AR', ['discussant', 'focal'], ['s1']),
    interest('bo', 'BR', ['co_blogger'], ['s2']),
  ];
  const result = suggestLineup(sessions, interests);
  checkLineup(sessions, interests, result);
  t.same(byId(result, 's1').focal, { country: 'AR', personIds: ['ana'] });
  t.equal(byId(result, 's1').discussant, null);
  const open = (sessionId: string, role: Role) =>
    result.openPlaces.filter((o) => o.sessionId === sessionId && o.role === role).map((o) => o.reason);
  t.same(open('s1', 'discussant'), [{ code: 'only_from_focal_country', params: { country: 'AR' } }]);
  t.same(open('s1', 'chair'), [{ code: 'nobody_asked', params: { role: 'chair' } }]);
  t.same(open('s2', 'focal'), [{ code: 'nobody_asked', params: { role: 'focal' } }]);
  t.same(
    open('s2', 'co_blogger'),
    [{ code: 'nobody_else_asked', params: { role: 'co_blogger' } }],
    'Bo, in one of the two places, is no reason the other is open',
  );
  t.same(
    result.unplaced.map((u) => [u.personId, u.reason]),
    [
      ['abe', { code: 'country_holds_other_role', params: { country: 'AR', role: 'focal', session: 's1' } }],
      [
        'amy',
        {
          code: 'nothing_free',
          params: {},
          obstacles: [
            { code: 'place_taken', params: { role: 'focal', session: 's1' } },
            { code: 'country_holds_other_role', params: { country: 'AR', role: 'focal', session: 's1' } },
          ],
        },
      ],
    ],
  );
});

t.test('keeps and counts fixed parts', async (t) => {
  const sessions = [
    session('s1', { focal: { country: 'AR', personIds: ['fixed-focal'] }, coBloggerIds: ['fixed-co1', 'fixed-co2'] }),
    session('s2', { focal: { country: 'BR', personIds: [] }, chair: { personId: null, country: 'CL' } }),
    session('s3', { chair: { personId: 'fixed-chair', country: 'DE' } }),
  ];
  const interests = [
    interest('ari', 'AR', ['focal'], ['s3', 's2']),
    interest('fixed-focal', 'AR', ['chair', 'co_blogger'], ['s2', 's3']),
    interest('bea', 'BR', ['focal'], ['s2']),
    interest('bob', 'BR', ['focal'], ['s2']),
    interest('cam', 'CL', ['chair'], ['s2']),
    interest('uma', 'UY', ['chair'], ['s2', 's3']),
    interest('co1', 'PE', ['co_blogger'], ['s1']),
    interest('co2', 'PE', ['co_blogger'], ['s1']),
  ];
  const result = suggestLineup(sessions, interests);
  checkLineup(sessions, interests, result);
  t.same(byId(result, 's1').focal, { country: 'AR', personIds: ['fixed-focal'] }, 'fixed focal kept');
  t.same(byId(result, 's1').coBloggerIds, ['fixed-co1', 'fixed-co2', 'co1'], 'one co-blogger added up to three');
  t.same(byId(result, 's2').focal, { country: 'BR', personIds: ['bea'] }, 'one person of the fixed country added');
  t.same(byId(result, 's2').chair, { personId: 'cam', country: 'CL' }, 'chair of the fixed country');
  t.same(byId(result, 's3').chair, { personId: 'fixed-chair', country: 'DE' });
  t.notOk(JSON.stringify(result.sessions.slice(1)).includes('fixed-focal'), 'fixed person not placed again');
  t.notOk(
    result.unplaced.some((u) => u.personId === 'fixed-focal'),
    'fixed person is not "unplaced"',
  );
  t.same(
    result.unplaced.map((u) => [u.personId, u.reason]),
    [
      [
        'ari',
        {
          code: 'nothing_free',
          params: {},
          obstacles: [
            { code: 'country_focal_elsewhere', params: { country: 'AR', session: 's1' } },
            { code: 'place_reserved', params: { role: 'focal', session: 's2', country: 'BR' } },
          ],
        },
      ],
      ['bob', { code: 'place_taken', params: { role: 'focal', session: 's2' } }],
      [
        'uma',
        {
          code: 'nothing_free',
          params: {},
          obstacles: [
            { code: 'place_reserved', params: { role: 'chair', session: 's2', country: 'CL' } },
            { code: 'place_filled', params: { role: 'chair', session: 's3' } },
          ],
        },
      ],
      ['co2', { code: 'co_blogger_places_full', params: { role: 'co_blogger', session: 's1' } }],
    ],
  );
  t.same(
    result.openPlaces.find((o) => o.sessionId === 's3' && o.role === 'focal')?.reason,
    {
      code: 'no_candidate_free',
      params: { role: 'focal' },
      obstacles: [
        { code: 'from_country_focal_elsewhere', params: { country: 'AR', session: 's1', people: ['ari'], n: 1 } },
      ],
    },
    'Ari, whose country is focal in s1, could not be focal in s3',
  );
  t.same(
    result.openPlaces.find((o) => o.sessionId === 's2' && o.role === 'co_blogger')?.reason,
    {
      code: 'no_candidate_free',
      params: { role: 'co_blogger' },
      obstacles: [
        {
          code: 'holds_place',
          params: { role: 'focal', session: 's1', country: 'AR', people: ['fixed-focal'], n: 1 },
        },
      ],
    },
    'a person kept in a place is named with that place',
  );
  t.equal(result.score.chairs, 2, 'the fixed chair counts');
  t.equal(result.score.focalDiscussant, 2, 'fixed focal places count, including a country without people');
});

t.test('a fixed country with nobody to add is reported open, with the reason', async (t) => {
  const sessions = [
    session('s1', { discussant: { country: 'KE', personIds: [] }, chair: { personId: null, country: 'NG' } }),
  ];
  const interests = [interest('gh', 'GH', ['discussant', 'chair'], ['s1'])];
  const result = suggestLineup(sessions, interests);
  checkLineup(sessions, interests, result);
  t.same(byId(result, 's1').discussant, { country: 'KE', personIds: [] });
  t.equal(byId(result, 's1').chair, null);
  t.same(result.openPlaces.find((o) => o.role === 'chair')?.reason, {
    code: 'reserved_nobody_asked',
    params: { role: 'chair', country: 'NG' },
  });
  t.same(result.openPlaces.find((o) => o.role === 'discussant')?.reason, {
    code: 'reserved_nobody_asked',
    params: { role: 'discussant', country: 'KE' },
  });
  t.same(result.unplaced[0]?.reason, {
    code: 'nothing_free',
    params: {},
    obstacles: [
      { code: 'place_reserved', params: { role: 'discussant', session: 's1', country: 'KE' } },
      { code: 'place_reserved', params: { role: 'chair', session: 's1', country: 'NG' } },
    ],
  });
});

t.test('prefers higher-ranked sessions, then earlier interests', async (t) => {
  const sessions = [session('s1'), session('s2')];
  const interests = [
    interest('late', 'AR', ['chair'], ['s1', 's2'], 50),
    interest('early', 'BR', ['chair'], ['s1', 's2'], 10),
    interest('only', 'CL', ['chair'], ['s2', 's1'], 90),
  ];
  const result = suggestLineup(sessions, interests);
  // 'only' gets its first choice s2; of the two tied for s1, the earlier interest wins.
  t.same(
    result.sessions.map((s) => s.chair?.personId),
    ['early', 'only'],
  );
  t.equal(result.score.preference, 2);
  t.same(result.unplaced, [
    {
      personId: 'late',
      interestId: interests[0]!.id,
      reason: {
        code: 'nothing_free',
        params: {},
        obstacles: [
          { code: 'place_taken', params: { role: 'chair', session: 's1' } },
          { code: 'place_taken', params: { role: 'chair', session: 's2' } },
        ],
      },
    },
  ]);
});

t.test('per-session roles: focal only in June is never focal in April', async (t) => {
  // June's focal and discussant places are taken; April is open.
  const june = session('june', {
    focal: { country: 'BR', personIds: ['b'] },
    discussant: { country: 'CL', personIds: ['c'] },
  });
  const sessions = [session('april'), june];
  const withChoices = [
    choosing('a', 'AR', [
      ['june', ['focal']],
      ['april', ['discussant']],
    ]),
    interest('d', 'KE', ['discussant'], ['april']),
  ];
  const result = suggestLineup(sessions, withChoices);
  checkLineup(sessions, withChoices, result);
  t.same(byId(result, 'april').focal, null, 'nobody is made focal in April');
  t.same(
    byId(result, 'april').discussant,
    { country: 'KE', personIds: ['d'] },
    'April ranked first beats ranked second',
  );
  t.same(
    result.unplaced.map((u) => u.personId),
    ['a'],
  );
  t.same(result.openPlaces.find((o) => o.sessionId === 'april' && o.role === 'focal')?.reason, {
    code: 'nobody_asked',
    params: { role: 'focal' },
  });

  // The shorthand of the same roles and sessions offers focal in April too, and the solver takes it.
  const shorthand = [interest('a', 'AR', ['focal', 'discussant'], ['june', 'april']), withChoices[1]!];
  const asShorthand = suggestLineup(sessions, shorthand);
  checkLineup(sessions, shorthand, asShorthand);
  t.same(byId(asShorthand, 'april').focal, { country: 'AR', personIds: ['a'] });
  t.same(byId(asShorthand, 'april').discussant, { country: 'KE', personIds: ['d'] });
});

t.test('per-session roles: a placement scores 1/r by the rank of its session', async (t) => {
  // s1's chair and s2's co-blogger places are taken: only focal in s3, ranked third, is left.
  const sessions = [
    session('s1', { chair: { personId: 'x', country: 'GH' } }),
    session('s2', { coBloggerIds: ['y1', 'y2', 'y3'] }),
    session('s3'),
  ];
  const interests = [
    choosing('a', 'AR', [
      ['s1', ['chair']],
      ['s2', ['co_blogger']],
      ['s3', ['focal']],
    ]),
  ];
  const result = suggestLineup(sessions, interests);
  checkLineup(sessions, interests, result);
  t.same(byId(result, 's3').focal, { country: 'AR', personIds: ['a'] });
  t.equal(byId(result, 's3').chair, null, 'not chair in s3: only focal was asked for there');
  t.equal(result.score.preference, 1 / 3);

  // Alone and free: a chair place (level 2) beats a co-blogger place, scored by its session's rank.
  const free = [session('s1'), session('s2')];
  const second = [
    choosing('a', 'AR', [
      ['s1', ['co_blogger']],
      ['s2', ['chair']],
    ]),
  ];
  const placed = suggestLineup(free, second);
  checkLineup(free, second, placed);
  t.same(byId(placed, 's2').chair, { personId: 'a', country: 'AR' });
  t.same(byId(placed, 's1').coBloggerIds, []);
  t.equal(placed.score.preference, 1 / 2);
});

t.test('a declined role is never offered again in that session', async (t) => {
  const sessions = [session('s1'), session('s2')];
  // Kwame declined focal in s1: he may still be focal in s2, or discussant in s1 where he asked for it.
  const declined = new Map<string, Role[]>([['s1', ['focal']]]);
  const kwame: LineupInterest = {
    ...choosing('kwame', 'GH', [
      ['s1', ['focal', 'discussant']],
      ['s2', ['focal']],
    ]),
    declinedBySession: declined,
  };
  const result = suggestLineup(sessions, [kwame]);
  checkLineup(sessions, [kwame], result);
  t.same(byId(result, 's1').focal, null, 'not focal where he declined it');
  t.same(
    byId(result, 's1').discussant,
    { country: 'GH', personIds: ['kwame'] },
    'discussant there: his choices name it',
  );

  // Asking only for focal in s1, the only session, he is left unplaced rather than offered it again.
  const only: LineupInterest = { ...interest('kwame', 'GH', ['focal'], ['s1']), declinedBySession: declined };
  const alone = suggestLineup([session('s1')], [only]);
  t.same(byId(alone, 's1').focal, null);
  t.same(
    alone.unplaced.map((u) => u.personId),
    ['kwame'],
  );
});

t.test('rotation: among equal line-ups, the country that held the role less often comes first', async (t) => {
  const sessions = [session('s1')];
  // Argentina asked first, so without history it would be focal; it has been focal twice before.
  const interests = [interest('ana', 'AR', ['focal'], ['s1'], 1), interest('bea', 'BR', ['focal'], ['s1'], 2)];
  t.same(byId(suggestLineup(sessions, interests), 's1').focal, { country: 'AR', personIds: ['ana'] }, 'no history');
  const history: RoleHistory = new Map([['AR', { focal: 2 }]]);
  const rotated = suggestLineup(sessions, interests, history);
  checkLineup(sessions, interests, rotated);
  t.same(byId(rotated, 's1').focal, { country: 'BR', personIds: ['bea'] }, 'Brazil, never focal before');
  // A history of another role does not count against focal.
  const otherRole = suggestLineup(sessions, interests, new Map([['AR', { chair: 3 }]]));
  t.same(byId(otherRole, 's1').focal, { country: 'AR', personIds: ['ana'] });
  // Rotation only settles ties: a better-filled line-up still wins.
  const withDiscussant = [...interests, interest('ama', 'BR', ['discussant'], ['s1'], 3)];
  const filled = suggestLineup(sessions, withDiscussant, history);
  t.same(byId(filled, 's1').focal, { country: 'AR', personIds: ['ana'] }, 'focal AR lets Brazil be discussant');
  t.same(byId(filled, 's1').discussant, { country: 'BR', personIds: ['ama'] });
});

t.test('identical output whatever the input order', async (t) => {
  const { sessions, interests } = randomSeries(7, 8, 80);
  const expected = suggestLineup(sessions, interests);
  checkLineup(sessions, interests, expected);
  for (let round = 1; round <= 5; round++) {
    const shuffle = prng(round);
    t.same(
      suggestLineup(shuffleWith(sessions, shuffle), shuffleWith(interests, shuffle)),
      expected,
      `shuffle ${round}`,
    );
  }
});

t.test('a full-size series (12 sessions × 200 interests) keeps every rule', async (t) => {
  const { sessions, interests } = randomSeries(11, 12, 200);
  const result = suggestLineup(sessions, interests);
  const vector = checkLineup(sessions, interests, result);
  t.ok(compareVectors(vector, greedyVector(sessions, interests)) >= 0, 'at least as good as greedy');
  t.equal(result.provenOptimal, true);
});

t.test('a pathological series stops at the work limit with a valid, explained line-up', async (t) => {
  // 20 sessions, 60 interests of 8 countries, 1–2 ranked sessions each: far sparser than the series
  // the search is tuned for, and this one needs more work to prove than the limit allows.
  const { sessions, interests } = randomSeries(13, 20, 60, 8, 2);
  const result = suggestLineup(sessions, interests);
  t.equal(result.provenOptimal, false, 'flagged as not proven');
  const vector = checkLineup(sessions, interests, result);
  t.ok(compareVectors(vector, greedyVector(sessions, interests)) >= 0, 'still at least as good as greedy');
});

// ---------------------------------------------------------------------------------------------
// Random instances
// ---------------------------------------------------------------------------------------------

function shuffleWith<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let j = copy.length - 1; j > 0; j--) {
    const k = Math.floor(random() * (j + 1));
    [copy[j], copy[k]] = [copy[k]!, copy[j]!];
  }
  return copy;
}

function randomSeries(seed: number, sessionCount: number, interestCount: number, countryCount = 12, maxRanks = 4) {
  const random = prng(seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const countries = Array.from({ length: countryCount }, (_, i) => `C${i}`);
  const sessions = Array.from({ length: sessionCount }, (_, i) => session(`s${String(i).padStart(2, '0')}`));
  sessions[0]!.fixed = { focal: { country: 'C0', personIds: [] }, coBloggerIds: ['x1'] };
  const interests = Array.from({ length: interestCount }, (_, i) => {
    const roles = ROLES.filter(() => random() < 0.5);
    const ranked = shuffleWith(
      sessions.map((s) => s.id),
      random,
    ).slice(0, 1 + Math.floor(random() * maxRanks));
    return {
      id: `i${i}`,
      personId: `p${i % (interestCount - 5)}`,
      country: pick(countries),
      roles,
      sessionIds: ranked,
      submittedAt: Math.floor(random() * 50),
    };
  });
  // People with two interests keep one country, as a person would.
  for (const i of interests) i.country = interests.find((j) => j.personId === i.personId)!.country;
  return { sessions, interests };
}

const COUNTRIES = ['AR', 'BR', 'CL'];

/**
 * Small series that are hard on purpose: near-full sizes, mostly focal/discussant asks from three
 * countries, distinct people with an occasional second interest, and a few fixed parts that keep the rules.
 */
function seriesArbitrary(maxSessions: number, maxInterests: number) {
  const rarely = <T>(arbitrary: fc.Arbitrary<T>) =>
    fc.oneof({ arbitrary: fc.constant(null), weight: 8 }, { arbitrary, weight: 1 });
  const fixedTeam = rarely(
    fc.record({ country: fc.constantFrom(...COUNTRIES), personIds: fc.subarray(['f1', 'p1'], { maxLength: 1 }) }),
  );
  const fixed = fc.record({
    focal: fixedTeam,
    discussant: fixedTeam,
    chair: rarely(
      fc.record({ personId: fc.constantFrom(null, 'f2', 'p2'), country: fc.constantFrom(null, ...COUNTRIES) }),
    ),
    coBloggerIds: rarely(fc.subarray(['f3', 'f4', 'p3'], { minLength: 1, maxLength: 2 })),
  });
  const ask = (sessionCount: number) =>
    fc.record({
      secondInterestOfPrevious: fc.oneof(
        { arbitrary: fc.constant(false), weight: 5 },
        { arbitrary: fc.constant(true), weight: 1 },
      ),
      roles: fc.oneof(
        { arbitrary: fc.subarray<Role>(['focal', 'discussant'], { minLength: 1 }), weight: 4 },
        { arbitrary: fc.subarray(ROLES), weight: 1 },
      ),
      ranks: fc.uniqueArray(fc.integer({ min: 0, max: sessionCount - 1 }), { minLength: 1, maxLength: 3 }),
      // Sometimes the roles differ by session (choices): one list per ranked session, cycled.
      perSession: fc.oneof(
        { arbitrary: fc.constant(null), weight: 2 },
        {
          arbitrary: fc.array(
            fc.oneof(
              { arbitrary: fc.subarray<Role>(['focal', 'discussant'], { minLength: 1 }), weight: 3 },
              { arbitrary: fc.subarray(ROLES, { minLength: 1 }), weight: 1 },
            ),
            { minLength: 1, maxLength: 3 },
          ),
          weight: 1,
        },
      ),
      alsoRanksUnknownSession: fc.oneof(
        { arbitrary: fc.constant(false), weight: 9 },
        { arbitrary: fc.constant(true), weight: 1 },
      ),
      // Sometimes the person declined roles in their first-ranked session.
      declinedInFirst: rarely(fc.subarray(ROLES, { minLength: 1 })),
      submittedAt: fc.integer({ min: 0, max: 3 }),
      country: fc.constantFrom(...COUNTRIES),
    });
  // Sometimes countries already held roles (rotation).
  const history = rarely(
    fc.array(fc.record({ country: fc.constantFrom(...COUNTRIES), role: fc.constantFrom(...ROLES) }), {
      minLength: 1,
      maxLength: 6,
    }),
  ).map((held): RoleHistory => {
    const counts = new Map<string, Partial<Record<Role, number>>>();
    for (const { country, role } of held ?? []) {
      const own = counts.get(country) ?? {};
      own[role] = (own[role] ?? 0) + 1;
      counts.set(country, own);
    }
    return counts;
  });
  return fc
    .integer({ min: Math.max(1, maxSessions - 1), max: maxSessions })
    .chain((sessionCount) =>
      fc.record({
        fixedParts: fc.array(fixed, { minLength: sessionCount, maxLength: sessionCount }),
        asks: fc.array(ask(sessionCount), { minLength: maxInterests - 2, maxLength: maxInterests }),
        history,
      }),
    )
    .map(({ fixedParts, asks, history }) => {
      const usedPeople = new Set<string>();
      const focalCountries = new Set<string>();
      const keepPeople = (ids: string[]) => ids.filter((id) => !usedPeople.has(id) && usedPeople.add(id));
      const sessions = fixedParts.map((f, index) => {
        const focal =
          f.focal && !focalCountries.has(f.focal.country)
            ? { ...f.focal, personIds: keepPeople(f.focal.personIds) }
            : null;
        if (focal) focalCountries.add(focal.country);
        const discussant =
          f.discussant && f.discussant.country !== focal?.country
            ? { ...f.discussant, personIds: keepPeople(f.discussant.personIds) }
            : null;
        const chairPerson = f.chair?.personId && keepPeople([f.chair.personId]).length ? f.chair.personId : null;
        const chair = f.chair ? { personId: chairPerson, country: f.chair.country } : null;
        return session(`s${index}`, { focal, discussant, chair, coBloggerIds: keepPeople(f.coBloggerIds ?? []) });
      });
      const interests: LineupInterest[] = [];
      asks.forEach((a, k) => {
        const previous = interests[k - 1];
        const samePerson = a.secondInterestOfPrevious && previous;
        const sessionIds = [...a.ranks.map((r) => `s${r}`), ...(a.alsoRanksUnknownSession ? ['elsewhere'] : [])];
        const perSession = a.perSession;
        const rolesBySession = perSession
          ? new Map(sessionIds.map((id, n) => [id, perSession[n % perSession.length]!]))
          : null;
        interests.push({
          id: `i${k}`,
          personId: samePerson ? previous.personId : `p${k + 1}`,
          country: samePerson ? previous.country : a.country,
          roles: rolesBySession
            ? ROLES.filter((r) => [...rolesBySession.values()].some((l) => l.includes(r)))
            : a.roles,
          sessionIds,
          ...(rolesBySession ? { rolesBySession } : {}),
          ...(a.declinedInFirst ? { declinedBySession: new Map([[sessionIds[0]!, a.declinedInFirst]]) } : {}),
          submittedAt: a.submittedAt,
        });
      });
      return { sessions, interests, history };
    });
}

t.test('random series: every rule holds and the line-up is never worse than greedy', async (t) => {
  fc.assert(
    fc.property(seriesArbitrary(5, 12), ({ sessions, interests, history }) => {
      const vector = checkLineup(sessions, interests, suggestLineup(sessions, interests, history));
      const greedy = greedyVector(sessions, interests, history);
      if (compareVectors(vector, greedy) < 0) throw new Error(`worse than greedy: ${vector} < ${greedy}`);
    }),
    { numRuns: 200 },
  );
  t.pass('200 series');
});

t.test('random tiny series (≤ 3 sessions, ≤ 6 interests): equal to the brute-force optimum', async (t) => {
  fc.assert(
    fc.property(seriesArbitrary(3, 6), ({ sessions, interests, history }) => {
      const result = suggestLineup(sessions, interests, history);
      const vector = checkLineup(sessions, interests, result);
      if (!result.provenOptimal) throw new Error('tiny series not proven optimal');
      const optimum = bruteForceVector(sessions, interests);
      if (compareVectors(vector, optimum) !== 0) throw new Error(`not optimal: ${vector} vs brute force ${optimum}`);
    }),
    { numRuns: 300 },
  );
  t.pass('300 tiny series');
});

t.test('random series: shuffled input gives identical output', async (t) => {
  fc.assert(
    fc.property(seriesArbitrary(5, 12), fc.integer(), ({ sessions, interests, history }, seed) => {
      const random = prng(seed);
      const expected = suggestLineup(sessions, interests, history);
      const shuffled = suggestLineup(shuffleWith(sessions, random), shuffleWith(interests, random), history);
      if (JSON.stringify(shuffled) !== JSON.stringify(expected)) throw new Error('output depends on input order');
    }),
    { numRuns: 200 },
  );
  t.pass('200 shuffles');
});

t.test('a reason in words: the English sentence, its obstacles together, plurals and country names', async (t) => {
  const several: Reason = {
    code: 'no_candidate_free',
    params: { role: 'chair' },
    obstacles: [
      {
        code: 'placed_elsewhere',
        params: { role: 'co_blogger', session: 'June', country: 'GH', people: ['Ama', 'Bo'], n: 2 },
      },
      { code: 'from_country_focal_elsewhere', params: { country: 'KE', session: 'April', people: ['Wanjiru'], n: 1 } },
      {
        code: 'holds_place',
        params: { role: 'focal', session: 'April', country: 'NG', people: ['A', 'B', 'C', 'D', 'E', 'F'], n: 6 },
      },
    ],
  };
  t.equal(
    reasonWithText(several).reason,
    'Nobody who asked for it is free — Ama and Bo (Ghana) are suggested as co-bloggers in “June”; ' +
      'Wanjiru is from Kenya, already the focal country of “April”; ' +
      'A, B, C and 3 others (Nigeria) already hold places: focal countries in “April”.',
  );
  t.same(reasonWithText({ code: 'declined', params: { role: 'discussant', session: 'RBF' } }), {
    code: 'declined',
    params: { role: 'discussant', session: 'RBF' },
    reason: 'They declined the discussant country role in “RBF”.',
  });
  t.equal(
    reasonText('fr', { code: 'place_reserved', params: { role: 'chair', session: 'RBF', country: 'KE' } }),
    'la place de présidence de séance pour «\u00a0RBF\u00a0» est réservée à un autre pays (Kenya)',
    'in French, with the country in French',
  );
  t.equal(
    reasonText('es', { code: 'only_from_focal_country', params: { country: 'DE' } }),
    'las únicas candidaturas son de Alemania, el país focal de esta sesión',
  );
});
