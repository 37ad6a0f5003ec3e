// The organizer address of each invitation (MAIL_FROM + a signed tag naming the invitation), the
// Reply-To of invitations, and the sentence about the calendar's buttons, which goes once the
// service reads replies.
import t from 'tap';
import { shared } from '../../emails/invitation.js';
import {
  organizerAddress,
  organizerTag,
  readAddress,
  type TagTarget,
  tagMatches,
} from '../../src/calendar/organizer-tags.js';
import { replyToOf } from '../../src/mail/reply-to.js';
import { CHAIR } from '../helper.js';
import { BLOGGER, DISCUSSANT, FOCAL, invitedSession, SESSION_CHAIR } from './replies-helper.js';

const SECRET = 'test-secret-key-that-is-long-enough-0123456789';
const session: TagTarget = { kind: 'session', assignmentId: 'mz0abc123Xy-_9QrStUv', linkVersion: 0 };

t.test('a tag is stable, short, signed and read back whatever its case', async (t) => {
  const address = organizerAddress('series@webinars.example.org', SECRET, session);
  t.equal(address, organizerAddress('series@webinars.example.org', SECRET, session), 'the same tag every time');
  t.match(address, /^series\+smz0abc123Xy-_9QrStUv\.[0-9a-f]{16}@webinars\.example\.org$/);
  t.ok(address.split('@')[0]!.length <= 64, 'a local part of at most 64 octets');
  const read = readAddress(address, 'series@webinars.example.org');
  t.same(read, { kind: 'session', id: session.assignmentId, signature: address.split('.')[1]!.slice(0, 16) });
  t.ok(typeof read === 'object' && tagMatches(SECRET, read, session), 'the tag names the assignment');
  const upper = readAddress(address.toUpperCase(), 'series@webinars.example.org');
  t.ok(typeof upper === 'object' && tagMatches(SECRET, upper, session), 'an upper-cased copy still reads');
  t.ok(
    typeof read === 'object' && !tagMatches(SECRET, read, { ...session, linkVersion: 1 }),
    'a new assignment in the same row has a new tag',
  );
  t.ok(
    typeof read === 'object' && !tagMatches('another-secret-that-is-long-enough-000000', read, session),
    'another secret: no',
  );
  t.not(
    organizerTag(SECRET, { kind: 'meeting', meetingId: 'm1', personId: 'p1' }),
    organizerTag(SECRET, { kind: 'meeting', meetingId: 'm2', personId: 'p1' }),
    'a person has one tag per meeting',
  );
  t.not(
    organizerTag(SECRET, { kind: 'meeting', meetingId: 'm1', personId: 'p1' }).slice(1),
    organizerTag(SECRET, { kind: 'prepcall', callId: 'm1', personId: 'p1' }).slice(1),
    'a meeting and a call with the same ids are told apart',
  );
});

t.test('addresses that are not an invitation tag', async (t) => {
  const from = 'series@webinars.example.org';
  t.equal(readAddress('series@webinars.example.org', from), 'plain');
  t.equal(readAddress('<Series@Webinars.Example.org>', from), 'plain', 'case and brackets do not matter');
  t.equal(readAddress('other@webinars.example.org', from), 'foreign');
  t.equal(readAddress('series@example.org', from), 'foreign', 'another domain');
  t.equal(readAddress('seriesx+s1.0123456789abcdef@webinars.example.org', from), 'foreign');
  t.equal(readAddress('series+hello@webinars.example.org', from), 'tagged', 'a tag this service never writes');
  t.equal(readAddress('series+s1.0123@webinars.example.org', from), 'tagged', 'a cut signature');
  const forged = readAddress('series+smz0abc123Xy-_9QrStUv.0123456789abcdef@webinars.example.org', from);
  t.same(forged, { kind: 'session', id: 'mz0abc123Xy-_9QrStUv', signature: '0123456789abcdef' });
  t.equal(typeof forged === 'object' && tagMatches(SECRET, forged, session), false, 'a forged signature fails');
  t.equal(
    organizerAddress('series+webinars@example.org', SECRET, session).split('@')[0]?.split('+')[1],
    'webinars',
    "MAIL_FROM's own tag is kept",
  );
});

t.test('Reply-To: who can answer, never the reader, each once', async (t) => {
  const kofi = { name: 'Kofi', email: 'kofi@example.org' };
  const chair = { name: 'Chair', email: 'chair@example.org' };
  t.same(replyToOf('ana@example.org', [kofi, chair], [chair]), [kofi, chair]);
  t.same(replyToOf('KOFI@example.org', [kofi, chair], [chair]), [chair], 'the reader is left out');
  t.same(replyToOf('ana@example.org', [], [chair, chair]), [chair], 'nobody: the series chairs, once');
  t.same(replyToOf('chair@example.org', [chair], [chair]), [], 'a chair writing to themselves: none');
});

t.test('invitations name their tag as ORGANIZER and the session chairs as Reply-To', async (t) => {
  const s = await invitedSession(t);
  const organizers = [FOCAL, DISCUSSANT, BLOGGER, SESSION_CHAIR, CHAIR].map((who) => s.organizerOf(who));
  t.equal(new Set(organizers).size, 5, 'one tag per assignment');
  for (const who of [FOCAL, DISCUSSANT, BLOGGER, SESSION_CHAIR, CHAIR]) {
    const read = readAddress(s.organizerOf(who), 'series@localhost');
    t.equal(typeof read === 'object' && read.kind, 'session', `${who}: a session tag`);
  }
  const replyTo = (who: string) => s.invitation(who).parsed.replyTo?.value.map((a) => a.address);
  t.same(replyTo(FOCAL), [SESSION_CHAIR, CHAIR], 'the focal person replies to the session chair and supporting chair');
  t.same(replyTo(SESSION_CHAIR), [CHAIR], 'the session chair replies to the supporting chair');
  t.same(replyTo(CHAIR), [SESSION_CHAIR], 'the supporting chair replies to the session chair');
  t.equal(s.invitation(FOCAL).parsed.from?.value[0]?.address, 'series@localhost', 'From stays MAIL_FROM');
  t.ok(s.invitation(FOCAL).parsed.text?.includes(shared.en.calendarNote), 'nothing reads replies: the sentence stays');
});

t.test('with a reply channel set, the sentence about the buttons goes', async (t) => {
  const s = await invitedSession(t, { inboundSmtpPort: 0 });
  t.notOk(s.invitation(FOCAL).parsed.text?.includes(shared.en.calendarNote), 'the buttons are read now');
  t.ok(s.invitation(FOCAL).parsed.text?.includes(shared.en.acceptAction), 'the links stay');
});
