// The fuzz test: every route the service itself lists (its OpenAPI document, so a new route is
// covered without editing this file) gets bounded random requests from several people: ids
// that exist and ids that do not, bodies drawn from the route's own schema and then broken
// (wrong types, missing and extra fields, huge and strange strings, deep nesting, invalid JSON,
// the wrong content type). Whatever comes in: never a 5xx, a 4xx is `{error, message, details?}`
// and nothing else, and a 4xx leaves the database exactly as it was. The HTML forms get the
// same treatment with the fields their pages show. Seeds are fixed: a failure names its seed
// and path, and running the file again replays it.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import t from 'tap';
import { ADMIN, build, CHAIR, createSeries, createSession, json, type TestApp, type TestContext } from '../helper.js';
import { WebClient } from '../web/helper.js';

const SEED = 20_261_123;
const API_RUNS = 100;
const WEB_RUNS = 60;
const API_BODY_LIMIT = 1_048_576;
const FORM_BODY_LIMIT = 65_536;

const PRACTITIONER = 'marta@example.org';
const CONVENER = 'amara@example.org';

/**
 * Tables whose rows may change on a refused request, left out of the comparison. None today:
 * the sign-in limits are counted in memory (src/web/limits.ts), a token or web session is read
 * without being touched, and a failed sign-in is not audited. A table added here needs the
 * reason beside it.
 */
const CHANGES_ON_REFUSAL = new Set<string>([]);

type Schema = Record<string, any>;

interface Fixture {
  test: TestApp;
  doc: Schema;
  ids: string[];
  /** The ids that exist, by the word before them in an address (`/sessions/{id}`: sessions). */
  idsBy: Record<string, string[]>;
  emails: string[];
}

async function setUp(t: TestContext): Promise<Fixture> {
  const test = await build(t);
  const ok = async (method: string, url: string, who: string, payload?: object) => {
    const res = await test.app.inject({ method: method as 'POST', url, headers: test.as(who), payload });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return json(res);
  };
  test.as(ADMIN, { admin: true });
  const series = await createSeries(test);
  const session = await createSession(test, series.id);
  const second = await createSession(test, series.id, { title: 'Purchasing and PFM', startsAt: '2027-09-29T14:00' });
  const ws = await ok('POST', `/api/series/${series.id}/workstreams`, CHAIR, { title: 'Citizen participation' });
  await ok('POST', `/api/series/${series.id}/interests`, CONVENER, {
    country: 'GH',
    workstreams: [{ id: ws.id, asConvener: true }],
  });
  await ok('PUT', `/api/workstreams/${ws.id}/convener`, CHAIR, { email: CONVENER, supportingChair: { email: CHAIR } });
  const meeting = await ok('POST', `/api/workstreams/${ws.id}/meetings`, CONVENER, {
    title: 'Monthly exchange',
    startsAt: '2027-05-05T14:00',
  });
  // A repeating run too, for the routes about one meeting of it.
  const run = await ok('POST', `/api/workstreams/${ws.id}/meetings`, CONVENER, {
    title: 'Fortnightly exchange',
    startsAt: '2027-05-12T14:00',
    repeat: { every: 2, unit: 'weeks', count: 4 },
  });
  const interest = await ok('POST', `/api/series/${series.id}/interests`, PRACTITIONER, {
    country: 'AR',
    roles: ['focal', 'discussant'],
    sessions: [session.id, second.id],
    workstreams: [{ id: ws.id }],
    motivation: 'We would like to share how purchasing works at home.',
  });
  await ok('PUT', `/api/sessions/${session.id}/roles`, CHAIR, {
    chair: { email: 'kofi@example.org', name: 'Kofi Mensah', country: 'GH' },
    focal: { country: 'AR', people: [{ email: PRACTITIONER }] },
  });
  await ok('POST', `/api/sessions/${session.id}/invitations`, CHAIR);
  const call = await ok('POST', `/api/sessions/${session.id}/preparatory-call`, CHAIR, {
    startsAt: '2027-06-20T15:00',
  });
  // A token of the practitioner's that is not the one the fuzzer signs in with.
  const spare = await ok('POST', '/api/me/tokens', PRACTITIONER, { label: 'spare' });
  const db = test.app.db.$client;
  const messages = db.prepare('select id from outbox order by rowid limit 3').pluck().all() as string[];
  const people = db.prepare('select id from people order by rowid').pluck().all() as string[];
  const emails = db.prepare('select email from people order by rowid').pluck().all() as string[];
  const doc = json(await test.app.inject({ url: '/openapi.json' }));
  return {
    test,
    doc,
    ids: [
      series.id,
      session.id,
      second.id,
      ws.id,
      meeting.id,
      run.id,
      interest.id,
      call.id,
      spare.id,
      ...messages,
      ...people,
    ],
    idsBy: {
      series: [series.id],
      sessions: [session.id, second.id],
      workstreams: [ws.id],
      meetings: [meeting.id, run.id],
      interests: [interest.id],
      'preparatory-calls': [call.id],
      tokens: [spare.id],
      outbox: messages,
      members: people,
    },
    emails,
  };
}

