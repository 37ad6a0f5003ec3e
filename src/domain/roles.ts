// The rules of a session's role line-up, free of I/O: what is refused (409) and what is allowed
// but worth a second look (a warning returned with the 200).

import type { RoleName as LineupRole } from './vocabulary.js';

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
  countryName: (code: string) => string;
}

interface LineupIssue {
  code: string;
  message: string;
}

const MAX_CO_BLOGGERS = 3;

/** The first rule the line-up breaks (409), or null. */
export function lineupConflict(lineup: Lineup, context: LineupContext): LineupIssue | null {
  const name = context.countryName;
  if (lineup.focal && lineup.discussant && lineup.focal.country === lineup.discussant.country) {
    return {
      code: 'same_country',
      message: `${name(lineup.focal.country)} cannot be both the focal and the discussant country of a session.`,
    };
  }
  if (lineup.supportingChair && !context.seriesChairIds.has(lineup.supportingChair.personId)) {
    return {
      code: 'not_series_chair',
      message: `${lineup.supportingChair.label} is not a chair of this series; the supporting chair must be one.`,
    };
  }
  if (lineup.coBloggers.length > MAX_CO_BLOGGERS) {
    return {
      code: 'too_many_co_bloggers',
      message: `A session has at most ${MAX_CO_BLOGGERS} co-bloggers; ${lineup.coBloggers.length} were given.`,
    };
  }
  const focalCountry = lineup.focal?.country;
  const elsewhere = focalCountry && context.otherSessions.find((s) => s.focalCountry === focalCountry);
  if (focalCountry && elsewhere) {
    return {
      code: 'country_already_focal',
      message: `${name(focalCountry)} is already the focal country of "${elsewhere.title}"; each country presents once in a series.`,
    };
  }
  return null;
}

const roleWords: Record<LineupRole, string> = {
  chair: 'chair',
  supporting_chair: 'supporting chair',
  focal: 'focal country',
  discussant: 'discussant country',
  co_blogger: 'co-blogger',
};

/** Choices that are allowed but worth a second look. */
export function lineupWarnings(lineup: Lineup, context: LineupContext): LineupIssue[] {
  const warnings: LineupIssue[] = [];
  const name = context.countryName;
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
      warnings.push({
        code: 'no_interest',
        message: `${person.label} has not expressed interest in this series but is ${roleWords[role]}.`,
      });
      continue;
    }
    if (!interest.roles.includes(role)) {
      warnings.push({
        code: 'role_not_requested',
        message: `${person.label} did not ask to be ${roleWords[role]}.`,
      });
    } else if (
      interest.rolesHere &&
      interest.sessionIds.includes(context.sessionId) &&
      !interest.rolesHere.includes(role)
    ) {
      warnings.push({
        code: 'role_not_requested',
        message: `${person.label} did not ask to be ${roleWords[role]} in this session.`,
      });
    }
    if (!interest.sessionIds.includes(context.sessionId)) {
      warnings.push({
        code: 'session_not_requested',
        message: `${person.label} did not choose this session.`,
      });
    }
  }

  const byPerson = new Map<string, LineupRole[]>();
  for (const [role, person] of holders) byPerson.set(person.personId, [...(byPerson.get(person.personId) ?? []), role]);
  for (const [personId, roles] of byPerson) {
    if (roles.length < 2) continue;
    const label = holders.find(([, p]) => p.personId === personId)?.[1].label ?? personId;
    warnings.push({
      code: 'person_holds_two_roles',
      message: `${label} holds ${roles.length} roles in this session: ${roles.map((r) => roleWords[r]).join(' and ')}.`,
    });
  }

  const discussantCountry = lineup.discussant?.country;
  const alsoDiscussant =
    discussantCountry && context.otherSessions.find((s) => s.discussantCountry === discussantCountry);
  if (discussantCountry && alsoDiscussant) {
    warnings.push({
      code: 'country_already_discussant',
      message: `${name(discussantCountry)} is also the discussant country of "${alsoDiscussant.title}".`,
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
          message: `${person.label} is from ${name(person.country)}, not ${name(group?.country ?? '')}, the ${roleWords[role]}.`,
        });
      }
    }
  }
  return warnings;
}
