/**
 * Suggested role line-up for a webinar series: an exact optimiser, pure (no I/O).
 *
 * Model. Every place the solver may fill is a "slot": a session's focal, discussant or chair place,
 * or its remaining co-blogger places. Each person takes at most one slot unit in the whole series.
 * Without the two country rules (focal ≠ discussant country in a session; a country focal at most
 * once in the series) this is a maximum-weight b-matching, solved exactly as a min-cost flow
 * (successive shortest paths, Dijkstra with potentials).
 *
 * Objective. Levels 1–4 (focal+discussant, chairs, co-bloggers up to 2, co-bloggers up to 3,
 * preference) are folded into one integer weight per arc: each level's unit weight exceeds the
 * largest total all levels below it can reach, so no trade-off between levels is ever possible. The
 * tie-break priority sits below all of them. Every weight and sum is an integer below 2^53: exact.
 *
 * Country rules. Branch and bound. Two flow relaxations bound every branch: one keeps "a person is
 * placed once" and ignores countries; the other keeps "a country is focal once" (a hub of capacity 1
 * per country) but lets a focal person hold a second role. Each is exact where the other is loose,
 * and the lower of the two is the bound; a matching of countries to focal places also caps focal
 * fills. A branch bans candidates so as to exclude one broken rule of the relaxation that sets the
 * bound, and re-optimises both flows from its parent's (one shortest path per unit of flow removed).
 * Depth-first, best bound first, pruning every branch whose bound cannot beat the best line-up
 * found on levels 1–4: the result is a proven optimum on levels 1–4.
 *
 * Tie-break (documented rule). An interest's priority is (number of interests − its position when
 * sorted by rotation, then earlier submittedAt, then smaller id). Rotation counts how often the
 * interest's country already held the roles the interest asks for (`RoleHistory`, this series and
 * earlier ones): fewer comes first. The search favours priority in every relaxation
 * and settles the focal and discussant countries; then, keeping those countries, the line-up with
 * the largest total priority is chosen (exactly, by one more flow). Everything depends only on the
 * input's content (sessions sorted by id, interests by priority), never on the order of the arrays.
 */

import { type InterestRole, type Issue, type IssueParams, interestRoles } from './vocabulary.js';

export type Role = InterestRole;

export interface LineupInterest {
  /** Interest id (tie-break). */
  id: string;
  personId: string;
  /** ISO alpha-2. */
  country: string;
  /** Every role the interest names (in any of its sessions). */
  roles: Role[];
  /** Ranked, first = most wanted; a placement in the r-th ranked session scores 1/r. */
  sessionIds: string[];
  /**
   * The roles wanted in each ranked session, for an interest that wants different roles in different
   * sessions ("focal in June, discussant in April"). A session it does not list, or an interest
   * without it, takes every role of `roles` (the shorthand).
   */
  rolesBySession?: ReadonlyMap<string, readonly Role[]>;
  /**
   * Roles this person declined, per session. A declined role is never offered in that session again;
   * the person's other roles there stay on offer only as far as the roles wanted in that session name them.
   */
  declinedBySession?: ReadonlyMap<string, readonly Role[]>;
  /** ms epoch (tie-break: earlier wins). */
  submittedAt: number;
}

/** The roles an interest may be given in one of its sessions: those wanted there, less those declined there. */
export function rolesWantedIn(interest: LineupInterest, sessionId: string): readonly Role[] {
  const wanted = interest.rolesBySession?.get(sessionId) ?? interest.roles;
  const declined = interest.declinedBySession?.get(sessionId);
  return declined?.length ? wanted.filter((role) => !declined.includes(role)) : wanted;
}

/**
 * How many times each country has held each role, in this series and earlier ones: the rotation
 * that settles otherwise equal line-ups in favour of countries that held a role less often.
 */
export type RoleHistory = ReadonlyMap<string, Readonly<Partial<Record<Role, number>>>>;

/** How often the interest's country already held the roles the interest asks for. */
function timesHeld(interest: LineupInterest, history: RoleHistory): number {
  const held = history.get(interest.country);
  if (!held) return 0;
  return interest.roles.reduce((sum, role) => sum + (held[role] ?? 0), 0);
}

/** What a session already has that must be kept: people already invited/accepted, or countries chairs already set. */
export interface FixedLineup {
  /** The country may be set with no people (e.g. "focal country: Argentina"). */
  focal?: { country: string; personIds: string[] } | null;
  discussant?: { country: string; personIds: string[] } | null;
  chair?: { personId: string | null; country: string | null } | null;
  coBloggerIds?: string[];
}

export interface LineupSession {
  id: string;
  fixed: FixedLineup;
}

interface SuggestedSession {
  sessionId: string;
  focal: { country: string; personIds: string[] } | null;
  discussant: { country: string; personIds: string[] } | null;
  /**
   * Country = the chair person's interest country, or the fixed country. Null while no person holds
   * the chair; a fixed chair country without a person then stays in the session's fixed part and the
   * empty chair is listed in `openPlaces`. A fixed chair person with no fixed country and no interest
   * gets country ''.
   */
  chair: { personId: string; country: string } | null;
  coBloggerIds: string[];
}

/**
 * Why a place stays open or a person has none, for each reader to word in their language. In
 * `params`, `session` is a session id, `people` a list of person ids (with their number `n`),
 * `country` an ISO code and `role` a role code: the caller swaps ids for titles and names. Where
 * several things stand in the way, each is one of `obstacles`, so one sentence can name them all.
 */
export interface Reason extends Issue {
  obstacles?: Issue[];
}

/** A person with an interest who got no place, and why. */
interface Unplaced {
  personId: string;
  interestId: string;
  reason: Reason;
}

/** A place left empty, and why. */
interface OpenPlace {
  sessionId: string;
  role: Role;
  reason: Reason;
}

export interface LineupSuggestion {
  sessions: SuggestedSession[];
  unplaced: Unplaced[];
  openPlaces: OpenPlace[];
  /**
   * Always set. False only when the search reached its work limit (pathological series, far beyond
   * the sizes it is tuned for) and returns the best valid line-up found instead of a proven optimum.
   */
  provenOptimal?: boolean;
  /**
   * Counts include the fixed parts (a fixed focal country with no people counts as filled);
   * `preference` sums 1/r over the solver's placements only (see `preferenceWeight` for ranks > 8).
   */
  score: {
    focalDiscussant: number;
    chairs: number;
    coBloggersUpTo2: number;
    coBloggersUpTo3: number;
    preference: number;
  };
}

const ROLES: readonly Role[] = interestRoles;
const MAX_CO_BLOGGERS = 3;
/** Two co-bloggers make a complete session; the third place is a bonus, so only missing places up to two are reported open. */
const EXPECTED_CO_BLOGGERS = 2;
/** lcm(1..8): preference is counted in 840ths so that 1/r is an exact integer for ranks 1–8. */
const PREFERENCE_UNIT = 840;