// ---- the database, before and after ----------------------------------------------------------

/** A digest of every table's rows, recomputed only when SQLite counts a change since the last. */
function snapshots(test: TestApp) {
  const client = test.app.db.$client;
  const tables = (
    client
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
      .pluck()
      .all() as string[]
  ).filter((name) => !CHANGES_ON_REFUSAL.has(name));
  const reads = tables.map((name) => ({ name, rows: client.prepare(`select * from "${name}" order by rowid`).raw() }));
  const changes = client.prepare('select total_changes()').pluck();
  let last: { changes: unknown; digest: Map<string, string> } | null = null;
  return (): Map<string, string> => {
    const now = changes.get();
    if (last !== null && last.changes === now) return last.digest;
    const digest = new Map<string, string>();
    for (const { name, rows } of reads) {
      const hash = createHash('sha256');
      let count = 0;
      for (const row of rows.iterate()) {
        hash.update(JSON.stringify(row));
        count++;
      }
      digest.set(name, `${count}:${hash.digest('hex')}`);
    }
    last = { changes: now, digest };
    return digest;
  };
}

const changedTables = (before: Map<string, string>, after: Map<string, string>) =>
  [...after].filter(([name, digest]) => before.get(name) !== digest).map(([name]) => name);

/** Answers per route and status class, so the file says how deep the requests got. */
const answers = new Map<string, Record<string, number>>();
let currentRoute = '';
function tally(status: number) {
  const counts = answers.get(currentRoute) ?? {};
  const group = `${String(status)[0]}xx`;
  counts[group] = (counts[group] ?? 0) + 1;
  answers.set(currentRoute, counts);
}
const reached = (prefix: string) =>
  [...answers].filter(([route, counts]) => route.startsWith(prefix) && (counts['2xx'] ?? 0) + (counts['3xx'] ?? 0) > 0)
    .length;
const ERROR_KEYS = new Set(['error', 'message', 'details']);

/** Throws (for fast-check to report) when the response breaks a rule of the contract. */
function judge(
  label: string,
  res: LightMyRequestResponse,
  before: Map<string, string>,
  after: Map<string, string>,
  { jsonErrors }: { jsonErrors: boolean },
): void {
  const where = `${label} → ${res.statusCode} ${res.body.slice(0, 300)}`;
  tally(res.statusCode);
  if (res.statusCode >= 500) throw new Error(`a 5xx: ${where}`);
  if (res.statusCode < 400) return;
  const changed = changedTables(before, after);
  if (changed.length > 0) throw new Error(`a ${res.statusCode} changed ${changed.join(', ')}: ${where}`);
  if (!jsonErrors) return;
  if (!String(res.headers['content-type']).startsWith('application/json')) {
    throw new Error(`a 4xx that is not JSON (${res.headers['content-type']}): ${where}`);
  }
  const body = JSON.parse(res.body) as Record<string, unknown>;
  const extra = Object.keys(body).filter((key) => !ERROR_KEYS.has(key));
  if (typeof body.error !== 'string' || typeof body.message !== 'string' || extra.length > 0) {
    throw new Error(`a 4xx not of the shape {error, message, details?}: ${where}`);
  }
}

