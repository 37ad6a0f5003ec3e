// Setting a session's line-up, by hand or from the suggestion: the checks (addresses, countries,
// a cancelled session, the line-up rules) and the write in one transaction.
import { and, eq, ne } from 'drizzle-orm';
import { interestSessions, interests, sessions } from '../../../db/schema.js';
import type { Clock } from '../../clock.js';
import { type Db, inTransaction } from '../../db.js';
import {
  type Lineup,
  type LineupContext,
  type LineupPerson,
  lineupConflict,
  lineupWarnings,
} from '../../domain/roles.js';
import type { Issue } from '../../domain/vocabulary.js';
import { conflict, invalidRequest } from '../../errors.js';
import { withMessage } from '../../i18n/issues.js';
import { recordAudit } from '../audit/log.js';
import { checkedCountry, checkedEmail, checkSessionOpen, cleanText } from '../checks.js';
import { queueRoleCancellation } from '../invitations/service.js';
import { displayName, ensurePerson, type Person } from '../people/repository.js';
import { chairsOf } from '../series/repository.js';
import { findSession, type RolesView, type SessionRow, sessionViews } from '../sessions/view.js';
import { writeLineup } from './repository.js';
import type { LineupBody } from './schemas.js';
import { suggestForSeries } from './suggestion.js';

/** Everything the rules need to know about the series around one session. */
function lineupContext(db: Db, session: SessionRow): LineupContext {
  const others = db
    .select({
      id: sessions.id,
      title: sessions.title,
      focalCountry: sessions.focalCountry,
      discussantCountry: sessions.discussantCountry,
    })
    .from(sessions)
    .where(and(eq(sessions.seriesId, session.seriesId), ne(sessions.id, session.id), ne(sessions.status, 'cancelled')))
    .all();
  const wanted = db
    .select({
      personId: interests.personId,
      roles: interests.roles,
      sessionId: interestSessions.sessionId,
      rolesThere: interestSessions.roles,
    })
    .from(interests)
    .leftJoin(interestSessions, eq(interestSessions.interestId, interests.id))
    .where(eq(interests.seriesId, session.seriesId))
    .all();
  const byPerson = new Map<string, { roles: string[]; sessionIds: string[]; rolesHere?: string[] }>();
  for (const row of wanted) {
    const entry = byPerson.get(row.personId) ?? { roles: row.roles, sessionIds: [] };
    if (row.sessionId) entry.sessionIds.push(row.sessionId);
    if (row.sessionId === session.id && row.rolesThere) entry.rolesHere = row.rolesThere;
    byPerson.set(row.personId, entry);
  }
  return {
    sessionId: session.id,
    seriesChairIds: new Set(chairsOf(db, session.seriesId).map((p) => p.id)),
    otherSessions: others,
    interests: byPerson,
  };
}

/** Checks the body's addresses and countries (400) and finds or creates the people named. */
function resolveLineup(db: Db, clock: Clock, body: LineupBody): Lineup {
  const person = (ref: { email: string; name?: string | undefined }, field: string): LineupPerson => {
    const p: Person = ensurePerson(db, clock, { email: checkedEmail(ref.email, field), name: cleanText(ref.name) });
    return { personId: p.id, label: displayName(p), country: p.country };
  };
  const countryRole = (
    role: { country: string; people?: { email: string; name?: string }[] } | null | undefined,
    field: string,
  ) =>
    role
      ? {
          country: checkedCountry(role.country, `${field}.country`),
          people: (role.people ?? []).map((p, i) => person(p, `${field}.people[${i}].email`)),
        }
      : null;
  const chair = body.chair ? person(body.chair, 'chair.email') : null;
  return {
    chair:
      chair && body.chair
        ? {
            ...chair,
            chairCountry: body.chair.country ? checkedCountry(body.chair.country, 'chair.country') : chair.country,
          }
        : null,
    supportingChair: body.supportingChair ? person(body.supportingChair, 'supportingChair.email') : null,
    focal: countryRole(body.focal, 'focal'),
    discussant: countryRole(body.discussant, 'discussant'),
    coBloggers: (body.coBloggers ?? []).map((p, i) => person(p, `coBloggers[${i}].email`)),
  };
}