/**
 * Preference of a placement in the r-th ranked session, in 1/840ths. Exact (840/r) for ranks 1–8;
 * deeper ranks get floor(840/r), at least 1: still ordered, rounded down by less than 1/840.
 */
function preferenceWeight(rank: number): number {
  return Math.max(1, Math.floor(PREFERENCE_UNIT / rank));
}

export function suggestLineup(
  sessions: LineupSession[],
  interests: LineupInterest[],
  history: RoleHistory = new Map(),
): LineupSuggestion {
  const series = describeSeries(sessions, interests, history);
  return buildSuggestion(series, findBestLineup(series));
}

// ---------------------------------------------------------------------------------------------
// Series model
// ---------------------------------------------------------------------------------------------

/** open: empty; reserved: a fixed country and no person, one person of that country may be added; closed: fixed people hold it. */
interface Place {
  state: 'open' | 'reserved' | 'closed';
  country: string | null;
}

interface SessionModel {
  id: string;
  fixed: FixedLineup;
  focal: Place;
  discussant: Place;
  chair: Place;
  fixedCoBloggers: string[];
  /** Slot index per role, or -1 when the solver can add nobody there. */
  slot: Record<Role, number>;
}

type Level = 'focalDiscussant' | 'chairs' | 'coBloggersUpTo2' | 'coBloggersUpTo3';
/** Highest level last, so weights can be built bottom-up. */
const LEVELS_LOW_TO_HIGH: readonly Level[] = ['coBloggersUpTo3', 'coBloggersUpTo2', 'chairs', 'focalDiscussant'];

/** Units of a slot that earn the same objective level; level null earns preference only (reserved places). */
interface Reward {
  capacity: number;
  level: Level | null;
}

interface Slot {
  session: number;
  role: Role;
  /** Country decided for this slot before solving: its fixed country, or null when the placed person's country decides. */
  reservedCountry: string | null;
  rewards: Reward[];
}

/** One way to place a person: a person, the interest that asks for it, and the slot. */
interface Candidate {
  person: number;
  interest: number;
  slot: number;
  country: string;
  preference: number;
}

