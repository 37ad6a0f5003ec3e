// The outbox and its worker against a real SMTP server: retries with growing waits, resending,
// deduplication, exactly-once delivery (twice the worker, two processes, a restart, a crash),
// and the .eml fallback.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import t from 'tap';
import { ManualClock } from '../../src/clock.js';
import { inTransaction } from '../../src/db.js';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS, resend } from '../../src/mail/outbox.js';
import { MailWorker } from '../../src/mail/worker.js';
import type { TestContext } from '../helper.js';
import {
  addContact,
  addInterest,
  addPerson,
  buildMailApp,
  type MailTestApp,
  outboxRows,
  type Seeded,
  START,
  seedSeries,
  startSmtpServer,
} from './helper.js';

const tempDir = (t: TestContext) => {
  const dir = mkdtempSync(join(tmpdir(), 'indaba-mail-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
};

/** Queues `count` calls for interest, each to its own contact. */
function queueCalls(test: MailTestApp, s: Seeded, count: number, prefix = 'contact'): string[] {
  const emails: string[] = [];
  for (let i = 0; i < count; i++) {
    const email = `${prefix}${i}@example.org`;
    const contactId = addContact(test.app.db, test.clock, s.seriesId, { email, name: `Contact ${i}` });
    test.app.mail.enqueue({ kind: 'call_for_interest', toEmail: email, seriesId: s.seriesId, payload: { contactId } });
    emails.push(email);
  }
  return emails;
}

t.test('enqueue: one row, due now; a dedupeKey queues a message only once', async (t) => {
  const test = await buildMailApp(t);
  const s = await seedSeries(test);
  const contactId = addContact(test.app.db, test.clock, s.seriesId, { email: 'a@example.org' });
  const message = {
    kind: 'interest_deadline_reminder' as const,
    toEmail: ' A@Example.org ',
    seriesId: s.seriesId,
    payload: { contactId, daysBefore: 7 as const },
    dedupeKey: `reminder:${contactId}:7`,
  };
  t.equal(test.app.mail.enqueue(message), true);
  t.equal(test.app.mail.enqueue(message), false, 'the same key again: nothing queued');
  t.equal(test.app.mail.enqueue({ ...message, payload: { contactId, daysBefore: 1 } }), false, 'whatever its payload');
  t.equal(test.app.mail.enqueue({ ...message, dedupeKey: `reminder:${contactId}:1` }), true, 'another key');
  const rows = outboxRows(test.app.db);
  t.equal(rows.length, 2);
  t.match(rows[0], {
    kind: 'interest_deadline_reminder',
    to_email: 'a@example.org',
    series_id: s.seriesId,
    status: 'pending',
    attempts: 0,
    next_attempt_at: Date.parse('2027-02-01T09:00:00Z'),
    created_at: Date.parse('2027-02-01T09:00:00Z'),
    subject: null,
  });
  t.same(JSON.parse(rows[0]?.payload), { contactId, daysBefore: 7 });
});

t.test("enqueue lands with the caller's transaction, or not at all; it is cheap", async (t) => {
  const test = await buildMailApp(t);
  const s = await seedSeries(test);
  const db = test.app.db;
  const contactId = addContact(db, test.clock, s.seriesId, { email: 'a@example.org' });
  const queue = () =>
    test.app.mail.enqueue({
      kind: 'call_for_interest',
      toEmail: 'a@example.org',
      seriesId: s.seriesId,
      payload: { contactId },
    });
  t.throws(() =>
    inTransaction(db, () => {
      queue();
      throw new Error('the change fails');
    }),
  );
  t.equal(outboxRows(db).length, 0, 'rolled back with the change');

  queue();
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 3; round++) {
    const started = performance.now();
    inTransaction(db, () => {
      for (let i = 0; i < 1000; i++) queue();
    });
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  t.ok(best < 0.1, `one enqueue takes ${(best * 1000).toFixed(1)} µs (well under 0.1 ms)`);
});

t.test(
  'a refused message is retried after 1 min, 5 min, 30 min, 2 h, 12 h, then failed; resend sends it',
  async (t) => {
    const smtp = await startSmtpServer(t);
    smtp.refuseWith(451);
    const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
    const s = await seedSeries(test);
    const [email] = queueCalls(test, s, 1);
    const row = () => outboxRows(test.app.db)[0] as Record<string, any>;

    const waits: number[] = [];
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      t.same(await test.deliver(), { sent: 0, failed: 0, retried: 1 }, `attempt ${attempt} fails`);
      const now = test.clock.now().getTime();
      t.match(row(), { status: 'pending', attempts: attempt, last_error: /451/ });
      waits.push(row().next_attempt_at - now);
      test.clock.advance(row().next_attempt_at - now - 1);
      t.same(await test.deliver(), { sent: 0, failed: 0, retried: 0 }, 'nothing before the wait is over');
      test.clock.advance(1);
    }
    t.same(waits, [60_000, 300_000, 1_800_000, 7_200_000, 43_200_000], 'waits of 1 min, 5 min, 30 min, 2 h, 12 h');
    t.same([...RETRY_DELAYS_MS], waits);

    t.same(await test.deliver(), { sent: 0, failed: 1, retried: 0 }, 'the 6th attempt is the last');
    t.match(row(), { status: 'failed', attempts: 6, last_error: /451/, sent_at: null });
    test.clock.advance(7 * 86_400_000);
    t.same(await test.deliver(), { sent: 0, failed: 0, retried: 0 }, 'a failed message waits for a person');
    t.equal(smtp.received.length, 0);

    // Admins and chairs see it and send it again.
    const listed = await test.app.inject({
      url: `/api/outbox?series=${s.seriesId}&status=failed`,
      headers: test.as('chair@example.org'),
    });
    t.same(JSON.parse(listed.body), [
      {
        id: row().id,
        to: email,
        subject:
          'Call for expressions of interest: Governance for strategic purchasing (reply by 15 March, 23:59 Africa/Nairobi)',
        kind: 'call_for_interest',
        status: 'failed',
        attempts: 6,
        lastError: 'EMESSAGE: Message failed: 451 Mailbox temporarily unavailable, try again later',
        problem: 'server_error',
        createdAt: new Date(START).toISOString(),
        nextAttemptAt: null,
        sentAt: null,
        bouncedAt: null,
        bounceReason: null,
        seriesId: s.seriesId,
        sessionId: null,
      },
    ]);
    smtp.refuseWith(null);
    const resent = await test.app.inject({
      method: 'POST',
      url: `/api/outbox/${row().id}/resend`,
      headers: test.as('chair@example.org'),
    });
    t.equal(resent.statusCode, 200);
    t.match(JSON.parse(resent.body), {
      status: 'pending',
      attempts: 0,
      lastError: null,
      nextAttemptAt: test.clock.now().toISOString(),
    });
    t.same(await test.deliver(), { sent: 1, failed: 0, retried: 0 });
    const [received] = await smtp.waitFor(1);
    t.equal(received?.parsed.messageId, `<${row().id}.1@localhost>`, 'a resend has a Message-ID of its own');
    t.match(row(), { status: 'sent', attempts: 1, last_error: null, sent_at: test.clock.now().getTime() });

    // A sent message can be sent again too (e.g. the reader lost it).
    t.ok(resend(test.app.db, test.clock, row().id));
    t.same(await test.deliver(), { sent: 1, failed: 0, retried: 0 });
    await smtp.waitFor(2);
    t.equal(smtp.received[1]?.parsed.messageId, `<${row().id}.2@localhost>`);
  },
);

t.test('a message about something deleted fails at once, without retries', async (t) => {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  const s = await seedSeries(test);
  const db = test.app.db;
  const personId = addPerson(db, test.clock, { email: 'p@example.org', country: 'AR' });
  const interestId = addInterest(db, test.clock, {
    seriesId: s.seriesId,
    personId,
    country: 'AR',
    roles: [],
    sessions: [],
  });
  test.app.mail.enqueue({
    kind: 'interest_confirmation',
    toEmail: 'p@example.org',
    personId,
    seriesId: s.seriesId,
    payload: { interestId },
  });
  db.$client.prepare('delete from interests where id = ?').run(interestId);
  // A row written by code that knows a kind this build does not.
  db.$client
    .prepare(
      `insert into outbox (id, kind, to_email, payload, status, attempts, next_attempt_at, created_at)
       values ('unknown-kind', 'postcard', 'x@example.org', '{}', 'pending', 0, ?, ?)`,
    )
    .run(test.clock.now().getTime(), test.clock.now().getTime());
  // A recipient that is no address (a person without one, say).
  const contactId = addContact(db, test.clock, s.seriesId, { email: 'c@example.org' });
  test.app.mail.enqueue({ kind: 'call_for_interest', toEmail: '', seriesId: s.seriesId, payload: { contactId } });
  t.same(await test.deliver(), { sent: 0, failed: 3, retried: 0 });
  const rows = outboxRows(db);
  t.match(rows[0], {
    status: 'failed',
    attempts: 1,
    last_error: 'Not sent: the expression of interest has been withdrawn.',
  });
  t.match(rows[1], { status: 'failed', attempts: 1, last_error: /no template renders messages of kind "postcard"/ });
  t.match(rows[2], { status: 'failed', attempts: 1, last_error: 'Not sent: "" is not an email address.' });
  t.equal(smtp.received.length, 0);
});

t.test('each message is delivered exactly once when the worker runs twice, even at the same time', async (t) => {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  const s = await seedSeries(test);
  queueCalls(test, s, 12);
  const [a, b] = await Promise.all([test.deliver(), test.deliver()]);
  t.equal((a?.sent ?? 0) + (b?.sent ?? 0), 12);
  t.same(await test.deliver(), { sent: 0, failed: 0, retried: 0 }, 'a third pass finds nothing');
  await smtp.waitFor(12);
  await new Promise((r) => setTimeout(r, 100));
  t.equal(smtp.received.length, 12);
  t.equal(new Set(smtp.received.map((m) => m.parsed.messageId)).size, 12, 'twelve different messages');
  t.ok(outboxRows(test.app.db).every((r) => r.status === 'sent' && r.attempts === 1));
});

t.test('two processes on one database file never take the same message', async (t) => {
  const smtp = await startSmtpServer(t);
  const dir = tempDir(t);
  const config = { smtpUrl: smtp.url, databasePath: join(dir, 'webinars.db') };
  const clock = new ManualClock('2027-02-01T09:00:00Z');
  const first = await buildMailApp(t, { config, clock });
  const second = await buildMailApp(t, { config, clock });
  const s = await seedSeries(first);
  queueCalls(first, s, 30);
  // One worker per connection, taking two rows at a time so that their claims interleave.
  const workers = [first, second].map(
    ({ app }) => new MailWorker({ db: app.db, clock, config: app.config, transport: app.mail.transport, batchSize: 2 }),
  );
  const reports = await Promise.all(workers.map((w) => w.deliverDue()));
  t.equal(
    reports.reduce((sum, r) => sum + r.sent, 0),
    30,
  );
  t.ok(
    reports.every((r) => r.sent > 0),
    `both took a share (${reports.map((r) => r.sent).join(' + ')})`,
  );
  await smtp.waitFor(30);
  await new Promise((r) => setTimeout(r, 100));
  t.equal(smtp.received.length, 30);
  t.equal(new Set(smtp.received.map((m) => m.envelopeTo[0])).size, 30, 'each contact once');
});

t.test('SMTP down, messages queued, service restarted: every message arrives exactly once', async (t) => {
  const dir = tempDir(t);
  // A port that is free now, and no server on it yet.
  const probe = await startSmtpServer(null);
  const port = probe.port;
  await probe.close();
  const config = { smtpUrl: `smtp://127.0.0.1:${port}`, databasePath: join(dir, 'webinars.db') };

  const before = await buildMailApp(t, { config, close: false });
  const s = await seedSeries(before);
  const emails = queueCalls(before, s, 5);
  t.same(await before.deliver(), { sent: 0, failed: 0, retried: 5 }, 'nobody answers: all held for a retry');
  t.match(outboxRows(before.app.db)[0], { status: 'pending', attempts: 1, last_error: /ECONNREFUSED/ });
  // One more queued and claimed by a pass that never finished (the process died while sending).
  const [late] = queueCalls(before, s, 1, 'late');
  before.app.db.$client
    .prepare(`update outbox set attempts = 1, next_attempt_at = ? where to_email = ?`)
    .run(before.clock.now().getTime() + 600_000, late);
  await before.app.close();

  const smtp = await startSmtpServer(t, { port });
  const clock = new ManualClock('2027-02-01T09:00:10Z');
  const after = await buildMailApp(t, { config, clock, autoStart: true });
  await after.app.ready();
  const received = await smtp.waitFor(6);
  t.same(after.app.mail.worker.running, true);
  // Let another pass or two go by: nothing more arrives.
  await after.deliver();
  await new Promise((r) => setTimeout(r, 200));
  t.equal(received.length, 6, 'six messages');
  t.same(received.map((m) => m.envelopeTo[0]).sort(), [...emails, late].sort(), 'each exactly once');
  t.ok(
    outboxRows(after.app.db).every((r) => r.status === 'sent'),
    'all marked sent',
  );
});

t.test('killed with SIGKILL while sending: after a restart each message arrives exactly once', async (t) => {
  const dir = tempDir(t);
  const databasePath = join(dir, 'webinars.db');
  const smtp = await startSmtpServer(t);
  // The child runs on the real clock: queue the messages at the real time.
  const seeding = await buildMailApp(t, {
    config: { smtpUrl: smtp.url, databasePath },
    clock: new ManualClock(new Date()),
    close: false,
  });
  const s = await seedSeries(seeding, { interestDeadline: '2099-12-31' });
  const emails = queueCalls(seeding, s, 6);
  await seeding.app.close();

  smtp.hold(true);
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/mail/fixtures/crash-child.ts'], {
    env: { ...process.env, DATABASE_PATH: databasePath, SMTP_URL: smtp.url, SECRET_KEY: 'k'.repeat(40) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const until = Date.now() + 20_000;
  while (smtp.held === 0) {
    if (Date.now() > until) throw new Error('the child never sent anything');
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  await exited;
  t.equal(smtp.received.length, 0, 'the server accepted nothing from the dead process');

  smtp.hold(false);
  const after = await buildMailApp(t, {
    config: { smtpUrl: smtp.url, databasePath },
    clock: new ManualClock(new Date()),
    autoStart: true,
  });
  await after.app.ready();
  await smtp.waitFor(6);
  await after.deliver();
  await new Promise((r) => setTimeout(r, 200));
  t.same(smtp.received.map((m) => m.envelopeTo[0]).sort(), [...emails].sort(), 'each message exactly once');
  t.ok(outboxRows(after.app.db).every((r) => r.status === 'sent'));
});

t.test('closing the app waits for the send in flight', async (t) => {
  const smtp = await startSmtpServer(t, { delayMs: 300 });
  const dir = tempDir(t);
  const databasePath = join(dir, 'webinars.db');
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url, databasePath }, close: false });
  const s = await seedSeries(test);
  queueCalls(test, s, 1);
  const pass = test.deliver();
  await new Promise((r) => setTimeout(r, 50));
  await test.app.close();
  t.same(await pass, { sent: 1, failed: 0, retried: 0 });
  t.equal(smtp.received.length, 1);
  const reopened = await buildMailApp(t, { config: { smtpUrl: smtp.url, databasePath } });
  t.same(
    outboxRows(reopened.app.db).map((r) => r.status),
    ['sent'],
    'marked sent before the database closed',
  );
});

