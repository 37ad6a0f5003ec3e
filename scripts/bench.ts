// `npm run bench`: every benchmark of the project, one markdown table. Start-up and the CLI are
// measured here against bare Fastify + better-sqlite3 counterparts started the same way (through
// npm), alternating runs so both see the same machine; the others run as their own scripts, each
// against its bare stack where it has one. Bounded: about four minutes on a 2-core machine.
// Run: npm run bench [-- --quick]   (--quick: shorter rounds, for a look rather than a figure)
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { type BenchRow, median, RESULT_PREFIX } from './bench-report.js';
import { freePort } from './free-port.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const quick = values.quick;
const RUNS = 5;
const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const dir = mkdtempSync(join(tmpdir(), 'indaba-bench-all-'));
const ours = join(dir, 'webinars.db');
const bare = join(dir, 'bare.db');
const quiet = { ...process.env, LOG_LEVEL: 'warn', NO_UPDATE_NOTIFIER: '1', npm_config_update_notifier: 'false' };

/** Milliseconds from `npm run <script>` to the first 200 answer on `path`; then SIGTERM. */
async function timeToFirstAnswer(args: string[], env: NodeJS.ProcessEnv, path: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(npm, args, { env: { ...env, PORT: String(port) }, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let answeredAt = 0;
  while (!answeredAt) {
    if (performance.now() - started > 30_000) {
      child.kill('SIGKILL');
      throw new Error(`${args.join(' ')} gave no answer within 30 s`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      if (res.status === 200) answeredAt = performance.now();
      await res.arrayBuffer();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  child.kill('SIGTERM');
  await exited;
  return answeredAt - started;
}

async function timeToExit(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  await run(npm, args, { env });
  return performance.now() - started;
}

/** Alternates ours and the bare counterpart RUNS times; medians of both. */
async function alternate(oursRun: () => Promise<number>, bareRun: () => Promise<number>) {
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    if (i % 2 === 0) {
      a.push(await oursRun());
      b.push(await bareRun());
    } else {
      b.push(await bareRun());
      a.push(await oursRun());
    }
  }
  return { ours: median(a), bare: median(b) };
}

function ratioRow(name: string, figures: { ours: number; bare: number }, aim: number, limit: number): BenchRow {
  const ratio = figures.ours / figures.bare;
  return {
    name,
    ours: `${figures.ours.toFixed(0)} ms`,
    bare: `${figures.bare.toFixed(0)} ms`,
    ratio: `${ratio.toFixed(2)}×`,
    target: `≤ ${limit}× (aim ${aim}×), median of ${RUNS} alternating runs`,
    pass: ratio <= limit,
  };
}

async function script(file: string, args: string[]): Promise<BenchRow[]> {
  console.error(`… ${file} ${args.join(' ')}`);
  const child = await run(process.execPath, ['--import', 'tsx', file, ...args], {
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const line = child.stdout.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (!line) return [{ name: file, ours: 'did not finish', target: '', pass: false }];
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as BenchRow[];
}

const rows: BenchRow[] = [];
try {
  // A first start builds dist/ and migrates the database; only later starts are measured.
  console.error('… cold start and CLI');
  await timeToFirstAnswer(['start'], { ...quiet, DATABASE_PATH: ours }, '/api/series');
  await timeToExit(['run', 'cli', '--', 'token', '--email', 'bench@example.org'], { ...quiet, DATABASE_PATH: ours });
  const start = await alternate(
    () => timeToFirstAnswer(['start'], { ...quiet, DATABASE_PATH: ours }, '/api/series'),
    () => timeToFirstAnswer(['run', 'bench:bare-server'], { ...quiet, DATABASE_PATH: bare }, '/'),
  );
  rows.push(ratioRow('Start to first answer (`npm start`, second and later)', start, 2, 3));
  const token = await alternate(
    () => timeToExit(['run', 'cli', '--', 'token', '--email', 'bench@example.org'], { ...quiet, DATABASE_PATH: ours }),
    () => timeToExit(['run', 'bench:bare-token', '--', 'bench@example.org'], { ...quiet, DATABASE_PATH: bare }),
  );
  rows.push(ratioRow('CLI `token` (`npm run cli -- token`)', token, 2, 3));

  rows.push(
    ...(await script('scripts/bench-series.ts', quick ? ['--seconds', '2', '--rounds', '1'] : ['--seconds', '4'])),
  );
  rows.push(
    ...(await script(
      'scripts/bench-interests.ts',
      quick ? ['--seconds', '3', '--rounds', '1', '--warmup', '1'] : ['--seconds', '10', '--warmup', '3'],
    )),
  );
  rows.push(...(await script('scripts/bench-invitations.ts', quick ? ['--runs', '1'] : ['--runs', '3'])));
  rows.push(...(await script('scripts/bench-attendees.ts', quick ? ['--runs', '1'] : ['--runs', '3'])));
  rows.push(...(await script('scripts/bench-worker-pass.ts', quick ? ['--passes', '5'] : [])));
  rows.push(...(await script('scripts/bench-solver.ts', [])));
  rows.push(
    ...(await script('scripts/bench-solver.ts', [
      '--sessions',
      '24',
      '--interests',
      '2000',
      '--runs',
      '3',
      '--budget-ms',
      '2000',
    ])),
  );
  rows.push(...(await script('scripts/bench-suggestion.ts', quick ? ['--rounds', '1'] : ['--rounds', '3'])));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const cell = (text: string | undefined) => (text ?? '—').replaceAll('|', '\\|');
const verdict = (pass: boolean | null) => (pass === null ? 'reported' : pass ? 'pass' : '**FAIL**');
console.log('| benchmark | Indaba | bare stack | ratio | target | result |');
console.log('|---|---|---|---|---|---|');
for (const row of rows) {
  console.log(
    `| ${cell(row.name)} | ${cell(row.ours)} | ${cell(row.bare)} | ${cell(row.ratio)} | ${cell(row.target)} | ${verdict(row.pass)} |`,
  );
}
console.log(`\nNode ${process.version}, ${new Date().toISOString()}${quick ? ', --quick' : ''}`);
process.exitCode = rows.every((row) => row.pass !== false) ? 0 : 1;