interface Series {
  sessions: SessionModel[];
  sessionIndex: Map<string, number>;
  /** Canonical order: fewer roles already held by the country (rotation), then earlier submittedAt, then smaller id. */
  interests: LineupInterest[];
  fixedPeople: Set<string>;
  /** People the solver may place, in order of their first interest. */
  persons: string[];
  slots: Slot[];
  candidates: Candidate[];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeTeamPlace(team: { country: string; personIds: string[] } | null | undefined): Place {
  if (!team) return { state: 'open', country: null };
  return { state: team.personIds.length > 0 ? 'closed' : 'reserved', country: team.country };
}

function describeChair(chair: FixedLineup['chair']): Place {
  if (chair?.personId) return { state: 'closed', country: chair.country };
  if (chair?.country) return { state: 'reserved', country: chair.country };
  return { state: 'open', country: null };
}

function placeOf(session: SessionModel, role: Exclude<Role, 'co_blogger'>): Place {
  return role === 'focal' ? session.focal : role === 'discussant' ? session.discussant : session.chair;
}

function describeSeries(rawSessions: LineupSession[], rawInterests: LineupInterest[], history: RoleHistory): Series {
  const sessions = [...rawSessions]
    .sort((a, b) => compareText(a.id, b.id))
    .map(
      (s): SessionModel => ({
        id: s.id,
        fixed: s.fixed,
        focal: describeTeamPlace(s.fixed.focal),
        discussant: describeTeamPlace(s.fixed.discussant),
        chair: describeChair(s.fixed.chair),
        fixedCoBloggers: s.fixed.coBloggerIds ?? [],
        slot: { focal: -1, discussant: -1, chair: -1, co_blogger: -1 },
      }),
    );
  const sessionIndex = new Map(sessions.map((s, i) => [s.id, i]));
  if (sessionIndex.size !== sessions.length) throw new Error('suggestLineup: session ids must be unique');

  const held = new Map(rawInterests.map((i) => [i.id, timesHeld(i, history)]));
  const interests = [...rawInterests].sort(
    (a, b) => held.get(a.id)! - held.get(b.id)! || a.submittedAt - b.submittedAt || compareText(a.id, b.id),
  );
  if (new Set(interests.map((i) => i.id)).size !== interests.length) {
    throw new Error('suggestLineup: interest ids must be unique');
  }

  const fixedPeople = new Set<string>();
  for (const s of sessions) {
    for (const id of s.fixed.focal?.personIds ?? []) fixedPeople.add(id);
    for (const id of s.fixed.discussant?.personIds ?? []) fixedPeople.add(id);
    if (s.fixed.chair?.personId) fixedPeople.add(s.fixed.chair.personId);
    for (const id of s.fixedCoBloggers) fixedPeople.add(id);
  }

  const slots = buildSlots(sessions);
  const persons: string[] = [];
  const personIndex = new Map<string, number>();
  for (const interest of interests) {
    if (!fixedPeople.has(interest.personId) && !personIndex.has(interest.personId)) {
      personIndex.set(interest.personId, persons.length);
      persons.push(interest.personId);
    }
  }
  const candidates = listCandidates(sessions, sessionIndex, interests, personIndex);
  return { sessions, sessionIndex, interests, fixedPeople, persons, slots, candidates };
}

function buildSlots(sessions: SessionModel[]): Slot[] {
  const slots: Slot[] = [];
  sessions.forEach((session, index) => {
    for (const role of ['focal', 'discussant', 'chair'] as const) {
      const place = placeOf(session, role);
      if (place.state === 'closed') continue;
      const level: Level = role === 'chair' ? 'chairs' : 'focalDiscussant';
      session.slot[role] = slots.length;
      slots.push({
        session: index,
        role,
        reservedCountry: place.country,
        // A reserved place already counts as filled; adding its person only earns preference.
        rewards: [{ capacity: 1, level: place.state === 'open' ? level : null }],
      });
    }
    const free = MAX_CO_BLOGGERS - session.fixedCoBloggers.length;
    if (free > 0) {
      const towardsTwo = Math.max(0, EXPECTED_CO_BLOGGERS - session.fixedCoBloggers.length);
      const rewards: Reward[] = [
        { capacity: towardsTwo, level: 'coBloggersUpTo2' },
        { capacity: free - towardsTwo, level: 'coBloggersUpTo3' },
      ];
      session.slot.co_blogger = slots.length;
      slots.push({
        session: index,
        role: 'co_blogger',
        reservedCountry: null,
        rewards: rewards.filter((r) => r.capacity > 0),
      });
    }
  });
  return slots;
}

/** Countries that a fixed part already makes focal, and where. */
function fixedFocalSessions(sessions: SessionModel[]): Map<string, number> {
  const where = new Map<string, number>();
  sessions.forEach((s, i) => {
    if (s.focal.country !== null && !where.has(s.focal.country)) where.set(s.focal.country, i);
  });
  return where;
}

/**
 * Every (person, slot) pair an interest allows. Placements that a fixed country already forbids are
 * left out here, so the search only has to deal with countries the solver itself chooses.
 */
function listCandidates(
  sessions: SessionModel[],
  sessionIndex: Map<string, number>,
  interests: LineupInterest[],
  personIndex: Map<string, number>,
): Candidate[] {
  const fixedFocal = fixedFocalSessions(sessions);
  const candidates: Candidate[] = [];
  // A person with several interests may ask for the same place twice: one candidate, scored with the
  // best rank, keeping the earliest interest's priority.
  const seen = new Map<string, Candidate>();
  interests.forEach((interest, interestIndex) => {
    const person = personIndex.get(interest.personId);
    if (person === undefined) return;
    const country = interest.country;
    interest.sessionIds.forEach((sessionId, position) => {
      const s = sessionIndex.get(sessionId);
      if (s === undefined) return;
      const session = sessions[s]!;
      const preference = preferenceWeight(position + 1);
      const wanted = rolesWantedIn(interest, sessionId);
      for (const role of ROLES) {
        const slot = session.slot[role];
        if (slot < 0 || !wanted.includes(role)) continue;
        if (role !== 'co_blogger') {
          const place = placeOf(session, role);
          if (place.state === 'reserved' && place.country !== country) continue;
        }
        if (role === 'focal') {
          const focalAt = fixedFocal.get(country);
          if (focalAt !== undefined && focalAt !== s) continue;
          if (session.discussant.country === country) continue;
        }
        if (role === 'discussant' && session.focal.country === country) continue;
        const key = `${person}\u0000${slot}\u0000${country}`;
        const earlier = seen.get(key);
        if (earlier) {
          if (earlier.preference < preference) earlier.preference = preference;
          continue;
        }
        const candidate: Candidate = { person, interest: interestIndex, slot, country, preference };
        seen.set(key, candidate);
        candidates.push(candidate);
      }
    });
  });
  return candidates;
}

// ---------------------------------------------------------------------------------------------
// Objective weights
// ---------------------------------------------------------------------------------------------

interface Weights {
  /** Gain per unit of each level. */
  level: Record<Level, number>;
  /** Gain of each candidate arc: its preference plus its interest's priority. */
  candidateGain: number[];
  /** Every gain is (objective × priorityBase + priority), and the priority total never reaches priorityBase. */
  priorityBase: number;
}

/**
 * Levels 1–4 first, counted in preference units: each level's unit weight is one more than the
 * largest total all lower levels can reach, so the single weighted sum orders line-ups exactly
 * lexicographically. The whole objective is then scaled so the tie-break priority fits below it.
 * The flow's potentials and path costs stay within (2 × slots + 2) arc weights, so that much (with
 * margin) must stay below 2^53; on series too large for that the priority term is dropped (the search
 * order then settles ties), and beyond that the series is refused rather than solved inexactly.
 */
function objectiveWeights(series: Series): Weights {
  // Slot units bound the placements of both relaxations too (one of them may place a person twice).
  const units = series.slots.reduce((n, slot) => n + slot.rewards.reduce((m, r) => m + r.capacity, 0), 0);
  const levelUnits: Record<Level, number> = { focalDiscussant: 0, chairs: 0, coBloggersUpTo2: 0, coBloggersUpTo3: 0 };
  for (const slot of series.slots) for (const r of slot.rewards) if (r.level) levelUnits[r.level] += r.capacity;
  const level = { focalDiscussant: 0, chairs: 0, coBloggersUpTo2: 0, coBloggersUpTo3: 0 };
  let below = units * PREFERENCE_UNIT;
  for (const l of LEVELS_LOW_TO_HIGH) {
    level[l] = below + 1;
    below += levelUnits[l] * level[l];
  }

  const interestCount = series.interests.length;
  for (const priorityBase of [units * interestCount + 1, 1]) {
    const largestArc = Math.max(level.focalDiscussant, PREFERENCE_UNIT) * priorityBase + interestCount;
    if (4 * (2 * series.slots.length + 2) * largestArc > Number.MAX_SAFE_INTEGER) continue;
    const priority = (interest: number) => (priorityBase > 1 ? interestCount - interest : 0);
    return {
      level: {
        focalDiscussant: level.focalDiscussant * priorityBase,
        chairs: level.chairs * priorityBase,
        coBloggersUpTo2: level.coBloggersUpTo2 * priorityBase,
        coBloggersUpTo3: level.coBloggersUpTo3 * priorityBase,
      },
      candidateGain: series.candidates.map((c) => c.preference * priorityBase + priority(c.interest)),
      priorityBase,
    };
  }
  throw new RangeError('suggestLineup: series too large to score exactly');
}

// ---------------------------------------------------------------------------------------------
// Relaxation: maximum-weight assignment as a min-cost flow
// ---------------------------------------------------------------------------------------------

/** An optimal flow, kept whole so a branch can re-optimise from it instead of starting over. */
interface Assignment {
  /** Total gain, exact integer. */
  value: number;
  /** Indices of the candidates used, ascending. */
  chosen: Int32Array;
  capacity: Int32Array;
  potential: Float64Array;
}

/**
 * Shortest-path computations the search may spend before it settles for the best line-up found so
 * far. Counted, not timed, so the result stays deterministic. The 12-session × 200-interest series it
 * is tuned for need a few hundred; only pathological series (many sessions, few interests, few
 * countries) come near it, where it bounds the run to about a second.
 */
const SEARCH_WORK_LIMIT = 20_000;

/** Work spent by the flows of one search, shared between them. */
interface SearchWork {
  shortestPaths: number;
}

const SOURCE = 0;
const SINK = 1;
const FIRST_COUNTER_NODE = 2;
/** Capacity of the source–sink bypass: more than any flow can use. */
const UNBOUNDED = 1 << 30;

/** A node that hands out placements: a person, or (in the country-exact network) a country or a person's focal ask. */
interface FlowSupply {
  /** Supply it draws from, or -1 for the source. */
  parent: number;
  capacity: number;
}

interface FlowSlot {
  rewards: { capacity: number; gain: number }[];
  /** Counter its rewards pass through on their way to the sink, or -1. */
  counter: number;
}

/**
 * source → supplies (people, capacity 1; in the country-exact network also country hubs feeding
 * people's focal asks) → slot (one arc per candidate) → sink (one arc per reward). Some slots' rewards
 * pass through a counter node whose capacity, set per solve, bounds how many of those slots can be
 * filled together. A zero-cost bypass joins source and sink in both directions: it changes no
 * optimum, but it makes the optimum a min-cost circulation whose potentials (source = sink = 0) stay
 * valid when arcs are removed or narrowed, so a branch needs one shortest path per unit of flow it
 * takes away instead of a fresh solve.
 */
class AssignmentFlow {
  private readonly nodeCount: number;
  private readonly to: Int32Array;
  private readonly cost: Float64Array;
  private readonly baseCapacity: Int32Array;
  private readonly capacity: Int32Array;
  /** Arcs leaving each node: adjacency[adjacencyStart[v] .. adjacencyStart[v+1]). */
  private readonly adjacencyStart: Int32Array;
  private readonly adjacency: Int32Array;
  private readonly candidateArc: Int32Array;
  private readonly rewardArc: Int32Array;
  private readonly counterArc: Int32Array;
  private readonly potential: Float64Array;
  private readonly distance: Float64Array;
  private readonly previousArc: Int32Array;
  private readonly done: Uint8Array;
  private readonly heapKey: Float64Array;
  private readonly heapNode: Int32Array;
  private readonly slotNodeStart: number;
  private readonly work: SearchWork;

