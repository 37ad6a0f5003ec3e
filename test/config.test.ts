import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { ConfigError, loadConfig, parseMailbox } from '../src/config.js';

t.test('defaults are those of the documentation', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'indaba-config-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const config = loadConfig({ DATABASE_PATH: join(dir, 'data', 'webinars.db') });
  t.match(config, {
    port: 3000,
    host: '127.0.0.1',
    publicUrl: 'http://localhost:3000',
    smtpUrl: null,
    mailOutboxDir: 'data/outbox',
    mailFrom: { name: 'Webinar series', address: 'series@localhost' },
    adminEmail: 'admin@localhost',
  });
  t.equal(loadConfig({}).databasePath, 'data/webinars.db');
  const keyFile = join(dir, 'data', 'secret.key');
  t.ok(existsSync(keyFile), 'a secret is generated and kept beside the database');
  t.equal(loadConfig({ DATABASE_PATH: join(dir, 'data', 'webinars.db') }).secretKey, config.secretKey, 'and reused');
  t.equal(readFileSync(keyFile, 'utf8').trim(), config.secretKey);
  t.equal(loadConfig({ PORT: '8080' }).publicUrl, 'http://localhost:8080');
});

t.test('a wrong value stops start-up with a message naming the variable', async (t) => {
  const wrong: [Record<string, string>, RegExp][] = [
    [{ PORT: 'abc' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ PUBLIC_URL: 'ftp://x' }, /PUBLIC_URL/],
    [{ SMTP_URL: 'http://mail' }, /SMTP_URL/],
    [{ MAIL_FROM: 'nobody' }, /MAIL_FROM/],
    [{ ADMIN_EMAIL: 'admin' }, /ADMIN_EMAIL/],
    [{ SECRET_KEY: 'short' }, /SECRET_KEY/],
  ];
  for (const [env, message] of wrong) {
    t.throws(() => loadConfig({ DATABASE_PATH: ':memory:', ...env }), ConfigError);
    t.throws(() => loadConfig({ DATABASE_PATH: ':memory:', ...env }), { message });
  }
  t.throws(
    () => loadConfig({ DATABASE_PATH: ':memory:', PORT: 'x', ADMIN_EMAIL: 'y' }),
    {
      message: /PORT[\s\S]*ADMIN_EMAIL/,
    },
    'every problem is named at once',
  );
});

t.test('MAIL_FROM accepts a name and an address, or an address alone', async (t) => {
  t.same(parseMailbox('Webinar series <series@example.org>'), {
    name: 'Webinar series',
    address: 'series@example.org',
  });
  t.same(parseMailbox('"Series, chairs" <s@example.org>'), { name: 'Series, chairs', address: 's@example.org' });
  t.same(parseMailbox('series@example.org'), { name: '', address: 'series@example.org' });
  t.equal(parseMailbox('Series <not an address>'), null);
});
