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
  t.same(config.connections, {
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    keepAliveTimeoutMs: 5_000,
    maxConnections: 4_000,
    maxRequestsPerSocket: 1_000,
  });
  t.equal(loadConfig({}).databasePath, 'data/webinars.db');
  const keyFile = join(dir, 'data', 'secret.key');
  t.ok(existsSync(keyFile), 'a secret is generated and kept beside the database');
  t.equal(loadConfig({ DATABASE_PATH: join(dir, 'data', 'webinars.db') }).secretKey, config.secretKey, 'and reused');
  t.equal(readFileSync(keyFile, 'utf8').trim(), config.secretKey);
  t.equal(loadConfig({ PORT: '8080' }).publicUrl, 'http://localhost:8080');
  t.same([config.inboundSmtpPort, config.imap], [null, null], 'no reply channel unless one is set');
  const channels = loadConfig({
    DATABASE_PATH: ':memory:',
    INBOUND_SMTP_PORT: '2525',
    IMAP_URL: 'imaps://series:secret@imap.example.org:993/INBOX',
  });
  t.same(
    [channels.inboundSmtpPort, channels.imap],
    [2525, { host: 'imap.example.org', port: 993, secure: true, user: 'series', password: 'secret', mailbox: 'INBOX' }],
  );
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
    [{ HEADERS_TIMEOUT_SECONDS: '0' }, /HEADERS_TIMEOUT_SECONDS must be a whole number of seconds from 1 to 600/],
    [{ REQUEST_TIMEOUT_SECONDS: '2.5' }, /REQUEST_TIMEOUT_SECONDS/],
    [{ HEADERS_TIMEOUT_SECONDS: '20', REQUEST_TIMEOUT_SECONDS: '10' }, /must not be shorter than/],
    [{ KEEP_ALIVE_TIMEOUT_SECONDS: 'soon' }, /KEEP_ALIVE_TIMEOUT_SECONDS/],
    [{ MAX_CONNECTIONS: '-1' }, /MAX_CONNECTIONS/],
    [{ MAX_REQUESTS_PER_SOCKET: '0' }, /MAX_REQUESTS_PER_SOCKET/],
    [{ IMAP_URL: 'http://user:pass@imap.example.org' }, /IMAP_URL must look like imaps:\/\/user:password@/],
    [{ IMAP_URL: 'imaps://imap.example.org/INBOX' }, /IMAP_URL/],
    [{ IMAP_URL: 'imaps://user@imap.example.org/INBOX' }, /IMAP_URL/],
    [{ IMAP_URL: 'imaps://user:pass@imap.example.org:99999/INBOX' }, /IMAP_URL/],
    [{ IMAP_URL: 'imaps://user:%E0%A4%A@imap.example.org/INBOX' }, /IMAP_URL/],
    [{ IMAP_URL: 'not a url' }, /IMAP_URL/],
    [{ INBOUND_SMTP_PORT: '25a' }, /INBOUND_SMTP_PORT must be a whole number from 0 to 65535/],
    [{ INBOUND_SMTP_PORT: '65536' }, /INBOUND_SMTP_PORT/],
    [{ IMAP_URL: 'https://mail.example.org' }, /IMAP_URL must look like imaps:\/\//],
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

t.test('connection limits are read in seconds and counts', async (t) => {
  const config = loadConfig({
    DATABASE_PATH: ':memory:',
    HEADERS_TIMEOUT_SECONDS: '5',
    REQUEST_TIMEOUT_SECONDS: '20',
    KEEP_ALIVE_TIMEOUT_SECONDS: '3',
    MAX_CONNECTIONS: '500',
    MAX_REQUESTS_PER_SOCKET: '50',
  });
  t.same(config.connections, {
    headersTimeoutMs: 5_000,
    requestTimeoutMs: 20_000,
    keepAliveTimeoutMs: 3_000,
    maxConnections: 500,
    maxRequestsPerSocket: 50,
  });
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

t.test('the README sends people to the address the emailed links use', async (t) => {
  // A link opened on another host name than the one the page was visited on loses the cookie.
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const origins = new Set(
    [...readme.matchAll(/https?:\/\/(?:localhost|127\.0\.0\.1)(?::\d+)?(?![:\w])/g)].map((m) => m[0]),
  );
  t.same([...origins], [loadConfig({ DATABASE_PATH: ':memory:' }).publicUrl]);
});

t.test('IMAP_URL: the mailbox to watch, its password never in the message of a refusal', async (t) => {
  t.equal(loadConfig({ DATABASE_PATH: ':memory:' }).imap, null, 'unset: off');
  t.same(
    loadConfig({ DATABASE_PATH: ':memory:', IMAP_URL: 'imaps://replies%40example.org:s%3Acret@imap.example.org/INBOX' })
      .imap,
    {
      host: 'imap.example.org',
      port: 993,
      secure: true,
      user: 'replies@example.org',
      password: 's:cret',
      mailbox: 'INBOX',
    },
  );
  t.same(loadConfig({ DATABASE_PATH: ':memory:', IMAP_URL: 'imap://u:p@127.0.0.1:1143/Replies%20in' }).imap, {
    host: '127.0.0.1',
    port: 1143,
    secure: false,
    user: 'u',
    password: 'p',
    mailbox: 'Replies in',
  });
  t.equal(loadConfig({ DATABASE_PATH: ':memory:', IMAP_URL: 'imap://u:p@mail.example.org' }).imap?.mailbox, 'INBOX');
  t.equal(loadConfig({ DATABASE_PATH: ':memory:', IMAP_URL: 'imap://u:p@mail.example.org' }).imap?.port, 143);
  try {
    loadConfig({ DATABASE_PATH: ':memory:', IMAP_URL: 'imaps://user:topsecret@/INBOX' });
    t.fail('refused');
  } catch (error) {
    t.notMatch((error as Error).message, 'topsecret');
  }
});
