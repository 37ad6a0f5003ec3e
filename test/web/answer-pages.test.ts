// The accept and decline links of a workstream meeting's and a preparatory call's invitation:
// opening one changes nothing, its button records the answer (which the convener then sees on
// the meeting's page), a link changed by hand or for a cancelled meeting says so.
import t from 'tap';
import { CHAIR } from '../helper.js';
import { addWorkstreamMember, appointConvener, scheduleMeeting, seedSeries, smtpMailApp } from '../mail/helper.js';
import { FOCAL, invitedSession } from '../mail/replies-helper.js';

const CONVENER = 'amara@example.org';

const linkIn = (text: string, label: string) => {
  const found = new RegExp(`${label}\\n(http\\S+)`).exec(text)?.[1];
  if (!found) throw new Error(`no "${label}" link`);
  return new URL(found);
};

t.test('a member says from the email that they cannot attend a meeting', async (t) => {
  const { smtp, test } = await smtpMailApp(t);
  const s = await seedSeries(test);
  const jean = addWorkstreamMember(test, s, { email: 'jean@example.org', name: 'Jean Mugabo', country: 'RW' });
  await appointConvener(test, s, { email: CONVENER, name: 'Amara Okafor' });
  const created = await scheduleMeeting(test, s, CONVENER, { title: 'Kick-off', startsAt: '2027-03-03T15:00' });
  const meetingId = (created.json() as { id: string }).id;
  await test.deliver();
  const mails = await smtp.waitFor(2);
  const mail = mails.find((m) => m.envelopeTo.includes('jean@example.org'));
  const text = mail?.parsed.text ?? '';
  const decline = linkIn(text, 'I cannot attend');
  t.equal(decline.pathname, `/answers/meeting/${meetingId}/decline`);
  t.equal(decline.searchParams.get('person'), jean);
  const calendar = mail?.parsed.attachments.find((a) => a.contentType === 'text/calendar')?.content.toString() ?? '';
  t.notOk(calendar.includes(decline.searchParams.get('token') ?? 'none'), 'the token is never in the calendar file');

  const opened = await test.app.inject({ method: 'GET', url: `${decline.pathname}${decline.search}` });
  t.equal(opened.statusCode, 200);
  t.match(opened.body, /You cannot attend “Kick-off”\? Press the button/);
  const answer = () =>
    test.app.db.$client.prepare('select response from calendar_copies where person_id = ?').get(jean) as {
      response: string | null;
    };
  t.same(answer(), { response: null }, 'opening the link changed nothing');
  const pressed = await test.app.inject({
    method: 'POST',
    url: decline.pathname,
    payload: { person: jean, token: decline.searchParams.get('token') ?? '' },
  });
  t.equal(pressed.statusCode, 303);
  t.same(answer(), { response: 'declined' });
  t.same(
    test.app.db.$client
      .prepare("select action, entity_type as type, entity_id as id from audit_log where action like 'calendar.%'")
      .all(),
    [{ action: 'calendar.declined', type: 'meeting', id: meetingId }],
    "the log names the meeting as the meeting's own entries do",
  );
  const thanked = await test.app.inject({ method: 'GET', url: pressed.headers.location as string });
  t.match(thanked.body, /Thank you: the organisers know you cannot attend “Kick-off”\./);
  const page = await test.app.inject({
    method: 'GET',
    url: `/workstreams/${s.workstreamId}/manage/meetings/${meetingId}`,
    headers: test.as(CONVENER),
  });
  t.match(page.body, /<li>Jean Mugabo: does not come<\/li>/, 'the convener sees it');

  const forged = await test.app.inject({
    method: 'GET',
    url: `${decline.pathname}?person=${jean}&token=${'x'.repeat(43)}`,
  });
  t.equal(forged.statusCode, 404);
  const cancelled = await test.app.inject({
    method: 'POST',
    url: `/api/meetings/${meetingId}/cancel`,
    headers: test.as(CONVENER),
  });
  t.equal(cancelled.statusCode, 200);
  const late = await test.app.inject({ method: 'GET', url: `${decline.pathname}${decline.search}` });
  t.equal(late.statusCode, 410, 'a cancelled meeting takes no answer');
  t.match(late.body, /This meeting was cancelled/);
});

t.test('the people of a preparatory call get the links too', async (t) => {
  const s = await invitedSession(t);
  await s.test.app.inject({
    method: 'POST',
    url: `/api/sessions/${s.sessionId}/preparatory-call`,
    headers: s.test.as(CHAIR),
    payload: { startsAt: '2027-04-21T15:00', durationMinutes: 45 },
  });
  await s.test.deliver();
  const call = s.smtp.received.find((m) => m.envelopeTo.includes(FOCAL) && /reparatory/.test(m.parsed.subject ?? ''));
  const accept = linkIn(call?.parsed.text ?? '', 'I will attend');
  t.match(accept.pathname, /^\/answers\/prepcall\/[\w-]+\/accept$/);
  const pressed = await s.test.app.inject({
    method: 'POST',
    url: accept.pathname,
    payload: { person: accept.searchParams.get('person') ?? '', token: accept.searchParams.get('token') ?? '' },
  });
  t.equal(pressed.statusCode, 303);
  t.same(s.test.app.db.$client.prepare('select response from calendar_copies where response is not null').all(), [
    { response: 'accepted' },
  ]);
});
