import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { startService } from './service-process.js';

t.test('the service starts on a new database file and stops gracefully on SIGTERM', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'indaba-server-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const databasePath = join(dir, 'data', 'webinars.db');
  const server = startService({ PORT: '0', DATABASE_PATH: databasePath });
  const base = await server.listening;
  t.ok(existsSync(databasePath), 'the database file and its folder are created');
  t.match(
    server.output(),
    /First run: open this link to sign in as admin@localhost \(administrator\):\nhttp:\/\/localhost:\d+\/signin\/link\?token=/,
  );
  const res = await fetch(`${base}/api/series`);
  t.equal(res.status, 200);
  t.same(await res.json(), []);
  server.child.kill('SIGTERM');
  t.same(await server.exited, { code: 0, signal: null });
});

t.test('the built service suggests a line-up from its own worker thread', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'indaba-solver-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = { ...process.env, DATABASE_PATH: join(dir, 'webinars.db') };
  const cli = (...args: string[]) =>
    execFileSync(process.execPath, ['scripts/run.mjs', 'cli', ...args], { env, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  const seriesId = cli('demo');
  const token = cli('token', '--email', 'admin@example.org', '--admin');
  const server = startService({ PORT: '0', DATABASE_PATH: env.DATABASE_PATH });
  const base = await server.listening;
  const res = await fetch(`${base}/api/series/${seriesId}/roles/suggestion`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  t.equal(res.status, 200, server.output());
  const body = (await res.json()) as { sessions: { sessionId: string }[] };
  const programme = (await (await fetch(`${base}/api/series/${seriesId}`)).json()) as { sessions: { id: string }[] };
  t.same(
    body.sessions.map((s) => s.sessionId).sort(),
    programme.sessions.map((s) => s.id).sort(),
    'a line-up for every session of the demo series',
  );
  server.child.kill('SIGTERM');
  t.same(await server.exited, { code: 0, signal: null });
});

t.test('SIGTERM sent to the `npm start` process stops the service itself', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'indaba-npm-start-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const server = startService({ PORT: '0', DATABASE_PATH: join(dir, 'webinars.db') }, { command: ['npm', 'start'] });
  const base = await server.listening;
  t.equal((await fetch(`${base}/api/series`)).status, 200);
  server.child.kill('SIGTERM');
  t.same(await server.exited, { code: 0, signal: null }, 'npm start ends');
  t.match(server.output(), /"signal":"SIGTERM".*"msg":"stopping"/);
  await t.rejects(fetch(`${base}/api/series`), 'nothing listens any more');
});

t.test('a wrong setting stops start-up with a clear message', async (t) => {
  const server = startService({ PORT: 'not-a-port', DATABASE_PATH: ':memory:' });
  t.same(await server.exited, { code: 1, signal: null });
  t.match(server.output(), /PORT must be a whole number/);
  await t.rejects(server.listening);
});