  constructor(
    work: SearchWork,
    counterCount: number,
    supplies: FlowSupply[],
    slots: FlowSlot[],
    candidates: { supply: number; slot: number; gain: number }[],
  ) {
    this.work = work;
    const counterNode = (k: number) => FIRST_COUNTER_NODE + k;
    const supplyNode = (i: number) => FIRST_COUNTER_NODE + counterCount + i;
    this.slotNodeStart = supplyNode(supplies.length);
    this.nodeCount = this.slotNodeStart + slots.length;

    const from: number[] = [];
    const to: number[] = [];
    const cost: number[] = [];
    const capacity: number[] = [];
    // Arc 2k is forward, 2k+1 its residual twin, so twin = arc ^ 1.
    const addArc = (u: number, v: number, cap: number, arcCost: number, twinCap = 0): number => {
      from.push(u, v);
      to.push(v, u);
      cost.push(arcCost, -arcCost);
      capacity.push(cap, twinCap);
      return from.length - 2;
    };
    addArc(SOURCE, SINK, UNBOUNDED, 0, UNBOUNDED);
    this.counterArc = Int32Array.from({ length: counterCount }, (_, k) => addArc(counterNode(k), SINK, 0, 0));
    supplies.forEach((supply, i) => {
      addArc(supply.parent < 0 ? SOURCE : supplyNode(supply.parent), supplyNode(i), supply.capacity, 0);
    });
    this.candidateArc = Int32Array.from(candidates, (c) =>
      addArc(supplyNode(c.supply), this.slotNodeStart + c.slot, 1, -c.gain),
    );
    this.rewardArc = Int32Array.from(
      slots.flatMap((slot, i) =>
        slot.rewards.map((r) =>
          addArc(this.slotNodeStart + i, slot.counter < 0 ? SINK : counterNode(slot.counter), r.capacity, -r.gain),
        ),
      ),
    );

    this.to = Int32Array.from(to);
    this.cost = Float64Array.from(cost);
    this.baseCapacity = Int32Array.from(capacity);
    this.capacity = new Int32Array(capacity.length);
    this.adjacencyStart = new Int32Array(this.nodeCount + 1);
    for (const u of from) this.adjacencyStart[u + 1]!++;
    for (let v = 0; v < this.nodeCount; v++) this.adjacencyStart[v + 1]! += this.adjacencyStart[v]!;
    this.adjacency = new Int32Array(from.length);
    const fill = this.adjacencyStart.slice(0, this.nodeCount);
    from.forEach((u, arc) => {
      this.adjacency[fill[u]!++] = arc;
    });

    this.potential = new Float64Array(this.nodeCount);
    this.distance = new Float64Array(this.nodeCount);
    this.previousArc = new Int32Array(this.nodeCount);
    this.done = new Uint8Array(this.nodeCount);
    this.heapKey = new Float64Array(from.length + this.nodeCount);
    this.heapNode = new Int32Array(from.length + this.nodeCount);
  }

  /** Maximum-gain assignment with every candidate allowed and the given counter capacities (successive shortest paths). */
  solve(counterCapacity: number[]): Assignment {
    const { potential } = this;
    this.capacity.set(this.baseCapacity);
    this.counterArc.forEach((arc, k) => {
      this.capacity[arc] = counterCapacity[k]!;
    });
    this.initialPotentials();
    for (;;) {
      const reduced = this.shortestPath(SOURCE, SINK);
      // Reduced distances telescope: the true cost of the path is its reduced cost plus the sink's potential.
      if (reduced + potential[SINK]! >= 0) {
        // No gain left. Lift the sink's potential to the source's (0) so the bypass is tight both ways.
        this.raisePotentials(-potential[SINK]!);
        return this.snapshot();
      }
      this.augment(SOURCE, SINK);
      this.raisePotentials(reduced);
    }
  }

  /**
   * Maximum-gain assignment once `banned` candidates are forbidden too and the counters narrowed to
   * `counterCapacity` (never wider than the parent's), re-optimised from `parent`.
   */
  solveWithout(parent: Assignment, banned: number[], counterCapacity: number[]): Assignment {
    const { capacity, candidateArc } = this;
    capacity.set(parent.capacity);
    this.potential.set(parent.potential);
    for (const c of banned) {
      const arc = candidateArc[c]!;
      const carriedFlow = capacity[arc ^ 1]! > 0;
      capacity[arc] = 0;
      capacity[arc ^ 1] = 0;
      if (carriedFlow) this.reroute(arc);
    }
    this.counterArc.forEach((arc, k) => {
      const cap = counterCapacity[k]!;
      const counted = capacity[arc ^ 1]!;
      capacity[arc] = Math.max(0, cap - counted);
      for (let excess = counted - cap; excess > 0; excess--) {
        capacity[arc ^ 1]!--;
        this.reroute(arc);
      }
    });
    return this.snapshot();
  }

  /**
   * After a unit is taken off `arc`, its tail has a unit too many and its head one too few: sending
   * it the cheapest way round restores optimality (placing someone else, moving people around, or
   * leaving a place empty).
   */
  private reroute(arc: number): void {
    const tail = this.to[arc ^ 1]!;
    const head = this.to[arc]!;
    const reduced = this.shortestPath(tail, head);
    this.augment(tail, head);
    this.raisePotentials(reduced);
  }

  private snapshot(): Assignment {
    const { capacity, cost, candidateArc, rewardArc } = this;
    let value = 0;
    const chosen: number[] = [];
    candidateArc.forEach((arc, c) => {
      if (capacity[arc ^ 1]! > 0) {
        chosen.push(c);
        value -= cost[arc]!;
      }
    });
    for (const arc of rewardArc) value -= cost[arc]! * capacity[arc ^ 1]!;
    return { value, chosen: Int32Array.from(chosen), capacity: capacity.slice(), potential: this.potential.slice() };
  }

