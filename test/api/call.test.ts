// The call for interest end to end through a real SMTP server: contacts, the call in each
// contact's language and zone, reminders before the deadline (never twice), confirmations.
import t, { type Test } from 'tap';
import { CHAIR, createSeries, createSession, importContacts, json, refusedRow } from '../helper.js';
import { buildMailApp, startSmtpServer } from '../mail/helper.js';

async function setUp(t: Test, now = '2027-02-01T09:00:00Z') {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  test.clock.set(now);
  const series = await createSeries(test, { interestDeadline: '2027-03-15' });
  const session = await createSession(test, series.id, {
    title: 'RBF in a decentralized setting',
    startsAt: '2027-04-28T14:00',
  });
  return { smtp, test, series, session };
}

const csv = `Name,Email,Country,Language
Lucía Pérez,lucia@example.org,Argentina,es
Jean Uwase,JEAN@example.org,RW,fr
Ana Costa,ana@example.org,Brazil,Português
`;

t.test('contacts import from CSV and JSON; a wrong row stops the whole import', async (t) => {
  const { test, series } = await setUp(t);
  const post = (payload: string | object, type?: string) => importContacts(test, series.id, payload, type);
  const bad = await post(`${csv}Someone,not-an-address,XX,de\n`);
  t.equal(bad.statusCode, 400);
  t.match(json(bad).message, /nothing was imported/);
  t.same(json(bad).details, [
    refusedRow(5, 'email', 'not_email', 'not-an-address', '"not-an-address" is not an email address'),
    refusedRow(5, 'country', 'country', 'XX', `"XX" is neither a country code such as AR nor a country's English name`),
    refusedRow(5, 'language', 'language', 'de', '"de" is not one of en, fr, es, pt'),
  ]);
  const imported = await post(csv);
  t.same(json(imported), { added: 3, updated: 0, total: 3, resubscribed: 0 });
  const again = await post(
    {
      contacts: [
        { email: 'lucia@example.org', name: 'Lucía Pérez Gómez' },
        { email: 'kofi@example.org', country: 'GH' },
      ],
    },
    'application/json',
  );
  t.same(json(again), { added: 1, updated: 1, total: 4, resubscribed: 0 });
  const list = json(await test.app.inject({ url: `/api/series/${series.id}/contacts`, headers: test.as(CHAIR) }));
  t.ok(
    list.every((c: any) => typeof c.id === 'string'),
    'each contact has an id',
  );
  const contact = { timezone: null, callSentAt: null, answered: false, unsubscribedAt: null };
  t.same(
    list.map(({ id: _id, ...rest }: any) => rest),
    [
      { email: 'lucia@example.org', name: 'Lucía Pérez Gómez', country: 'AR', language: 'es', ...contact },
      { email: 'jean@example.org', name: 'Jean Uwase', country: 'RW', language: 'fr', ...contact },
      { email: 'ana@example.org', name: 'Ana Costa', country: 'BR', language: 'pt', ...contact },
      { email: 'kofi@example.org', name: null, country: 'GH', language: null, ...contact },
    ],
  );
  t.equal(
    (await test.app.inject({ url: `/api/series/${series.id}/contacts`, headers: test.as('x@example.org') })).statusCode,
    403,
  );
  t.equal((await post('just some text without a header')).statusCode, 400);
});

t.test('the call goes once to each contact, in their language, with the deadline in their zone', async (t) => {
  const { smtp, test, series } = await setUp(t);
  await test.app.inject({
    method: 'POST',
    url: `/api/series/${series.id}/contacts`,
    headers: { ...test.as(CHAIR), 'content-type': 'text/csv' },
    payload: csv,
  });
  const sent = await test.app.inject({ method: 'POST', url: `/api/series/${series.id}/call`, headers: test.as(CHAIR) });
  t.equal(sent.statusCode, 202);
  t.same(json(sent), { queued: 3, unsubscribed: 0 });
  t.same(
    json(await test.app.inject({ method: 'POST', url: `/api/series/${series.id}/call`, headers: test.as(CHAIR) })),
    { queued: 0, unsubscribed: 0 },
    'never twice',
  );
  await test.deliver();
  const mails = await smtp.waitFor(3);
  const to = (address: string) => mails.find((m) => m.envelopeTo.includes(address))?.parsed;
  const lucia = to('lucia@example.org');
  t.ok(lucia, 'Lucía got the call');
  t.match(lucia?.text, /15 de marzo de 2027/, 'in Spanish');
  // 23:59:59 in Nairobi is 17:59 in Buenos Aires.
  t.match(lucia?.text, /17:59.*America\/Argentina\/Buenos_Aires/s, 'the deadline in her zone');
  t.match(lucia?.text, new RegExp(`/series/${series.id}/interest`), 'the sign-up link');
  const jean = to('jean@example.org');
  t.match(jean?.text, /15 mars 2027/, 'in French');
  t.match(jean?.text, /22:59.*Africa\/Kigali/s);
  t.match(to('ana@example.org')?.text, /março/, 'in Portuguese');
});

