// The rules of a session's role line-up, free of I/O: what is refused (409) and what is allowed
// but worth a second look (a warning returned with the 200). Each is a code with parameters
// (country and role codes, names, titles); src/i18n/issues.ts words them for every reader.

import type { Issue, RoleName as LineupRole } from './vocabulary.js';

export interface LineupPerson {
  personId: string;
  /** For messages: the person's name or address. */
  label: string;
  /** The country in the person's profile, if known. */
  country: string | null;
}

export interface Lineup {
  chair: (LineupPerson & { chairCountry: string | null }) | null;
  supportingChair: LineupPerson | null;
  focal: { country: string; people: LineupPerson[] } | null;
  discussant: { country: string; people: LineupPerson[] } | null;
  coBloggers: LineupPerson[];
}

export interface LineupContext {
  sessionId: string;
  seriesChairIds: ReadonlySet<string>;
  /** The other live (not cancelled) sessions of the series, with their role countries. */
  otherSessions: { id: string; title: string; focalCountry: string | null; discussantCountry: string | null }[];
  /**
   * What each person asked for in this series, by person id: every role they named, their ranked
   * sessions, and (when known) the roles they named for this session.
   */
  interests: ReadonlyMap<
    string,
    { roles: readonly string[]; sessionIds: readonly string[]; rolesHere?: readonly string[] | undefined }
  >;
}

const MAX_CO_BLOGGERS = 3;

/** The first rule the line-up breaks (409), or null. */
export function lineupConflict(lineup: Lineup, context: LineupContext): Issue | null {
  if (lineup.focal && lineup.discussant && lineup.focal.country === lineup.discussant.country) {
    return { code: 'same_country', params: { country: lineup.focal.country } };
  }
  if (lineup.supportingChair && !context.seriesChairIds.has(lineup.supportingChair.personId)) {
    return { code: 'not_series_chair', params: { name: lineup.supportingChair.label } };
  }
  if (lineup.coBloggers.length > MAX_CO_BLOGGERS) {
    return { code: 'too_many_co_bloggers', params: { max: MAX_CO_BLOGGERS, n: lineup.coBloggers.length } };
  }
  const focalCountry = lineup.focal?.country;
  const elsewhere = focalCountry && context.otherSessions.find((s) => s.focalCountry === focalCountry);
  if (focalCountry && elsewhere) {
    return { code: 'country_already_focal', params: { country: focalCountry, session: elsewhere.title } };
  }
  return null;
}

/** Choices that are allowed but worth a second look. */
export function lineupWarnings(lineup: Lineup, context: LineupContext): Issue[] {
  const warnings: Issue[] = [];
  const holders: [LineupRole, LineupPerson][] = [
    ...(lineup.chair ? [['chair', lineup.chair] as [LineupRole, LineupPerson]] : []),
    ...(lineup.supportingChair ? [['supporting_chair', lineup.supportingChair] as [LineupRole, LineupPerson]] : []),
    ...(lineup.focal?.people ?? []).map((p) => ['focal', p] as [LineupRole, LineupPerson]),
    ...(lineup.discussant?.people ?? []).map((p) => ['discussant', p] as [LineupRole, LineupPerson]),
    ...lineup.coBloggers.map((p) => ['co_blogger', p] as [LineupRole, LineupPerson]),
  ];

  for (const [role, person] of holders) {
    if (role === 'supporting_chair') continue; // series chairs are appointed, not volunteers
    const interest = context.interests.get(person.personId);
    if (!interest) {
      warnings.push({ code: 'no_interest', params: { name: person.label, role } });
      continue;
    }
    if (!interest.roles.includes(role)) {
      warnings.push({ code: 'role_not_requested', params: { name: person.label, role } });
    } else if (
      interest.rolesHere &&
      interest.sessionIds.includes(context.sessionId) &&
      !interest.rolesHere.includes(role)
    ) {
      warnings.push({ code: 'role_not_requested', params: { name: person.label, role, scope: 'session' } });
    }
    if (!interest.sessionIds.includes(context.sessionId)) {
      warnings.push({ code: 'session_not_requested', params: { name: person.label } });
    }
  }

  const byPerson = new Map<string, LineupRole[]>();
  for (const [role, person] of holders) byPerson.set(person.personId, [...(byPerson.get(person.personId) ?? []), role]);
  for (const [personId, roles] of byPerson) {
    if (roles.length < 2) continue;
    const label = holders.find(([, p]) => p.personId === personId)?.[1].label ?? personId;
    warnings.push({ code: 'person_holds_two_roles', params: { name: label, n: roles.length, roles } });
  }

  const discussantCountry = lineup.discussant?.country;
  const alsoDiscussant =
    discussantCountry && context.otherSessions.find((s) => s.discussantCountry === discussantCountry);
  if (discussantCountry && alsoDiscussant) {
    warnings.push({
      code: 'country_already_discussant',
      params: { country: discussantCountry, session: alsoDiscussant.title },
    });
  }

  for (const [role, group] of [
    ['focal', lineup.focal],
    ['discussant', lineup.discussant],
  ] as const) {
    for (const person of group?.people ?? []) {
      if (person.country && person.country !== group?.country) {
        warnings.push({
          code: 'country_mismatch',
          params: { name: person.label, from: person.country, country: group?.country ?? '', role },
        });
      }
    }
  }
  return warnings;
}
