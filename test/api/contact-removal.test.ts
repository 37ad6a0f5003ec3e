// Taking a contact off a series' list (an address typed wrong, someone who left the post), from
// the API and from the contacts page: no call nor reminder goes to it any more, one already
// queued is not sent, the log says who did it, and importing the address again puts it back.
import t, { type Test } from 'tap';
import { unsubscribeLink } from '../../src/modules/interests/unsubscribe-links.js';
import { unsubscribedAt } from '../../src/modules/interests/unsubscriptions.js';
import { ensurePerson } from '../../src/modules/people/repository.js';
import { CHAIR, createSeries, createSession, importContacts, json } from '../helper.js';
import { buildMailApp, startSmtpServer } from '../mail/helper.js';
import { textOf, WebClient } from '../web/helper.js';

const CSV = 'email,name\nana@example.org,Ana\njean@exmaple.org,Jean\n';

async function setUp(t: Test) {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, { config: { smtpUrl: smtp.url } });
  test.clock.set('2027-02-01T09:00:00Z');
  const series = await createSeries(test, { interestDeadline: '2027-03-15' });
  t.equal((await importContacts(test, series.id, CSV)).statusCode, 200);
  const contacts = async () =>
    json(await test.app.inject({ url: `/api/series/${series.id}/contacts`, headers: test.as(CHAIR) })) as {
      id: string;
      email: string;
    }[];
  const idOf = async (email: string) => (await contacts()).find((c) => c.email === email)?.id as string;
  const remove = (id: string, email = CHAIR) =>
    test.app.inject({ method: 'DELETE', url: `/api/series/${series.id}/contacts/${id}`, headers: test.as(email) });
  /** The series' mail that failed, as the API lists it. */
  const failedMail = async () =>
    json(await test.app.inject({ url: `/api/outbox?series=${series.id}&status=failed`, headers: test.as(CHAIR) })) as {
      to: string;
      problem: string;
      lastError: string;
    }[];
  /** Delivers what is due: Ana's message reaches the server, the removed contact's fails. */
  const onlyAnaIsSent = async (t: Test) => {
    t.same(await test.deliver(), { sent: 1, failed: 1, retried: 0 });
    await smtp.waitFor(1);
    t.same(
      smtp.received.map((m) => m.envelopeTo),
      [['ana@example.org']],
    );
  };
  return { test, series, contacts, idOf, remove, failedMail, onlyAnaIsSent };
}

t.test('a contact taken off the list before the call goes is not sent it; importing it puts it back', async (t) => {
  const { test, series, contacts, idOf, remove, failedMail, onlyAnaIsSent } = await setUp(t);
  const call = await test.app.inject({ method: 'POST', url: `/api/series/${series.id}/call`, headers: test.as(CHAIR) });
  t.same(json(call), { queued: 2, unsubscribed: 0 });
  const typo = await idOf('jean@exmaple.org');

  t.equal((await remove(typo, 'someone@example.org')).statusCode, 403, 'only the series’ chairs');
  const removed = await remove(typo);
  t.equal(removed.statusCode, 204);
  t.equal(removed.body, '');
  t.same(
    (await contacts()).map((c) => c.email),
    ['ana@example.org'],
  );

  await onlyAnaIsSent(t);
  t.same(
    (await failedMail()).map((m) => [m.to, m.problem]),
    [['jean@exmaple.org', 'gone']],
  );

  const again = await remove(typo);
  t.equal(again.statusCode, 404);
  t.match(json(again), { error: 'not_found', message: `No contact of this series has the id "${typo}".` });
  const elsewhere = await createSeries(test, { title: 'Another series' });
  const ana = await idOf('ana@example.org');
  const wrongSeries = await test.app.inject({
    method: 'DELETE',
    url: `/api/series/${elsewhere.id}/contacts/${ana}`,
    headers: test.as(CHAIR),
  });
  t.equal(wrongSeries.statusCode, 404, 'a contact of another series is not this one’s');

  const audit = json(await test.app.inject({ url: `/api/series/${series.id}/audit`, headers: test.as(CHAIR) }))
    .entries as { action: string; actor: { email: string }; details: Record<string, unknown> }[];
  t.same(
    audit.filter((e) => e.action === 'contact.remove').map((e) => [e.actor.email, e.details]),
    [[CHAIR, { email: 'jean@exmaple.org' }]],
  );

  const back = await importContacts(test, series.id, 'email\njean@exmaple.org\n');
  t.same(json(back), { added: 1, updated: 0, total: 2, resubscribed: 0 });
});