// ---- values ------------------------------------------------------------------------------------

const strange = fc.constantFrom(
  '',
  ' ',
  '   ',
  '\uD800',
  '\uDFFF',
  'a\uD800b',
  '\u0000',
  'a\u0000b',
  '\u0007',
  '😀',
  '👩🏽‍⚕️ Ministère de la Santé',
  '\u202Eevil',
  'tab\there\nnewline',
  '\r',
  '=1+1',
  '-0',
  '1e308',
  'NaN',
  'Infinity',
  'null',
  'true',
  '{}',
  '[]',
  '__proto__',
  'constructor',
  '<script>alert(1)</script>',
  "' or 1=1 --",
  '../../etc/passwd',
);

/** Long strings around the limits that matter: a title, free text, a form, the JSON body. */
const huge = (limit: number) =>
  fc
    .tuple(fc.constantFrom(201, 4_001, 10_000, limit - 64, limit + 16), fc.constantFrom('x', 'é', '😀', ' '))
    .map(([n, unit]) => unit.repeat(Math.max(1, Math.floor(n / Buffer.byteLength(unit)))));

/** Text of every kind; `long` is the weight of the huge strings (1 in 9 by default). */
const text = (limit: number, long = 1) =>
  fc.oneof(
    { weight: 30, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 20, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    { weight: 30, arbitrary: strange },
    { weight: Math.round(long * 10), arbitrary: huge(limit) },
  );

const deep = fc.tuple(fc.integer({ min: 20, max: 1_000 }), fc.boolean()).map(([depth, asArray]) => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
  return value;
});

/** Any value of any type, for a field that expects something else. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  text(API_BODY_LIMIT),
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e308, -1e308, -0, 0, 1, -1, 2 ** 53, 0.5, true, false, null, [], {}),
  fc.jsonValue({ maxDepth: 3 }),
  deep,
);

function datesLike(): fc.Arbitrary<string> {
  return fc.constantFrom(
    '2027-05-01T10:00',
    '2027-05-01T10:00:00+02:00',
    '2027-05-01T10:00:00.000Z',
    '2027-03-15',
    '2027-02-30T10:00',
    '2027-03-28T02:30',
    '2026-11-22T10:00:00Z',
    '1999-12-31T23:59:59Z',
    '2101-01-01T00:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    '2027-13-01',
    'tomorrow',
  );
}

/** Plausible values for a field, by its name, so that requests also get past the schema. */
function hint(key: string, f: Fixture): fc.Arbitrary<unknown> | null {
  if (/email/i.test(key)) return fc.constantFrom(...f.emails, 'new.person@example.org', 'not-an-email', 'A@B.C');
  if (/country/i.test(key)) return fc.constantFrom('AR', 'RW', 'GH', 'KE', 'XX', 'ar', 'A');
  if (/timezone|zone/i.test(key)) return fc.constantFrom('Africa/Nairobi', 'Europe/Paris', 'Mars/Olympus', 'UTC');
  if (/(At|Deadline|until)$/.test(key)) return datesLike();
  if (/^(starts|ends|time)$/.test(key)) return fc.constantFrom('14:00', '8:30', '24:00', '23:59', '99:99', '14h');
  if (/Month$/.test(key)) return fc.constantFrom('2027-05', '2027-13', '1999-01', '2027-5');
  if (/^session|Session/.test(key)) return fc.constantFrom(...(f.idsBy.sessions ?? []), ...f.ids.slice(0, 3), 'nope');
  if (/(^id$|Id$|Ids$|^series$)/.test(key)) return fc.constantFrom(...f.ids, 'nope');
  if (/url/i.test(key)) return fc.constantFrom('https://meet.example.org/x', 'javascript:alert(1)', 'ftp://x', 'x');
  return null;
}

