// `npm run cli -- deliver`: one delivery pass for those who run it from cron.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { ManualClock } from '../../src/clock.js';
import { addContact, buildMailApp, outboxRows, seedSeries } from './helper.js';

const run = promisify(execFile);
const cli = (args: string[], env: Record<string, string>) =>
  run(process.execPath, ['scripts/run.mjs', 'cli', ...args], { env: { ...process.env, ...env } });

t.test('deliver sends what is due once and says how many', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'indaba-deliver-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const env = { DATABASE_PATH: join(dir, 'webinars.db'), MAIL_OUTBOX_DIR: join(dir, 'outbox') };

  // Queued at the real time: the CLI runs on the system clock.
  const test = await buildMailApp(t, {
    config: { databasePath: env.DATABASE_PATH },
    clock: new ManualClock(new Date()),
    close: false,
  });
  const s = await seedSeries(test, { interestDeadline: '2099-12-31' });
  for (const email of ['a@example.org', 'b@example.org']) {
    const contactId = addContact(test.app.db, test.clock, s.seriesId, { email });
    test.app.mail.enqueue({ kind: 'call_for_interest', toEmail: email, seriesId: s.seriesId, payload: { contactId } });
  }
  const ids = outboxRows(test.app.db).map((r) => r.id as string);
  await test.app.close();

  const first = await cli(['deliver'], env);
  t.match(first.stdout, /^2 sent, 0 failed, 0 to retry later \(files in .*outbox\)\.$/m);
  t.same(readdirSync(env.MAIL_OUTBOX_DIR).sort(), ids.map((id) => `${id}.eml`).sort());
  const again = await cli(['deliver'], env);
  t.match(again.stdout, /^0 sent, 0 failed, 0 to retry later/m, 'nothing is sent twice');
  const help = await cli(['help'], env);
  t.match(help.stdout, /deliver\s+deliver the mail that is due, once/);
});
