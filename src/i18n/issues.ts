// What the rules report (a line-up conflict or warning, an agenda conflict) is a code with
// parameters; this is where it becomes a sentence, for a page, an email or the API's English
// `message`. Parameters are named for what they hold: `country` and `from` an ISO country code,
// `role` a role code, `roles` a list of them; anything else is shown as it is. A `scope`
// parameter picks a variant of the sentence (key `<kind>.<code>.<scope>`).
import { countryName as englishCountryName } from '../domain/countries.js';
import { type Issue, isOneOf, type Language, roleNames } from '../domain/vocabulary.js';
import { roleWord } from './glossary.js';
import { catalogues, type MessageKey, translator } from './index.js';
import { countryIn, joinList } from './locale.js';

export type IssueKind = 'conflict' | 'warning';

const COUNTRY_PARAMS = new Set(['country', 'from']);

/** The key of an issue's sentence, or null when the catalogue has none. */
function keyOf(kind: IssueKind, issue: Issue): MessageKey | null {
  const scope = typeof issue.params.scope === 'string' ? `.${issue.params.scope}` : '';
  const key = `${kind}.${issue.code}${scope}`;
  return key in catalogues.en ? (key as MessageKey) : null;
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
  const key = keyOf(kind, issue);
  if (!key) return null;
  const role = (value: string) => (isOneOf(roleNames, value) ? roleWord(language, value) : value);
  const vars: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(issue.params)) {
    if (typeof value !== 'string') vars[name] = typeof value === 'number' ? value : joinList(value.map(role), language);
    else if (COUNTRY_PARAMS.has(name)) vars[name] = countryName(value);
    else if (name === 'role') vars[name] = role(value);
    else vars[name] = value;
  }
  return translator(language)(key, vars);
}

/** The issue as the API gives it: its code and parameters, and the English sentence beside them. */
export const withMessage = <I extends Issue>(kind: IssueKind, issue: I): I & { message: string } => ({
  ...issue,
  message: issueText('en', kind, issue, englishCountryName) ?? issue.code,
});
