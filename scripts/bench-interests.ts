// Deadline rush: 50 connections (from a separate process) submitting and replacing expressions
// of interest for 20 s against the service, and for 20 s against a bare Fastify route that
// validates the same body and upserts one row with better-sqlite3, in the same run. Rounds
// alternate the two (the load generator's own speed drifts on a shared machine); the figures
// are medians over the rounds, after a warm-up of each stack that is not counted (the JIT,
// SQLite's page cache). Checks zero errors, warm-up included, and that every acknowledged submission is
// stored. Targets: ratio >= 0.4, p99 < 50 ms.
// Run: npx tsx scripts/bench-interests.ts [--seconds 20 --connections 50 --rounds 3 --warmup 5]

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { buildApp } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { defaultConnectionLimits, testConfig } from '../src/config.js';
import { openDatabase } from '../src/db.js';
import { issueToken } from '../src/modules/auth/tokens.js';
import { ensurePerson } from '../src/modules/people/repository.js';
import { sessionsOfSeries } from '../src/modules/sessions/view.js';
import { median, reportRows } from './bench-report.js';
import { loadDemo } from './demo.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    connections: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '5' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const rounds = Number(values.rounds);
const warmupSeconds = Number(values.warmup);
const PEOPLE = 400;
const run = promisify(execFile);

const dir = mkdtempSync(join(tmpdir(), 'indaba-rush-'));
const databasePath = join(dir, 'rush.db');
// autocannon keeps sending on a connection the service asked to close after its request cap
// (Node then answers 503), so the cap is lifted here; real clients reconnect.
const config = testConfig({
  databasePath,
  connections: { ...defaultConnectionLimits, maxRequestsPerSocket: Number.MAX_SAFE_INTEGER },
});
const setup = openDatabase(databasePath);
const { id: seriesId } = loadDemo(setup, systemClock, config);
// The deadline is ahead whatever day the benchmark runs.
setup.$client.prepare('update series set interest_deadline = ? where id = ?').run(Date.now() + 86_400_000, seriesId);
const sessionIds = sessionsOfSeries(setup, seriesId)
  .filter((s) => s.status === 'scheduled')
  .map((s) => s.id);
const tokens = Array.from({ length: PEOPLE }, (_, i) => {
  const person = ensurePerson(setup, systemClock, { email: `rush${i}@example.org`, name: `Rush ${i}` });
  return issueToken(setup, systemClock, person.id).token;
});
setup.$client.close();

// The service: its mail worker stays off so the benchmark measures the request path alone
// (confirmations are queued in the same transaction, as always).
const app = await buildApp(config, { deliverMail: false });
await app.listen({ port: 0, host: '127.0.0.1' });

// The bare stack: the same body validated by the same kind of schema, one upsert.
const bare = Fastify({ ajv: { customOptions: { coerceTypes: false } } });
const raw = new Database(databasePath);
raw.pragma('journal_mode = WAL');
raw.pragma('synchronous = NORMAL');
raw.exec(
  'create table if not exists bare_interests (person text primary key, country text, roles text, sessions text, motivation text, updated_at integer)',
);
const upsert = raw.prepare(
  `insert into bare_interests values (@person, @country, @roles, @sessions, @motivation, @now)
   on conflict(person) do update set country = excluded.country, roles = excluded.roles,
   sessions = excluded.sessions, motivation = excluded.motivation, updated_at = excluded.updated_at`,
);
bare.post<{ Body: { country: string; roles: string[]; sessions: string[]; motivation?: string } }>(
  '/bare',
  {
    schema: {
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['country'],
        properties: {
          country: { type: 'string', minLength: 2, maxLength: 2 },
          organisation: { type: 'string', maxLength: 200 },
          roles: { type: 'array', uniqueItems: true, items: { enum: ['focal', 'discussant', 'chair', 'co_blogger'] } },
          sessions: { type: 'array', maxItems: 50, items: { type: 'string' } },
          motivation: { type: 'string', maxLength: 4000 },
        },
      },
    },
  },
  async (request, reply) => {
    const b = request.body;
    upsert.run({
      person: request.headers.authorization ?? '',
      country: b.country,
      roles: JSON.stringify(b.roles),
      sessions: JSON.stringify(b.sessions),
      motivation: b.motivation ?? null,
      now: Date.now(),
    });
    return reply.code(201).send({ ok: true });
  },
);
await bare.listen({ port: 0, host: '127.0.0.1' });

const portOf = (server: { server: import('node:net').Server }) => {
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return address.port;
};

