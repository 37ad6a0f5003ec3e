// Unsubscribing from the call for interest and its deadline reminders, end to end through a real
// SMTP server on loopback: the list headers (RFC 2369, RFC 8058) and the visible link, the page
// (GET changes nothing; the one-click POST and the button unsubscribe), forged links, what an
// unsubscribed address is no longer sent, and what lifts it.

import { createHmac } from 'node:crypto';
import t, { type Test } from 'tap';
import { unsubscribe } from '../../src/modules/interests/service.js';
import { contactOfToken, unsubscribeRequestFromAddress } from '../../src/modules/interests/unsubscribe-links.js';
import { CHAIR, createSeries, createSession, json } from '../helper.js';
import { buildMailApp, type Received, startSmtpServer } from '../mail/helper.js';
import { textOf, WebClient } from '../web/helper.js';

const csv = `name,email,country,language
Jean Uwase,jean@example.org,RW,fr
Ana Costa,ana@example.org,BR,pt
`;

async function setUp(t: Test) {
  const smtp = await startSmtpServer(t);
  const test = await buildMailApp(t, {
    config: {
      smtpUrl: smtp.url,
      publicUrl: 'https://webinars.example.org',
      mailFrom: { name: 'Series', address: 'series@example.org' },
    },
  });
  test.clock.set('2027-02-01T09:00:00Z');
  const series = await createSeries(test, { interestDeadline: '2027-03-15' });
  const session = await createSession(test, series.id, { title: 'RBF', startsAt: '2027-04-28T14:00' });
  const importList = (list: string, query = '') =>
    test.app.inject({
      method: 'POST',
      url: `/api/series/${series.id}/contacts${query}`,
      headers: { ...test.as(CHAIR), 'content-type': 'text/csv' },
      payload: list,
    });
  const imported = await importList(csv);
  if (imported.statusCode !== 200) throw new Error(imported.body);
  const call = async () =>
    json(await test.app.inject({ method: 'POST', url: `/api/series/${series.id}/call`, headers: test.as(CHAIR) }));
  const contacts = async () =>
    json(await test.app.inject({ url: `/api/series/${series.id}/contacts`, headers: test.as(CHAIR) })) as {
      id: string;
      email: string;
      unsubscribedAt: string | null;
      callSentAt: string | null;
    }[];
  const audit = async () =>
    json(await test.app.inject({ url: `/api/series/${series.id}/audit`, headers: test.as(CHAIR) })).entries as {
      action: string;
      details: Record<string, unknown>;
    }[];
  return { smtp, test, series, session, importList, call, contacts, audit };
}

const to = (mails: Received[], address: string) => mails.filter((m) => m.envelopeTo.includes(address));
const header = (mail: Received | undefined, name: string) => {
  const value = mail?.parsed.headers.get(name);
  return typeof value === 'string' ? value : undefined;
};
/** The raw header, unfolded, as a mail client reads it. */
const rawHeader = (mail: Received | undefined, name: string) =>
  new RegExp(`^${name}:[ \\t]*(.*(?:\\r?\\n[ \\t].*)*)`, 'mi')
    .exec(mail?.raw ?? '')?.[1]
    ?.replace(/\r?\n[ \t]+/g, ' ')
    .trim();

/** The https link of a message's List-Unsubscribe, as a path of the service. */
const linkOf = (mail: Received | undefined) => {
  const url = /<(https:[^>]+)>/.exec(rawHeader(mail, 'List-Unsubscribe') ?? '')?.[1] ?? '';
  return url.slice('https://webinars.example.org'.length);
};

