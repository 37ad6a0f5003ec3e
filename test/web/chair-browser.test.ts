// biome-ignore-all lint/performance/useDomNodeTextContent: these are Playwright locators, whose innerText() is what a person reads.
// The people who run a series, in a real browser (Debian's Chromium), through the pages alone: an
// administrator opens a series with its chair; the chair imports contacts, sends the call, grants
// an extension; everyone keeps API tokens on their page. Each effect is read back through the API
// or the mail it causes. Every page is weighed (< 30 KB) and checked with axe-core.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { json, tokensFor } from '../helper.js';
import { checkPage, chromiumAvailable, serve, signedInBrowser } from './browser.js';

t.test('running a series through the pages', async (t) => {
  if (!chromiumAvailable(t)) return;
  const served = await serve(t);
  const { app, clock, base } = served;
  const as = tokensFor(app, clock);
  const api = async (url: string, email: string, admin = false) =>
    json(await app.inject({ url, headers: as(email, { admin }) }));

  const signedIn = (email: string, admin = false) => signedInBrowser(t, served, email, admin);

  const { page: adminPage, bytes: adminBytes } = await signedIn('admin@example.org', true);
  await adminPage.goto(`${base}/me`);
  await adminPage.getByRole('link', { name: 'Open a new series' }).click();
  await checkPage(t, adminPage, adminBytes, 'opening a series');
  await adminPage.getByLabel('Title').fill('Strategic purchasing for UHC');
  await adminPage.getByLabel('Time zone of the series').selectOption('Africa/Kigali');
  await adminPage.getByLabel(/Deadline for expressions of interest/).fill('2027-03-15');
  await adminPage.getByLabel(/Chairs of the series/).fill('marie@example.org, Marie Dupont');
  await adminPage.getByRole('button', { name: 'Open the series' }).click();
  await adminPage.waitForURL(/\/manage\/settings\?notice=created/);
  await checkPage(t, adminPage, adminBytes, 'the new series');
  const seriesId = /\/series\/([^/]+)\/manage/.exec(adminPage.url())?.[1] ?? '';
  const series = await api(`/api/series/${seriesId}`, 'admin@example.org', true);
  t.same(
    [series.title, series.timezone, series.interestDeadline, series.chairs],
    [
      'Strategic purchasing for UHC',
      'Africa/Kigali',
      '2027-03-15T21:59:59.999Z',
      [{ name: 'Marie Dupont', email: 'marie@example.org' }],
    ],
  );

  const { page, bytes } = await signedIn('marie@example.org');
  await page.goto(`${base}/me`);
  await page.getByRole('link', { name: 'Manage “Strategic purchasing for UHC”' }).click();
  await checkPage(t, page, bytes, 'managing the series');
  await page.getByRole('link', { name: 'Contacts and the call for interest' }).first().click();
  await checkPage(t, page, bytes, 'the contacts');
  const csv = join(t.testdirName, 'contacts.csv');
  mkdirSync(t.testdirName, { recursive: true });
  writeFileSync(csv, 'email,name,country,language\nana@example.org,Ana Gómez,AR,es\nkwame@example.org,Kwame,GH,en\n');
  await page.getByLabel('A CSV file').setInputFiles(csv);
  await page.getByRole('button', { name: 'Import the contacts' }).click();
  await page.waitForURL(/notice=imported/);
  t.match(await page.locator('[role=status]').innerText(), /The list was imported: 2 new, 0 updated\./);
  await checkPage(t, page, bytes, 'the contacts imported');
  await page.getByRole('link', { name: 'Send the call to the 2 contacts who have not had it' }).click();
  t.match(await page.locator('main').innerText(), /The call will go to 2 contacts/);
  await checkPage(t, page, bytes, 'sending the call');
  await page.getByRole('button', { name: 'Send the call to the 2 contacts who have not had it' }).click();
  await page.waitForURL(/notice=callSent/);
  await page.reload();
  t.same(
    (await api(`/api/series/${seriesId}/contacts`, 'marie@example.org')).map((c: { callSentAt: string | null }) =>
      Boolean(c.callSentAt),
    ),
    [true, true],
    'reloading after the form sent nothing twice',
  );
  const call = await served.mailTo('ana@example.org');
  t.match(call.parsed.subject, /Convocatoria|convocatoria/, 'the call in Ana’s language');

  await page.goto(`${base}/series/${seriesId}/manage/extensions`);
  await page.getByLabel('Their email address').fill('late@example.org');
  await page.getByLabel(/^Until/).fill('2027-03-31');
  await page.getByRole('button', { name: 'Grant the extension' }).click();
  await page.waitForURL(/notice=granted/);
  await checkPage(t, page, bytes, 'an extension granted');
  t.same(
    (await api(`/api/series/${seriesId}/extensions`, 'marie@example.org')).map((x: { email: string }) => x.email),
    ['late@example.org'],
  );

  // The chair opens a workstream and appoints its convener, who schedules a repeating meeting.
  await page.goto(`${base}/series/${seriesId}/manage`);
  await page.getByRole('link', { name: 'Workstreams', exact: true }).click();
  await page.getByLabel('Title').fill('Citizen participation');
  await page.getByRole('button', { name: 'Open the workstream' }).click();
  await page.waitForURL(/notice=created/);
  await page.getByLabel('The convener’s email address').fill('amara@example.org');
  await page.getByRole('button', { name: 'Appoint the convener' }).click();
  await page.waitForURL(/notice=appointed/);
  await checkPage(t, page, bytes, 'a convener appointed');
  const appointment = await served.mailTo('amara@example.org');
  const workstreamLink =
    /https?:\/\/[^\s]+\/workstreams\/[^/\s]+\/manage/.exec(appointment.parsed.text ?? '')?.[0] ?? '';
  t.ok(workstreamLink.startsWith(base), 'the convener is told where their page is');

  const { page: convener, bytes: convenerBytes } = await signedIn('amara@example.org');
  await convener.goto(`${base}/me`);
  await convener.getByRole('link', { name: /The workstream I convene/ }).click();
  t.equal(convener.url(), workstreamLink);
  await convener.getByRole('link', { name: 'Schedule a meeting' }).click();
  await checkPage(t, convener, convenerBytes, 'scheduling a meeting');
  await convener.getByLabel('What the meeting is about').fill('Fortnightly exchange');
  await convener.getByLabel(/Date and time/).fill('2027-03-10T10:00');
  await convener.getByLabel('This meeting repeats').check();
  await convener.getByLabel('Every').fill('2');
  await convener.getByLabel('How many meetings in all').fill('4');
  await convener.getByRole('button', { name: 'Schedule and invite' }).click();
  await convener.waitForURL(/notice=scheduled/);
  await checkPage(t, convener, convenerBytes, 'a repeating meeting scheduled');
  const workstreamId = /\/workstreams\/([^/]+)\/manage/.exec(convener.url())?.[1] ?? '';
  const meetings = json(await app.inject({ url: `/api/workstreams/${workstreamId}` })).meetings;
  t.same(
    meetings.map((m: { startsAt: string; occurrences: { startsAt: string }[] }) => [
      m.startsAt,
      m.occurrences.map((o) => o.startsAt),
    ]),
    [
      [
        '2027-03-10T08:00:00.000Z',
        [
          '2027-03-10T08:00:00.000Z',
          '2027-03-24T08:00:00.000Z',
          '2027-04-07T08:00:00.000Z',
          '2027-04-21T08:00:00.000Z',
        ],
      ],
    ],
    'one run, the first meeting at 10:00 in Kigali, then every two weeks',
  );

  await page.goto(`${base}/me`);
  await page.getByLabel('Name of the new token').fill('registration spreadsheet');
  await page.getByRole('button', { name: 'Create a token' }).click();
  await page.waitForURL(/notice=tokenCreated/);
  const token = await page.getByLabel('New token', { exact: true }).inputValue();
  t.equal((await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 200);
  await checkPage(t, page, bytes, 'a token created');
  await page.getByRole('link', { name: 'Revoke “registration spreadsheet”' }).click();
  await checkPage(t, page, bytes, 'revoking a token');
  await page.getByRole('button', { name: 'Revoke the token' }).click();
  await page.waitForURL(/notice=tokenRevoked/);
  t.equal((await app.inject({ url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
});
