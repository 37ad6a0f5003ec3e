// The IMAP watcher against a real Dovecot on loopback: what is in the mailbox at start and what
// arrives while watching is handed over once and moved to Processed; a handler that throws
// leaves the message, which is tried again; a restart mid-mailbox neither loses nor repeats;
// the server going away and coming back; a server without IDLE is polled.
import { setTimeout as delay } from 'node:timers/promises';
import { simpleParser } from 'mailparser';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { ImapWatcher, type ImapWatcherOptions } from '../../src/mail/imap-watcher.js';
import type { TestContext } from '../helper.js';
import { type DovecotServer, dovecotMissing, message, startDovecot } from './dovecot.js';

const skip = dovecotMissing();

/** Message-IDs as the handler received them, in order. */
async function idOf(raw: Buffer): Promise<string> {
  return (await simpleParser(raw)).messageId?.replace(/^<|@example\.org>$/g, '') ?? '';
}

interface Logged {
  level: string;
  obj: Record<string, unknown>;
  msg?: string;
}

function watcher(
  t: TestContext,
  server: DovecotServer,
  handler: ImapWatcherOptions['handler'],
  options: Partial<ImapWatcherOptions> = {},
) {
  const logged: Logged[] = [];
  const log = {
    info: (obj: object, msg?: string) => logged.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    warn: (obj: object, msg?: string) => logged.push({ level: 'warn', obj: obj as Record<string, unknown>, msg }),
    error: (obj: object, msg?: string) => logged.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
  };
  const w = new ImapWatcher({
    mailbox: server.mailbox,
    handler,
    log,
    pollIntervalMs: 200,
    reconnectMs: 50,
    maxReconnectMs: 400,
    ...options,
  });
  t.teardown(() => w.stop());
  return { w, logged };
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await delay(20);
  }
}

t.test('messages already there and arriving while watching: handed over once, then moved', { skip }, async (t) => {
  const server = await startDovecot(t);
  await server.append(message('m1'));
  await server.append(message('m2'));
  const seen: string[] = [];
  const { w, logged } = watcher(
    t,
    server,
    async (raw) => {
      seen.push(await idOf(raw));
    },
    { pollIntervalMs: 60_000 },
  );
  w.start();
  await until('the first two', () => seen.length === 2);
  t.same(seen, ['m1', 'm2'], 'oldest first');
  await until('them moved', async () => (await server.messageIds('Processed')).length === 2);
  t.same(await server.messageIds('INBOX'), [], 'the inbox is empty');
  t.ok(w.idling, 'Dovecot offers IDLE');
  // Arriving while idling: handed over at once, not at the next poll (a minute away).
  const before = Date.now();
  await server.append(message('m3'));
  await until('the third', () => seen.length === 3, 5_000);
  t.ok(Date.now() - before < 5_000, 'through IDLE');
  await until('it moved', async () => (await server.messageIds('Processed')).length === 3);
  t.same(seen, ['m1', 'm2', 'm3'], 'each once');
  t.same(await server.messageIds('Processed'), ['<m1@example.org>', '<m2@example.org>', '<m3@example.org>']);
  await w.stop();
  const text = JSON.stringify(logged);
  t.notOk(text.includes(server.mailbox.password), 'no log carries the password');
  t.ok(
    logged.some((l) => l.msg === 'watching the IMAP mailbox for replies' && l.obj.mode === 'IDLE'),
    'the log says it watches, and how',
  );
  t.ok(
    logged.some((l) => l.msg === 'created the IMAP folder for processed messages'),
    'Processed was created',
  );
});

t.test('a handler that throws leaves the message in the inbox, and it is tried again', { skip }, async (t) => {
  const server = await startDovecot(t);
  await server.append(message('ok1'));
  await server.append(message('bad'));
  await server.append(message('ok2'));
  const seen: string[] = [];
  let failures = 2;
  const { w, logged } = watcher(t, server, async (raw) => {
    const id = await idOf(raw);
    seen.push(id);
    if (id === 'bad' && failures-- > 0) throw new Error('the database is busy');
  });
  w.start();
  await until('the first pass', () => seen.length >= 3);
  t.same(seen.slice(0, 3), ['ok1', 'bad', 'ok2'], 'one failure does not hold up the others');
  await until('the retries', async () => (await server.messageIds('Processed')).length === 3);
  t.same(seen, ['ok1', 'bad', 'ok2', 'bad', 'bad'], 'tried again at each look until it went through');
  t.same(await server.messageIds('INBOX'), []);
  t.same(await server.messageIds('Processed'), ['<ok1@example.org>', '<ok2@example.org>', '<bad@example.org>']);
  const errors = logged.filter((l) => l.level === 'error');
  t.equal(errors.length, 2);
  t.same(errors[0]?.obj.reason, 'the database is busy');
});

