// Replies coming back over a real SMTP conversation into the service's receiver (INBOUND_SMTP_PORT
// on loopback), sent with nodemailer as a mail server would, shaped as Outlook/Exchange, Google
// Calendar and Apple Calendar write them: accepting, declining and tentatively accepting a role;
// forged tags, old SEQUENCEs and duplicates changing nothing; a proposed new time reaching the
// chairs; a person writing back reaching the session's chair; an out-of-office and a bounce not
// passed on.
import nodemailer from 'nodemailer';
import t, { type Test } from 'tap';
import { calendarOf } from '../calendar/read.js';
import { CHAIR } from '../helper.js';
import { buildMailApp, outboxRows } from './helper.js';
import { replyMessage, type Values } from './replies-fixtures.js';
import { BLOGGER, DISCUSSANT, FOCAL, type InvitedSession, invitedSession, SESSION_CHAIR } from './replies-helper.js';

async function setUp(t: Test): Promise<InvitedSession & { send(to: string, raw: Buffer): Promise<void> }> {
  const s = await invitedSession(t, { inboundSmtpPort: 0 });
  await s.test.app.ready();
  const port = s.test.app.replies.smtpPort;
  if (!port) throw new Error('the SMTP receiver is not listening');
  const sender = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  t.teardown(() => sender.close());
  const send = async (to: string, raw: Buffer) => {
    await sender.sendMail({ envelope: { from: 'bounces@mx.example.net', to: [to] }, raw });
  };
  return { ...s, send };
}

let counter = 0;
const messageId = () => `<reply-${++counter}@client.example>`;

function reply(s: InvitedSession, client: 'outlook' | 'google' | 'apple', who: string, values: Values): Buffer {
  const names: Record<string, string> = { [FOCAL]: 'Ana Gomez', [DISCUSSANT]: 'Jean Uwase', [BLOGGER]: 'Mei Tran' };
  return replyMessage(client, {
    ORGANIZER: s.organizerOf(who),
    UID: s.uid,
    SEQUENCE: 0,
    FROM: who,
    FROM_NAME: names[who] ?? 'Someone',
    ATTENDEE: who,
    MESSAGE_ID: messageId(),
    SUBJECT: 'Reply: RBF in a decentralized setting',
    METHOD: 'REPLY',
    DTSTART_LOCAL: '20270428T130000',
    DTEND_LOCAL: '20270428T143000',
    ...values,
  });
}

const kinds = (s: InvitedSession, kind: string) =>
  outboxRows(s.test.app.db)
    .filter((r) => r.kind === kind)
    .map((r) => r.to_email)
    .sort();

const audits = (s: InvitedSession, action: string) =>
  (s.test.app.db.$client.prepare('select count(*) as n from audit_log where action = ?').get(action) as { n: number })
    .n;

t.test('Outlook, Google and Apple answers set each role', async (t) => {
  const s = await setUp(t);
  await s.send(s.organizerOf(FOCAL), reply(s, 'outlook', FOCAL, { PARTSTAT: 'ACCEPTED', COMMENT: 'Glad to present.' }));
  t.equal(await s.statusOf(FOCAL), 'accepted', 'Outlook: accepted');

  await s.send(s.organizerOf(DISCUSSANT), reply(s, 'google', DISCUSSANT, { PARTSTAT: 'DECLINED' }));
  t.equal(await s.statusOf(DISCUSSANT), 'declined', 'Google: declined');
  t.same(kinds(s, 'decline_alert'), [CHAIR, SESSION_CHAIR], 'the same alert as the decline link: the chairs');
  t.same(kinds(s, 'decline_cancellation'), [DISCUSSANT], 'a CANCEL of the decliner’s copy');

  // Apple answers from an alias that was never invited: the tag says whose answer it is.
  const apple = reply(s, 'apple', BLOGGER, {
    PARTSTAT: 'TENTATIVE',
    FROM: 'mei.tran@icloud.com',
    ALIAS: 'mei.tran.relay@icloud.com',
  });
  await s.send(s.organizerOf(BLOGGER), apple);
  t.equal(await s.statusOf(BLOGGER), 'tentative', 'Apple: tentative');
  t.equal(audits(s, 'invitation.tentative'), 1, 'audited');
  t.equal(await s.statusOf(SESSION_CHAIR), 'invited', 'nobody else changed');

  await s.test.deliver();
  const cancel = s.smtp.received.find((m) => m.envelopeTo.includes(DISCUSSANT) && calendarOf(m).method === 'CANCEL');
  t.ok(cancel, 'the decliner received the CANCEL');
});

