// Workstream meetings and preparatory calls take calendar answers the same way as roles: each
// person's answer is kept on their copy of the event, the convener sees who comes on the
// meeting's page, a tag made for another event or another person changes nothing, and a member
// who left answers nothing.
import t from 'tap';
import { calendarOf } from '../calendar/read.js';
import { CHAIR } from '../helper.js';
import { addWorkstreamMember, appointConvener, scheduleMeeting, seedSeries, smtpMailApp } from './helper.js';
import { replyMessage } from './replies-fixtures.js';
import { DISCUSSANT, FOCAL, invitedSession, SESSION_CHAIR } from './replies-helper.js';

const CONVENER = 'amara@example.org';

t.test('members answer a workstream meeting; the convener sees who comes', async (t) => {
  const { smtp, test } = await smtpMailApp(t, { config: { inboundSmtpPort: 0 } });
  const s = await seedSeries(test);
  const members = ['jean@example.org', 'thandi@example.org'].map((email, i) => {
    addWorkstreamMember(test, s, { email, name: i === 0 ? 'Jean Mugabo' : 'Thandi Dlamini', country: 'RW' });
    return email;
  });
  await appointConvener(test, s, { email: CONVENER, name: 'Amara Okafor' });
  const created = await scheduleMeeting(test, s, CONVENER, { title: 'Kick-off', startsAt: '2027-03-03T15:00' });
  t.equal(created.statusCode, 201);
  const meetingId = (created.json() as { id?: string; meetings?: { id: string }[] }).id ?? '';
  await test.deliver();
  const invitations = await smtp.waitFor(3);
  const invitation = (email: string) => invitations.find((m) => m.envelopeTo.includes(email));
  const jean = invitation(members[0] ?? '');
  if (!jean) throw new Error('no invitation to Jean');
  t.same(
    jean.parsed.replyTo?.value.map((a) => a.address),
    [CONVENER],
    'Reply-To: the convener',
  );
  t.notOk(jean.parsed.text?.includes('are not read'), 'with IMAP_URL set, no word of unread buttons');
  const cal = (email: string) => calendarOf(invitation(email) ?? jean);
  const answer = (email: string, partstat: string, organizer = cal(email).organizer.replace(/^mailto:/, ''), n = 0) =>
    test.app.replies.handle(
      replyMessage('outlook', {
        ORGANIZER: organizer,
        UID: cal(email).uid,
        SEQUENCE: 0,
        FROM: email,
        FROM_NAME: email,
        ATTENDEE: email,
        MESSAGE_ID: `<meeting-${email}-${partstat}-${n}@client.example>`,
        SUBJECT: `${partstat}: Kick-off`,
        METHOD: 'REPLY',
        PARTSTAT: partstat,
        DTSTART_LOCAL: '20270303T130000',
        DTEND_LOCAL: '20270303T143000',
      }),
      { channel: 'imap' },
    );
  const first = await answer(members[0] ?? '', 'ACCEPTED');
  t.same([first.outcome, first.reason], ['applied', 'accepted']);
  const second = await answer(members[1] ?? '', 'TENTATIVE');
  t.same([second.outcome, second.reason], ['applied', 'tentative']);
  // Jean's tag on Thandi's answer (Jean forwarded his invitation to her): the tag is Jean's, the
  // answer is not, so Jean's copy keeps his own answer.
  const swapped = await answer(members[1] ?? '', 'DECLINED', cal(members[0] ?? '').organizer.replace(/^mailto:/, ''));
  t.same([swapped.outcome, swapped.reason], ['ignored', 'other_attendee']);
  const stored = test.app.db.$client
    .prepare('select p.email, c.response from calendar_copies c join people p on p.id = c.person_id order by p.email')
    .all();
  t.same(stored, [
    { email: CONVENER, response: null },
    { email: members[0], response: 'accepted' },
    { email: members[1], response: 'tentative' },
  ]);
  const page = await test.app.inject({
    method: 'GET',
    url: `/workstreams/${s.workstreamId}/manage/meetings/${meetingId}`,
    headers: test.as(CONVENER),
  });
  t.equal(page.statusCode, 200);
  t.match(page.body, /<li>Jean Mugabo: comes<\/li>/);
  t.match(page.body, /<li>Thandi Dlamini: may come<\/li>/);
  t.match(page.body, /<li>Amara Okafor: no answer yet<\/li>/);
});

t.test('the people of a preparatory call answer it; another event’s tag changes nothing', async (t) => {
  const s = await invitedSession(t);
  const scheduled = await s.test.app.inject({
    method: 'POST',
    url: `/api/sessions/${s.sessionId}/preparatory-call`,
    headers: s.test.as(CHAIR),
    payload: { startsAt: '2027-04-21T15:00', durationMinutes: 45 },
  });
  t.equal(scheduled.statusCode, 201);
  await s.test.deliver();
  const calls = s.smtp.received.filter((m) => /preparatory/i.test(m.parsed.subject ?? ''));
  const call = calls.find((m) => m.envelopeTo.includes(FOCAL));
  if (!call) throw new Error('no call to the focal person');
  t.same(
    call.parsed.replyTo?.value.map((a) => a.address).sort(),
    [CHAIR, SESSION_CHAIR].sort(),
    'Reply-To: the chairs',
  );
  const { uid, organizer } = calendarOf(call);
  const reply = (values: Record<string, string | number>) =>
    replyMessage('google', {
      ORGANIZER: organizer.replace(/^mailto:/, ''),
      UID: uid,
      SEQUENCE: 0,
      FROM: FOCAL,
      FROM_NAME: 'Ana',
      ATTENDEE: FOCAL,
      SUBJECT: 'Accepted',
      PARTSTAT: 'ACCEPTED',
      ...values,
    });
  const accepted = await s.test.app.replies.handle(reply({ MESSAGE_ID: '<call-1@client.example>' }), {
    channel: 'smtp',
  });
  t.same([accepted.outcome, accepted.reason], ['applied', 'accepted']);
  // The call's tag on a reply about the session (another UID) is no answer to either.
  const crossed = await s.test.app.replies.handle(reply({ MESSAGE_ID: '<call-2@client.example>', UID: s.uid }), {
    channel: 'smtp',
  });
  t.same([crossed.outcome, crossed.reason], ['ignored', 'unknown_tag']);
  t.equal(await s.statusOf(FOCAL), 'invited', 'the role is untouched');
  t.same(
    s.test.app.db.$client
      .prepare('select response from calendar_copies where uid = ? and response is not null')
      .all(uid),
    [{ response: 'accepted' }],
  );
  t.equal(await s.statusOf(DISCUSSANT), 'invited');
});
