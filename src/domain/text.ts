// What text may hold. Every string a person sends is valid Unicode (no lone surrogate, which
// the database could only store as broken UTF-8); a single line (a title, a name, an address,
// a code) holds no control character at all; free text may also hold newlines and tabs; a
// title, name or agenda segment holds at least one character other than spaces.

/** `line`: one line of text; `multiline`: free text; `label`: one line that says something. */
export const textKinds = ['line', 'multiline', 'label'] as const;
export type TextKind = (typeof textKinds)[number];

// Control characters (Unicode category Cc: U+0000–U+001F and U+007F–U+009F).
const CONTROL = /\p{Cc}/u;
// The same, less the tab, line feed and carriage return that free text keeps.
const CONTROL_IN_FREE_TEXT = /[^\P{Cc}\t\n\r]/u;
const LONE_SURROGATE = /\p{Cs}/u;

const codePoint = (char: string) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Why a string may not be kept as this kind of text, as the end of a sentence that starts with
 * the field's name ("title must not hold control characters (U+0000 at position 4)"), or null
 * when it may. Positions count UTF-16 units from 1. An empty string is left to the field's
 * `minLength`: a name may be empty, a title may not.
 */
export function textProblem(value: string, kind: TextKind): string | null {
  const surrogate = LONE_SURROGATE.exec(value);
  if (surrogate) {
    return `must be valid Unicode text (it holds a lone surrogate, ${codePoint(surrogate[0])}, at position ${surrogate.index + 1})`;
  }
  const control = (kind === 'multiline' ? CONTROL_IN_FREE_TEXT : CONTROL).exec(value);
  if (control) {
    const what =
      kind === 'multiline'
        ? 'may hold newlines and tabs but no other control character'
        : 'must be one line without control characters';
    return `${what} (it holds ${codePoint(control[0])} at position ${control.index + 1})`;
  }
  if (kind === 'label' && value !== '' && value.trim() === '') return 'must hold more than spaces';
  return null;
}

/** At most `max` UTF-16 units of a string, never cutting a surrogate pair in two. */
export function clip(value: string, max: number): string {
  if (value.length <= max) return value;
  const last = value.charCodeAt(max - 1);
  // A high surrogate last: its low half would be cut off.
  return value.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
