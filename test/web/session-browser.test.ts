// biome-ignore-all lint/performance/useDomNodeTextContent: these are Playwright locators, whose innerText() is what a person reads.
// A session's pages in a real browser (Debian's Chromium, 360 px wide): the session's chair sets
// the agenda and the discussant's question; then a chair of the series reschedules the session
// and cancels it. Each effect is read back through the API; every page visited is weighed
// (< 30 KB), checked with axe-core and must not scroll sideways.
import t from 'tap';
import { json, type TestApp, tokensFor } from '../helper.js';
import { addPerson, CHAIR, outboxRows, seedSeries } from '../mail/helper.js';
import { checkPage, chromiumAvailable, serve, signedInBrowser, type Tap } from './browser.js';

const SAM = 'sam@example.org';

t.test('a session’s pages in a browser', async (t) => {
  if (!chromiumAvailable(t)) return;
  const served = await serve(t);
  const { app, clock, base } = served;
  const test: TestApp = { app, clock, as: tokensFor(app, clock) };
  const seeded = await seedSeries(test);
  addPerson(app.db, clock, { email: SAM, name: 'Sam Chair', country: 'GH' });
  addPerson(app.db, clock, { email: 'ana@example.org', name: 'Ana Pérez', country: 'AR' });
  addPerson(app.db, clock, { email: 'jean@example.org', name: 'Jean Mugabo', country: 'RW' });
  const lineup = await app.inject({
    method: 'PUT',
    url: `/api/sessions/${seeded.april}/roles`,
    headers: test.as(CHAIR),
    payload: {
      chair: { email: SAM },
      focal: { country: 'AR', people: [{ email: 'ana@example.org' }] },
      discussant: { country: 'RW', people: [{ email: 'jean@example.org' }] },
    },
  });
  t.equal(lineup.statusCode, 200);
  const sent = await app.inject({
    method: 'POST',
    url: `/api/sessions/${seeded.april}/invitations`,
    headers: test.as(CHAIR),
  });
  t.equal(sent.statusCode, 202);
  const sessionPath = `/series/${seeded.seriesId}/sessions/${seeded.april}`;
  const session = async () =>
    json(await app.inject({ method: 'GET', url: `/api/sessions/${seeded.april}`, headers: test.as(CHAIR) }));

  const signedIn = (t: Tap, email: string) => signedInBrowser(t, served, email);

  await t.test('the session’s chair sets the agenda and the question', async (t) => {
    const { page, bytes } = await signedIn(t, SAM);
    await page.goto(`${base}/me`);
    await checkPage(t, page, bytes, 'my page');
    await page.getByRole('link', { name: /The session I chair/ }).click();
    await page.waitForURL(`${base}${sessionPath}`);
    await checkPage(t, page, bytes, 'the session’s page');

    await page.getByRole('link', { name: 'Set the agenda' }).click();
    await page.waitForURL(`${base}${sessionPath}/agenda`);
    await checkPage(t, page, bytes, 'the agenda form');
    // The standard agenda is there; keep two parts of it, rewritten, and empty the rest.
    await page.locator('#title0').fill('Welcome and presentation from Argentina');
    await page.locator('#ends0').fill('14:30');
    await page.locator('#lead0').selectOption('focal');
    await page.locator('#title1').fill('Question from Rwanda');
    await page.locator('#starts1').fill('14:20');
    await page.locator('#ends1').fill('14:45');
    for (const i of [2, 3, 4]) {
      for (const field of ['title', 'starts', 'ends']) await page.locator(`#${field}${i}`).fill('');
    }
    await page.getByRole('button', { name: 'Save the agenda' }).click();
    await page.waitForLoadState();
    t.match(await page.locator('[role=alert]').innerText(), /Some segments need correcting/);
    t.match(await page.locator('#row1-error').innerText(), 'This segment overlaps segment 1: move one of them.');
    t.equal(await page.locator('#title1').inputValue(), 'Question from Rwanda', 'what was typed is kept');
    await checkPage(t, page, bytes, 'the agenda form with a problem');
    await page.locator('#starts1').fill('14:30');
    await page.getByRole('button', { name: 'Save the agenda' }).click();
    await page.waitForURL(/notice=agenda/);
    t.match(await page.locator('[role=status]').innerText(), 'The agenda is saved.');
    await checkPage(t, page, bytes, 'the session’s page, agenda saved');
    t.same(
      (await session()).agenda.map((a: { title: string; starts: string; ends: string; lead: string | null }) => [
        a.title,
        a.starts,
        a.ends,
        a.lead,
      ]),
      [
        ['Welcome and presentation from Argentina', '14:00', '14:30', 'focal'],
        ['Question from Rwanda', '14:30', '14:45', 'discussant'],
      ],
    );

    await page.getByRole('link', { name: 'Write the question' }).click();
    await page.waitForURL(`${base}${sessionPath}/question`);
    await checkPage(t, page, bytes, 'the question form');
    await page
      .getByLabel('The practical “how to” question for the focal country')
      .fill('How did you keep provinces paying for results?');
    await page.getByRole('button', { name: 'Save the question' }).click();
    await page.waitForURL(/notice=question/);
    t.match(await page.locator('[role=status]').innerText(), 'The discussant’s question is saved.');
    t.equal((await session()).discussantQuestion, 'How did you keep provinces paying for results?');
    // Reloading the page the form led to repeats nothing.
    const audits = () =>
      (
        app.db.$client.prepare("select count(*) as n from audit_log where action = 'question.update'").get() as {
          n: number;
        }
      ).n;
    const before = audits();
    await page.reload();
    t.equal(audits(), before, 'a reload after the form saves nothing again');
  });

  await t.test('a chair of the series reschedules the session, then cancels it', async (t) => {
    const { page, bytes } = await signedIn(t, CHAIR);
    await page.goto(`${base}/series/${seeded.seriesId}/manage`);
    await checkPage(t, page, bytes, 'the manage page');
    await page.locator(`a[href="${sessionPath}"]`).click();
    await page.waitForURL(`${base}${sessionPath}`);
    await checkPage(t, page, bytes, 'the session’s page, for a series chair');
    await page.getByRole('link', { name: 'Edit or reschedule' }).click();
    await page.waitForURL(`${base}${sessionPath}/edit`);
    await checkPage(t, page, bytes, 'the edit form');
    const told = await page.locator('main').innerText();
    t.match(told, /sends an update to 3 people/);
    t.match(told, /Sam Chair <sam@example.org>/);
    await page.getByLabel('Date and time (Africa/Nairobi)').fill('2027-05-05T15:30');
    await page.getByRole('button', { name: 'Save the session' }).click();
    await page.waitForURL(/notice=updated/);
    t.match(
      await page.locator('[role=status]').innerText(),
      'The session is saved. 3 people were sent an updated invitation.',
    );
    await checkPage(t, page, bytes, 'the session’s page, rescheduled');
    const moved = await session();
    t.equal(moved.startsAt, '2027-05-05T12:30:00.000Z');
    t.same(
      moved.agenda.map((a: { starts: string; ends: string }) => [a.starts, a.ends]),
      [
        ['15:30', '16:00'],
        ['16:00', '16:15'],
      ],
      'the agenda moves with the session',
    );
    const updates = () =>
      outboxRows(app.db).filter((r) => r.kind === 'invitation_update' && r.session_id === seeded.april).length;
    t.equal(updates(), 3);

    await page.getByRole('link', { name: 'Cancel the session' }).click();
    await page.waitForURL(`${base}${sessionPath}/cancel`);
    await checkPage(t, page, bytes, 'the cancel confirmation');
    t.match(await page.locator('main').innerText(), /Cancelling cannot be undone/);
    t.equal((await session()).status, 'scheduled', 'opening the confirmation changes nothing');
    await page.getByRole('button', { name: 'Yes, cancel the session' }).click();
    await page.waitForURL(/notice=cancelled/);
    t.match(
      await page.locator('[role=status]').innerText(),
      'The session is cancelled. 3 people were sent a cancellation.',
    );
    await checkPage(t, page, bytes, 'the session’s page, cancelled');
    t.equal((await session()).status, 'cancelled');
    const cancellations = () =>
      outboxRows(app.db).filter((r) => r.kind === 'session_cancellation' && r.session_id === seeded.april).length;
    t.equal(cancellations(), 3);
    await page.reload();
    t.equal(cancellations(), 3, 'a reload sends nothing again');
    t.equal(updates(), 3);
  });
});
