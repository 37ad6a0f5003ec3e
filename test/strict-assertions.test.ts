// tap's pattern assertions read an array in the pattern as "these items first": t.match({ roles:
// ['chair'] }, { roles: [] }) passes, so a list that grew or lost its tail still looks right. The
// suite states lists exactly (t.same); this test reads every test file with the TypeScript parser
// and lists each pattern assertion whose pattern holds an array.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import t from 'tap';
import ts from 'typescript';

const root = join(import.meta.dirname, '..');
/** tap's assertions that compare against a pattern, where an array means a prefix or a subset. */
const PATTERN_ASSERTIONS = new Set(['match', 'matchStrict', 'matchOnly', 'has', 'hasStrict', 'notMatch']);

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : testFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The initializers of the file's `const name = …` declarations, to follow a pattern kept in a name. */
function constants(source: ts.SourceFile): Map<string, ts.Expression> {
  const found = new Map<string, ts.Expression>();
  const visit = (node: ts.Node) => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      ts.isVariableDeclarationList(node.parent) &&
      node.parent.flags & ts.NodeFlags.Const
    ) {
      found.set(node.name.text, node.initializer);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Whether the expression, or a value it builds (not a function it defines), holds an array literal. */
function holdsArray(node: ts.Node, named: Map<string, ts.Expression>, seen = new Set<string>()): boolean {
  if (ts.isArrayLiteralExpression(node)) return true;
  if (ts.isFunctionLike(node)) return false;
  if (ts.isIdentifier(node) && named.has(node.text) && !seen.has(node.text)) {
    seen.add(node.text);
    return holdsArray(named.get(node.text) as ts.Expression, named, seen);
  }
  // In `s.june` only `s` is a value: the name after the dot is no constant of the file.
  if (ts.isPropertyAccessExpression(node)) return holdsArray(node.expression, named, seen);
  // A property's name is not a value: `{ [key]: … }` aside, only look at what it is set to.
  if (ts.isPropertyAssignment(node)) return holdsArray(node.initializer, named, seen);
  if (ts.isShorthandPropertyAssignment(node)) return holdsArray(node.name, named, seen);
  return ts.forEachChild(node, (child) => holdsArray(child, named, seen) || undefined) ?? false;
}

function arrayPatterns(path: string, text = readFileSync(path, 'utf8')): string[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const named = constants(source);
  const places: string[] = [];
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      PATTERN_ASSERTIONS.has(node.expression.name.text) &&
      // String#match and Set#has take one argument; tap's take the value and the pattern.
      node.arguments.length >= 2 &&
      holdsArray(node.arguments[1] as ts.Expression, named)
    ) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      places.push(`${relative(root, path)}:${line + 1} t.${node.expression.name.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return places;
}

t.test('the guard sees an array in a pattern, directly, nested or through a constant', async (t) => {
  const sample = [
    "t.match(body, { roles: ['chair'] });",
    't.match(body, { series: { sessions: [] } });',
    't.has(list, [1]);',
    'const expected = { ids: [a, b] };',
    't.match(body, expected);',
    "t.match(body, { title: 'x', at: /2027/ });",
    't.same(body, { roles: [] });',
    "text.match(/a/); ids.has('a');",
    't.match(body, { count: items.filter((i) => [1, 2].includes(i)).length });',
    'const june = [1];',
    't.match(body, new RegExp("rank_" + s.june));',
  ].join('\n');
  t.same(arrayPatterns(join(root, 'test/sample.ts'), sample), [
    'test/sample.ts:1 t.match',
    'test/sample.ts:2 t.match',
    'test/sample.ts:3 t.has',
    'test/sample.ts:5 t.match',
  ]);
});

t.test('no test compares against a pattern that holds an array (say the list exactly with t.same)', async (t) => {
  const files = testFiles(join(root, 'test'));
  t.ok(files.length > 40, 'the test files are found');
  t.same(
    files.flatMap((path) => arrayPatterns(path)),
    [],
  );
});