t.test('forged tags, foreign addresses, old SEQUENCEs and duplicates change nothing', async (t) => {
  const s = await setUp(t);
  const real = s.organizerOf(FOCAL);
  const forged = real.replace(/\.[0-9a-f]{16}@/, '.0123456789abcdef@');
  await s.send(
    forged,
    replyMessage('google', {
      ORGANIZER: forged,
      UID: s.uid,
      SEQUENCE: 0,
      FROM: FOCAL,
      FROM_NAME: 'Ana',
      ATTENDEE: FOCAL,
      MESSAGE_ID: messageId(),
      SUBJECT: 'Declined',
      PARTSTAT: 'DECLINED',
    }),
  );
  t.equal(await s.statusOf(FOCAL), 'invited', 'a forged tag: nothing');
  // Jean's answer sent from another address of his (the From is Ana's): the tag decides.
  await s.send(
    s.organizerOf(DISCUSSANT),
    reply(s, 'google', FOCAL, { PARTSTAT: 'ACCEPTED', ORGANIZER: s.organizerOf(DISCUSSANT), ATTENDEE: DISCUSSANT }),
  );
  t.equal(await s.statusOf(DISCUSSANT), 'accepted', 'the tag, not the From, says whose answer it is');
  // Jean's invitation forwarded to Ana, and Ana's Decline sent to Jean's tag: not Jean's answer.
  await s.send(
    s.organizerOf(DISCUSSANT),
    reply(s, 'google', FOCAL, { PARTSTAT: 'DECLINED', ORGANIZER: s.organizerOf(DISCUSSANT) }),
  );
  t.equal(await s.statusOf(DISCUSSANT), 'accepted', 'someone else answering on a forwarded invitation changes nothing');
  t.equal(await s.statusOf(FOCAL), 'invited');

  const refused = await s
    .send('someone@localhost', reply(s, 'google', FOCAL, { PARTSTAT: 'ACCEPTED' }))
    .then(() => null)
    .catch((err: { responseCode?: number }) => err.responseCode);
  t.equal(refused, 550, 'an address that is not MAIL_FROM is refused at RCPT TO');

  // The session moves: everyone gets SEQUENCE 1; an answer to the old copy is stale.
  const moved = await s.test.app.inject({
    method: 'PATCH',
    url: `/api/sessions/${s.sessionId}`,
    headers: s.test.as(CHAIR),
    payload: { startsAt: '2027-04-29T14:00' },
  });
  t.equal(moved.statusCode, 200);
  await s.send(real, reply(s, 'google', FOCAL, { PARTSTAT: 'DECLINED', SEQUENCE: 0 }));
  t.equal(await s.statusOf(FOCAL), 'invited', 'SEQUENCE 0 after 1 was sent: nothing');
  t.same(kinds(s, 'decline_alert'), [], 'no alert');

  const once = reply(s, 'outlook', FOCAL, { PARTSTAT: 'ACCEPTED', SEQUENCE: 1 });
  await s.send(real, once);
  await s.send(real, once);
  const direct = await s.test.app.replies.handle(once, { channel: 'imap' });
  t.equal(direct.duplicate, true, 'the same Message-ID from another channel counts once');
  t.equal(await s.statusOf(FOCAL), 'accepted');
  t.equal(audits(s, 'invitation.accepted'), 2, 'one acceptance each: Jean and Ana, never twice');
  const outcomes = s.test.app.db.$client
    .prepare(
      "select outcome, json_extract(details, '$.reason') as reason from inbound_messages order by received_at, rowid",
    )
    .all();
  t.same(outcomes, [
    { outcome: 'ignored', reason: 'unknown_tag' },
    { outcome: 'applied', reason: 'accepted' },
    { outcome: 'ignored', reason: 'other_attendee' },
    { outcome: 'ignored', reason: 'old_sequence' },
    { outcome: 'applied', reason: 'accepted' },
  ]);
});

