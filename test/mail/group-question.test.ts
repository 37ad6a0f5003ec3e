// The question to the group, over a real SMTP server on loopback: released by the chair, it goes
// 7 days before the session to every attendee and (as chosen) every contact of the series, once
// each, in their language; a later registrant gets it at once; each answers behind their link
// until the session starts, and the chairs read the answers grouped by country (JSON and CSV).
import { eq } from 'drizzle-orm';
import t, { type Test } from 'tap';
import { sessions } from '../../db/schema.js';
import { attendLink } from '../../src/modules/interests/attend-links.js';
import { recordUnsubscription } from '../../src/modules/interests/unsubscriptions.js';
import { CHAIR, json } from '../helper.js';
import { addContact, addPerson, outboxRows, type Received, seedSeries, smtpMailApp } from './helper.js';

const QUESTION = 'How do you keep RBF payments on time when funds flow through districts?';
const TITLE = 'Governance for SP: implementing RBF in a decentralized setting';

async function setUp(t: Test) {
  const { smtp, test, deliverNew } = await smtpMailApp(t, { now: '2027-03-01T09:00:00Z' });
  const seeded = await seedSeries(test);
  const { app } = test;
  app.db
    .update(sessions)
    .set({ discussantCountry: 'RW', meetingUrl: 'https://meet.example.org/rbf' })
    .where(eq(sessions.id, seeded.april))
    .run();
  const release = (payload: Record<string, unknown>, headers = test.as(CHAIR)) =>
    app.inject({ method: 'PUT', url: `/api/sessions/${seeded.april}/question/release`, headers, payload });
  return { ...test, smtp, seeded, next: deliverNew, release };
}

const answerLinkIn = (mail: Received) => {
  const found = mail.parsed.text?.match(/http:\/\/[^\s]*\/answers\/[^\s]*/)?.[0];
  if (!found) throw new Error(`no answer link in "${mail.parsed.subject}"`);
  return new URL(found);
};