function resolve(doc: Schema, schema: Schema): Schema {
  let s = schema;
  for (let i = 0; s?.$ref && i < 10; i++) {
    const path = String(s.$ref).replace(/^#\//, '').split('/');
    s = path.reduce((node: Schema, part) => node?.[part], doc);
  }
  return s ?? {};
}

/** Values that match the schema (mostly), plausible where the field's name says what it is. */
function valueFrom(f: Fixture, schema: Schema, key = '', depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(f.doc, schema);
  const options = s.anyOf ?? s.oneOf;
  if (Array.isArray(options)) return fc.oneof(...options.map((o: Schema) => valueFrom(f, o, key, depth)));
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  if ('const' in s) return fc.constant(s.const);
  if (depth > 6) return fc.constant(null);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const properties = (s.properties ?? {}) as Record<string, Schema>;
      const entries = Object.fromEntries(
        Object.entries(properties).map(([name, child]) => [name, valueFrom(f, child, name, depth + 1)]),
      );
      return fc.record(entries, { requiredKeys: (s.required ?? []) as string[] });
    }
    case 'array': {
      const maxLength = Math.min(s.maxItems ?? 4, 4);
      return fc.array(valueFrom(f, s.items ?? {}, key, depth + 1), {
        minLength: Math.min(s.minItems ?? 0, maxLength),
        maxLength,
      });
    }
    case 'string': {
      const plain = fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 30, 30) });
      const named = hint(key, f);
      return named ? fc.oneof({ weight: 3, arbitrary: named }, plain) : plain;
    }
    case 'integer': {
      const min = s.minimum ?? -1_000;
      const max = s.maximum ?? 1_000;
      return fc.oneof(fc.integer({ min, max }), fc.constantFrom(min - 1, max + 1));
    }
    case 'number':
      return fc.double({ noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Every place inside a JSON value, as a path of keys. */
function placesIn(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(path);
  if (value && typeof value === 'object' && out.length < 200) {
    for (const [k, v] of Object.entries(value)) placesIn(v, [...path, Array.isArray(value) ? Number(k) : k], out);
  }
  return out;
}

type Mutation =
  | { kind: 'none' }
  | { kind: 'replace' | 'extra'; at: number; value: unknown; name: string }
  | { kind: 'remove'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ kind: 'none' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: junk, name: fc.constant('') }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('extra' as const),
      at: fc.nat(),
      value: junk,
      name: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'id', 'isAdmin')),
    }),
  },
);

