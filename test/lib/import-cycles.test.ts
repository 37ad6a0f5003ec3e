// The layering, checked from the source: each module area (src/modules/<area>, and the shared
// files directly under src/modules) may use others only one way round, and the mail machinery
// (src/mail) uses no module at all, so that each module can register its own mail kinds. Route
// files are adapters on top of every module (like the pages): they may call any module's
// services and guards, so they are not part of any area; they, and the pages, issue no query.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import t from 'tap';
import ts from 'typescript';

const src = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The area a file belongs to: `modules/roles`, `modules/checks.ts`, `mail`; null for the rest. */
function areaOf(file: string): string | null {
  if (/(^|-)routes\.ts$|\/pages\.ts$/.test(file.split('/').pop() ?? '') || file.endsWith('/pages.ts')) return null;
  const [top, second] = relative(src, file).split('/');
  if (top === 'modules' && second) return `modules/${second}`;
  if (top === 'mail') return 'mail';
  return null;
}

/** Every import between two areas, type-only ones included: a type is a dependency too. */
function areaEdges(): Map<string, Map<string, string[]>> {
  const edges = new Map<string, Map<string, string[]>>();
  for (const file of sourceFiles(src)) {
    const from = areaOf(file);
    if (!from) continue;
    for (const imported of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (!imported.fileName.startsWith('.')) continue;
      const target = resolve(dirname(file), imported.fileName.replace(/\.js$/, '.ts'));
      const to = areaOf(target);
      if (!to || to === from) continue;
      const out = edges.get(from) ?? new Map<string, string[]>();
      edges.set(from, out);
      out.set(to, [...(out.get(to) ?? []), `${relative(src, file)} → ${relative(src, target)}`]);
    }
  }
  return edges;
}

/** The areas that reach each other (Tarjan's strongly connected components of two or more). */
function cycles(edges: Map<string, Map<string, string[]>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    for (const next of edges.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (stack.includes(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

const edges = areaEdges();

t.test('no two module areas import each other, directly or round a loop', async (t) => {
  const found = cycles(edges);
  // The imports inside each loop, so a failure says which line to move.
  const within = found.map((component) =>
    component.flatMap((from) =>
      [...(edges.get(from) ?? [])].filter(([to]) => component.includes(to)).flatMap(([, lines]) => lines),
    ),
  );
  t.same(within, []);
});

t.test('the mail machinery imports no module', async (t) => {
  const fromMail = [...(edges.get('mail') ?? [])].filter(([to]) => to.startsWith('modules/')).flatMap(([, l]) => l);
  t.same(fromMail, []);
});

t.test('the check sees imports, so it can fail', async (t) => {
  t.ok(edges.get('modules/roles')?.has('modules/people'), 'roles uses people');
  t.same(
    cycles(
      new Map([
        ['a', new Map([['b', ['a → b']]])],
        ['b', new Map([['a', ['b → a']]])],
      ]),
    ),
    [['a', 'b']],
  );
});

t.test('repositories write rows only: the audit entry and the outbox row are their use case’s', async (t) => {
  const repositories = sourceFiles(join(src, 'modules')).filter((file) => file.endsWith('/repository.ts'));
  t.ok(repositories.length >= 8, 'the repositories are found');
  const sideEffects = repositories.flatMap((file) =>
    ts
      .preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles.filter(({ fileName }) => /(audit\/log|mail\/outbox)\.js$/.test(fileName))
      .map(({ fileName }) => `${relative(src, file)} → ${fileName}`),
  );
  t.same(sideEffects, []);
});

/** The route files (API adapters) and the pages. */
const adapters = sourceFiles(src).filter(
  (file) => /(^|-)routes\.ts$/.test(file.split('/').pop() ?? '') || file.includes('/web/'),
);
// A query reached through a database handle (`db.select(…)`, `tx.transaction(…)`, the driver's
// `$client`), or a statement prepared by hand.
const QUERY =
  /\b(db|tx|database|sqlite)\s*\.\s*(select|selectDistinct|insert|update|delete|transaction|run|all|get|values|query|\$client|\$count)\b|\.prepare\s*\(/;

/** Where an adapter's source issues a query or imports what one is written with. */
function queriesIn(file: string, source: string): string[] {
  const imports = ts
    .preProcessFile(source, true, true)
    .importedFiles.filter(({ fileName }) => /^drizzle-orm|^better-sqlite3|db\/schema(\.js)?$/.test(fileName))
    .map(({ fileName }) => `${relative(src, file)} imports ${fileName}`);
  const query = QUERY.exec(source);
  return query ? [...imports, `${relative(src, file)}: ${query[0]}`] : imports;
}

t.test('no route or page issues a query: each calls its module’s services and readers', async (t) => {
  t.ok(adapters.length >= 30, 'the route files and the pages are found');
  t.same(
    adapters.flatMap((file) => queriesIn(file, readFileSync(file, 'utf8'))),
    [],
  );
  // The check can fail.
  t.same(
    queriesIn(join(src, 'web/routes/x.ts'), "import { eq } from 'drizzle-orm';\nconst rows = db.select().from(t);"),
    ['web/routes/x.ts imports drizzle-orm', 'web/routes/x.ts: db.select'],
  );
  t.same(queriesIn(join(src, 'web/routes/y.ts'), 'tx.update(table).set(v).run();'), ['web/routes/y.ts: tx.update']);
  t.same(queriesIn(join(src, 'web/routes/z.ts'), "client.prepare('select 1').get();"), ['web/routes/z.ts: .prepare(']);
});