t.test('released 7 days ahead, the question reaches every attendee and contact once, in their language', async (t) => {
  const test = await setUp(t);
  const { app, seeded } = test;
  // Awa, a French contact from Senegal, registers from the call's link; Lia (Brazil) signed in;
  // Kofi is a contact who has not registered.
  const awa = addContact(app.db, test.clock, seeded.seriesId, {
    email: 'awa@example.org',
    name: 'Awa',
    country: 'SN',
    language: 'fr',
  });
  addContact(app.db, test.clock, seeded.seriesId, { email: 'kofi@example.org', name: 'Kofi', country: 'GH' });
  // Mo unsubscribed from the call: the question, bulk mail to contacts, does not reach him either.
  addContact(app.db, test.clock, seeded.seriesId, { email: 'mo@example.org', name: 'Mo', country: 'MA' });
  recordUnsubscription(app.db, test.clock, { email: 'mo@example.org', seriesId: seeded.seriesId, channel: 'web' });
  app.db.$client.prepare('update contacts set call_sent_at = ?').run(test.clock.now().getTime());
  const link = new URL(attendLink(app.config, awa));
  const viaLink = await app.inject({
    method: 'POST',
    url: `/api${link.pathname}`,
    payload: { token: link.searchParams.get('token'), sessionId: seeded.april },
  });
  t.equal(viaLink.statusCode, 200);
  addPerson(app.db, test.clock, { email: 'lia@example.org', name: 'Lia', country: 'BR', language: 'pt' });
  await app.inject({
    method: 'POST',
    url: `/api/sessions/${seeded.april}/attendance`,
    headers: test.as('lia@example.org'),
  });
  await test.next(2);

  const early = await test.release({ released: true });
  t.equal(early.statusCode, 409, 'no question yet');
  t.equal(json(early).error, 'no_question');
  await app.inject({
    method: 'PUT',
    url: `/api/sessions/${seeded.april}/question`,
    headers: test.as(CHAIR),
    payload: { question: QUESTION },
  });
  const late = await test.release({ released: true, at: '2027-04-28T15:00' });
  t.equal(late.statusCode, 409);
  t.equal(json(late).error, 'release_after_start');
  const anyone = await test.release({ released: true }, test.as('lia@example.org'));
  t.equal(anyone.statusCode, 403, 'an attendee cannot release it');

  const released = await test.release({ released: true, toContacts: true });
  t.equal(released.statusCode, 200);
  t.same(json(released), {
    sessionId: seeded.april,
    released: true,
    releaseAt: '2027-04-21T11:00:00.000Z',
    chosen: false,
    toContacts: true,
    sentAt: null,
    queued: 0,
  });
  await test.deliver();
  t.equal(test.smtp.received.length, 2, 'nothing before its time');

  test.clock.set('2027-04-21T11:00:00Z');
  const questions = await test.next(3);
  const byAddress = Object.fromEntries(questions.map((m) => [m.envelopeTo[0], m]));
  t.same(Object.keys(byAddress).sort(), ['awa@example.org', 'kofi@example.org', 'lia@example.org']);
  t.equal(
    byAddress['awa@example.org']?.parsed.subject,
    `La question au groupe\u00a0: «\u00a0${TITLE}\u00a0», 28 avril`,
  );
  t.equal(byAddress['lia@example.org']?.parsed.subject, `A pergunta ao grupo: “${TITLE}”, 28 de abril`);
  t.equal(byAddress['kofi@example.org']?.parsed.subject, `The question to the group: “${TITLE}”, 28 April`);
  const kofi = byAddress['kofi@example.org']?.parsed.text ?? '';
  t.ok(kofi.includes(`“${QUESTION}”`), 'the question itself');
  t.match(kofi, 'Put by Rwanda to Argentina.');
  t.match(kofi, 'Not registered yet? Register to attend', 'a contact not registered is offered to register');
  t.notMatch(kofi, 'meet.example.org', 'and gets no meeting link');
  t.match(byAddress['lia@example.org']?.parsed.text, 'https://meet.example.org/rbf', 'an attendee gets the link');
  const unsubscribe = (address: string) =>
    /^List-Unsubscribe-Post: (.*)$/im.exec(byAddress[address]?.raw ?? '')?.[1]?.trim();
  t.same(
    ['kofi@example.org', 'awa@example.org', 'lia@example.org'].map(unsubscribe),
    ['List-Unsubscribe=One-Click', undefined, undefined],
    'the contact who did not register may unsubscribe in one click; attendees get no bulk-mail headers',
  );
  t.equal(byAddress['lia@example.org']?.parsed.attachments.length, 0, 'no calendar part');

  await test.deliver();
  t.equal(
    outboxRows(app.db).filter((r) => r.kind === 'group_question').length,
    3,
    'once each: a second pass sends no question (only the week-before reminders)',
  );
  const hold = await test.release({ released: false });
  t.equal(json(hold).error, 'question_sent', 'what went cannot be held back');

  // Registering afterwards: the invitation and the question at once.
  addPerson(app.db, test.clock, { email: 'nadia@example.org', name: 'Nadia', country: 'MA', language: 'fr' });
  await app.inject({
    method: 'POST',
    url: `/api/sessions/${seeded.april}/attendance`,
    headers: test.as('nadia@example.org'),
  });
  const joined = await test.next(2);
  t.same(joined.map((m) => outboxRows(app.db).find((r) => r.subject === m.parsed.subject)?.kind).sort(), [
    'attendance_invitation',
    'group_question',
  ]);

  // Answers: Awa and Kofi write back; Awa changes hers.
  const say = (mail: Received | undefined, text: string) => {
    const url = answerLinkIn(mail as Received);
    return app.inject({
      method: 'PUT',
      url: `/api${url.pathname}`,
      payload: { token: url.searchParams.get('token'), text },
    });
  };
  t.equal((await say(byAddress['awa@example.org'], 'Nous payons par le trésor régional.')).statusCode, 200);
  t.equal(
    (await say(byAddress['awa@example.org'], 'Au Sénégal, les fonds passent par les districts.')).statusCode,
    200,
  );
  t.equal((await say(byAddress['kofi@example.org'], 'How do you audit district accounts?')).statusCode, 200);
  const blank = await say(byAddress['kofi@example.org'], '   ');
  t.equal(blank.statusCode, 400);
  const forged = await app.inject({
    method: 'PUT',
    url: `/api/answers/${seeded.april}/someone`,
    payload: { token: 'forged', text: 'x' },
  });
  t.equal(forged.statusCode, 404);

  const view = json(await app.inject({ url: `/api/sessions/${seeded.april}/attendees`, headers: test.as(CHAIR) }));
  t.equal(view.count, 3);
  t.same(view.countries, [
    { country: 'BR', countryName: 'Brazil', count: 1 },
    { country: 'MA', countryName: 'Morocco', count: 1 },
    { country: 'SN', countryName: 'Senegal', count: 1 },
  ]);
  t.same(
    view.answers.map((g: { country: string; items: { name: string; email: string; text: string }[] }) => [
      g.country,
      g.items.map((i) => [i.name, i.email, i.text]),
    ]),
    [
      ['GH', [['Kofi', 'kofi@example.org', 'How do you audit district accounts?']]],
      ['SN', [['Awa', 'awa@example.org', 'Au Sénégal, les fonds passent par les districts.']]],
    ],
    'grouped by country, the latest version of each',
  );
  const csv = await app.inject({ url: `/api/sessions/${seeded.april}/attendees.csv`, headers: test.as(CHAIR) });
  t.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
  t.same(
    csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n'),
    [
      'name,email,country,country_code,registered,registered_at,experience_or_question',
      'Awa,awa@example.org,Senegal,SN,yes,2027-03-01T09:00:00.000Z,"Au Sénégal, les fonds passent par les districts."',
      'Lia,lia@example.org,Brazil,BR,yes,2027-03-01T09:00:00.000Z,',
      'Nadia,nadia@example.org,Morocco,MA,yes,2027-04-21T11:00:00.000Z,',
      'Kofi,kofi@example.org,Ghana,GH,no,,How do you audit district accounts?',
    ],
  );

  test.clock.set('2027-04-28T11:00:00Z');
  const closed = await say(byAddress['kofi@example.org'], 'One more thing');
  t.equal(closed.statusCode, 409);
  t.equal(json(closed).error, 'answers_closed');
  t.same(
    app.db.$client
      .prepare(
        "select action from audit_log where action like 'question.%' or action like 'group_answer.%' order by id",
      )
      .all()
      .map((r) => (r as { action: string }).action),
    ['question.update', 'question.release', 'group_answer.add', 'group_answer.update', 'group_answer.add'],
    'audited',
  );
});