  /** Exact shortest distances of the starting graph, which has no cycles: source, supplies, slots, counters, sink. */
  private initialPotentials(): void {
    const { potential, capacity, cost, to, candidateArc, rewardArc, counterArc } = this;
    const unreached = Number.POSITIVE_INFINITY;
    potential.fill(0, 0, this.slotNodeStart);
    potential.fill(unreached, this.slotNodeStart);
    for (const arc of counterArc) potential[to[arc ^ 1]!] = unreached;
    for (const arc of candidateArc) {
      if (capacity[arc]! > 0 && cost[arc]! < potential[to[arc]!]!) potential[to[arc]!] = cost[arc]!;
    }
    let sinkPotential = 0;
    for (const arc of rewardArc) {
      const reached = potential[to[arc ^ 1]!]! + cost[arc]!;
      if (to[arc] === SINK) sinkPotential = Math.min(sinkPotential, reached);
      else potential[to[arc]!] = Math.min(potential[to[arc]!]!, reached);
    }
    for (const arc of counterArc) {
      if (capacity[arc]! > 0) sinkPotential = Math.min(sinkPotential, potential[to[arc ^ 1]!]!);
    }
    potential[SINK] = sinkPotential;
    // Nodes nobody can reach stay unreachable for good, so any finite potential will do.
    for (let v = 0; v < this.nodeCount; v++) if (potential[v] === unreached) potential[v] = 0;
  }

  /**
   * Capping every distance at `limit` (at most the target's distance) keeps all residual reduced
   * costs non-negative, so Dijkstra stays valid for the next path.
   */
  private raisePotentials(limit: number): void {
    for (let v = 0; v < this.nodeCount; v++) this.potential[v]! += Math.min(this.distance[v]!, limit);
  }

  private augment(from: number, target: number): void {
    for (let v = target; v !== from; ) {
      const arc = this.previousArc[v]!;
      this.capacity[arc]!--;
      this.capacity[arc ^ 1]!++;
      v = this.to[arc ^ 1]!;
    }
  }

  /** Dijkstra on reduced costs; stops once `target` is settled and returns its reduced distance. */
  private shortestPath(from: number, target: number): number {
    const { to, cost, capacity, potential, distance, previousArc, done, heapKey, heapNode, adjacency, adjacencyStart } =
      this;
    this.work.shortestPaths++;
    distance.fill(Number.POSITIVE_INFINITY);
    done.fill(0);
    distance[from] = 0;
    let heapSize = 0;
    const push = (key: number, node: number) => {
      let i = heapSize++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (heapKey[parent]! <= key) break;
        heapKey[i] = heapKey[parent]!;
        heapNode[i] = heapNode[parent]!;
        i = parent;
      }
      heapKey[i] = key;
      heapNode[i] = node;
    };
    push(0, from);
    while (heapSize > 0) {
      const key = heapKey[0]!;
      const u = heapNode[0]!;
      const lastKey = heapKey[--heapSize]!;
      const lastNode = heapNode[heapSize]!;
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= heapSize) break;
        if (child + 1 < heapSize && heapKey[child + 1]! < heapKey[child]!) child++;
        if (heapKey[child]! >= lastKey) break;
        heapKey[i] = heapKey[child]!;
        heapNode[i] = heapNode[child]!;
        i = child;
      }
      heapKey[i] = lastKey;
      heapNode[i] = lastNode;

      if (done[u] || key > distance[u]!) continue;
      done[u] = 1;
      if (u === target) return key;
      const base = key + potential[u]!;
      for (let j = adjacencyStart[u]!; j < adjacencyStart[u + 1]!; j++) {
        const arc = adjacency[j]!;
        if (capacity[arc]! <= 0) continue;
        const v = to[arc]!;
        const candidate = base + cost[arc]! - potential[v]!;
        if (candidate < distance[v]!) {
          distance[v] = candidate;
          previousArc[v] = arc;
          push(candidate, v);
        }
      }
    }
    // Unreachable only if the bypass were missing: every person and slot connects through source and sink.
    throw new Error('suggestLineup: flow network lost its bypass');
  }
}

// ---------------------------------------------------------------------------------------------
// Branch and bound over the country rules
// ---------------------------------------------------------------------------------------------

/** The two relaxations of one branch: the lower bounds it, and the broken rules of that one are branched on. */
interface Relaxations {
  personExact: Assignment;
  countryExact: Assignment;
}

interface SearchResult {
  chosen: Int32Array;
  provenOptimal: boolean;
}

