import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';

function start(env: Record<string, string>, command: string[] = [process.execPath, 'scripts/run.mjs', 'server']) {
  const [file = '', ...args] = command;
  const child = spawn(file, args, {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 50);
    exited.then(() => {
      clearInterval(timer);
      reject(new Error(`exited before listening:\n${output}`));
    });
  });
  return { child, listening, exited, output: () => output };
}

t.test('the service starts on a new database file and stops gracefully on SIGTERM', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'indaba-server-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const databasePath = join(dir, 'data', 'webinars.db');
  const server = start({ PORT: '0', DATABASE_PATH: databasePath });
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
  t.equal(await server.exited, 0);
});

t.test('SIGTERM sent to the `npm start` process stops the service itself', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'indaba-npm-start-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const server = start({ PORT: '0', DATABASE_PATH: join(dir, 'webinars.db') }, ['npm', 'start']);
  const base = await server.listening;
  t.equal((await fetch(`${base}/api/series`)).status, 200);
  server.child.kill('SIGTERM');
  t.equal(await server.exited, 0, 'npm start ends');
  t.match(server.output(), /"signal":"SIGTERM".*"msg":"stopping"/);
  await t.rejects(fetch(`${base}/api/series`), 'nothing listens any more');
});

t.test('a wrong setting stops start-up with a clear message', async (t) => {
  const server = start({ PORT: 'not-a-port', DATABASE_PATH: ':memory:' });
  t.equal(await server.exited, 1);
  t.match(server.output(), /PORT must be a whole number/);
  await t.rejects(server.listening);
});
