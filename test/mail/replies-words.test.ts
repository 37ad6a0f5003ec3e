// People writing back in words, over the SMTP receiver: a reply reaches the people in the
// Reply-To of the message it answers (the session's chair and supporting chair), with the sender
// as its own Reply-To; an out-of-office and a bounce are recognised and passed on to nobody; a
// bounce marks the message and the address. And a restart in the middle of a mailbox neither
// loses nor repeats a reply.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import t from 'tap';
import { buildApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { testConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db.js';
import { handleInboundMessage } from '../../src/modules/replies/inbound.js';
import { CHAIR } from '../helper.js';
import { outboxRows, START } from './helper.js';
import { replyMessage } from './replies-fixtures.js';
import { BLOGGER, DISCUSSANT, FOCAL, invitedSession, SESSION_CHAIR } from './replies-helper.js';

t.test('a reply in words reaches the session chairs; out-of-office and bounces reach nobody', async (t) => {
  const s = await invitedSession(t, { inboundSmtpPort: 0 });
  await s.test.app.ready();
  const sender = nodemailer.createTransport({
    host: '127.0.0.1',
    port: s.test.app.replies.smtpPort ?? 0,
    secure: false,
    ignoreTLS: true,
  });
  t.teardown(() => sender.close());
  const send = (raw: Buffer) => sender.sendMail({ envelope: { from: FOCAL, to: ['series@localhost'] }, raw });
  const invitation = s.invitation(FOCAL).parsed;
  const words = {
    ORGANIZER: 'series@localhost',
    FROM: FOCAL,
    FROM_NAME: 'Ana Gómez',
    SUBJECT: `Re: ${invitation.subject}`,
    IN_REPLY_TO: invitation.messageId ?? '',
    TEXT: 'Dear Kofi,\n\nI will present, but could we have twenty minutes instead of fifteen?\n\nAna',
  };
  await send(replyMessage('human', { ...words, MESSAGE_ID: '<words-1@example.org>' }));
  const forwards = () => outboxRows(s.test.app.db).filter((r) => r.kind === 'reply_forward');
  t.same(
    forwards()
      .map((r) => r.to_email)
      .sort(),
    [CHAIR, SESSION_CHAIR],
    'to the Reply-To of the invitation answered: the session chair and supporting chair',
  );
  await s.test.deliver();
  const received = s.smtp.received.find(
    (m) => m.envelopeTo.includes(SESSION_CHAIR) && /^Reply:/.test(m.parsed.subject ?? ''),
  );
  t.equal(received?.parsed.subject, `Reply: ${words.SUBJECT}`);
  t.match(received?.parsed.text ?? '', /could we have twenty minutes instead of fifteen\?/, 'their words');
  t.match(received?.parsed.text ?? '', /Ana Gómez \(ana@example\.org\) wrote back/, 'who wrote');
  t.same(
    received?.parsed.replyTo?.value.map((a) => a.address),
    [FOCAL],
    'answering it writes to Ana',
  );

  await send(replyMessage('out-of-office', { ...words, MESSAGE_ID: '<ooo-1@example.org>' }));
  t.equal(forwards().length, 2, 'an out-of-office is not forwarded');

  const blogger = s.invitation(BLOGGER).parsed.messageId ?? '';
  await send(
    replyMessage('bounce', {
      ORGANIZER: 'series@localhost',
      MESSAGE_ID: '<bounce-1@mx.example.net>',
      RECIPIENT: BLOGGER,
      ORIGINAL_MESSAGE_ID: blogger,
    }),
  );
  t.equal(forwards().length, 2, 'a bounce is not forwarded');
  const row = outboxRows(s.test.app.db).find((r) => `<${r.id}@localhost>` === blogger);
  t.ok(row?.bounced_at, 'the invitation that bounced is marked');
  t.match(row?.bounce_reason, /^5\.1\.1 smtp; 550 5\.1\.1/);
  t.same(
    s.test.app.db.$client.prepare('select email, outbox_id from bounced_addresses').all(),
    [{ email: BLOGGER, outbox_id: row?.id }],
    'and the address',
  );
  const outbox = await s.test.app.inject({
    method: 'GET',
    url: `/api/outbox?series=${s.seriesId}`,
    headers: s.test.as(CHAIR),
  });
  const item = (outbox.json() as { id: string; bouncedAt: string | null }[]).find((i) => i.id === row?.id);
  t.equal(item?.bouncedAt, new Date(START).toISOString(), 'the chairs see it in the outbox');
  t.same(s.test.app.db.$client.prepare('select outcome from inbound_messages order by received_at, rowid').all(), [
    { outcome: 'forwarded' },
    { outcome: 'auto_reply' },
    { outcome: 'bounce' },
  ]);
  t.equal(await s.statusOf(DISCUSSANT), 'invited', 'no role changed');
});

t.test('a restart in the middle of a mailbox neither loses nor repeats a reply', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'indaba-replies-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const databasePath = join(dir, 'db.sqlite');
  const s = await invitedSession(t, { databasePath, inboundSmtpPort: null });
  const mailbox = [FOCAL, DISCUSSANT, BLOGGER].map((who, i) =>
    replyMessage('google', {
      ORGANIZER: s.organizerOf(who),
      UID: s.uid,
      SEQUENCE: 0,
      FROM: who,
      FROM_NAME: who,
      ATTENDEE: who,
      MESSAGE_ID: `<mailbox-${i}@client.example>`,
      SUBJECT: 'Accepted',
      PARTSTAT: 'ACCEPTED',
    }),
  );
  // The first two are processed; the service stops before the channel could mark them done.
  for (const raw of mailbox.slice(0, 2)) await s.test.app.replies.handle(raw, { channel: 'imap' });
  await s.test.app.close();
  const db = openDatabase(databasePath);
  const again = await buildApp(testConfig({ databasePath }), { db, clock: new ManualClock(START), deliverMail: false });
  t.teardown(async () => {
    await again.close();
    db.$client.close();
  });
  const results = [];
  for (const raw of mailbox) results.push(await again.replies.handle(raw, { channel: 'imap' }));
  t.same(
    results.map((r) => [r.duplicate, r.outcome]),
    [
      [true, 'applied'],
      [true, 'applied'],
      [false, 'applied'],
    ],
    'the two handed over again count once; the third is taken',
  );
  const accepted = db.$client.prepare("select count(*) as n from audit_log where action = 'invitation.accepted'").get();
  t.same(accepted, { n: 3 }, 'three acceptances, none twice');
});

t.test('the outbox page shows the chairs which message bounced', async (t) => {
  const s = await invitedSession(t);
  const blogger = s.invitation(BLOGGER).parsed.messageId ?? '';
  const result = await s.test.app.replies.handle(
    replyMessage('bounce', {
      ORGANIZER: 'series@localhost',
      MESSAGE_ID: '<bounce-2@mx.example.net>',
      RECIPIENT: BLOGGER,
      ORIGINAL_MESSAGE_ID: blogger,
    }),
    { channel: 'imap' },
  );
  t.same([result.outcome, result.reason], ['bounce', 'marked']);
  const page = await s.test.app.inject({
    method: 'GET',
    url: `/series/${s.seriesId}/manage/outbox`,
    headers: s.test.as(CHAIR),
  });
  t.equal(page.statusCode, 200);
  const row = page.body.split('<tr>').find((r) => r.includes(BLOGGER)) ?? '';
  t.match(row, /returned as undeliverable on 1 Feb 2027/, 'beside the message, when');
  t.match(row, /Recipient address rejected: User unknown/, 'and why');
});

t.test('a recogniser added by another module is tried before any calendar is read', async (t) => {
  const s = await invitedSession(t);
  const seen: string[] = [];
  const raw = replyMessage('google', {
    ORGANIZER: s.organizerOf(FOCAL),
    UID: s.uid,
    SEQUENCE: 0,
    FROM: FOCAL,
    FROM_NAME: 'Ana',
    ATTENDEE: FOCAL,
    MESSAGE_ID: '<recognised-1@client.example>',
    SUBJECT: 'unsubscribe',
    PARTSTAT: 'DECLINED',
  });
  const result = await handleInboundMessage(
    {
      db: s.test.app.db,
      clock: s.test.clock,
      config: s.test.app.config,
      recognisers: [
        (_deps, message) => {
          seen.push(message.from ?? '');
          return message.parsed.subject === 'unsubscribe' ? { outcome: 'recognised', reason: 'unsubscribe' } : null;
        },
      ],
    },
    raw,
    { channel: 'smtp' },
  );
  t.same([result.outcome, result.reason, seen], ['recognised', 'unsubscribe', [FOCAL]]);
  t.equal(await s.statusOf(FOCAL), 'invited', 'the calendar part was never read');
  t.same(s.test.app.db.$client.prepare('select outcome from inbound_messages').all(), [{ outcome: 'recognised' }]);
});

t.test('an answer to a forward, sent to the series address by "reply all", is not passed on again', async (t) => {
  const s = await invitedSession(t);
  const invitation = s.invitation(FOCAL).parsed;
  const first = await s.test.app.replies.handle(
    replyMessage('human', {
      ORGANIZER: 'series@localhost',
      FROM: FOCAL,
      FROM_NAME: 'Ana',
      SUBJECT: 'Re: the invitation',
      MESSAGE_ID: '<words-a@example.org>',
      IN_REPLY_TO: invitation.messageId ?? '',
      TEXT: 'A question about the agenda.',
    }),
    { channel: 'imap' },
  );
  t.equal(first.outcome, 'forwarded');
  const forward = outboxRows(s.test.app.db).find((r) => r.kind === 'reply_forward' && r.to_email === SESSION_CHAIR);
  const second = await s.test.app.replies.handle(
    replyMessage('human', {
      ORGANIZER: 'series@localhost',
      FROM: SESSION_CHAIR,
      FROM_NAME: 'Kofi',
      SUBJECT: 'Re: Reply: Re: the invitation',
      MESSAGE_ID: '<words-b@example.org>',
      IN_REPLY_TO: `<${forward?.id}@localhost>`,
      TEXT: 'Here is the answer.',
    }),
    { channel: 'imap' },
  );
  t.same([second.outcome, second.reason], ['ignored', 'answer_to_a_forward']);
  t.equal(
    outboxRows(s.test.app.db).filter((r) => r.kind === 'reply_forward').length,
    2,
    'only the first reply went on',
  );
});

t.test('a message tied to no invitation and no series (spam, for one) is recorded and goes to nobody', async (t) => {
  const s = await invitedSession(t);
  const before = outboxRows(s.test.app.db).length;
  const result = await s.test.app.replies.handle(
    replyMessage('human', {
      ORGANIZER: 'series@localhost',
      FROM: 'offers@bulk.example.net',
      FROM_NAME: 'Great offers',
      SUBJECT: 'You have won',
      MESSAGE_ID: '<spam-1@bulk.example.net>',
      IN_REPLY_TO: '<not-ours@elsewhere.example>',
      TEXT: 'Click here.',
    }),
    { channel: 'smtp' },
  );
  t.same([result.outcome, result.reason], ['ignored', 'no_series']);
  t.equal(outboxRows(s.test.app.db).length, before, 'nothing is queued, for the admins or anyone');
  t.same(s.test.app.db.$client.prepare('select outcome from inbound_messages').all(), [{ outcome: 'ignored' }]);
});