t.test('the call and the reminders carry List-Unsubscribe, one-click POST and a visible link', async (t) => {
  const { smtp, test, call, contacts } = await setUp(t);
  t.same(await call(), { queued: 2, unsubscribed: 0 });
  await test.deliver();
  const calls = await smtp.waitFor(2);
  const ids = new Map((await contacts()).map((c) => [c.email, c.id]));
  const jeanId = ids.get('jean@example.org') as string;
  const token = `${jeanId}.${createHmac('sha256', test.app.config.secretKey).update(`unsubscribe:${jeanId}`).digest('hex').slice(0, 16)}`;
  const jean = to(calls, 'jean@example.org')[0];
  t.equal(
    rawHeader(jean, 'List-Unsubscribe'),
    `<https://webinars.example.org/unsubscribe/${token}>, <mailto:series+unsubscribe-${token}@example.org?subject=unsubscribe>`,
  );
  t.equal(rawHeader(jean, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
  t.match(
    jean?.parsed.text,
    `Se désabonner des appels à manifestations d’intérêt et de leurs rappels\u00a0: https://webinars.example.org/unsubscribe/${token}`,
    'the link in the text, in French',
  );
  t.ok(
    String(jean?.parsed.html).includes(
      `<a href="https://webinars.example.org/unsubscribe/${token}" style="color:#0b5cad;">Se désabonner des appels à manifestations d’intérêt et de leurs rappels</a>`,
    ),
    'and in the HTML',
  );
  const ana = to(calls, 'ana@example.org')[0];
  t.ok(
    jean && ana && linkOf(ana) !== linkOf(jean) && linkOf(ana).startsWith('/unsubscribe/'),
    'each contact a link of their own',
  );
  t.match(ana?.parsed.text, /Cancelar a subscrição das chamadas para manifestações de interesse/, 'in Portuguese');

  // A week before the deadline: the reminder carries the same.
  test.clock.set('2027-03-08T21:00:00Z');
  await test.deliver();
  const reminders = (await smtp.waitFor(4)).slice(2);
  const reminder = to(reminders, 'jean@example.org')[0];
  t.match(reminder?.parsed.subject, /se terminent/, 'a reminder');
  t.equal(rawHeader(reminder, 'List-Unsubscribe'), rawHeader(jean, 'List-Unsubscribe'));
  t.equal(rawHeader(reminder, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
  t.match(reminder?.parsed.text, `https://webinars.example.org/unsubscribe/${token}`);
  t.equal(header(reminder, 'auto-submitted'), 'auto-generated', 'the transport’s own headers are kept');
});

t.test('GET changes nothing; the one-click POST unsubscribes, once; no more reminders', async (t) => {
  const { smtp, test, call, contacts, audit } = await setUp(t);
  await call();
  await test.deliver();
  const calls = await smtp.waitFor(2);
  const link = linkOf(to(calls, 'jean@example.org')[0]);

  const page = await test.app.inject({ url: link });
  t.equal(page.statusCode, 200);
  t.equal(page.headers['cache-control'], 'no-store');
  t.match(
    textOf(page.body),
    'Ne plus envoyer d’appels à manifestations d’intérêt ni leurs rappels à jean@example.org',
    'in Jean’s language',
  );
  t.ok(page.body.includes(`<form method="post" action="${link}">`), 'a button that posts');
  await test.app.inject({ url: link });
  t.same(
    (await contacts()).map((c) => c.unsubscribedAt),
    [null, null],
    'opening the page unsubscribes nobody',
  );
  t.notOk(
    (await audit()).some((e) => e.action === 'contact.unsubscribe'),
    'and records nothing',
  );

  test.clock.set('2027-02-02T10:00:00Z');
  /** What a mail client sends for the one-click unsubscribe of the List-Unsubscribe-Post header (RFC 8058). */
  const unsubscribeInOneClick = () =>
    test.app.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
  const oneClick = await unsubscribeInOneClick();
  t.equal(oneClick.statusCode, 200);
  t.match(textOf(oneClick.body), 'jean@example.org est désabonnée', 'a confirmation');
  t.same(
    (await contacts()).map((c) => [c.email, c.unsubscribedAt]),
    [
      ['jean@example.org', '2027-02-02T10:00:00.000Z'],
      ['ana@example.org', null],
    ],
  );
  const entries = (await audit()).filter((e) => e.action === 'contact.unsubscribe');
  t.same(
    entries.map((e) => e.details),
    [{ email: 'jean@example.org', channel: 'web' }],
  );

  test.clock.set('2027-02-03T10:00:00Z');
  const twice = await unsubscribeInOneClick();
  t.equal(twice.statusCode, 200);
  t.equal((await contacts())[0]?.unsubscribedAt, '2027-02-02T10:00:00.000Z', 'the first time stands');
  t.equal((await audit()).filter((e) => e.action === 'contact.unsubscribe').length, 1, 'recorded once');
  const after = await test.app.inject({ url: link });
  t.match(textOf(after.body), /jean@example\.org s’est désabonnée le 2 févr\. 2027, 12:00 \(Africa\/Kigali\)/);
  t.notOk(after.body.includes('<form method="post"'), 'no button any more');

  // The week and the day before the deadline: Ana only.
  test.clock.set('2027-03-08T21:00:00Z');
  await test.deliver();
  test.clock.set('2027-03-14T21:00:00Z');
  await test.deliver();
  const reminders = (await smtp.waitFor(4)).slice(2);
  t.same(
    reminders.flatMap((m) => m.envelopeTo),
    ['ana@example.org', 'ana@example.org'],
    'no reminder to Jean',
  );
});

t.test('the button unsubscribes and shows the page again; a mail client may post multipart', async (t) => {
  const { smtp, test, call, contacts } = await setUp(t);
  await call();
  await test.deliver();
  const calls = await smtp.waitFor(2);
  const web = new WebClient(test.app);
  const link = linkOf(to(calls, 'ana@example.org')[0]);
  await web.get(link);
  const pressed = await web.post(link, {});
  t.equal(pressed.statusCode, 303);
  t.equal(pressed.headers.location, `${link}?done=1`);
  const shown = await web.get(pressed.headers.location as string);
  t.match(textOf(shown.body), 'A subscrição de ana@example.org foi cancelada: não lhe serão enviadas mais chamadas');

  const jeanLink = linkOf(to(calls, 'jean@example.org')[0]);
  const boundary = 'b0undary';
  const multipart = await test.app.inject({
    method: 'POST',
    url: jeanLink,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
  });
  t.ok(multipart.statusCode < 400, `answered ${multipart.statusCode}`);
  t.same(
    (await contacts()).map((c) => c.unsubscribedAt !== null),
    [true, true],
  );
});

t.test('a forged, altered or stale link is a 404 page and changes nothing', async (t) => {
  const { smtp, test, call, contacts } = await setUp(t);
  await call();
  await test.deliver();
  const link = linkOf(to(await smtp.waitFor(2), 'jean@example.org')[0]);
  const [, , token = ''] = link.split('/');
  const [contactId = ''] = token.split('.');
  const forged = [
    `/unsubscribe/${contactId}.AAAAAAAAAAAAAAAA`,
    `/unsubscribe/${contactId}`,
    `/unsubscribe/${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`,
    `/unsubscribe/someone-else.${token.split('.')[1]}`,
    `/unsubscribe/${'x'.repeat(90)}`,
  ];
  for (const url of forged) {
    const get = await test.app.inject({ url });
    t.equal(get.statusCode, 404, `GET ${url.slice(0, 60)}`);
    t.match(textOf(get.body), 'This unsubscribe link is not valid. Please use the link in a recent message.');
    const post = await test.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    t.equal(post.statusCode, 404, `POST ${url.slice(0, 60)}`);
    t.match(textOf(post.body), 'This unsubscribe link is not valid. Please use the link in a recent message.');
  }
  t.same(
    (await contacts()).map((c) => c.unsubscribedAt),
    [null, null],
  );
  t.equal(contactOfToken(test.app.config, token), contactId, 'the real token names its contact');
  t.equal(
    contactOfToken({ secretKey: 'another-secret-key-that-is-long-enough-000' }, token),
    null,
    'not with another secret',
  );
});

t.test('the unsubscribe address: a pure recogniser and the same use case as the page', async (t) => {
  const { smtp, test, call, contacts, audit } = await setUp(t);
  await call();
  await test.deliver();
  const jean = to(await smtp.waitFor(2), 'jean@example.org')[0];
  const mailto = /<mailto:([^?>]+)\?subject=unsubscribe>/.exec(rawHeader(jean, 'List-Unsubscribe') ?? '')?.[1] ?? '';
  const token = unsubscribeRequestFromAddress(mailto);
  t.equal(token, linkOf(jean).split('/')[2], 'the token of the address is the link’s');
  t.equal(unsubscribeRequestFromAddress(`"Series" <${mailto}>`), token, 'with a display name');
  t.equal(unsubscribeRequestFromAddress(mailto.replace('+unsubscribe-', '+UNSUBSCRIBE-')), token);
  t.equal(unsubscribeRequestFromAddress('series@example.org'), null, 'the plain address');
  t.equal(unsubscribeRequestFromAddress('series+abc123@example.org'), null, 'another tag');
  t.equal(unsubscribeRequestFromAddress('series+unsubscribe-@example.org'), null, 'no token');
  t.equal(unsubscribeRequestFromAddress('not an address'), null);

  test.clock.set('2027-02-05T08:00:00Z');
  const result = unsubscribe(test.app.db, test.clock, test.app.config, token as string, 'mail');
  t.same(
    { email: result.email, at: result.unsubscribedAt.toISOString(), added: result.added },
    { email: 'jean@example.org', at: '2027-02-05T08:00:00.000Z', added: true },
  );
  t.equal((await contacts())[0]?.unsubscribedAt, '2027-02-05T08:00:00.000Z');
  t.same(
    (await audit()).filter((e) => e.action === 'contact.unsubscribe').map((e) => e.details),
    [{ email: 'jean@example.org', channel: 'mail' }],
  );
  t.throws(
    () => unsubscribe(test.app.db, test.clock, test.app.config, `${token}x`, 'mail'),
    { code: 'unknown_unsubscribe_link', statusCode: 404 },
    'a forged token is refused by the use case too',
  );
});

t.test('an unsubscribed contact is not sent the call, until a chair imports it with consent noted', async (t) => {
  const { smtp, test, series, importList, call, contacts } = await setUp(t);
  await call();
  await test.deliver();
  const link = linkOf(to(await smtp.waitFor(2), 'jean@example.org')[0]);
  await test.app.inject({
    method: 'POST',
    url: link,
    payload: 'List-Unsubscribe=One-Click',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

  // Another series' call: Jean unsubscribed from the service's calls, not one series'.
  const other = await createSeries(test, { title: 'Another series', interestDeadline: '2027-04-15' });
  const otherList = (query = '') =>
    test.app.inject({
      method: 'POST',
      url: `/api/series/${other.id}/contacts${query}`,
      headers: { ...test.as(CHAIR), 'content-type': 'text/csv' },
      payload: 'email\njean@example.org\nkofi@example.org\n',
    });
  t.same(json(await otherList()), { added: 2, updated: 0, total: 2, resubscribed: 0 });
  const otherCall = async () =>
    json(await test.app.inject({ method: 'POST', url: `/api/series/${other.id}/call`, headers: test.as(CHAIR) }));
  t.same(await otherCall(), { queued: 1, unsubscribed: 1 }, 'Jean is left out, and the chair is told');
  await test.deliver();
  await smtp.waitFor(3);
  t.same(smtp.received[2]?.envelopeTo, ['kofi@example.org']);
  t.same(await otherCall(), { queued: 0, unsubscribed: 1 }, 'Jean still waits for it');

  // Imported again without consent noted: nothing changes.
  t.same(json(await importList(csv)), { added: 0, updated: 2, total: 2, resubscribed: 0 });
  t.notSame((await contacts())[0]?.unsubscribedAt, null);
  t.equal((await importList(csv, '?consentNoted=yes')).statusCode, 400, 'consentNoted is true or false');
  // With consent noted (JSON body): Jean takes calls again, and the other series' call reaches him.
  const consented = await test.app.inject({
    method: 'POST',
    url: `/api/series/${series.id}/contacts`,
    headers: test.as(CHAIR),
    payload: { contacts: [{ email: 'jean@example.org' }], consentNoted: true },
  });
  t.same(json(consented), { added: 0, updated: 1, total: 2, resubscribed: 1 });
  t.same(
    (await contacts()).map((c) => c.unsubscribedAt),
    [null, null],
  );
  const entries = json(await test.app.inject({ url: `/api/series/${series.id}/audit`, headers: test.as(CHAIR) }))
    .entries as { action: string; details: Record<string, unknown> }[];
  t.same(
    entries.filter((e) => e.action === 'contact.resubscribe').map((e) => [e.details.email, e.details.reason]),
    [['jean@example.org', 'consent']],
  );
  t.same(await otherCall(), { queued: 1, unsubscribed: 0 });
  await test.deliver();
  await smtp.waitFor(4);
  t.same(smtp.received[3]?.envelopeTo, ['jean@example.org']);
  // The CSV form of the same, with the query.
  await test.app.inject({
    method: 'POST',
    url: link,
    payload: 'List-Unsubscribe=One-Click',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  t.same(json(await importList(csv, '?consentNoted=true')), { added: 0, updated: 2, total: 2, resubscribed: 1 });
});

t.test('submitting an interest lifts an unsubscription; a call queued before it is not sent', async (t) => {
  const { smtp, test, series, session, call, contacts } = await setUp(t);
  t.same(await call(), { queued: 2, unsubscribed: 0 });
  // Jean unsubscribes (by mail) before the worker sends the call: it does not go.
  const jeanId = (await contacts())[0]?.id as string;
  const token = `${jeanId}.${createHmac('sha256', test.app.config.secretKey).update(`unsubscribe:${jeanId}`).digest('hex').slice(0, 16)}`;
  unsubscribe(test.app.db, test.clock, test.app.config, token, 'mail');
  const report = await test.deliver();
  t.same(report, { sent: 1, failed: 1, retried: 0 });
  await smtp.waitFor(1);
  t.same(smtp.received[0]?.envelopeTo, ['ana@example.org']);
  const outbox = json(await test.app.inject({ url: `/api/outbox?series=${series.id}`, headers: test.as(CHAIR) })) as {
    to: string;
    status: string;
    lastError: string | null;
  }[];
  t.same(
    outbox.filter((m) => m.to === 'jean@example.org').map((m) => [m.status, m.lastError]),
    [['failed', 'Not sent: the address has unsubscribed from calls and reminders.']],
  );

  const answered = await test.app.inject({
    method: 'POST',
    url: `/api/series/${series.id}/interests`,
    headers: test.as('jean@example.org'),
    payload: { country: 'RW', roles: ['focal'], sessions: [session.id] },
  });
  t.equal(answered.statusCode, 201);
  t.same(
    (await contacts()).map((c) => c.unsubscribedAt),
    [null, null],
    'Jean takes calls again',
  );
  const entries = json(await test.app.inject({ url: `/api/series/${series.id}/audit`, headers: test.as(CHAIR) }))
    .entries as { action: string; details: Record<string, unknown> }[];
  t.same(
    entries.filter((e) => e.action === 'contact.resubscribe').map((e) => [e.details.email, e.details.reason]),
    [['jean@example.org', 'interest']],
  );
});

t.test('the chairs’ pages: who unsubscribed and when, the consent box, and the call says who it skips', async (t) => {
  const { smtp, test, series, call } = await setUp(t);
  await call();
  await test.deliver();
  const link = linkOf(to(await smtp.waitFor(2), 'jean@example.org')[0]);
  test.clock.set('2027-02-02T10:00:00Z');
  await test.app.inject({
    method: 'POST',
    url: link,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'List-Unsubscribe=One-Click',
  });
  const web = new WebClient(test.app);
  web.signInAs(CHAIR);
  const base = `/series/${series.id}/manage`;
  const page = await web.get(`${base}/contacts`);
  const text = textOf(page.body);
  t.match(text, 'Unsubscribed from calls and reminders: 1. They get neither until they express interest');
  t.match(page.body, '<th scope="col">Unsubscribed (Africa/Nairobi)</th>');
  t.match(
    page.body,
    /<td>jean@example\.org<\/td>(?:<td>[^<]*<\/td>){2}<td>no answer yet<\/td><td>2 Feb 2027, 13:00<\/td><td><a href=/,
    'the date Jean unsubscribed, in the chair’s zone',
  );
  t.match(page.body, /<td>ana@example\.org<\/td>.*?<td><\/td><td><a href=/s, 'Ana did not');
  t.match(page.body, '<input type="checkbox" name="consentNoted" value="1">');
  t.match(text, 'Consent noted: the people on this list agreed to receive calls again');

  // Jean on another series' list: its call page and its notice say he is skipped.
  const other = await createSeries(test, { title: 'Another series', interestDeadline: '2027-04-15' });
  await test.app.inject({
    method: 'POST',
    url: `/api/series/${other.id}/contacts`,
    headers: { ...test.as(CHAIR), 'content-type': 'text/csv' },
    payload: 'email\njean@example.org\nkofi@example.org\n',
  });
  const otherBase = `/series/${other.id}/manage`;
  const confirm = textOf((await web.get(`${otherBase}/call`)).body);
  t.match(confirm, 'The call will go to 1 contact, in their language');
  t.match(confirm, '1 unsubscribed, not sent: they asked for no more calls.');
  const sent = await web.post(`${otherBase}/call`);
  t.equal(sent.headers.location, `${otherBase}/contacts?notice=callSentSkipping&m=1&n=1`);
  const after = textOf((await web.get(sent.headers.location as string)).body);
  t.match(after, 'The call was sent. Emails on their way: 1. 1 unsubscribed, not sent.');
  t.match(after, 'Every contact has been sent the call, except those who unsubscribed.');
  t.notMatch(after, 'Send the call to', 'no button for the one who unsubscribed');

  // The upload with "consent noted" ticked.
  const boundary = '----indaba-test-boundary';
  const fields = { _csrf: web.csrf, pasted: 'email\njean@example.org', consentNoted: '1' };
  const payload = `${Object.entries(fields)
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join('')}--${boundary}--\r\n`;
  const uploaded = await test.app.inject({
    method: 'POST',
    url: `${otherBase}/contacts`,
    payload,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      cookie: [...web.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
  });
  t.equal(uploaded.statusCode, 303, uploaded.body.slice(0, 200));
  t.equal(uploaded.headers.location, `${otherBase}/contacts?notice=importedResubscribed&n=0&m=1&k=1`);
  const notice = textOf((await web.get(uploaded.headers.location as string)).body);
  t.match(notice, 'The list was imported: 0 new, 1 updated. Taking calls again, with their consent noted: 1.');
  t.notMatch(notice, 'Unsubscribed from calls and reminders');
  t.match(notice, 'Send the call to the 1 contact who has not had it');
});

t.test('the page in the four languages, by the address’s language', async (t) => {
  const { smtp, test, call } = await setUp(t);
  await call();
  await test.deliver();
  const mails = await smtp.waitFor(2);
  const fr = await test.app.inject({ url: linkOf(to(mails, 'jean@example.org')[0]) });
  t.match(textOf(fr.body), 'Me désabonner');
  t.match(fr.body, '<html lang="fr"');
  const pt = await test.app.inject({
    url: linkOf(to(mails, 'ana@example.org')[0]),
    headers: { 'accept-language': 'es' },
  });
  t.match(pt.body, '<html lang="pt"', 'the address’s language before the browser’s');
  t.match(textOf(pt.body), 'Cancelar a minha subscrição');
});

t.test('a mail to the List-Unsubscribe address unsubscribes through the inbound pipeline, once', async (t) => {
  const { smtp, test, call, contacts, audit } = await setUp(t);
  await call();
  await test.deliver();
  const calls = await smtp.waitFor(2);
  const mailto = /<mailto:([^>?]+)/.exec(rawHeader(to(calls, 'ana@example.org')[0], 'List-Unsubscribe') ?? '')?.[1];
  t.ok(mailto?.startsWith('series+unsubscribe-'), String(mailto));
  const message = (id: string, recipient: string) =>
    Buffer.from(
      [
        'From: Ana Costa <ana@example.org>',
        `To: ${recipient}`,
        'Subject: unsubscribe',
        `Message-ID: <${id}@mail.example.net>`,
        'Date: Tue, 02 Feb 2027 10:00:00 +0000',
        '',
        'unsubscribe',
        '',
      ].join('\r\n'),
    );
  test.clock.set('2027-02-02T10:00:00Z');
  const done = await test.app.replies.handle(message('u1', mailto ?? ''), { channel: 'smtp' });
  t.same([done.outcome, done.reason], ['applied', 'unsubscribed']);
  t.same(
    (await contacts()).map((c) => [c.email, c.unsubscribedAt]),
    [
      ['jean@example.org', null],
      ['ana@example.org', '2027-02-02T10:00:00.000Z'],
    ],
  );
  t.same(
    (await audit()).filter((e) => e.action === 'contact.unsubscribe').map((e) => e.details),
    [{ email: 'ana@example.org', channel: 'mail' }],
  );
  const again = await test.app.replies.handle(message('u1', mailto ?? ''), { channel: 'imap' });
  t.equal(again.duplicate, true, 'the same message counts once');
  const forged = await test.app.replies.handle(
    message('u2', (mailto ?? '').replace(/\.[\w-]{16}@/, '.AAAAAAAAAAAAAAAA@')),
    { channel: 'smtp' },
  );
  t.same([forged.outcome, forged.reason], ['ignored', 'unknown_unsubscribe'], 'a forged address changes nothing');
  t.equal((await contacts())[0]?.unsubscribedAt, null);
});
