// Reading what comes back, without a database: the calendar part of each client's reply (how it
// is encoded, where it sits, the zone its times are written in), delivery reports and automatic
// replies, from the fixtures in fixtures/replies/.
import { simpleParser } from 'mailparser';
import t from 'tap';
import * as read from '../../src/modules/replies/read.js';
import { replyMessage } from './replies-fixtures.js';

const ORGANIZER = 'series+sabc.0123456789abcdef@localhost';
const UID = 'session-0123@indaba';
const base = { ORGANIZER, UID, SEQUENCE: 2, MESSAGE_ID: '<reply-1@client.example>' };

/** The fields of a reply this person sends, answering for their own address unless another is given. */
const sentBy = (email: string, name: string, attendee = email) => ({
  FROM: email,
  FROM_NAME: name,
  ATTENDEE: attendee,
});

async function answerOf(client: string, values: Record<string, string | number>) {
  const parsed = await simpleParser(replyMessage(client, { ...base, ...values }));
  const parts = read.calendarParts(parsed);
  return { parsed, parts, answers: parts.map(read.readCalendarAnswer) };
}

t.test('Outlook: a base64 calendar part, a Windows zone with its VTIMEZONE, a comment', async (t) => {
  const { parts, answers } = await answerOf('outlook', {
    METHOD: 'REPLY',
    PARTSTAT: 'ACCEPTED',
    ...sentBy('ana@example.org', 'Ana Gomez', 'Ana@Example.org'),
    SUBJECT: 'Accepted: RBF in a decentralized setting',
    COMMENT: 'Happy to present\\, see you then.',
    DTSTART_LOCAL: '20270428T100000',
    DTEND_LOCAL: '20270428T113000',
  });
  t.equal(parts.length, 1, 'one calendar part');
  t.same(answers, [
    {
      method: 'REPLY',
      uid: UID,
      sequence: 2,
      attendee: 'ana@example.org',
      partstat: 'ACCEPTED',
      comment: 'Happy to present, see you then.',
      recurrenceId: null,
      proposed: null,
    },
  ]);
});

t.test('Outlook COUNTER: the proposed time read in its Windows zone, across summer time', async (t) => {
  const anaProposes = (values: Record<string, string>) =>
    answerOf('outlook', {
      METHOD: 'COUNTER',
      PARTSTAT: 'TENTATIVE',
      ...sentBy('ana@example.org', 'Ana Gomez'),
      ...values,
    });
  const { answers } = await anaProposes({
    SUBJECT: 'New Time Proposed: RBF in a decentralized setting',
    DTSTART_LOCAL: '20270429T100000',
    DTEND_LOCAL: '20270429T113000',
  });
  t.equal(answers[0]?.method, 'COUNTER');
  t.same(
    answers[0]?.proposed,
    {
      start: new Date('2027-04-29T08:00:00Z'),
      end: new Date('2027-04-29T09:30:00Z'),
    },
    '10:00 in Amsterdam in April is 08:00 UTC (CEST)',
  );
  const winter = await anaProposes({
    SUBJECT: 'New Time Proposed',
    DTSTART_LOCAL: '20271110T100000',
    DTEND_LOCAL: '20271110T113000',
  });
  t.same(winter.answers[0]?.proposed?.start, new Date('2027-11-10T09:00:00Z'), 'and 09:00 UTC in November (CET)');
});

t.test('Google: the same calendar inline (7bit) and attached (base64), in UTC', async (t) => {
  const { parts, answers } = await answerOf('google', {
    PARTSTAT: 'DECLINED',
    ...sentBy('jean@example.org', 'Jean Uwase'),
    SUBJECT: 'Declined: RBF in a decentralized setting',
    TEXT: 'Jean Uwase has declined this invitation.',
  });
  t.equal(parts.length, 1, 'the two copies are one calendar');
  t.equal(answers[0]?.partstat, 'DECLINED');
  t.equal(answers[0]?.attendee, 'jean@example.org');
  t.equal(answers[0]?.sequence, 2);
});

