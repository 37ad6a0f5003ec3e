// After a session, over a real SMTP server on loopback: a chair records who attended from a
// meeting tool's attendance CSV (matched by email) or by ticking, then the recording and slides
// links; everyone registered gets one follow-up with them in their language, and another once
// the blog post is published.
import t from 'tap';
import { ManualClock } from '../../src/clock.js';
import { emailsOfReport } from '../../src/modules/attendance/follow-up.js';
import { CHAIR, json, setBlog } from '../helper.js';
import { addPerson, buildMailApp, outboxRows, seedSeries, startSmtpServer } from './helper.js';

// A Zoom participants report: a summary first, then the participants (one came twice).
const ZOOM = `Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants
812 3456 7890,RBF in a decentralized setting,04/28/2027 02:00:00 PM,04/28/2027 03:30:00 PM,chair@example.org,90,3

Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest
Ana Gómez,ANA@example.org,04/28/2027 02:01:10 PM,04/28/2027 03:29:00 PM,88,Yes
Ana Gómez,ana@example.org,04/28/2027 02:40:00 PM,04/28/2027 03:29:00 PM,49,Yes
Someone Else,else@example.org,04/28/2027 02:05:00 PM,04/28/2027 03:00:00 PM,55,Yes
`;

t.test('the attendance report marks the right people; the follow-ups carry the links', async (t) => {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { clock: new ManualClock('2027-03-01T09:00:00Z'), config: { smtpUrl: smtp.url } });
  const seeded = await seedSeries(test);
  const { app } = test;
  for (const [email, name, country, language] of [
    ['ana@example.org', 'Ana', 'AR', 'es'],
    ['awa@example.org', 'Awa', 'SN', 'fr'],
  ] as const) {
    addPerson(app.db, test.clock, { email, name, country, language });
    await app.inject({ method: 'POST', url: `/api/sessions/${seeded.april}/attendance`, headers: test.as(email) });
  }
  await test.deliver();
  await smtp.waitFor(2);
  const record = (payload: Record<string, unknown>) =>
    app.inject({
      method: 'PUT',
      url: `/api/sessions/${seeded.april}/attendance-record`,
      headers: test.as(CHAIR),
      payload,
    });
  const early = await record({ csv: ZOOM });
  t.equal(early.statusCode, 409, 'not before the session');
  t.equal(json(early).error, 'session_not_held');

  test.clock.set('2027-04-28T13:00:00Z');
  const fromCsv = await record({ csv: ZOOM });
  t.equal(fromCsv.statusCode, 200);
  t.same(json(fromCsv), { registrants: 2, attended: 1, unmatched: 1 }, 'Ana once, Awa absent, one address unknown');
  const view = json(await app.inject({ url: `/api/sessions/${seeded.april}/attendees`, headers: test.as(CHAIR) }));
  t.same(
    view.attendees.map((a: { name: string; attended: boolean }) => [a.name, a.attended]),
    [
      ['Ana', true],
      ['Awa', false],
    ],
  );
  const awaId = view.attendees[1].personId;
  const ticked = await record({ present: [awaId] });
  t.same(json(ticked), { registrants: 2, attended: 1, unmatched: 0 });
  const noEmail = await record({ csv: 'Name,Duration\nAna,88\n' });
  t.equal(noEmail.statusCode, 400, 'a report without an email column');

  const links = await app.inject({
    method: 'PUT',
    url: `/api/sessions/${seeded.april}/recording`,
    headers: test.as(CHAIR),
    payload: { recordingUrl: 'https://video.example.org/rbf', slidesUrl: 'https://slides.example.org/rbf' },
  });
  t.equal(links.statusCode, 200);
  t.equal(json(links).queued, 2);
  await test.deliver();
  const follow = (await smtp.waitFor(4)).slice(2);
  const by = Object.fromEntries(follow.map((m) => [m.envelopeTo[0], m.parsed]));
  t.equal(
    by['ana@example.org']?.subject,
    `Después de la sesión: «Governance for SP: implementing RBF in a decentralized setting»`,
  );
  t.equal(
    by['awa@example.org']?.subject,
    'Après la session\u00a0: «\u00a0Governance for SP: implementing RBF in a decentralized setting\u00a0»',
  );
  t.match(by['awa@example.org']?.text, 'Voir l’enregistrement\nhttps://video.example.org/rbf');
  t.match(by['ana@example.org']?.text, 'Ver las diapositivas\nhttps://slides.example.org/rbf');
  const again = await app.inject({
    method: 'PUT',
    url: `/api/sessions/${seeded.april}/recording`,
    headers: test.as(CHAIR),
    payload: { recordingUrl: 'https://video.example.org/rbf', slidesUrl: 'https://slides.example.org/rbf' },
  });
  t.equal(json(again).queued, 0, 'the same links again send nothing');

  const blog = await setBlog(test, seeded.april, {
    status: 'published',
    url: 'https://blog.example.org/rbf',
    title: 'RBF lessons',
  });
  t.equal(blog.statusCode, 200);
  t.same(
    outboxRows(app.db)
      .filter((r) => r.kind === 'attendance_follow_up')
      .map((r) => [r.to_email, JSON.parse(r.payload).blog ?? false]),
    [
      ['ana@example.org', false],
      ['awa@example.org', false],
      ['ana@example.org', true],
      ['awa@example.org', true],
    ],
    'one more each, for the blog post',
  );
  await test.deliver();
  const news = (await smtp.waitFor(6)).slice(4).find((m) => m.envelopeTo[0] === 'awa@example.org');
  t.equal(
    news?.parsed.subject,
    'Le billet de blog de la session «\u00a0Governance for SP: implementing RBF in a decentralized setting\u00a0»',
  );
  t.match(news?.parsed.text, 'https://blog.example.org/rbf');
});

t.test('reading a report: the first row naming an email column, any separator', async (t) => {
  t.same([...emailsOfReport(ZOOM)], ['ana@example.org', 'else@example.org']);
  t.same([...emailsOfReport('\uFEFFFull Name;Email;Role\nKofi;kofi@example.org;Attendee\n')], ['kofi@example.org']);
  t.same([...emailsOfReport('Name\tE-mail\nMei\tmei@example.org\n')], ['mei@example.org']);
});
