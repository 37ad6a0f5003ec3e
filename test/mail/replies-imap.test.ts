// Replies read from MAIL_FROM's mailbox over IMAP, end to end: a real Dovecot on loopback, the
// service configured with IMAP_URL, invitations delivered over SMTP, and calendar answers put in
// the mailbox as a mail server would. Each answer sets the role once and is moved to Processed;
// a restart of the watcher in the middle of the mailbox neither loses nor repeats one, nor does a
// message handled but not yet moved when the service stopped.
import { setTimeout as delay } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { dovecotMissing, startDovecot } from './dovecot.js';
import { replyMessage } from './replies-fixtures.js';
import { BLOGGER, DISCUSSANT, FOCAL, type InvitedSession, invitedSession } from './replies-helper.js';

const skip = dovecotMissing();

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await delay(25);
  }
}

const answer = (s: InvitedSession, who: string, partstat: string, id: string) =>
  replyMessage('google', {
    ORGANIZER: s.organizerOf(who),
    UID: s.uid,
    SEQUENCE: 0,
    FROM: who,
    FROM_NAME: 'Someone',
    ATTENDEE: who,
    MESSAGE_ID: `<${id}@client.example>`,
    SUBJECT: 'Reply: RBF in a decentralized setting',
    DTSTART_LOCAL: '20270428T130000',
    DTEND_LOCAL: '20270428T143000',
    PARTSTAT: partstat,
  }).toString('utf8');

const count = (s: InvitedSession, sql: string) => (s.test.app.db.$client.prepare(sql).get() as { n: number }).n;

async function setUp(t: Test) {
  const server = await startDovecot(t);
  const s = await invitedSession(t, { imap: server.mailbox });
  await s.test.app.ready();
  const watcher = s.test.app.imapWatcher;
  if (!watcher) throw new Error('IMAP_URL is set, yet nothing watches the mailbox');
  return { server, s, watcher };
}

t.test('a calendar answer in the mailbox sets the role once and is moved to Processed', { skip }, async (t) => {
  const { server, s } = await setUp(t);
  t.equal(await s.statusOf(FOCAL), 'invited');
  await server.append(answer(s, FOCAL, 'ACCEPTED', 'imap-1'));
  await until('Ana’s answer taken', async () => (await s.statusOf(FOCAL)) === 'accepted');
  await until('it moved', async () => (await server.messageIds('Processed')).length === 1);
  t.same(await server.messageIds('INBOX'), []);
  t.equal(count(s, "select count(*) as n from inbound_messages where channel = 'imap'"), 1);
  // The invitation's own words no longer apologise for the calendar's buttons: they are read.
  t.notOk(
    s.invitation(FOCAL).parsed.text?.includes('not read'),
    'with IMAP_URL set, the invitation does not say the buttons go unread',
  );
});

t.test('a restart mid-mailbox neither loses nor repeats an answer', { skip }, async (t) => {
  const { server, s, watcher } = await setUp(t);
  await until('the watcher idling', () => watcher.idling);
  await watcher.stop();
  // While the service is down, three answers arrive; one of them is a second copy of another
  // (a message handled just before a stop, then handed over again).
  await server.append(answer(s, FOCAL, 'ACCEPTED', 'imap-a'));
  await server.append(answer(s, DISCUSSANT, 'DECLINED', 'imap-b'));
  await server.append(answer(s, FOCAL, 'ACCEPTED', 'imap-a'));
  watcher.start();
  await until('the inbox emptied', async () => (await server.messageIds('INBOX')).length === 0);
  t.equal((await server.messageIds('Processed')).length, 3, 'every message moved, the copy too');
  t.equal(await s.statusOf(FOCAL), 'accepted');
  t.equal(await s.statusOf(DISCUSSANT), 'declined');
  t.equal(count(s, 'select count(*) as n from inbound_messages'), 2, 'the copy counted once');
  t.equal(count(s, "select count(*) as n from audit_log where action = 'invitation.accepted'"), 1, 'Ana accepted once');

  await watcher.stop();
  await server.append(answer(s, BLOGGER, 'TENTATIVE', 'imap-c'));
  watcher.start();
  await until('Mei’s answer taken after the second restart', async () => (await s.statusOf(BLOGGER)) === 'tentative');
  t.equal(count(s, 'select count(*) as n from inbound_messages'), 3);
});
