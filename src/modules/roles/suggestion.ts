// The suggested line-up: the series' interests and current line-ups handed to the exact solver
// (src/domain/lineup.ts, run in a worker thread by ./solver.ts), its answer turned into line-ups
// in the shape PUT /roles takes, with its reasons' ids turned into titles and names.
import { and, eq, inArray, ne } from 'drizzle-orm';
import { interestSessions, interests, roleAssignments, sessions } from '../../../db/schema.js';
import type { Db } from '../../db.js';
import type { FixedLineup, LineupInterest, Reason, Role } from '../../domain/lineup.js';
import { type Issue, liveAssignmentStatuses } from '../../domain/vocabulary.js';
import { displayName, peopleByIds } from '../people/repository.js';
import { roleHistory } from './repository.js';
import type { SuggestionView } from './schemas.js';
import { solveLineup } from './solver.js';

/** Everyone assigned, invited or accepted keeps their place: the suggestion only fills the rest. */
const KEPT = liveAssignmentStatuses;

/** Lets requests that arrived meanwhile run before the next step of a long answer. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The suggestion as the service gives it: its reasons are codes with parameters, not yet sentences. */
export interface Suggestion {
  sessions: SuggestionView['sessions'];
  unplaced: ({ name: string; email: string } & Reason)[];
  openPlaces: ({ sessionId: string; role: Role } & Reason)[];
}

export async function suggestForSeries(db: Db, seriesId: string): Promise<Suggestion> {
  const open = db
    .select()
    .from(sessions)
    .where(and(eq(sessions.seriesId, seriesId), ne(sessions.status, 'cancelled')))
    .all();
  const ids = open.map((s) => s.id);
  const assignments = ids.length
    ? db
        .select()
        .from(roleAssignments)
        .where(and(inArray(roleAssignments.sessionId, ids), ne(roleAssignments.status, 'removed')))
        .all()
    : [];
  const kept = assignments.filter((a) => (KEPT as readonly string[]).includes(a.status));

  const fixedFor = (session: (typeof open)[number]): FixedLineup => {
    const keptHere = (role: string) => kept.filter((a) => a.sessionId === session.id && a.role === role);
    const peopleHere = (role: string) => assignments.filter((a) => a.sessionId === session.id && a.role === role);
    // A country the chairs set stays, unless it came only with people who declined (it is open again).
    const country = (code: string | null, role: 'focal' | 'discussant') =>
      code && (keptHere(role).length > 0 || peopleHere(role).length === 0)
        ? { country: code, personIds: keptHere(role).map((a) => a.personId) }
        : null;
    const chair = keptHere('chair')[0];
    return {
      focal: country(session.focalCountry, 'focal'),
      discussant: country(session.discussantCountry, 'discussant'),
      chair: chair ? { personId: chair.personId, country: session.chairCountry } : null,
      coBloggerIds: keptHere('co_blogger').map((a) => a.personId),
    };
  };

  const interestRows = db.select().from(interests).where(eq(interests.seriesId, seriesId)).all();
  const rankedBy = new Map<string, (typeof interestSessions.$inferSelect)[]>();
  const ranked = db
    .select({ choice: interestSessions })
    .from(interestSessions)
    .innerJoin(interests, eq(interests.id, interestSessions.interestId))
    .where(eq(interests.seriesId, seriesId))
    .orderBy(interestSessions.interestId, interestSessions.rank)
    .all();
  for (const { choice } of ranked) {
    const own = rankedBy.get(choice.interestId);
    if (own) own.push(choice);
    else rankedBy.set(choice.interestId, [choice]);
  }
  const declinedBy = new Map<string, Map<string, Role[]>>();
  for (const a of assignments) {
    if (a.status !== 'declined' || a.role === 'supporting_chair') continue;
    const own = declinedBy.get(a.personId) ?? new Map<string, Role[]>();
    own.set(a.sessionId, [...(own.get(a.sessionId) ?? []), a.role]);
    declinedBy.set(a.personId, own);
  }
  const solverInterests: LineupInterest[] = interestRows.map((i) => {
    const own = rankedBy.get(i.id) ?? [];
    const declined = declinedBy.get(i.personId);
    return {
      ...(declined ? { declinedBySession: declined } : {}),
      id: i.id,
      personId: i.personId,
      country: i.country,
      roles: i.roles as Role[],
      sessionIds: own.map((r) => r.sessionId),
      // Only the roles the person wants in that session: "focal in June" is no offer to be focal in April.
      rolesBySession: new Map(own.map((r) => [r.sessionId, r.roles as Role[]])),
      submittedAt: i.createdAt.getTime(),
    };
  });

  const input = {
    sessions: open.map((s) => ({ id: s.id, fixed: fixedFor(s) })),
    interests: solverInterests,
    history: roleHistory(db),
  };
  // The reads above belong together (one consistent picture); between the steps that follow,
  // other requests get their turn.
  await nextTurn();
  const result = await solveLineup(input);

  const everyone = peopleByIds(db, [...assignments.map((a) => a.personId), ...interestRows.map((i) => i.personId)]);
  await nextTurn();
  const ref = (personId: string) => {
    const p = everyone.get(personId);
    return { email: p?.email ?? '', name: p ? displayName(p) : '' };
  };

  // The solver names people and sessions by their ids; the chair reads names and titles. A session
  // an interest still ranks may have been cancelled since: its title is known all the same.
  const titles = new Map(
    db
      .select({ id: sessions.id, title: sessions.title })
      .from(sessions)
      .where(eq(sessions.seriesId, seriesId))
      .all()
      .map((s) => [s.id, s.title]),
  );
  const named = (personId: string) => {
    const { name, email } = ref(personId);
    return name || email;
  };
  const readableIssue = ({ code, params }: Issue): Issue => {
    const { session, people, ...rest } = params;
    return {
      code,
      params: {
        ...rest,
        ...(typeof session === 'string' ? { session: titles.get(session) ?? session } : {}),
        ...(Array.isArray(people) ? { people: people.map(named) } : {}),
      },
    };
  };
  const readable = (reason: Reason): Reason => ({
    ...readableIssue(reason),
    ...(reason.obstacles ? { obstacles: reason.obstacles.map(readableIssue) } : {}),
  });

  return {
    sessions: result.sessions.map((s) => {
      const session = open.find((o) => o.id === s.sessionId);
      const supporting = assignments.find((a) => a.sessionId === s.sessionId && a.role === 'supporting_chair');
      const chairCountry = s.chair?.country || session?.chairCountry || null;
      return {
        sessionId: s.sessionId,
        title: session?.title ?? '',
        roles: {
          chair: s.chair ? { ...ref(s.chair.personId), ...(chairCountry ? { country: chairCountry } : {}) } : null,
          supportingChair: supporting ? ref(supporting.personId) : null,
          focal: s.focal ? { country: s.focal.country, people: s.focal.personIds.map(ref) } : null,
          discussant: s.discussant ? { country: s.discussant.country, people: s.discussant.personIds.map(ref) } : null,
          coBloggers: s.coBloggerIds.map(ref),
        },
      };
    }),
    unplaced: result.unplaced.map((u) => ({ ...ref(u.personId), ...readable(u.reason) })),
    openPlaces: result.openPlaces.map((o) => ({ sessionId: o.sessionId, role: o.role, ...readable(o.reason) })),
  };
}
