// What the rules report (a line-up conflict or warning, an agenda conflict) is a code with
// parameters; this is where it becomes a sentence, for a page, an email or the API's English
// `message`. Parameters are named for what they hold: `country` and `from` an ISO country code,
// `role` a role code, `roles` a list of them, `people` a list of names; anything else is shown
// as it is. A `scope` parameter picks a variant of the sentence (key `<kind>.<code>.<scope>`);
// a sentence with `_one`/`_other` forms takes the one for the number `n`. A reason (why a
// suggested place stays open, why a person has none) is a clause that may gather several obstacles.
import { countryName as englishCountryName } from '../domain/countries.js';
import type { Reason } from '../domain/lineup.js';
import { type Issue, isOneOf, type Language, roleNames } from '../domain/vocabulary.js';
import { capitalised, roleWord } from './glossary.js';
import { catalogues, type MessageKey, type PluralKey, plural, translator } from './index.js';
import { countryIn, joinList } from './locale.js';

export type IssueKind = 'conflict' | 'warning' | 'reason' | 'agenda';

/** Where each kind's sentences are in the catalogue. */
const PREFIX: Record<IssueKind, string> = {
  conflict: 'conflict',
  warning: 'warning',
  reason: 'reason',
  agenda: 'agenda.problem',
};

const COUNTRY_PARAMS = new Set(['country', 'from']);

/** A list of names longer than this shows its first names and how many others. */
const MAX_NAMES = 4;

/** The key of an issue's sentence (or the base of its plural forms), or null when the catalogue has none. */
function keyOf(kind: IssueKind, issue: Issue): { key: MessageKey; plural: boolean } | null {
  const scope = typeof issue.params.scope === 'string' ? `.${issue.params.scope}` : '';
  const key = `${PREFIX[kind]}.${issue.code}${scope}`;
  if (key in catalogues.en) return { key: key as MessageKey, plural: false };
  if (`${key}_other` in catalogues.en) return { key: key as MessageKey, plural: true };
  return null;
}

/** "Ana, Bo, Cy and 3 others" in the reader's language. */
function namesIn(language: Language, names: string[]): string {
  if (names.length <= MAX_NAMES) return joinList(names, language);
  const shown = names.slice(0, MAX_NAMES - 1);
  return joinList([...shown, plural(language, 'reason.others', names.length - shown.length)], language);
}

/**
 * The issue as a sentence in `language`, or null when it has no sentence of its own (the caller
 * says something general instead). Country names come from `countryName` when given: the API
 * keeps the English names it has always used.
 */
export function issueText(
  language: Language,
  kind: IssueKind,
  issue: Issue,
  countryName: (code: string) => string = (code) => countryIn(code, language),
): string | null {
  const found = keyOf(kind, issue);
  if (!found) return null;
  const n = typeof issue.params.n === 'number' ? issue.params.n : 1;
  const role = (value: string, count = 1) => (isOneOf(roleNames, value) ? roleWord(language, value, count) : value);
  const vars: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(issue.params)) {
    if (typeof value === 'number') vars[name] = value;
    else if (typeof value !== 'string')
      vars[name] =
        name === 'people'
          ? namesIn(language, value)
          : joinList(
              value.map((v) => role(v)),
              language,
            );
    else if (COUNTRY_PARAMS.has(name)) vars[name] = countryName(value);
    // The role of the `n` people named: "Ama and Bo are suggested as co-bloggers".
    else if (name === 'role') vars[name] = role(value, n);
    else vars[name] = value;
  }
  return found.plural ? plural(language, found.key as PluralKey, n, vars) : translator(language)(found.key, vars);
}

/**
 * Why a suggested place stays open or a person has none, as a clause ("nobody who chose this
 * session asked for the chair role") for a page to put after the place or the name; its
 * obstacles, when it has several, are named in it one after the other.
 */
export function reasonText(
  language: Language,
  reason: Reason,
  countryName: (code: string) => string = (code) => countryIn(code, language),
): string {
  const clause = (issue: Issue) =>
    issueText(language, 'reason', issue, countryName) ?? translator(language)('reason.other');
  if (!reason.obstacles?.length) return clause(reason);
  const separator = translator(language)('reason.separator');
  const obstacles = reason.obstacles.map(clause).join(separator);
  return (
    issueText(language, 'reason', { ...reason, params: { ...reason.params, obstacles } }, countryName) ?? obstacles
  );
}

/** The reason as the API gives it: its code, parameters and obstacles, and the English sentence beside them. */
export const reasonWithText = <R extends Reason>(reason: R): R & { reason: string } => {
  const clause = reasonText('en', reason, englishCountryName);
  return { ...reason, reason: `${capitalised(clause)}.` };
};

/** The issue as the API gives it: its code and parameters, and the English sentence beside them. */
export const withMessage = <I extends Issue>(kind: IssueKind, issue: I): I & { message: string } => ({
  ...issue,
  message: issueText('en', kind, issue, englishCountryName) ?? issue.code,
});