function findBestLineup(series: Series): SearchResult {
  const { slots, sessions, candidates } = series;
  const work: SearchWork = { shortestPaths: 0 };
  const weights = objectiveWeights(series);
  // Only places whose country the solver picks can break a country rule.
  const choosesCountry = slots.map(
    (slot) => (slot.role === 'focal' || slot.role === 'discussant') && slot.reservedCountry === null,
  );
  const isChoosingFocal = slots.map((slot, i) => choosesCountry[i]! && slot.role === 'focal');
  const choosingFocalSlots = slots.flatMap((_, i) => (isChoosingFocal[i] ? [i] : []));
  // Sessions where both places pick their country, so the same-session rule can bite.
  const pairedSessions = sessions.filter(
    (s) =>
      s.slot.focal >= 0 && s.slot.discussant >= 0 && choosesCountry[s.slot.focal] && choosesCountry[s.slot.discussant],
  );
  const pairOfSlot = new Map<number, number>();
  pairedSessions.forEach((s, k) => {
    pairOfSlot.set(s.slot.focal, k);
    pairOfSlot.set(s.slot.discussant, k);
  });
  const candidatesOfSlot = slots.map((): number[] => []);
  candidates.forEach((c, i) => {
    candidatesOfSlot[c.slot]!.push(i);
  });

  // Bans in force on the path from the root to the node being explored.
  const banCount = new Int32Array(candidates.length);
  const adjustBans = (banned: number[], delta: 1 | -1) => {
    for (const c of banned) banCount[c]! += delta;
  };
  const countriesLeftAt = (slot: number) =>
    new Set(candidatesOfSlot[slot]!.filter((c) => banCount[c] === 0).map((c) => candidates[c]!.country));
  /**
   * As each country is focal at most once, a maximum matching of countries to the focal places they
   * can still take bounds how many can be filled. It caps relaxation 1, which ignores countries.
   */
  const focalCap = () => [maximumMatching(choosingFocalSlots.map((slot) => [...countriesLeftAt(slot)]))];
  /**
   * A session's focal and discussant places can both be filled only if a focal candidate's country
   * differs from a discussant candidate's. It caps relaxation 2, which ignores the same-session rule;
   * without it, sessions whose candidates share one country make the search double with each session.
   */
  const pairCap = () =>
    pairedSessions.map((s) => {
      const focal = countriesLeftAt(s.slot.focal);
      const discussant = countriesLeftAt(s.slot.discussant);
      const [onlyFocal] = focal;
      const oneShared = focal.size === 1 && discussant.size === 1 && discussant.has(onlyFocal!);
      return focal.size === 0 || discussant.size === 0 || oneShared ? 1 : 2;
    });

  const rewards = (slot: Slot) =>
    slot.rewards.map((r) => ({ capacity: r.capacity, gain: r.level ? weights.level[r.level] : 0 }));
  const people: FlowSupply[] = series.persons.map(() => ({ parent: -1, capacity: 1 }));
  const gain = (i: number) => weights.candidateGain[i]!;

  // Relaxation 1: every person placed once, countries ignored (the flow breaks the country rules freely).
  const personExact = new AssignmentFlow(
    work,
    1,
    people,
    slots.map((slot, i) => ({ rewards: rewards(slot), counter: isChoosingFocal[i] ? 0 : -1 })),
    candidates.map((c, i) => ({ supply: c.person, slot: c.slot, gain: gain(i) })),
  );

  // Relaxation 2: every country focal once (a country hub of capacity 1 feeds its people's focal asks),
  // but a person chosen as focal may also be used in another role. Exact where relaxation 1 is loose:
  // a series with fewer countries than sessions, or many people of few countries, bounds tightly here.
  // A gate in front lets no more placements through than there are people, which keeps the double
  // roles in check when people are scarce.
  const GATE = 0;
  const personSupply = (person: number) => 1 + person;
  const countrySupplies: FlowSupply[] = [
    { parent: -1, capacity: series.persons.length },
    ...people.map(() => ({ parent: GATE, capacity: 1 })),
  ];
  const hubOf = new Map<string, number>();
  const focalAskOf = new Map<string, number>();
  const countryExactSupply = candidates.map((c) => {
    if (!isChoosingFocal[c.slot]) return personSupply(c.person);
    let hub = hubOf.get(c.country);
    if (hub === undefined) {
      hub = countrySupplies.push({ parent: GATE, capacity: 1 }) - 1;
      hubOf.set(c.country, hub);
    }
    const key = `${c.person}\u0000${c.country}`;
    let ask = focalAskOf.get(key);
    if (ask === undefined) {
      ask = countrySupplies.push({ parent: hub, capacity: 1 }) - 1;
      focalAskOf.set(key, ask);
    }
    return ask;
  });
  const countryExact = new AssignmentFlow(
    work,
    pairedSessions.length,
    countrySupplies,
    slots.map((slot, i) => ({ rewards: rewards(slot), counter: pairOfSlot.get(i) ?? -1 })),
    candidates.map((c, i) => ({ supply: countryExactSupply[i]!, slot: c.slot, gain: gain(i) })),
  );

  const candidatesOfPerson = series.persons.map((): number[] => []);
  candidates.forEach((c, i) => {
    candidatesOfPerson[c.person]!.push(i);
  });
  const candidatesAt = new Map<string, number[]>();
  candidates.forEach((c, i) => {
    const key = `${c.slot}\u0000${c.country}`;
    const list = candidatesAt.get(key);
    if (list) list.push(i);
    else candidatesAt.set(key, [i]);
  });
  const countryOn = (onSlots: number[], country: string) =>
    onSlots.flatMap((slot) => candidatesAt.get(`${slot}\u0000${country}`) ?? []);
  /**
   * The first rule a relaxed line-up breaks, as alternatives (each a list of candidates to ban) that
   * together cover every valid line-up and each exclude the break; null when it breaks none.
   */
  const branchesFor = (assignment: Assignment): number[][] | null => {
    const usedBy = new Map<number, number[]>();
    const countryAt = new Map<number, string>();
    for (const c of assignment.chosen) {
      const candidate = candidates[c]!;
      const used = usedBy.get(candidate.person);
      if (used) used.push(c);
      else usedBy.set(candidate.person, [c]);
      if (slots[candidate.slot]!.role !== 'co_blogger') countryAt.set(candidate.slot, candidate.country);
    }
    // Focal and discussant from one country in a session. Neither relaxation enforces this rule (the pair
    // cap only counts), so its cost barely shows in the bound: resolving it first makes the bounds
    // meaningful before the search spends branches on the rules they do see (without this, some series
    // take thousands of times longer).
    for (const session of sessions) {
      const focalSlot = session.slot.focal;
      const discussantSlot = session.slot.discussant;
      if (focalSlot < 0 || discussantSlot < 0) continue;
      const country = countryAt.get(focalSlot);
      if (country !== undefined && country === countryAt.get(discussantSlot)) {
        return [countryOn([focalSlot], country), countryOn([discussantSlot], country)];
      }
    }
    // A person placed twice (relaxation 2): either only one of those placements, or neither.
    for (const [person, used] of usedBy) {
      if (used.length < 2) continue;
      const asks = candidatesOfPerson[person]!;
      return [...used.map((keep) => asks.filter((c) => c !== keep)), used];
    }
    // A country focal twice (relaxation 1): either focal in exactly one of those sessions (and nowhere
    // else), or in none of them.
    const focalSlotsOf = new Map<string, number[]>();
    for (const slot of choosingFocalSlots) {
      const country = countryAt.get(slot);
      if (country === undefined) continue;
      const list = focalSlotsOf.get(country);
      if (list) list.push(slot);
      else focalSlotsOf.set(country, [slot]);
    }
    for (const [country, twice] of focalSlotsOf) {
      if (twice.length < 2) continue;
      const onlyIn = twice.map((keep) =>
        countryOn(
          choosingFocalSlots.filter((slot) => slot !== keep),
          country,
        ),
      );
      return [...onlyIn, countryOn(twice, country)];
    }
    return null;
  };

  // Exact on levels 1–4; the priority part only steers which optimum is reached first (see the tie-break note).
  const objective = (assignment: Assignment) => Math.floor(assignment.value / weights.priorityBase);
  const bound = (node: Relaxations) => Math.min(objective(node.personExact), objective(node.countryExact));
  let best: Assignment | null = null;
  let provenOptimal = true;
  const explore = (node: Relaxations): void => {
    if (best && bound(node) <= objective(best)) return;
    // The first descent always runs to a leaf, so there is a valid line-up to settle for.
    if (best && work.shortestPaths > SEARCH_WORK_LIMIT) {
      provenOptimal = false;
      return;
    }
    const personBranches = branchesFor(node.personExact);
    const countryBranches = branchesFor(node.countryExact);
    // A relaxed line-up that breaks no rule is the best of its branch.
    if (!personBranches || !countryBranches) {
      best = personBranches ? node.countryExact : node.personExact;
      return;
    }
    // Branch on the relaxation that sets the bound: only cutting that one can lower it.
    const branches = objective(node.countryExact) < objective(node.personExact) ? countryBranches : personBranches;
    const children = branches
      .map((banned, order) => {
        adjustBans(banned, 1);
        const child: Relaxations = {
          personExact: personExact.solveWithout(node.personExact, banned, focalCap()),
          countryExact: countryExact.solveWithout(node.countryExact, banned, pairCap()),
        };
        adjustBans(banned, -1);
        return { banned, child, order };
      })
      .sort(
        (a, b) =>
          bound(b.child) - bound(a.child) || b.child.personExact.value - a.child.personExact.value || a.order - b.order,
      );
    for (const { banned, child } of children) {
      adjustBans(banned, 1);
      explore(child);
      adjustBans(banned, -1);
    }
  };
  const root: Relaxations = { personExact: personExact.solve(focalCap()), countryExact: countryExact.solve(pairCap()) };
  explore(root);
  // The first descent always ends at a leaf (each branch only adds bans), so a line-up was found.
  const settled = (best as Assignment | null)!;

  // Tie-break: keep the countries the search settled on where the solver picks them, and let the
  // people move. Every line-up under those countries keeps the rules, the settled one among them, so
  // the best flow is still optimal on levels 1–4 and has the largest total priority of them all.
  const countryAt = new Map<number, string>();
  for (const c of settled.chosen) countryAt.set(candidates[c]!.slot, candidates[c]!.country);
  const otherCountries = candidates.flatMap((c, i) =>
    choosesCountry[c.slot] && c.country !== countryAt.get(c.slot) ? [i] : [],
  );
  adjustBans(otherCountries, 1);
  return { chosen: personExact.solveWithout(root.personExact, otherCountries, focalCap()).chosen, provenOptimal };
}