/** A 409 that words the broken rule in English and gives its parameters as `details`. */
const lineupRefused = (problem: Issue) =>
  conflict(problem.code, withMessage('conflict', problem).message, problem.params);

/**
 * Checks and applies a line-up in one transaction: a refused line-up (400 or 409) leaves
 * nothing behind, not even the people it would have created.
 */
export function setLineup(db: Db, clock: Clock, actor: Person, session: SessionRow, body: LineupBody) {
  return inTransaction(db, () => {
    const lineup = resolveLineup(db, clock, body);
    checkSessionOpen(session);
    const context = lineupContext(db, session);
    const problem = lineupConflict(lineup, context);
    if (problem) throw lineupRefused(problem);
    const warnings = lineupWarnings(lineup, context);
    // Someone invited and taken off is sent the cancellation that takes the session out of their calendar.
    const wanted = writeLineup(db, clock, session, lineup, (row) => queueRoleCancellation(db, clock, session, row));
    recordAudit(db, clock, actor.id, 'roles.update', ['session', session.id, session.seriesId], {
      focal: lineup.focal?.country ?? null,
      discussant: lineup.discussant?.country ?? null,
      chairCountry: lineup.chair?.chairCountry ?? null,
      assignments: wanted,
    });
    return warnings;
  });
}

/**
 * A line-up reduced to what a chair would see change: who holds each role (those who declined
 * left out, as they hold nothing) and the countries. Addresses are compared in lower case.
 */
function lineupKey(body: LineupBody): string {
  const emails = (people: { email: string }[] | null | undefined) =>
    (people ?? []).map((p) => p.email.toLowerCase()).sort();
  const team = (t: LineupBody['focal']) => (t ? { country: t.country, people: emails(t.people) } : null);
  return JSON.stringify([
    body.chair?.email.toLowerCase() ?? null,
    body.supportingChair?.email.toLowerCase() ?? null,
    team(body.focal),
    team(body.discussant),
    emails(body.coBloggers),
  ]);
}

/** Whether taking `proposal` would change anything in the session's line-up as it stands. */
export function proposalChanges(roles: RolesView, proposal: LineupBody): boolean {
  const holding = <P extends { status: string }>(p: P | null) =>
    p && p.status !== 'declined' && p.status !== 'removed' ? p : null;
  const held = (people: RolesView['coBloggers']) => people.filter((p) => holding(p) !== null);
  const team = (current: RolesView['focal']) => (current ? { ...current, people: held(current.people) } : null);
  const now = lineupBodyOf({
    chair: holding(roles.chair),
    supportingChair: holding(roles.supportingChair),
    focal: team(roles.focal),
    discussant: team(roles.discussant),
    coBloggers: held(roles.coBloggers),
  });
  return lineupKey(now) !== lineupKey(proposal);
}

/**
 * Takes the suggested line-up of a series, whole or for some of its sessions, through the same
 * rules as a line-up set by hand, all or nothing.
 */