function mutate(value: unknown, m: Mutation): unknown {
  if (m.kind === 'none') return value;
  const copy = structuredClone(value);
  const places = placesIn(copy);
  const path = places[m.at % places.length] ?? [];
  if (m.kind === 'replace' && path.length === 0) return m.value;
  const parent = path.slice(0, m.kind === 'extra' ? path.length : -1).reduce((node: any, k) => node?.[k], copy);
  if (!parent || typeof parent !== 'object') return m.kind === 'replace' ? m.value : copy;
  const last = path.at(-1) as string | number;
  if (m.kind === 'replace') parent[last] = m.value;
  else if (m.kind === 'remove') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (Array.isArray(parent)) parent.push(m.value);
  else Object.defineProperty(parent, m.name, { value: m.value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** What goes on the wire: a body text and its content type (or none). */
type Payload = { body?: string; contentType?: string };

function payloadOf(f: Fixture, schema: Schema | undefined): fc.Arbitrary<Payload> {
  const value = schema ? valueFrom(f, schema) : fc.constant({});
  const asJson = fc
    .tuple(value, mutation, fc.constantFrom('application/json', 'application/json; charset=utf-8'))
    .map(([v, m, contentType]) => ({ body: JSON.stringify(mutate(v, m)) ?? 'null', contentType }));
  const broken = fc.constantFrom(
    '{',
    '{"title":',
    '{"a":1,}',
    "{'a':1}",
    'NaN',
    '[1,2',
    '\u0000',
    '{"a":1}garbage',
    'undefined',
    ' ',
    '{"x":1e309}',
    '{"__proto__":{"isAdmin":true}}',
    '{"constructor":{"prototype":{"isAdmin":true}}}',
    `${'['.repeat(50_000)}${']'.repeat(50_000)}`,
    `"${'x'.repeat(API_BODY_LIMIT + 10)}"`,
  );
  return fc.oneof(
    { weight: 8, arbitrary: asJson },
    { weight: 1, arbitrary: broken.map((body) => ({ body, contentType: 'application/json' })) },
    {
      weight: 1,
      arbitrary: fc.record({
        body: fc.oneof(
          fc.string({ maxLength: 40 }),
          value.map((v) => JSON.stringify(v) ?? ''),
        ),
        contentType: fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
          'application/json; charset=latin1',
          'application/jsonx',
        ),
      }),
    },
    { weight: 1, arbitrary: fc.constantFrom<Payload>({}, { contentType: 'application/json' }, { body: '{}' }) },
  );
}

/** The ids that fit each parameter of a path, read off the word before it. */
const fitting = (f: Fixture, path: string) =>
  [...path.matchAll(/([^/]+)\/\{\w+\}/g)].map((m) => f.idsBy[m[1] as string] ?? f.ids);

/** A path segment: an id that exists and fits, one of another kind, or something else. */
const segment = (f: Fixture, fit: string[]) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...fit) },
    { weight: 2, arbitrary: fc.constantFrom(...f.ids) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }).map(encodeURIComponent) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('%ED%A0%80', '%00', '%', '%zz', '..', '%2F', '%2E%2E%2F', 'a%20b', 'x'.repeat(300)),
    },
  );

interface Actor {
  name: string;
  headers: () => Record<string, string>;
}

function actors(test: TestApp): Actor[] {
  return [
    { name: 'anonymous', headers: () => ({}) },
    { name: 'a practitioner', headers: () => test.as(PRACTITIONER) },
    { name: 'the convener', headers: () => test.as(CONVENER) },
    { name: 'a series chair', headers: () => test.as(CHAIR) },
    { name: 'an admin', headers: () => test.as(ADMIN, { admin: true }) },
  ];
}

interface Route {
  method: string;
  path: string;
  params: string[];
  query: Record<string, Schema>;
  body?: Schema;
}

function routesOf(doc: Schema, keep: (path: string, method: string) => boolean): Route[] {
  const methods = ['get', 'post', 'put', 'patch', 'delete'];
  return Object.entries(doc.paths as Record<string, Record<string, Schema>>).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => methods.includes(method) && keep(path, method))
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
        query: Object.fromEntries(
          ((op.parameters ?? []) as Schema[]).filter((p) => p.in === 'query').map((p) => [p.name, p.schema ?? {}]),
        ),
        body: op.requestBody?.content?.['application/json']?.schema,
      })),
  );
}

const fill = (path: string, values: string[]) => {
  let i = 0;
  return path.replace(/\{\w+\}/g, () => values[i++] ?? '');
};

