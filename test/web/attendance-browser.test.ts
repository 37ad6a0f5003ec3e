// biome-ignore-all lint/performance/useDomNodeTextContent: these are Playwright locators, whose innerText() is what a person reads.
// Registering to attend in a real browser (Debian's Chromium, 360 px wide): a French contact opens
// the link of the call, registers for a session without a password; a practitioner signed in
// registers from the programme; the series' chair reads the group on the session's page. Every
// page visited is weighed (< 30 KB), checked with axe-core and must not scroll sideways.
import t from 'tap';
import { attendLink } from '../../src/modules/interests/attend-links.js';
import { type TestApp, tokensFor } from '../helper.js';
import { addContact, addPerson, CHAIR, outboxRows, seedSeries } from '../mail/helper.js';
import { browser, checkPage, chromiumAvailable, serve, signedInBrowser, weigh } from './browser.js';

const APRIL = 'Governance for SP: implementing RBF in a decentralized setting';

t.test('registering to attend, in a browser', async (t) => {
  if (!chromiumAvailable(t)) return;
  const served = await serve(t);
  const { app, clock, base } = served;
  const test: TestApp = { app, clock, as: tokensFor(app, clock) };
  const seeded = await seedSeries(test);
  const contact = addContact(app.db, clock, seeded.seriesId, {
    email: 'awa@example.org',
    name: 'Awa',
    country: 'SN',
    language: 'fr',
  });
  app.db.$client.prepare('update contacts set call_sent_at = ?').run(clock.now().getTime());
  const sent = () => outboxRows(app.db).map((r) => `${r.kind} ${r.to_email}`);

  // The contact, from the call's link: no password.
  const visitor = await browser(t, 'fr-FR');
  const page = await visitor.newPage();
  const bytes = weigh(page);
  await page.goto(attendLink({ ...app.config, publicUrl: base }, contact));
  await checkPage(t, page, bytes, 'the call’s registration page');
  t.same(sent(), [], 'opening the link changes nothing');
  await page.getByRole('button', { name: `M’inscrire pour assister à « ${APRIL} »` }).click();
  await page.waitForURL(/notice=registered/);
  t.match(await page.locator('[role=status]').innerText(), 'Vous êtes inscrit(e)');
  await checkPage(t, page, bytes, 'the registration page, registered');
  t.same(sent(), ['attendance_invitation awa@example.org']);

  // A practitioner signed in, from the programme.
  addPerson(app.db, clock, { email: 'lia@example.org', name: 'Lia', country: 'BR' });
  const signedIn = (email: string) => signedInBrowser(t, served, email);
  const lia = await signedIn('lia@example.org');
  await lia.page.goto(`${base}/series/${seeded.seriesId}`);
  await checkPage(t, lia.page, lia.bytes, 'the programme, signed in');
  await lia.page.getByRole('button', { name: 'Register for every session still ahead' }).click();
  await lia.page.waitForURL(/notice=registeredAll/);
  t.match(await lia.page.locator('[role=status]').innerText(), 'You are registered for every session still ahead');
  t.match(await lia.page.locator('main').innerText(), '2 registered from 2 countries');
  await checkPage(t, lia.page, lia.bytes, 'the programme, registered');

  // The series' chair reads the group on the session's page.
  const chair = await signedIn(CHAIR);
  await chair.page.goto(`${base}/series/${seeded.seriesId}/sessions/${seeded.april}`);
  await checkPage(t, chair.page, chair.bytes, 'the session’s page with its group');
  const group = await chair.page.locator('#group').locator('..').innerText();
  t.match(group, '2 registered from 2 countries');
  t.match(group, 'Senegal: 1');
});