t.test('a removed assignment and a cancelled session take no answers', async (t) => {
  const s = await setUp(t);
  const blogger = s.organizerOf(BLOGGER);
  const put = await s.test.app.inject({
    method: 'PUT',
    url: `/api/sessions/${s.sessionId}/roles`,
    headers: s.test.as(CHAIR),
    payload: {
      chair: { email: SESSION_CHAIR },
      supportingChair: { email: CHAIR },
      focal: { country: 'AR', people: [{ email: FOCAL }] },
      discussant: { country: 'RW', people: [{ email: DISCUSSANT }] },
      coBloggers: [],
    },
  });
  t.equal(put.statusCode, 200);
  const result = await s.test.app.replies.handle(reply(s, 'google', BLOGGER, { PARTSTAT: 'ACCEPTED', SEQUENCE: 1 }), {
    channel: 'smtp',
    envelopeTo: [blogger],
  });
  t.same([result.outcome, result.reason], ['ignored', 'removed'], 'removed from the line-up');
  const cancel = await s.test.app.inject({
    method: 'POST',
    url: `/api/sessions/${s.sessionId}/cancel`,
    headers: s.test.as(CHAIR),
  });
  t.equal(cancel.statusCode, 200);
  const late = await s.test.app.replies.handle(reply(s, 'google', FOCAL, { PARTSTAT: 'ACCEPTED', SEQUENCE: 5 }), {
    channel: 'smtp',
    envelopeTo: [s.organizerOf(FOCAL)],
  });
  t.same([late.outcome, late.reason], ['ignored', 'cancelled'], 'the session was cancelled');
});

t.test('a proposed new time alerts the chairs; REFRESH sends the invitation again', async (t) => {
  const s = await setUp(t);
  // Outlook proposes 10:00 in Amsterdam on 29 April (CEST): 08:00 UTC.
  await s.send(
    s.organizerOf(FOCAL),
    reply(s, 'outlook', FOCAL, {
      METHOD: 'COUNTER',
      PARTSTAT: 'TENTATIVE',
      DTSTART_LOCAL: '20270429T100000',
      DTEND_LOCAL: '20270429T113000',
      COMMENT: 'Could we do the day after?',
      SUBJECT: 'New Time Proposed: RBF in a decentralized setting',
    }),
  );
  t.equal(await s.statusOf(FOCAL), 'invited', 'a proposal is no answer');
  const rows = outboxRows(s.test.app.db).filter((r) => r.kind === 'counter_proposal');
  t.same(rows.map((r) => r.to_email).sort(), [CHAIR, SESSION_CHAIR]);
  t.equal(JSON.parse(rows[0]?.payload).start, Date.parse('2027-04-29T08:00:00Z'));
  await s.test.deliver();
  const alert = s.smtp.received.find(
    (m) => m.envelopeTo.includes(CHAIR) && /another time/.test(m.parsed.subject ?? ''),
  );
  t.equal(alert?.parsed.subject, 'Ana Gómez proposes another time for “RBF in a decentralized setting”');
  t.match(
    alert?.parsed.text ?? '',
    /Thursday 29 April 2027, 11:00 \(Africa\/Nairobi\)/,
    'the proposal in the chair’s zone',
  );
  t.match(alert?.parsed.text ?? '', /Could we do the day after\?/);
  t.same(
    alert?.parsed.replyTo?.value.map((a) => a.address),
    [FOCAL],
    'answering writes to the proposer',
  );

  const before = s.smtp.received.filter((m) => m.envelopeTo.includes(FOCAL)).length;
  await s.send(
    s.organizerOf(FOCAL),
    reply(s, 'google', FOCAL, { METHOD: 'REFRESH', PARTSTAT: 'NEEDS-ACTION', SUBJECT: 'Refresh' }),
  );
  await s.test.deliver();
  const again = s.smtp.received.filter((m) => m.envelopeTo.includes(FOCAL));
  t.equal(again.length, before + 1, 'the invitation again');
  t.equal(calendarOf(again.at(-1)!).method, 'REQUEST');
  t.equal(calendarOf(again.at(-1)!).sequence, 1, 'with a higher SEQUENCE');
});

t.test('a message above the size limit is refused; a port already taken does not stop the service', async (t) => {
  const s = await setUp(t);
  const big = Buffer.concat([
    reply(s, 'google', FOCAL, { PARTSTAT: 'ACCEPTED' }),
    Buffer.from(`\r\n${'x'.repeat(998)}`.repeat(11 * 1024)),
  ]);
  const refused = await s
    .send(s.organizerOf(FOCAL), big)
    .then(() => null)
    .catch((err: { responseCode?: number }) => err.responseCode);
  t.equal(refused, 552, '552: too big');
  t.equal(await s.statusOf(FOCAL), 'invited');
  const taken = s.test.app.replies.smtpPort ?? 0;
  const second = await buildMailApp(t, { config: { inboundSmtpPort: taken } });
  await second.app.ready();
  t.equal(second.app.replies.smtpPort, null, 'the second service runs on without its receiver');
  const health = await second.app.inject({ method: 'GET', url: '/api/series' });
  t.equal(health.statusCode, 200);
});
