// The suggested line-up: the series' interests and current line-ups handed to the exact solver
// (src/domain/lineup.ts), its answer turned into line-ups in the shape PUT /roles takes.
import { and, eq, inArray, ne } from 'drizzle-orm';
import { interestSessions, interests, roleAssignments, sessions } from '../../../db/schema.js';
import type { Db } from '../../db.js';
import { type FixedLineup, type LineupInterest, type Role, suggestLineup } from '../../domain/lineup.js';
import { displayName, peopleByIds } from '../people/repository.js';
import type { SuggestionView } from './schemas.js';

const KEPT = ['invited', 'accepted'] as const;

export function suggestForSeries(db: Db, seriesId: string): SuggestionView {
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
    // A country the chairs set stays, unless only not-yet-invited people came with it (those may move).
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
  const ranked = interestRows.length
    ? db
        .select()
        .from(interestSessions)
        .where(
          inArray(
            interestSessions.interestId,
            interestRows.map((i) => i.id),
          ),
        )
        .all()
    : [];
  const solverInterests: LineupInterest[] = interestRows.map((i) => {
    const own = ranked.filter((r) => r.interestId === i.id).sort((a, b) => a.rank - b.rank);
    return {
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

  const result = suggestLineup(
    open.map((s) => ({ id: s.id, fixed: fixedFor(s) })),
    solverInterests,
  );

  const everyone = peopleByIds(db, [...assignments.map((a) => a.personId), ...interestRows.map((i) => i.personId)]);
  const ref = (personId: string) => {
    const p = everyone.get(personId);
    return { email: p?.email ?? '', name: p ? displayName(p) : '' };
  };

  // The solver names people and sessions by their ids; the chair reads names and titles.
  const readable = (reason: string) => {
    let text = reason;
    for (const session of open) text = text.replaceAll(session.id, `“${session.title}”`);
    for (const personId of everyone.keys()) {
      const { name, email } = ref(personId);
      text = text.replaceAll(personId, name || email);
    }
    return text;
  };

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
    unplaced: result.unplaced.map((u) => ({ ...ref(u.personId), reason: readable(u.reason) })),
    openPlaces: result.openPlaces.map((o) => ({ ...o, reason: readable(o.reason) })),
  };
}