t.test('schedulers run before each pass, with the clock’s time; one failing does not stop the others', async (t) => {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  const s = await seedSeries(test);
  const contactId = addContact(test.app.db, test.clock, s.seriesId, { email: 'r@example.org' });
  const seen: string[] = [];
  test.app.mail.addScheduler(() => {
    throw new Error('a broken scheduler');
  });
  test.app.mail.addScheduler((now) => {
    seen.push(now.toISOString());
    test.app.mail.enqueue({
      kind: 'interest_deadline_reminder',
      toEmail: 'r@example.org',
      seriesId: s.seriesId,
      payload: { contactId, daysBefore: 7 },
      dedupeKey: `reminder:${contactId}:7`,
    });
  });
  t.same(await test.deliver(), { sent: 1, failed: 0, retried: 0 }, 'queued and delivered in the same pass');
  test.clock.advance(5_000);
  t.same(await test.deliver(), { sent: 0, failed: 0, retried: 0 }, 'the dedupe key keeps it to one');
  t.same(seen, ['2027-02-01T09:00:00.000Z', '2027-02-01T09:00:05.000Z']);
});

t.test('a reminder whose deadline has passed is not sent', async (t) => {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  const s = await seedSeries(test);
  const contactId = addContact(test.app.db, test.clock, s.seriesId, { email: 'r@example.org' });
  test.app.mail.enqueue({
    kind: 'interest_deadline_reminder',
    toEmail: 'r@example.org',
    seriesId: s.seriesId,
    payload: { contactId, daysBefore: 1 },
  });
  test.clock.set('2027-03-16T00:00:00Z');
  t.same(await test.deliver(), { sent: 0, failed: 1, retried: 0 });
  t.match(outboxRows(test.app.db)[0], { status: 'failed', last_error: 'Not sent: the interest deadline has passed.' });
});