t.test('every JSON route, fuzzed: no 5xx, errors of the documented shape, no change on a 4xx', async (t) => {
  const f = await setUp(t);
  const snapshot = snapshots(f.test);
  const who = actors(f.test);
  const routes = routesOf(f.doc, (path) => path.startsWith('/api/'));
  t.ok(routes.length >= 40, `${routes.length} JSON routes found`);
  let seed = SEED;
  for (const route of routes) {
    const routeSeed = seed++;
    const query = fc.record(
      Object.fromEntries(
        Object.entries(route.query).map(([name, schema]) => [
          name,
          fc.oneof(
            valueFrom(f, schema, name).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
            text(2_000),
          ),
        ]),
      ),
      { requiredKeys: [] },
    );
    const request = fc.record({
      actor: fc.constantFrom(...who),
      params: fc.tuple(...fitting(f, route.path).map((fit) => segment(f, fit))),
      query,
      payload:
        route.method === 'GET' || route.method === 'DELETE' ? fc.constant<Payload>({}) : payloadOf(f, route.body),
    });
    await t.test(`${route.method} ${route.path}`, async () => {
      currentRoute = `API ${route.method} ${route.path}`;
      await fc.assert(
        fc.asyncProperty(request, async ({ actor, params, query, payload }) => {
          const search = new URLSearchParams(query as Record<string, string>).toString();
          const url = fill(route.path, params) + (search ? `?${search}` : '');
          const before = snapshot();
          const res = await f.test.app.inject({
            method: route.method as 'GET',
            url,
            headers: { ...actor.headers(), ...(payload.contentType ? { 'content-type': payload.contentType } : {}) },
            ...(payload.body !== undefined ? { payload: payload.body } : {}),
          });
          const label = `${actor.name}: ${route.method} ${url} ${payload.contentType ?? ''} ${(payload.body ?? '').slice(0, 300)}`;
          judge(label, res, before, snapshot(), { jsonErrors: true });
        }),
        { seed: routeSeed, numRuns: API_RUNS },
      );
    });
  }
  t.pass(`${routes.length} routes × ${API_RUNS} requests`);
  t.comment(`${reached('API ')} of ${routes.length} routes answered at least one request with a 2xx`);
});

// ---- the HTML forms ----------------------------------------------------------------------------

interface Form {
  action: string;
  fields: Map<string, Set<string>>;
}

/** The forms of a page: where each posts, its fields and the values the page offers for them. */
function formsIn(html: string): Form[] {
  const unescaped = (s: string) =>
    s
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  return [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].flatMap((m) => {
    const method = /method="([^"]*)"/i.exec(m[1] ?? '')?.[1] ?? 'get';
    const action = /action="([^"]*)"/.exec(m[1] ?? '')?.[1];
    if (method.toLowerCase() !== 'post' || !action) return [];
    const fields = new Map<string, Set<string>>();
    let select = '';
    for (const tag of (m[2] ?? '').matchAll(/<(input|select|textarea|option)\b([^>]*)>/g)) {
      const attrs = tag[2] ?? '';
      const name = /\bname="([^"]*)"/.exec(attrs)?.[1];
      const value = /\bvalue="([^"]*)"/.exec(attrs)?.[1];
      if (tag[1] === 'option') {
        if (select && value !== undefined) fields.get(select)?.add(unescaped(value));
        continue;
      }
      if (!name || name === '_csrf') continue;
      if (!fields.has(name)) fields.set(name, new Set());
      if (tag[1] === 'select') select = name;
      if (value !== undefined && value !== '') fields.get(name)?.add(unescaped(value));
    }
    return [{ action: unescaped(action).split('?')[0] ?? '', fields }];
  });
}

const patternOf = (path: string) => new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+').replace(/\./g, '\\.')}$`);