t.test("the session's chair reads names and countries, never addresses", async (t) => {
  const test = await setUp(t);
  const { app, seeded } = test;
  addPerson(app.db, test.clock, { email: 'sam@example.org', name: 'Sam', country: 'GH' });
  await app.inject({
    method: 'PUT',
    url: `/api/sessions/${seeded.april}/roles`,
    headers: test.as(CHAIR),
    payload: { chair: { email: 'sam@example.org' } },
  });
  addPerson(app.db, test.clock, { email: 'lia@example.org', name: 'Lia', country: 'BR' });
  await app.inject({
    method: 'POST',
    url: `/api/sessions/${seeded.april}/attendance`,
    headers: test.as('lia@example.org'),
  });
  const res = await app.inject({ url: `/api/sessions/${seeded.april}/attendees`, headers: test.as('sam@example.org') });
  t.equal(res.statusCode, 200);
  const lia = app.db.$client.prepare("select id from people where email = 'lia@example.org'").get() as { id: string };
  t.same(json(res).attendees, [
    {
      personId: lia.id,
      name: 'Lia',
      country: 'BR',
      countryName: 'Brazil',
      registeredAt: '2027-03-01T09:00:00.000Z',
      attended: null,
    },
  ]);
  t.notMatch(res.body, '@example.org');
  const csv = await app.inject({
    url: `/api/sessions/${seeded.april}/attendees.csv`,
    headers: test.as('sam@example.org'),
  });
  t.equal(
    csv.body.replace(/^\uFEFF/, '').split('\n')[0],
    'name,country,country_code,registered,registered_at,experience_or_question',
  );
  const programme = await app.inject({ url: `/series/${seeded.seriesId}` });
  t.match(programme.body, '1 registered from 1 country', 'the programme says how many, from how many countries');
});