/** Size of a maximum matching of places to options, each option used once (Kuhn's augmenting paths). */
function maximumMatching(optionsOfPlace: string[][]): number {
  const holderOf = new Map<string, number>();
  const seat = (place: number, tried: Set<string>): boolean => {
    for (const option of optionsOfPlace[place]!) {
      if (tried.has(option)) continue;
      tried.add(option);
      const holder = holderOf.get(option);
      if (holder === undefined || seat(holder, tried)) {
        holderOf.set(option, place);
        return true;
      }
    }
    return false;
  };
  return optionsOfPlace.filter((_, place) => seat(place, new Set())).length;
}

// ---------------------------------------------------------------------------------------------
// Output and explanations
// ---------------------------------------------------------------------------------------------

interface Placement {
  session: number;
  role: Role;
}

/** The finished line-up, as the explanations need to see it. */
interface Outcome {
  series: Series;
  bySlot: Candidate[][];
  /** Where each person sits: the solver's placements and the fixed ones. */
  placementOf: Map<string, Placement>;
  focalCountry: (string | null)[];
  discussantCountry: (string | null)[];
  /** First session (in id order) where each country is focal. */
  focalSessionOf: Map<string, number>;
  suggested: SuggestedSession[];
  provenOptimal: boolean;
}

function buildSuggestion(series: Series, { chosen, provenOptimal }: SearchResult): LineupSuggestion {
  const { sessions, slots, candidates, interests } = series;
  const bySlot: Candidate[][] = slots.map(() => []);
  for (const c of chosen) bySlot[candidates[c]!.slot]!.push(candidates[c]!);
  const added = (session: SessionModel, role: Role): Candidate[] =>
    session.slot[role] < 0 ? [] : bySlot[session.slot[role]]!;

  const placementOf = new Map<string, Placement>();
  sessions.forEach((s, session) => {
    for (const id of s.fixed.focal?.personIds ?? []) placementOf.set(id, { session, role: 'focal' });
    for (const id of s.fixed.discussant?.personIds ?? []) placementOf.set(id, { session, role: 'discussant' });
    if (s.fixed.chair?.personId) placementOf.set(s.fixed.chair.personId, { session, role: 'chair' });
    for (const id of s.fixedCoBloggers) placementOf.set(id, { session, role: 'co_blogger' });
  });
  for (const c of chosen) {
    const slot = slots[candidates[c]!.slot]!;
    placementOf.set(series.persons[candidates[c]!.person]!, { session: slot.session, role: slot.role });
  }

  const team = (session: SessionModel, role: 'focal' | 'discussant') => {
    const fixed = session.fixed[role];
    const person = added(session, role)[0];
    if (fixed)
      return {
        country: fixed.country,
        personIds: person ? [...fixed.personIds, series.persons[person.person]!] : [...fixed.personIds],
      };
    return person ? { country: person.country, personIds: [series.persons[person.person]!] } : null;
  };
  const interestCountry = new Map<string, string>();
  for (const interest of interests)
    if (!interestCountry.has(interest.personId)) interestCountry.set(interest.personId, interest.country);
  const chairOf = (session: SessionModel) => {
    const fixed = session.fixed.chair;
    if (fixed?.personId)
      return { personId: fixed.personId, country: fixed.country ?? interestCountry.get(fixed.personId) ?? '' };
    const person = added(session, 'chair')[0];
    return person ? { personId: series.persons[person.person]!, country: fixed?.country ?? person.country } : null;
  };

  const suggested: SuggestedSession[] = sessions.map((session) => ({
    sessionId: session.id,
    focal: team(session, 'focal'),
    discussant: team(session, 'discussant'),
    chair: chairOf(session),
    coBloggerIds: [...session.fixedCoBloggers, ...added(session, 'co_blogger').map((c) => series.persons[c.person]!)],
  }));

  const focalCountry = suggested.map((s) => s.focal?.country ?? null);
  const discussantCountry = suggested.map((s) => s.discussant?.country ?? null);
  const focalSessionOf = new Map<string, number>();
  focalCountry.forEach((country, i) => {
    if (country !== null && !focalSessionOf.has(country)) focalSessionOf.set(country, i);
  });
  const outcome: Outcome = {
    series,
    bySlot,
    placementOf,
    focalCountry,
    discussantCountry,
    focalSessionOf,
    suggested,
    provenOptimal,
  };

  const unplaced: Unplaced[] = interests
    .filter((interest) => !placementOf.has(interest.personId))
    .map((interest) => ({
      personId: interest.personId,
      interestId: interest.id,
      reason: whyUnplaced(outcome, interest),
    }));

  const openPlaces: OpenPlace[] = [];
  suggested.forEach((s, i) => {
    const session = sessions[i]!;
    if (!s.focal?.personIds.length)
      openPlaces.push({ sessionId: s.sessionId, role: 'focal', reason: whyEmpty(outcome, i, 'focal') });
    if (!s.discussant?.personIds.length)
      openPlaces.push({ sessionId: s.sessionId, role: 'discussant', reason: whyEmpty(outcome, i, 'discussant') });
    if (!s.chair) openPlaces.push({ sessionId: s.sessionId, role: 'chair', reason: whyEmpty(outcome, i, 'chair') });
    if (s.coBloggerIds.length < EXPECTED_CO_BLOGGERS) {
      const reason = whyEmpty(outcome, i, 'co_blogger');
      for (let n = s.coBloggerIds.length; n < EXPECTED_CO_BLOGGERS; n++)
        openPlaces.push({ sessionId: session.id, role: 'co_blogger', reason });
    }
  });

  let preference = 0;
  for (const c of chosen) preference += candidates[c]!.preference;
  const score = {
    focalDiscussant: suggested.reduce((n, s) => n + (s.focal ? 1 : 0) + (s.discussant ? 1 : 0), 0),
    chairs: suggested.reduce((n, s, i) => n + (s.chair || sessions[i]!.chair.state !== 'open' ? 1 : 0), 0),
    coBloggersUpTo2: suggested.reduce((n, s) => n + Math.min(EXPECTED_CO_BLOGGERS, s.coBloggerIds.length), 0),
    coBloggersUpTo3: suggested.reduce((n, s) => n + Math.min(MAX_CO_BLOGGERS, s.coBloggerIds.length), 0),
    preference: preference / PREFERENCE_UNIT,
  };
  return { sessions: suggested, unplaced, openPlaces, provenOptimal, score };
}