export async function applySuggestion(db: Db, clock: Clock, actor: Person, seriesId: string, sessionIds?: string[]) {
  // The line-up is solved off the event loop; the rules are checked again as it is written.
  const suggestion = await suggestForSeries(db, seriesId);
  for (const id of sessionIds ?? []) {
    if (!suggestion.sessions.some((s) => s.sessionId === id)) {
      const session = findSession(db, id);
      // A cancelled session has no suggestion, and refuses a line-up as it does by hand.
      if (session?.seriesId === seriesId) checkSessionOpen(session);
      throw invalidRequest(`sessionIds: "${id}" is not an open session of this series.`, { field: 'sessionIds' });
    }
  }
  const chosen = suggestion.sessions.filter((s) => !sessionIds || sessionIds.includes(s.sessionId));
  return inTransaction(db, () =>
    chosen.map((s) => {
      const session = findSession(db, s.sessionId) as SessionRow;
      const [view] = sessionViews(db, [session], 'UTC', true);
      // A session the suggestion would not change keeps its line-up untouched (and unaudited).
      const changed = view !== undefined && proposalChanges(view.roles, s.roles);
      return {
        sessionId: s.sessionId,
        title: s.title,
        changed,
        warnings: changed ? setLineup(db, clock, actor, session, s.roles) : warningsNow(db, clock, session),
      };
    }),
  );
}

export type AssignableRole = 'focal' | 'discussant' | 'chair' | 'co_blogger';

/** The line-up as it stands, as PUT /api/sessions/:id/roles would take it (the view with addresses). */
function lineupBodyOf(roles: RolesView): LineupBody {
  const ref = (p: { email?: string | undefined }) => ({ email: p.email ?? '' });
  const team = (current: RolesView['focal']) =>
    current ? { country: current.country, people: current.people.map(ref) } : null;
  return {
    chair: roles.chair
      ? { email: roles.chair.email ?? '', ...(roles.chair.country ? { country: roles.chair.country } : {}) }
      : null,
    supportingChair: roles.supportingChair ? ref(roles.supportingChair) : null,
    focal: team(roles.focal),
    discussant: team(roles.discussant),
    coBloggers: roles.coBloggers.map(ref),
  };
}

/**
 * What the line-up rules would warn of in a session's line-up as it stands now: shown beside it on
 * the chairs' pages, so a warning stays in view after the form that caused it, not only on its reply.
 */
export function warningsNow(db: Db, clock: Clock, session: SessionRow): Issue[] {
  if (session.status === 'cancelled') return [];
  const [view] = sessionViews(db, [session], 'UTC', true);
  if (!view) return [];
  return lineupWarnings(resolveLineup(db, clock, lineupBodyOf(view.roles)), lineupContext(db, session));
}

/**
 * The line-up as it stands (with addresses), plus one person in one role: focal or discussant with
 * their country (joining the people already there if it is the same country, replacing them
 * otherwise), the chair, or one more co-blogger.
 */
export function lineupWith(roles: RolesView, role: AssignableRole, person: { email: string; country: string }) {
  const ref = (p: { email?: string | undefined }) => ({ email: p.email ?? '' });
  const body = lineupBodyOf(roles);
  const joined = (current: RolesView['focal']) =>
    current && current.country === person.country
      ? {
          country: current.country,
          people: [...current.people.map(ref).filter((p) => p.email !== person.email), { email: person.email }],
        }
      : { country: person.country, people: [{ email: person.email }] };
  if (role === 'chair') body.chair = { email: person.email, country: person.country };
  if (role === 'focal') body.focal = joined(roles.focal);
  if (role === 'discussant') body.discussant = joined(roles.discussant);
  if (role === 'co_blogger' && !roles.coBloggers.some((p) => p.email === person.email)) {
    body.coBloggers = [...(body.coBloggers ?? []), { email: person.email }];
  }
  return body;
}

/**
 * A chair puts someone who expressed interest into a role of a session, from the grid: the rest of
 * the line-up stays, and the whole goes through the same rules as a line-up set by hand.
 */
export function assignRole(
  db: Db,
  clock: Clock,
  actor: Person,
  session: SessionRow,
  role: AssignableRole,
  person: { email: string; country: string },
) {
  checkSessionOpen(session);
  const [view] = sessionViews(db, [session], 'UTC', true);
  if (!view) throw invalidRequest('This session is not in the series.', { field: 'sessionId' });
  return setLineup(db, clock, actor, session, lineupWith(view.roles, role, person));
}