/** Runs the load from a separate process (scripts/rush-client.ts) and reads its figures. */
async function rush(port: number, path: string, duration = seconds) {
  const args = JSON.stringify({ port, path, seconds: duration, connections, tokens, sessionIds });
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'rush-client.ts'), args],
    {
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) as string) as {
    rps: number;
    p99: number;
    errors: number;
    acknowledged: number;
  };
}

type Figures = Awaited<ReturnType<typeof rush>>;
const ourPath = `/api/series/${seriesId}/interests`;
const warmUp = warmupSeconds > 0 ? await rush(portOf(app as never), ourPath, warmupSeconds) : null;
if (warmupSeconds > 0) await rush(portOf(bare), '/bare', warmupSeconds);
const ourRounds: Figures[] = [];
const bareRounds: Figures[] = [];
for (let round = 1; round <= rounds; round++) {
  // Alternate which goes first, so neither always follows the other's writes.
  const order = round % 2 === 1 ? (['ours', 'bare'] as const) : (['bare', 'ours'] as const);
  for (const which of order) {
    if (which === 'ours') ourRounds.push(await rush(portOf(app as never), ourPath));
    else bareRounds.push(await rush(portOf(bare), '/bare'));
  }
  const [o, b] = [ourRounds.at(-1) as Figures, bareRounds.at(-1) as Figures];
  console.log(
    `round ${round}: service ${o.rps.toFixed(0)} req/s (p99 ${o.p99} ms), bare ${b.rps.toFixed(0)} req/s (p99 ${b.p99} ms)`,
  );
}
await app.close();
await bare.close();

const check = new Database(databasePath, { readonly: true });
const stored = check.prepare('select count(*) n from interests where series_id = ?').get(seriesId) as { n: number };
const audited = check
  .prepare("select count(*) n from audit_log where action in ('interest.submit', 'interest.replace')")
  .get() as { n: number };
const queuedConfirmations = check
  .prepare("select count(*) n from outbox where kind = 'interest_confirmation'")
  .get() as {
  n: number;
};
check.close();
raw.close();
rmSync(dir, { recursive: true, force: true });

const ours = {
  rps: median(ourRounds.map((r) => r.rps)),
  p99: median(ourRounds.map((r) => r.p99)),
  errors: ourRounds.reduce((sum, r) => sum + r.errors, warmUp?.errors ?? 0),
  acknowledged: ourRounds.reduce((sum, r) => sum + r.acknowledged, warmUp?.acknowledged ?? 0),
};
const bareRun = { rps: median(bareRounds.map((r) => r.rps)), p99: median(bareRounds.map((r) => r.p99)) };
const errors = ours.errors;
const ratio = ours.rps / bareRun.rps;
console.log(
  `service: ${ours.rps.toFixed(0)} req/s, p99 ${ours.p99} ms (medians of ${rounds}), ${ours.acknowledged} acknowledged, ${errors} errors`,
);
console.log(`bare:    ${bareRun.rps.toFixed(0)} req/s, p99 ${bareRun.p99} ms (medians of ${rounds})`);
console.log(
  `stored: ${stored.n} interests (${PEOPLE} people), ${audited.n} audit entries and ${queuedConfirmations.n} pending confirmations for ${ours.acknowledged} acknowledged submissions`,
);
console.log(`ratio ${ratio.toFixed(2)} (target >= 0.4), p99 ${ours.p99} ms (target < 50 ms)`);
// Requests still in flight when a round's clock stops (at most one per connection) are stored
// but not counted as acknowledged.
const everyAckStored =
  audited.n >= ours.acknowledged &&
  audited.n - ours.acknowledged <= (rounds + (warmUp ? 1 : 0)) * connections &&
  // Confirmations coalesce: with the mail worker off, one pending confirmation per interest.
  queuedConfirmations.n === stored.n &&
  stored.n === Math.min(PEOPLE, ours.acknowledged);
if (!everyAckStored) console.log('NOT every acknowledged submission is stored');
const passed = errors === 0 && everyAckStored && ratio >= 0.4 && ours.p99 < 50;
reportRows([
  {
    name: `Interest submit rush (${connections} connections)`,
    ours: `${ours.rps.toFixed(0)} req/s, p99 ${ours.p99} ms, ${errors} errors${everyAckStored ? '' : ', NOT all stored'}`,
    bare: `${bareRun.rps.toFixed(0)} req/s`,
    ratio: ratio.toFixed(2),
    target: 'ratio ≥ 0.4, p99 < 50 ms, every acknowledged answer stored',
    pass: passed,
  },
]);
process.exit(passed ? 0 : 1);
