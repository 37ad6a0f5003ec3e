// Why a message was not sent, as the chairs' outbox page says it in their language: what it was
// about is gone or has changed (failed at once), or the mail server did not take it. The servers
// are real, on loopback: one that is closed, one that refuses the sign-in, one that refuses the
// address for good or for now.
import { createServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import t from 'tap';
import { serverProblemOf } from '../../src/mail/transport.js';
import type { TestContext } from '../helper.js';
import { seriesChairOnPages } from '../web/helper.js';
import { addContact, buildMailApp, CHAIR, json, type MailTestApp, seedSeries } from './helper.js';

const DAY_MS = 86_400_000;

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** An SMTP server on loopback that refuses every sign-in, or every recipient with `rcptCode`. */
async function refusingServer(t: TestContext, refuse: { auth: true } | { rcptCode: number }): Promise<string> {
  const server = new SMTPServer({
    logger: false,
    allowInsecureAuth: true,
    authOptional: !('auth' in refuse),
    disabledCommands: ['STARTTLS'],
    onAuth(_auth, _session, callback) {
      callback(new Error('Invalid username or password'));
    },
    onRcptTo(_address, _session, callback) {
      if ('rcptCode' in refuse) {
        callback(Object.assign(new Error('No such mailbox here'), { responseCode: refuse.rcptCode }));
      } else callback();
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.server.address() as { port: number };
  return 'auth' in refuse ? `smtp://someone:wrong@127.0.0.1:${port}` : `smtp://127.0.0.1:${port}`;
}

/** A call for interest to one contact of a new series; its outbox row as the API lists it. */
async function queueCall(test: MailTestApp, contactId?: string) {
  const s = await seedSeries(test);
  const email = 'ana@example.org';
  const id = contactId ?? addContact(test.app.db, test.clock, s.seriesId, { email, name: 'Ana' });
  test.app.mail.enqueue({
    kind: 'call_for_interest',
    toEmail: email,
    seriesId: s.seriesId,
    payload: { contactId: id },
  });
  const listed = async () =>
    (
      json(await test.app.inject({ url: `/api/outbox?series=${s.seriesId}`, headers: test.as(CHAIR) })) as {
        id: string;
        status: string;
        attempts: number;
        problem: string | null;
        lastError: string | null;
      }[]
    )[0];
  return { seriesId: s.seriesId, listed };
}

/** The line under a failed message on the chairs' outbox page. */
async function outboxLine(test: MailTestApp, seriesId: string, language: string) {
  await test.app.inject({ method: 'PATCH', url: '/api/me', headers: test.as(CHAIR), payload: { language } });
  const { web, base } = seriesChairOnPages(test.app, seriesId);
  const page = await web.get(`${base}/outbox`);
  return /<span class="meta">([^<]*)<\/span>/.exec(page.body)?.[1];
}

t.test('what the message was about is gone: failed at once, said in the chair’s language', async (t) => {
  const test = await buildMailApp(t);
  const { seriesId, listed } = await queueCall(test, 'a-contact-since-removed');
  t.same(await test.deliver(), { sent: 0, failed: 1, retried: 0 });
  t.match(await listed(), {
    status: 'failed',
    attempts: 1,
    problem: 'gone',
    lastError: 'Not sent: the contact it was for has been removed.',
  });
  t.equal(await outboxLine(test, seriesId, 'en'), '1 attempt · Not sent: what it was about no longer exists.');
  t.equal(
    await outboxLine(test, seriesId, 'fr'),
    '1 tentative · Non envoyé\u00a0: ce dont il parlait n’existe plus.',
    'no English sentence on a French page',
  );
  t.equal(await outboxLine(test, seriesId, 'es'), '1 intento · No enviado: aquello de lo que trataba ya no existe.');
});

t.test('a closed mail server: tried again, then failed, the server’s words kept beside the reason', async (t) => {
  const test = await buildMailApp(t, { config: { smtpUrl: `smtp://127.0.0.1:${await closedPort()}` } });
  const { seriesId, listed } = await queueCall(test);
  t.same(await test.deliver(), { sent: 0, failed: 0, retried: 1 });
  t.match(await listed(), { status: 'pending', attempts: 1, problem: 'server_unreachable', lastError: /ECONNREFUSED/ });
  for (let attempt = 2; attempt <= 6; attempt++) {
    test.clock.advance(7 * DAY_MS);
    await test.deliver();
  }
  t.match(await listed(), { status: 'failed', attempts: 6, problem: 'server_unreachable' });
  t.equal(
    await outboxLine(test, seriesId, 'pt'),
    `6 tentativas · Não foi possível contactar o servidor de e-mail. · ${(await listed())?.lastError}`,
  );

  // Sent again: the reason goes with the error.
  const resent = await test.app.inject({
    method: 'POST',
    url: `/api/outbox/${(await listed())?.id}/resend`,
    headers: test.as(CHAIR),
  });
  t.match(json(resent), { status: 'pending', lastError: null, problem: null });
});

t.test('a server that refuses the sign-in, or the address for good or for now', async (t) => {
  const cases = [
    [{ auth: true }, 'server_sign_in'],
    [{ rcptCode: 550 }, 'address_refused'],
    [{ rcptCode: 450 }, 'server_error'],
  ] as const;
  for (const [refuse, problem] of cases) {
    const test = await buildMailApp(t, { config: { smtpUrl: await refusingServer(t, refuse) } });
    const { listed } = await queueCall(test);
    t.same(await test.deliver(), { sent: 0, failed: 0, retried: 1 }, problem);
    t.match(await listed(), { status: 'pending', attempts: 1, problem }, problem);
  }
});

t.test('the mail server’s failures, from the codes nodemailer and the socket give', async (t) => {
  const failure = (code: string, responseCode?: number, command?: string) =>
    Object.assign(new Error('refused'), { code, responseCode, command });
  t.same(
    [
      failure('EAUTH', 535),
      failure('ENOAUTH'),
      failure('ECONNECTION'),
      failure('ETIMEDOUT'),
      failure('ESOCKET'),
      failure('EDNS'),
      failure('EENVELOPE', 550, 'RCPT TO'),
      failure('EENVELOPE', 452, 'RCPT TO'),
      failure('EENVELOPE', 550, 'MAIL FROM'),
      failure('EMESSAGE', 554),
      new Error('the disk is full'),
      'not an error',
      null,
    ].map(serverProblemOf),
    [
      'server_sign_in',
      'server_sign_in',
      'server_unreachable',
      'server_unreachable',
      'server_unreachable',
      'server_unreachable',
      'address_refused',
      'server_error',
      'server_error',
      'server_error',
      'server_error',
      'server_error',
      'server_error',
    ],
  );
});