t.test('a restart mid-mailbox neither loses nor repeats a message', { skip }, async (t) => {
  const server = await startDovecot(t);
  for (let i = 1; i <= 6; i++) await server.append(message(`r${i}`));
  const seen: string[] = [];
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const first = watcher(t, server, async (raw) => {
    const id = await idOf(raw);
    seen.push(id);
    // The service is asked to stop while the third is in hand.
    if (id === 'r3') await held;
  });
  first.w.start();
  await until('the third in hand', () => seen.length === 3);
  const stopping = first.w.stop();
  await delay(100);
  release();
  await stopping;
  t.same(seen, ['r1', 'r2', 'r3'], 'the one in hand is finished, no more is taken');
  t.same(await server.messageIds('Processed'), ['<r1@example.org>', '<r2@example.org>', '<r3@example.org>']);
  t.same(await server.messageIds('INBOX'), ['<r4@example.org>', '<r5@example.org>', '<r6@example.org>']);

  const second = watcher(t, server, async (raw) => {
    seen.push(await idOf(raw));
  });
  second.w.start();
  await until('the rest', () => seen.length === 6);
  await until('moved', async () => (await server.messageIds('Processed')).length === 6);
  t.same(seen, ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'], 'each exactly once across the restart');
  t.same(await server.messageIds('INBOX'), []);
});

t.test('the server goes away and comes back: the watcher reconnects, with growing waits', { skip }, async (t) => {
  const server = await startDovecot(t);
  const seen: string[] = [];
  const { w, logged } = watcher(t, server, async (raw) => {
    seen.push(await idOf(raw));
  });
  w.start();
  await until('connected', () => w.connected);
  await server.append(message('before'));
  await until('the first', () => seen.length === 1);
  await server.stop();
  await until('the loss noticed', () => !w.connected);
  await delay(800);
  const retries = logged.filter((l) => l.msg === 'the IMAP mailbox cannot be reached').map((l) => l.obj.retryInMs);
  t.ok(retries.length >= 2, `it kept trying (${retries.length} times)`);
  t.same(
    retries.slice(0, 3),
    [100, 200, 400].slice(0, Math.min(3, retries.length)),
    'waiting longer each time, up to the most',
  );
  t.ok(
    logged.some((l) => l.msg === 'the IMAP connection was lost' && l.obj.retryInMs === 50),
    'the first wait after losing a connection is the shortest',
  );
  await server.start();
  await server.append(message('after'));
  await until('reconnected and the second handed over', () => seen.length === 2, 10_000);
  t.same(seen, ['before', 'after']);
  await until('moved', async () => (await server.messageIds('Processed')).length === 2);
  t.notOk(JSON.stringify(logged).includes(server.mailbox.password), 'no log carries the password');
});

t.test('a server without IDLE is polled', { skip }, async (t) => {
  const server = await startDovecot(t, { idle: false });
  const seen: string[] = [];
  const { w } = watcher(t, server, async (raw) => {
    seen.push(await idOf(raw));
  });
  w.start();
  await until('connected', () => w.connected);
  t.equal(w.idling, false);
  await server.append(message('p1'));
  await until('polled', () => seen.length === 1);
  await until('moved', async () => (await server.messageIds('Processed')).length === 1);
  t.same(seen, ['p1']);
});

t.test('a wrong password is logged without the password, retried, and never throws', { skip }, async (t) => {
  const server = await startDovecot(t);
  const { w, logged } = watcher(t, server, async () => undefined, {
    mailbox: { ...server.mailbox, password: 'wrong-secret-9876' },
  });
  w.start();
  await until('two attempts', () => logged.filter((l) => l.level === 'warn').length >= 2);
  await w.stop();
  t.notOk(JSON.stringify(logged).includes('wrong-secret-9876'));
  t.equal(w.connected, false);
});

t.test('with IMAP_URL the service watches from start to close; without it, nothing', { skip }, async (t) => {
  const server = await startDovecot(t);
  await server.append(message('s1'));
  const seen: string[] = [];
  const app = await buildApp(testConfig({ imap: server.mailbox }), {
    deliverMail: false,
    inbound: {
      handler: async (raw) => {
        seen.push(await idOf(raw));
      },
      imapPollIntervalMs: 200,
    },
  });
  t.teardown(() => app.close());
  t.ok(app.imapWatcher, 'a watcher');
  t.equal(seen.length, 0, 'not before the service is ready');
  await app.ready();
  await until('the message there at start', () => seen.length === 1);
  await server.append(message('s2'));
  await until('the one arriving', () => seen.length === 2);
  await until('both moved', async () => (await server.messageIds('Processed')).length === 2);
  await app.close();
  t.equal(app.imapWatcher?.connected, false, 'closed with the service');
  await server.append(message('s3'));
  await delay(400);
  t.same(seen, ['s1', 's2'], 'nothing after close');

  const off = await buildApp(testConfig(), { deliverMail: false });
  t.teardown(() => off.close());
  t.equal(off.imapWatcher, null, 'IMAP_URL unset: no watcher');

  // The default handler (until the reply pipeline is plugged in) logs and lets the message go.
  const lines: string[] = [];
  const logged = await buildApp(testConfig({ imap: server.mailbox }), {
    deliverMail: false,
    inbound: { imapPollIntervalMs: 200 },
    logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } },
  });
  t.teardown(() => logged.close());
  await logged.ready();
  await until('s3 logged', () => lines.some((l) => l.includes('<s3@example.org>')));
  await until('s3 moved', async () => (await server.messageIds('Processed')).length === 3);
  await logged.close();
  t.notOk(lines.join('').includes(server.mailbox.password), 'the service’s log never carries the password');
  t.ok(
    lines.some((l) => l.includes('imap://replies@127.0.0.1')),
    'it names the mailbox without it',
  );
});