/** A country rule that stops someone of `country` from taking the focal/discussant place of session `s`. */
type CountryClash =
  | { kind: 'focalElsewhere'; country: string; sessionId: string }
  | { kind: 'sameSession'; country: string; otherRole: 'focal' | 'discussant' };

function countryClash(outcome: Outcome, s: number, role: Role, country: string): CountryClash | null {
  if (role === 'focal') {
    const focalAt = outcome.focalSessionOf.get(country);
    if (focalAt !== undefined && focalAt !== s)
      return { kind: 'focalElsewhere', country, sessionId: outcome.series.sessions[focalAt]!.id };
    if (outcome.discussantCountry[s] === country) return { kind: 'sameSession', country, otherRole: 'discussant' };
  } else if (role === 'discussant' && outcome.focalCountry[s] === country) {
    return { kind: 'sameSession', country, otherRole: 'focal' };
  }
  return null;
}

/**
 * A person left out although the place could take them. A proven optimum never does that (placing
 * them would score more), so there it is a bug; after the work limit it is what the search missed.
 */
function checkMissed(outcome: Outcome, what: string): void {
  if (outcome.provenOptimal) throw new Error(`suggestLineup: ${what}, yet the line-up was proven optimal`);
}

function isTaken(outcome: Outcome, s: number, role: Role): boolean {
  const session = outcome.suggested[s]!;
  if (role === 'co_blogger') return session.coBloggerIds.length >= MAX_CO_BLOGGERS;
  if (role === 'chair') return session.chair !== null;
  return (session[role]?.personIds.length ?? 0) > 0;
}

/** One reason, or the obstacles together; the same obstacle met twice is named once. */
function reasonOf(code: string, params: IssueParams, obstacles: Issue[]): Reason {
  const unique = [...new Map(obstacles.map((o) => [JSON.stringify(o), o])).values()];
  return unique.length === 1 ? unique[0]! : { code, params, obstacles: unique };
}

function whyUnplaced(outcome: Outcome, interest: LineupInterest): Reason {
  if (interest.roles.length === 0) return { code: 'names_no_role', params: {} };
  if (interest.sessionIds.length === 0) return { code: 'ranks_no_session', params: {} };
  const { series } = outcome;
  const obstacles: Issue[] = [];
  const add = (code: string, params: IssueParams) => obstacles.push({ code, params });
  for (const sessionId of interest.sessionIds) {
    const s = series.sessionIndex.get(sessionId);
    if (s === undefined) {
      add('session_not_open', { session: sessionId });
      continue;
    }
    const session = series.sessions[s]!;
    const wanted = rolesWantedIn(interest, sessionId);
    for (const role of interest.declinedBySession?.get(sessionId) ?? []) {
      if ((interest.rolesBySession?.get(sessionId) ?? interest.roles).includes(role)) {
        add('declined', { role, session: sessionId });
      }
    }
    for (const role of ROLES) {
      if (!wanted.includes(role)) continue;
      const taken = isTaken(outcome, s, role);
      if (role === 'co_blogger') {
        if (!taken) checkMissed(outcome, `a co-blogger place in ${sessionId} is free`);
        add(taken ? 'co_blogger_places_full' : 'search_stopped', { role, session: sessionId });
        continue;
      }
      const place = placeOf(session, role);
      const clash = countryClash(outcome, s, role, interest.country);
      if (place.state === 'closed') add('place_filled', { role, session: sessionId });
      else if (place.state === 'reserved' && place.country !== interest.country) {
        add('place_reserved', { role, session: sessionId, country: place.country ?? '' });
      } else if (clash?.kind === 'focalElsewhere')
        add('country_focal_elsewhere', { country: clash.country, session: clash.sessionId });
      else if (clash?.kind === 'sameSession') {
        add('country_holds_other_role', { country: clash.country, role: clash.otherRole, session: sessionId });
      } else if (taken) add('place_taken', { role, session: sessionId });
      else {
        checkMissed(outcome, `the ${role} place in ${sessionId} is free`);
        add('search_stopped', { role, session: sessionId });
      }
    }
  }
  return reasonOf('nothing_free', {}, obstacles);
}

function whyEmpty(outcome: Outcome, s: number, role: Role): Reason {
  const { series } = outcome;
  const session = series.sessions[s]!;
  const wanting = series.interests.filter(
    (i) => i.sessionIds.includes(session.id) && rolesWantedIn(i, session.id).includes(role),
  );
  if (wanting.length === 0) return { code: 'nobody_asked', params: { role } };
  const place = role === 'co_blogger' ? null : placeOf(session, role);
  const reserved = place?.state === 'reserved' ? place.country : null;
  const fromCountry = reserved === null ? wanting : wanting.filter((i) => i.country === reserved);
  if (reserved !== null && fromCountry.length === 0)
    return { code: 'reserved_nobody_asked', params: { role, country: reserved } };
  // Those who took this role's other places here are no obstacle to the one left open.
  const eligible = fromCountry.filter((i) => {
    const at = outcome.placementOf.get(i.personId);
    return !(at?.session === s && at.role === role);
  });
  if (eligible.length === 0) return { code: 'nobody_else_asked', params: { role } };

  // Candidates grouped by what stops them, so the sentence names each obstacle once.
  const groups = new Map<string, { code: string; params: IssueParams; people: string[] }>();
  const seen = new Set<string>();
  for (const interest of eligible) {
    if (seen.has(interest.personId)) continue;
    seen.add(interest.personId);
    const placement = outcome.placementOf.get(interest.personId);
    let code: string;
    let params: IssueParams = {};
    if (placement) {
      code = series.fixedPeople.has(interest.personId) ? 'holds_place' : 'placed_elsewhere';
      // The country too: a chair, a focal or a discussant place stands for one.
      params = { role: placement.role, session: series.sessions[placement.session]!.id, country: interest.country };
    } else {
      const clash = countryClash(outcome, s, role, interest.country);
      if (clash === null) {
        checkMissed(outcome, `${interest.personId} could take the ${role} place in ${session.id}`);
        code = 'free_but_search_stopped';
      } else if (clash.kind === 'focalElsewhere') {
        code = 'from_country_focal_elsewhere';
        params = { country: clash.country, session: clash.sessionId };
      } else {
        code = `from_${clash.otherRole}_country`;
        params = { country: clash.country };
      }
    }
    const key = JSON.stringify([code, params]);
    const group = groups.get(key);
    if (group) group.people.push(interest.personId);
    else groups.set(key, { code, params, people: [interest.personId] });
  }
  const [only] = groups.values();
  if (groups.size === 1 && only && /^from_(focal|discussant)_country$/.test(only.code)) {
    return { code: `only_${only.code}`, params: only.params };
  }
  const obstacles = [...groups.values()].map(({ code, params, people }) => ({
    code,
    params: { ...params, people, n: people.length },
  }));
  return { code: 'no_candidate_free', params: { role }, obstacles };
}