t.test('the contacts page takes a contact off the list after asking', async (t) => {
  const { test, series, contacts, idOf } = await setUp(t);
  const web = new WebClient(test.app);
  web.signInAs(CHAIR);
  const base = `/series/${series.id}/manage/contacts`;
  const page = await web.get(base);
  const typo = await idOf('jean@exmaple.org');
  t.ok(
    page.body.includes(
      `<a href="${base}/${typo}/remove" aria-label="Remove jean@exmaple.org from the list">Remove</a>`,
    ),
    'a link beside each contact, named by its address',
  );
  // It asks first, saying what it stops; nothing changes until the button.
  const asked = await web.get(`${base}/${typo}/remove`);
  t.equal(asked.statusCode, 200);
  t.ok(
    textOf(asked.body).includes(
      'Jean <jean@exmaple.org> will get neither the call nor its reminders from this series; a call already queued is not sent.',
    ),
  );
  t.match(asked.body, `<form method="post" action="${base}/${typo}/remove">`);
  t.match(asked.body, `<a class="button secondary" href="${base}">Keep it on the list</a>`);
  t.equal((await contacts()).length, 2, 'asking changes nothing');
  t.equal((await web.get(`${base}/nope/remove`)).statusCode, 404);

  const removed = await web.post(`${base}/${typo}/remove`, {});
  t.equal(removed.statusCode, 303);
  t.equal(removed.headers.location, `${base}?notice=removed`);
  const after = await web.get(removed.headers.location as string);
  t.ok(
    textOf(after.body).includes(
      'The contact is off the list: neither calls nor reminders go to it. Importing the address again puts it back.',
    ),
  );
  t.notOk(after.body.includes('jean@exmaple.org'), 'no longer listed');
  t.same(
    (await contacts()).map((c) => c.email),
    ['ana@example.org'],
  );
  // A second click (or another chair's) finds it gone: the list as it stands, no error.
  t.equal((await web.post(`${base}/${typo}/remove`, {})).headers.location, `${base}?notice=removed`);

  const practitioner = new WebClient(test.app);
  practitioner.signInAs('someone@example.org');
  await practitioner.get(`/series/${series.id}`);
  const ana = await idOf('ana@example.org');
  t.equal((await practitioner.post(`${base}/${ana}/remove`, {})).statusCode, 403);
  t.same(
    (await contacts()).map((c) => c.email),
    ['ana@example.org'],
  );
});

t.test('the unsubscribe link of mail sent before the removal still works', async (t) => {
  const { test, idOf, remove } = await setUp(t);
  const typo = await idOf('jean@exmaple.org');
  const link = new URL(unsubscribeLink(test.app.config, typo));
  t.equal((await remove(typo)).statusCode, 204);
  const opened = await test.app.inject({ url: `${link.pathname}${link.search}` });
  t.equal(opened.statusCode, 200);
  const done = await test.app.inject({
    method: 'POST',
    url: `${link.pathname}${link.search}`,
    payload: 'List-Unsubscribe=One-Click',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  t.equal(done.statusCode, 200);
  t.ok(unsubscribedAt(test.app.db, 'jean@exmaple.org'), 'the address takes no call of any series');
});

t.test('a question to the group queued for a contact taken off the list since is not sent', async (t) => {
  const { test, series, idOf, remove, failedMail, onlyAnaIsSent } = await setUp(t);
  const session = await createSession(test, series.id, { startsAt: '2027-04-28T14:00' });
  test.app.db.$client
    .prepare('update sessions set discussant_question = ? where id = ?')
    .run('How do you pay districts on time?', session.id);
  for (const email of ['ana@example.org', 'jean@exmaple.org']) {
    const person = ensurePerson(test.app.db, test.clock, { email });
    test.app.mail.enqueue({
      kind: 'group_question',
      toEmail: email,
      personId: person.id,
      seriesId: series.id,
      payload: { sessionId: session.id },
    });
  }
  t.equal((await remove(await idOf('jean@exmaple.org'))).statusCode, 204);
  await onlyAnaIsSent(t);
  t.same(
    (await failedMail()).map((m) => [m.to, m.problem, m.lastError]),
    [
      [
        'jean@exmaple.org',
        'not_concerned',
        'Not sent: the person is neither registered nor on the contact list any more.',
      ],
    ],
  );
});