t.test('every HTML form, fuzzed: no 5xx and no change on a 4xx', async (t) => {
  const f = await setUp(t);
  const { app } = f.test;
  const snapshot = snapshots(f.test);
  const posts = routesOf(f.doc, (path, method) => method === 'post' && !path.startsWith('/api/'));
  const pages = routesOf(f.doc, (path, method) => method === 'get' && !path.startsWith('/api/'));
  t.ok(posts.length >= 10, `${posts.length} form routes found`);

  const people = [
    { name: 'anonymous', email: null },
    { name: 'a practitioner', email: PRACTITIONER },
    { name: 'the convener', email: CONVENER },
    { name: 'a series chair', email: CHAIR },
    { name: 'an admin', email: ADMIN },
  ];
  const clients = new Map<string, WebClient>();
  const clientOf = async (person: (typeof people)[number]) => {
    let client = clients.get(person.name);
    if (!client) {
      client = new WebClient(app);
      if (person.email) client.signInAs(person.email, { admin: person.email === ADMIN });
      await client.get(person.email ? '/me' : '/signin');
      clients.set(person.name, client);
    }
    return client;
  };

  // Every page the fixture's ids open, read by each person: the forms they are shown.
  const forms: Form[] = [];
  for (const page of pages) {
    const fills = fitting(f, page.path).reduce<string[][]>(
      (acc, fit) => acc.flatMap((done) => fit.map((id) => [...done, id])),
      [[]],
    );
    for (const values of fills) {
      for (const person of people) {
        const client = await clientOf(person);
        const res = await client.get(fill(page.path, values));
        if (res.statusCode === 200 && String(res.headers['content-type']).startsWith('text/html')) {
          forms.push(...formsIn(res.body));
        }
      }
    }
  }
  const fieldsOf = (route: Route) => {
    const pattern = patternOf(route.path);
    const fields = new Map<string, Set<string>>();
    for (const form of forms.filter((form) => pattern.test(form.action))) {
      for (const [name, values] of form.fields) {
        if (!fields.has(name)) fields.set(name, new Set());
        for (const v of values) fields.get(name)?.add(v);
      }
    }
    return fields;
  };
  const unseen = posts.filter((route) => fieldsOf(route).size === 0).map((route) => route.path);
  t.comment(`form routes with no field on any page (posted with random fields only): ${unseen.join(', ') || 'none'}`);

  let seed = SEED + 1_000;
  for (const route of posts) {
    const fields = fieldsOf(route);
    const valueFor = (name: string) => {
      const offered = [...(fields.get(name) ?? [])];
      const one = fc.oneof(
        ...(offered.length > 0 ? [{ weight: 4, arbitrary: fc.constantFrom(...offered) }] : []),
        { weight: 3, arbitrary: text(FORM_BODY_LIMIT, 0.1) },
        { weight: 1, arbitrary: (hint(name, f) ?? fc.constant('')).map(String) },
      );
      return fc.oneof({ weight: 4, arbitrary: one }, { weight: 1, arbitrary: fc.array(one, { maxLength: 3 }) });
    };
    const form = fc
      .tuple(
        fc.record(Object.fromEntries([...fields.keys()].map((name) => [name, valueFor(name)])), { requiredKeys: [] }),
        fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(text(FORM_BODY_LIMIT, 0.1), fc.array(fc.string())), {
          maxKeys: 2,
        }),
        fc.oneof(
          { weight: 14, arbitrary: fc.constant('valid') },
          { weight: 1, arbitrary: fc.constantFrom('missing', 'wrong') },
        ),
      )
      .map(([known, extra, csrf]) => ({
        fields: { ...extra, ...known } as Record<string, string | string[]>,
        csrf,
      }));
    const request = fc.record({
      person: fc.constantFrom(...people),
      params: fc.tuple(...fitting(f, route.path).map((fit) => segment(f, fit))),
      form,
    });
    const routeSeed = seed++;
    await t.test(`POST ${route.path}`, async () => {
      currentRoute = `WEB ${route.path}`;
      await fc.assert(
        fc.asyncProperty(request, async ({ person, params, form }) => {
          const client = await clientOf(person);
          const url = fill(route.path, params);
          const fields = { ...form.fields };
          delete fields._csrf;
          if (form.csrf === 'wrong') fields._csrf = 'not-the-token';
          if (form.csrf === 'missing') fields._csrf = [];
          const before = snapshot();
          const res = await client.post(url, fields);
          // Signing out ends the session: that person signs in afresh for the next request.
          if (res.statusCode < 400 && route.path === '/signout') clients.delete(person.name);
          const label = `${person.name}: POST ${url} ${JSON.stringify(fields).slice(0, 300)}`;
          judge(label, res, before, snapshot(), { jsonErrors: false });
        }),
        { seed: routeSeed, numRuns: WEB_RUNS },
      );
    });
  }
  t.pass(`${posts.length} forms × ${WEB_RUNS} requests`);
  t.comment(`${reached('WEB ')} of ${posts.length} forms accepted at least one request`);
});