t.test('replying to the question’s email answers it: the words above the quotation, once', async (t) => {
  const test = await setUp(t);
  const { app, seeded } = test;
  addContact(app.db, test.clock, seeded.seriesId, { email: 'kofi@example.org', name: 'Kofi', country: 'GH' });
  app.db.$client.prepare('update contacts set call_sent_at = ?').run(test.clock.now().getTime());
  await app.inject({
    method: 'PUT',
    url: `/api/sessions/${seeded.april}/question`,
    headers: test.as(CHAIR),
    payload: { question: QUESTION },
  });
  await test.release({ released: true, toContacts: true });
  test.clock.set('2027-04-21T11:00:00Z');
  const [question] = await test.next(1);
  /** A reply to the question, from Kofi unless another sender is given. */
  const reply = (id: string, text: string, { from = 'Kofi <kofi@example.org>', headers = [] as string[] } = {}) =>
    Buffer.from(
      [
        `From: ${from}`,
        'To: series@localhost',
        `Subject: Re: ${question?.parsed.subject}`,
        `Message-ID: <${id}@mail.example.gh>`,
        `In-Reply-To: ${question?.parsed.messageId}`,
        ...headers,
        'Content-Type: text/plain; charset=utf-8',
        '',
        text,
        '',
      ].join('\r\n'),
    );
  const done = await app.replies.handle(
    reply(
      'k1',
      'In Ghana the districts report monthly to the regional health directorate.\r\n\r\nOn Wed, 21 Apr 2027, Series <series@localhost> wrote:\r\n> The question to the group\r\n> …',
    ),
    { channel: 'smtp' },
  );
  t.same([done.outcome, done.reason], ['applied', 'group_answer']);
  const answers = async () =>
    json(await app.inject({ url: `/api/sessions/${seeded.april}/attendees`, headers: test.as(CHAIR) })).answers.map(
      (g: { country: string; items: { text: string }[] }) => [g.country, g.items.map((i) => i.text)],
    );
  t.same(await answers(), [['GH', ['In Ghana the districts report monthly to the regional health directorate.']]]);
  t.equal(
    outboxRows(app.db).filter((r) => r.kind === 'reply_forward').length,
    0,
    'an answer is not also forwarded as a reply in words',
  );
  const again = await app.replies.handle(reply('k1', 'changed'), { channel: 'imap' });
  t.equal(again.duplicate, true, 'the same message counts once');
  const colleague = await app.replies.handle(reply('k3', 'Not Kofi’s words.', { from: 'Esi <esi@example.org>' }), {
    channel: 'smtp',
  });
  t.not(colleague.reason, 'group_answer', 'someone else on the thread does not answer for Kofi');
  const away = await app.replies.handle(
    reply('k4', 'I am out of the office.', { headers: ['Auto-Submitted: auto-replied'] }),
    { channel: 'smtp' },
  );
  t.not(away.reason, 'group_answer', 'nor does an out-of-office');
  t.same(await answers(), [['GH', ['In Ghana the districts report monthly to the regional health directorate.']]]);

  test.clock.set('2027-04-28T11:00:00Z');
  const late = await app.replies.handle(reply('k2', 'After the start.'), { channel: 'smtp' });
  t.same([late.outcome, late.reason], ['ignored', 'group_answer_refused'], 'closed once the session began');
  t.same(await answers(), [['GH', ['In Ghana the districts report monthly to the regional health directorate.']]]);
});
