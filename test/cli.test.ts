import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { DEMO_TITLE } from '../scripts/demo.js';
import { buildApp } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { testConfig } from '../src/config.js';
import { createSeries } from '../src/modules/series/service.js';
import { json } from './helper.js';

const run = promisify(execFile);
const cli = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ['scripts/run.mjs', 'cli', ...args], { env: { ...process.env, ...env } });

t.test("a chair's own series with the demo's title does not hide the demo", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'indaba-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = { DATABASE_PATH: join(dir, 'webinars.db') };
  const app = await buildApp(testConfig({ databasePath: env.DATABASE_PATH }), { deliverMail: false });
  const own = createSeries(
    app.db,
    systemClock,
    null,
    { title: DEMO_TITLE, description: null, timezone: 'Europe/Paris', interestDeadline: null },
    [{ email: 'own.chair@example.org', name: 'Own Chair' }],
  );
  await app.close();

  const id = (await cli(['demo'], env)).stdout.trim();
  t.not(id, own.id, 'the demo is loaded beside it');
  t.equal((await cli(['demo'], env)).stdout.trim(), id, 'and found again by its own key');
});

t.test('demo loads the call once; token prints a working token last', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'indaba-cli-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = { DATABASE_PATH: join(dir, 'nested', 'webinars.db') };

  const first = await cli(['demo'], env);
  const second = await cli(['demo'], env);
  const id = first.stdout.trim();
  t.match(id, /^[\w-]+$/);
  t.equal(second.stdout.trim(), id, 'running it twice adds nothing twice');

  const token = (await cli(['token', '--email', 'Chair@Example.org', '--name', 'A Chair', '--admin'], env)).stdout
    .trim()
    .split('\n')
    .at(-1) as string;

  const app = await buildApp(testConfig({ databasePath: env.DATABASE_PATH }));
  t.teardown(() => app.close());
  const me = json(await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } }));
  t.match(me, { email: 'chair@example.org', name: 'A Chair', isAdmin: true });

  const series = json(await app.inject({ url: `/api/series/${id}` }));
  t.equal(series.timezone, 'Africa/Nairobi');
  t.match(series.interestDeadline, /^\d{4}-03-15T20:59:59\.999Z$/, 'the end of 15 March in Nairobi');
  t.equal(series.chairs.length, 2);
  const dated = series.sessions.filter((s: any) => s.status === 'scheduled');
  t.equal(dated.length, 4);
  const year = Number(series.interestDeadline.slice(0, 4));
  t.same(
    dated.map((s: any) => s.startsAt.slice(0, 10)),
    lastWednesdays(year, [4, 6, 8, 10]),
    'the last Wednesday of April, June, August and October',
  );
  t.ok(
    dated.every((s: any) => s.startsAt.endsWith('T11:00:00.000Z')),
    '14:00 in Nairobi',
  );
  t.match(dated[0], {
    title: /implementing RBF in a decentralized setting/,
    roles: { focal: { country: 'AR', countryName: 'Argentina' } },
  });
  t.same(
    dated.slice(1).map((s: any) => s.roles.focal),
    [null, null, null],
    'only the first session has a focal country yet',
  );
  const alternate = series.sessions.find((s: any) => s.status === 'alternate');
  t.match(alternate, { title: 'PFM for strategic purchasing', startsAt: null });
  t.same(
    series.workstreams.map((w: any) => w.title),
    ['Citizen participation for strategic purchasing'],
  );
});

t.test('token refuses a missing or bad address; unknown commands fail with usage', async (t) => {
  const env = { DATABASE_PATH: ':memory:' };
  await t.rejects(cli(['token'], env), /--email/);
  await t.rejects(cli(['token', '--email', 'not-an-address'], env), /--email/);
  await t.rejects(cli(['frobnicate'], env), /Unknown command "frobnicate"/);
  await t.rejects(cli(['demo'], { PORT: 'eighty' }), /PORT must be a whole number/);
});

function lastWednesdays(year: number, months: number[]): string[] {
  return months.map((month) => {
    const last = new Date(Date.UTC(year, month, 0));
    last.setUTCDate(last.getUTCDate() - ((last.getUTCDay() - 3 + 7) % 7));
    return last.toISOString().slice(0, 10);
  });
}