t.test(
  'reminders 7 days and 1 day before the deadline, only to contacts who have not answered, never twice',
  async (t) => {
    const { smtp, test, series, session } = await setUp(t);
    await test.app.inject({
      method: 'POST',
      url: `/api/series/${series.id}/contacts`,
      headers: { ...test.as(CHAIR), 'content-type': 'text/csv' },
      payload: csv,
    });
    await test.app.inject({ method: 'POST', url: `/api/series/${series.id}/call`, headers: test.as(CHAIR) });
    await test.deliver();
    await smtp.waitFor(3);
    // Lucía answers.
    const answered = await test.app.inject({
      method: 'POST',
      url: `/api/series/${series.id}/interests`,
      headers: test.as('lucia@example.org'),
      payload: { country: 'AR', roles: ['focal'], sessions: [session.id] },
    });
    t.equal(answered.statusCode, 201);
    await test.deliver();
    await smtp.waitFor(4);
    const confirmation = smtp.received[3]?.parsed;
    t.same(smtp.received[3]?.envelopeTo, ['lucia@example.org'], 'a confirmation to the person who answered');
    t.match(confirmation?.text, /RBF in a decentralized setting/);
    t.match(confirmation?.text, /país focal/i, 'in her language (from the contact list)');

    // 8 days before the deadline: nothing yet.
    test.clock.set('2027-03-07T20:59:59.999Z');
    await test.deliver();
    t.equal(smtp.received.length, 4);
    // Exactly 7 days before: the week reminder to Jean and Ana only.
    test.clock.set('2027-03-08T20:59:59.999Z');
    await test.deliver();
    await smtp.waitFor(6);
    t.same(
      smtp.received
        .slice(4)
        .flatMap((m) => m.envelopeTo)
        .sort(),
      ['ana@example.org', 'jean@example.org'],
    );
    test.clock.advance(3_600_000);
    await test.deliver();
    t.equal(smtp.received.length, 6, 'not twice');
    // A day before: the last reminder.
    test.clock.set('2027-03-14T21:00:00Z');
    await test.deliver();
    await smtp.waitFor(8);
    t.equal(smtp.received.length, 8);
    t.match(
      smtp.received.find((m) => m.envelopeTo.includes('jean@example.org') && /demain/.test(m.parsed.text ?? ''))?.parsed
        .text,
      /demain/,
    );
    // After the deadline: nothing more.
    test.clock.set('2027-03-16T00:00:00Z');
    await test.deliver();
    t.equal(smtp.received.length, 8);
  },
);

t.test('sending the call needs a deadline ahead', async (t) => {
  const { test } = await setUp(t);
  const noDeadline = await createSeries(test, { interestDeadline: null });
  const res = await test.app.inject({
    method: 'POST',
    url: `/api/series/${noDeadline.id}/call`,
    headers: test.as(CHAIR),
  });
  t.equal(res.statusCode, 409);
  t.equal(json(res).error, 'no_deadline');
});

t.test('a contact is called by the name the contact list gives them, unless they gave their own', async (t) => {
  const { test, series } = await setUp(t);
  const nameOf = async (email: string) =>
    json(await test.app.inject({ url: '/api/me', headers: test.as(email) })).name as string | null;
  t.equal(await nameOf('ana@example.org'), null, 'Ana signed in before the list came, with no name');
  const imported = await test.app.inject({
    method: 'POST',
    url: `/api/series/${series.id}/contacts`,
    headers: { ...test.as(CHAIR), 'content-type': 'text/csv' },
    payload: csv,
  });
  t.equal(imported.statusCode, 200);
  t.equal(await nameOf('ana@example.org'), 'Ana Costa', 'the list names someone who had no name');
  t.equal(await nameOf('jean@example.org'), 'Jean Uwase', 'and someone who comes after it');
  await test.app.inject({
    method: 'PATCH',
    url: '/api/me',
    headers: test.as('lucia@example.org'),
    payload: { name: 'Lucía P.' },
  });
  await test.app.inject({
    method: 'POST',
    url: `/api/series/${series.id}/contacts`,
    headers: { ...test.as(CHAIR), 'content-type': 'text/csv' },
    payload: csv,
  });
  t.equal(await nameOf('lucia@example.org'), 'Lucía P.', 'a name of their own is kept');
});
