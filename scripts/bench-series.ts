// Benchmark: GET /api/series/:id (four sessions with their roles) against a bare Fastify route
// that reads four session rows with one prepared better-sqlite3 statement, measured in the same
// run, alternating rounds so both see the same machine. Target: at least 0.5 of the bare route.
// Run: npm run bench [-- --seconds 5 --rounds 3]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { roleAssignments } from '../db/schema.js';
import { buildApp } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { defaultConnectionLimits, testConfig } from '../src/config.js';
import { openDatabase } from '../src/db.js';
import { newId } from '../src/lib/ids.js';
import { ensurePerson } from '../src/modules/people/repository.js';
import { sessionsOfSeries } from '../src/modules/sessions/view.js';
import { median, reportRows } from './bench-report.js';
import { loadDemo } from './demo.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '5' }, rounds: { type: 'string', default: '3' } },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);

const dir = mkdtempSync(join(tmpdir(), 'indaba-bench-'));
const databasePath = join(dir, 'bench.db');
// autocannon keeps sending on a connection the service asked to close after its request cap
// (Node then answers 503), so the cap is lifted here; real clients reconnect.
const config = testConfig({
  databasePath,
  connections: { ...defaultConnectionLimits, maxRequestsPerSocket: Number.MAX_SAFE_INTEGER },
});
const db = openDatabase(databasePath);
const { id: seriesId } = loadDemo(db, systemClock, config);

// Fill every role of the four dated sessions, as a programme looks once lined up.
const dated = sessionsOfSeries(db, seriesId).filter((s) => s.startsAt);
const countries = ['AR', 'RW', 'GH', 'KE', 'NG', 'PH', 'VN', 'ID', 'BR', 'PE', 'SN', 'BF'];
dated.forEach((session, i) => {
  const person = (role: string, n: number) =>
    ensurePerson(db, systemClock, { email: `${role}${i}-${n}@example.org`, name: `${role} ${i}-${n}` });
  const assign = (role: (typeof roleAssignments.$inferInsert)['role'], personId: string, position = 0) =>
    db
      .insert(roleAssignments)
      .values({ id: newId(), sessionId: session.id, role, personId, position, createdAt: new Date() })
      .run();
  db.$client
    .prepare('update sessions set focal_country = ?, discussant_country = ?, chair_country = ? where id = ?')
    .run(countries[i * 3], countries[i * 3 + 1], countries[i * 3 + 2], session.id);
  assign('chair', person('chair', 0).id);
  assign('focal', person('focal', 0).id);
  assign('discussant', person('discussant', 0).id);
  for (let n = 0; n < 3; n++) assign('co_blogger', person('blogger', n).id, n);
});
db.$client.close();

const app = await buildApp(config);
await app.listen({ port: 0, host: '127.0.0.1' });

const bare = Fastify();
const raw = new Database(databasePath, { readonly: true });
raw.pragma('journal_mode = WAL');
const fourSessions = raw.prepare(
  'select * from sessions where series_id = ? and starts_at is not null order by starts_at limit 4',
);
bare.get<{ Params: { id: string } }>('/bare/:id', async (request) => fourSessions.all(request.params.id));
await bare.listen({ port: 0, host: '127.0.0.1' });

const urlOf = (server: typeof bare, path: string) => {
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return `http://127.0.0.1:${address.port}${path}`;
};

async function measure(url: string) {
  const result = await autocannon({ url, connections: 10, duration: seconds });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(
      `${url}: ${result.non2xx} non-2xx (${JSON.stringify(result.statusCodeStats)}), ${result.errors} errors`,
    );
  return { rps: result.requests.average, p99: result.latency.p99 };
}

// Warm both up before measuring.
await autocannon({ url: urlOf(app as never, `/api/series/${seriesId}`), connections: 10, duration: 1 });
await autocannon({ url: urlOf(bare, `/bare/${seriesId}`), connections: 10, duration: 1 });

const ours: { rps: number; p99: number }[] = [];
const bares: { rps: number; p99: number }[] = [];
for (let round = 0; round < rounds; round++) {
  ours.push(await measure(urlOf(app as never, `/api/series/${seriesId}`)));
  bares.push(await measure(urlOf(bare, `/bare/${seriesId}`)));
}
await app.close();
await bare.close();
raw.close();
rmSync(dir, { recursive: true, force: true });

const oursRps = median(ours.map((r) => r.rps));
const bareRps = median(bares.map((r) => r.rps));
const ratio = oursRps / bareRps;
console.log(`GET /api/series/:id  ${oursRps.toFixed(0)} req/s, p99 ${median(ours.map((r) => r.p99))} ms`);
console.log(`bare route            ${bareRps.toFixed(0)} req/s, p99 ${median(bares.map((r) => r.p99))} ms`);
console.log(`ratio ${ratio.toFixed(2)} (target >= 0.5; median of ${rounds} rounds of ${seconds} s, 10 connections)`);
const oursP99 = median(ours.map((r) => r.p99));
reportRows([
  {
    name: 'Series read (`GET /api/series/:id`, 10 connections)',
    ours: `${oursRps.toFixed(0)} req/s, p99 ${oursP99} ms`,
    bare: `${bareRps.toFixed(0)} req/s`,
    ratio: ratio.toFixed(2),
    target: 'ratio ≥ 0.5',
    pass: ratio >= 0.5,
  },
]);
process.exit(ratio >= 0.5 ? 0 : 1);
