// The text rule as pure functions: what each kind of text may hold, the sentence that says why
// not, and cutting text without breaking a character.
import t from 'tap';
import { clip, textProblem } from '../../src/domain/text.js';

t.test('valid Unicode: a lone surrogate, high or low, is refused in every kind; a pair is fine', async (t) => {
  for (const kind of ['line', 'multiline', 'label'] as const) {
    t.equal(
      textProblem('ab\uD800c', kind),
      'must be valid Unicode text (it holds a lone surrogate, U+D800, at position 3)',
    );
    t.equal(
      textProblem('\uDFFF', kind),
      'must be valid Unicode text (it holds a lone surrogate, U+DFFF, at position 1)',
    );
    t.equal(
      textProblem('\uDE00\uD83D', kind),
      'must be valid Unicode text (it holds a lone surrogate, U+DE00, at position 1)',
    );
    t.equal(textProblem('Kigali 🌍 and Lomé', kind), null);
  }
});

t.test('one line: no control character at all, a tab and a newline included', async (t) => {
  t.equal(textProblem('Health financing', 'line'), null);
  t.equal(textProblem('', 'line'), null);
  t.equal(textProblem('a\nb', 'line'), 'must be one line without control characters (it holds U+000A at position 2)');
  t.equal(textProblem('a\tb', 'line'), 'must be one line without control characters (it holds U+0009 at position 2)');
  t.equal(textProblem('\r', 'line'), 'must be one line without control characters (it holds U+000D at position 1)');
  t.equal(
    textProblem('x\u0000', 'line'),
    'must be one line without control characters (it holds U+0000 at position 2)',
  );
  t.equal(
    textProblem('x\u009F', 'line'),
    'must be one line without control characters (it holds U+009F at position 2)',
  );
  // Spaces of other widths are not control characters.
  t.equal(textProblem('a\u00A0b\u2003c', 'line'), null);
});

t.test('free text: newlines, carriage returns and tabs, nothing else of the controls', async (t) => {
  t.equal(textProblem('One\r\nTwo\n\tThree', 'multiline'), null);
  const refused = (code: string, position: number) =>
    `may hold newlines and tabs but no other control character (it holds ${code} at position ${position})`;
  t.equal(textProblem('a\u000Bb', 'multiline'), refused('U+000B', 2));
  t.equal(textProblem('a\u000Cb', 'multiline'), refused('U+000C', 2));
  t.equal(textProblem('\u001B[31m', 'multiline'), refused('U+001B', 1));
  t.equal(textProblem('ok\n\u0000', 'multiline'), refused('U+0000', 4));
  t.equal(textProblem('del\u007F', 'multiline'), refused('U+007F', 4));
  t.equal(textProblem('next\u0085line', 'multiline'), refused('U+0085', 5));
});

t.test('a label (title, name, segment): one line with more than spaces; empty is for minLength', async (t) => {
  t.equal(textProblem('   ', 'label'), 'must hold more than spaces');
  t.equal(textProblem(' ', 'label'), 'must hold more than spaces');
  t.equal(textProblem('\u00A0\u2003\u3000', 'label'), 'must hold more than spaces');
  t.equal(textProblem(' x ', 'label'), null);
  t.equal(textProblem('', 'label'), null);
  t.equal(textProblem(' \n ', 'label'), 'must be one line without control characters (it holds U+000A at position 2)');
  // Only a label asks for more than spaces.
  t.equal(textProblem('   ', 'line'), null);
  t.equal(textProblem('   ', 'multiline'), null);
});

t.test('clip cuts at a length without leaving half of a surrogate pair', async (t) => {
  t.equal(clip('abcdef', 10), 'abcdef');
  t.equal(clip('abcdef', 3), 'abc');
  t.equal(clip('ab🌍cd', 3), 'ab');
  t.equal(clip('ab🌍cd', 4), 'ab🌍');
  t.equal(clip('🌍', 1), '');
});