t.test('without SMTP_URL each message is an .eml file named by its outbox id, written whole', async (t) => {
  const dir = tempDir(t);
  const mailOutboxDir = join(dir, 'not', 'yet', 'there');
  const test = await buildMailApp(t, { config: { mailOutboxDir, publicUrl: 'https://webinars.example.org' } });
  const s = await seedSeries(test);
  queueCalls(test, s, 3);
  t.same(await test.deliver(), { sent: 3, failed: 0, retried: 0 });
  const rows = outboxRows(test.app.db);
  t.same(
    readdirSync(mailOutboxDir).sort(),
    rows.map((r) => `${r.id}.eml`).sort(),
    'one file per message, nothing else',
  );
  for (const row of rows) {
    const raw = readFileSync(join(mailOutboxDir, `${row.id}.eml`));
    t.match(raw.toString('latin1'), /\r\n\r\n/, 'CRLF line endings (RFC 5322)');
    const parsed = await simpleParser(raw);
    t.equal(parsed.messageId, `<${row.id}@webinars.example.org>`, 'Message-ID from the outbox id and PUBLIC_URL');
    t.equal(parsed.subject, row.subject);
    t.same(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value.map((a) => a.address) : [], [row.to_email]);
    t.match(parsed.text, /https:\/\/webinars\.example\.org\/series\/.+\/interest/);
    t.match(String(parsed.html), /<html lang="en">/);
  }
  // Sending one again replaces its file: still one file per message.
  t.ok(resend(test.app.db, test.clock, rows[0]?.id));
  await test.deliver();
  t.equal(readdirSync(mailOutboxDir).length, 3);
  t.same(readdirSync(mailOutboxDir).sort(), rows.map((r) => `${r.id}.eml`).sort(), 'no temporary file is left');
});