t.test('Apple: an iCal-….ics attachment in quoted-printable; EMAIL= names the invited address', async (t) => {
  const { parsed, answers } = await answerOf('apple', {
    PARTSTAT: 'TENTATIVE',
    ...sentBy('mei.tran@icloud.com', 'Mei Tran', 'mei@example.org'),
    ALIAS: 'mei.tran.private-relay@icloud.com',
    SUBJECT: 'Invitation: RBF in a decentralized setting (Tentative)',
  });
  t.equal(parsed.attachments[0]?.filename, 'iCal-20270201-131500.ics');
  t.equal(answers[0]?.partstat, 'TENTATIVE');
  t.equal(answers[0]?.attendee, 'mei@example.org', 'the address of EMAIL=, not the made-up mailto:');
  t.equal(read.senderOf(parsed), 'mei.tran@icloud.com', 'sent from an address that was never invited');
  t.same(read.recipientsOf(parsed), [ORGANIZER]);
});

t.test('what is not a reply this service acts on', async (t) => {
  t.equal(read.readCalendarAnswer('not a calendar'), null);
  t.equal(
    read.readCalendarAnswer(
      'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
    ),
    null,
    'an invitation forwarded back',
  );
  t.equal(
    read.readCalendarAnswer('BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n'),
    null,
    'a reply with no UID',
  );
  const refresh = read.readCalendarAnswer(
    'BEGIN:VCALENDAR\r\nMETHOD:REFRESH\r\nBEGIN:VEVENT\r\nUID:u1\r\nATTENDEE:mailto:a@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
  );
  t.same(
    refresh && { method: refresh.method, uid: refresh.uid, sequence: refresh.sequence, partstat: refresh.partstat },
    {
      method: 'REFRESH',
      uid: 'u1',
      sequence: null,
      partstat: null,
    },
  );
});

t.test('a delivery report names the address and the message that bounced', async (t) => {
  const parsed = await simpleParser(
    replyMessage('bounce', {
      ORGANIZER: 'series@localhost',
      MESSAGE_ID: '<bounce-1@mx.example.net>',
      RECIPIENT: 'gone@example.org',
      ORIGINAL_MESSAGE_ID: '<0abc123def@localhost>',
    }),
  );
  t.same(read.readBounce(parsed), {
    recipients: [
      {
        email: 'gone@example.org',
        status: '5.1.1',
        diagnostic: 'smtp; 550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown',
      },
    ],
    originalMessageId: '<0abc123def@localhost>',
  });
  t.equal(
    read.readBounce(await simpleParser(replyMessage('human', { ...humanValues }))),
    null,
    'a person writing is no bounce',
  );
});

const humanValues = {
  ORGANIZER,
  FROM: 'ana@example.org',
  FROM_NAME: 'Ana Gomez',
  SUBJECT: 'Re: Invitation',
  MESSAGE_ID: '<human-1@example.org>',
  IN_REPLY_TO: '<0abc123def@localhost>',
  TEXT: 'Dear Kofi,\n\nCould we move the session by an hour?\n\nAna',
};

t.test('an out-of-office is an automatic reply; a person writing is not', async (t) => {
  const ooo = await simpleParser(replyMessage('out-of-office', humanValues));
  t.equal(read.isAutoReply(ooo), true);
  const human = await simpleParser(replyMessage('human', humanValues));
  t.equal(read.isAutoReply(human), false);
  t.same(read.answeredMessageIds(human), ['<0abc123def@localhost>']);
  const noHeader = await simpleParser(
    Buffer.from('From: a@example.org\r\nTo: series@localhost\r\nSubject: Out of Office: back Monday\r\n\r\nAway.\r\n'),
  );
  t.equal(read.isAutoReply(noHeader), true, 'known by its subject alone');
  const french = await simpleParser(
    Buffer.from(
      'From: a@example.org\r\nTo: series@localhost\r\nSubject: Réponse automatique : absent\r\n\r\nAbsent.\r\n',
    ),
  );
  t.equal(read.isAutoReply(french), true, 'in French too');
});
