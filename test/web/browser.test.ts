// biome-ignore-all lint/performance/useDomNodeTextContent: these are Playwright locators, whose innerText() is what a person reads.
// People using the pages in a real browser (Debian's Chromium): signing in through the emailed
// link, the interest form end to end, a chair taking the suggested line-up and sending the
// invitations, a decline from the invitation's link, and the pages in French and Spanish.
// Every page visited is weighed (< 30 KB) and checked with axe-core.
import t from 'tap';
import { roleAssignments, sessions } from '../../db/schema.js';
import { interestOf, interestViews } from '../../src/modules/interests/repository.js';
import { ensurePerson } from '../../src/modules/people/repository.js';
import { type TestApp, tokensFor } from '../helper.js';
import { addInterest, addPerson, CHAIR, outboxRows, seedSeries } from '../mail/helper.js';
import { browser, checkPage, chromiumAvailable, linkIn, serve, type Tap, weigh } from './browser.js';

t.test('the pages in a browser', async (t) => {
  if (!chromiumAvailable(t)) return;
  const served = await serve(t);
  const { app, clock, smtp, base } = served;
  const test: TestApp = { app, clock, as: tokensFor(app, clock) };
  const seeded = await seedSeries(test);
  const seriesUrl = `${base}/series/${seeded.seriesId}`;
  // A discussant candidate already in: the suggestion then fills the April session.
  const jean = addPerson(app.db, clock, {
    email: 'jean@example.org',
    name: 'Jean Mugabo',
    country: 'RW',
    language: 'fr',
    timezone: 'Africa/Kigali',
  });
  addInterest(app.db, clock, {
    seriesId: seeded.seriesId,
    personId: jean,
    country: 'RW',
    roles: ['discussant'],
    sessions: [seeded.april],
  });

  /** Signs in through the emailed link in this page; returns where it lands. */
  async function signIn(
    t: Tap,
    page: import('playwright-core').Page,
    email: string,
    check: () => Promise<number>,
    name: string,
  ) {
    await page.getByLabel(/Email address|Adresse e-mail|Correo/).fill(email);
    await page.getByRole('button', { name: /sign-in link|lien de connexion|enlace de acceso/ }).click();
    await page.waitForURL(/\/signin\/sent/);
    await checkPage(t, page, check, `${name}: check your email`);
    const mail = await served.mailTo(email, /\/signin\/link\?token=/);
    t.same(mail.envelopeTo, [email], `the sign-in link went to ${email}`);
    const link = linkIn(mail.parsed.text, `${base}/signin/link?token=`);
    await page.goto(link);
    await checkPage(t, page, check, `${name}: the link's page`);
    await page
      .getByRole('button')
      .filter({ hasText: /sign me in|me connecter|iniciar sesión/i })
      .click();
    await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
  }

  await t.test('a practitioner signs in by the emailed link and expresses interest', async (t) => {
    const context = await browser(t);
    const page = await context.newPage();
    const bytes = weigh(page);

    await page.goto(seriesUrl);
    t.equal(await page.locator('html').getAttribute('lang'), 'en');
    const programme = await page.locator('main').innerText();
    t.match(programme, /chair: tbd, focal country: Argentina, discussant country: tbd, co-bloggers: tbd/);
    t.match(programme, /Wednesday 28 April 2027, 14:00 \(Africa\/Nairobi\) · 11:00 UTC/);
    await checkPage(t, page, bytes, 'the programme');

    await page.getByRole('link', { name: 'Express your interest' }).click();
    await page.waitForURL(/\/signin\?next=/);
    await checkPage(t, page, bytes, 'sign-in');
    await signIn(t, page, 'ana@example.org', bytes, 'sign-in');
    t.equal(new URL(page.url()).pathname, `/series/${seeded.seriesId}/interest`, 'back at the form once signed in');
    await checkPage(t, page, bytes, 'the interest form');

    // The grid: a row per session, a column per role. A role ticked in a session given no choice
    // number: the rule's message beside the form, nothing saved, the box still ticked.
    const april = (await page.locator(`label[for="rank_${seeded.april}"]`).innerText()).trim();
    await page.locator('#country').selectOption('AR');
    await page.getByLabel(`focal country in “${april}”`).check();
    await page.getByRole('button', { name: 'Send my expression of interest' }).click();
    await page.waitForLoadState();
    t.match(
      await page.locator('[role=alert]').innerText(),
      /You ticked roles in a session without giving it a choice number/,
    );
    t.equal(await page.getByLabel(`focal country in “${april}”`).isChecked(), true);
    t.equal(
      interestOf(app.db, seeded.seriesId, ensurePerson(app.db, clock, { email: 'ana@example.org' }).id),
      undefined,
    );
    await checkPage(t, page, bytes, 'the interest form with a problem');

    await page.locator('#name').fill('Ana Pérez');
    await page.locator('#organisation').fill('Ministerio de Salud');
    // Chair or focal country in April, her first choice; in June only the chair.
    await page.getByLabel(`chair in “${april}”`).check();
    await page.locator(`#rank_${seeded.april}`).selectOption({ label: '1st choice' });
    await page.locator(`#role_${seeded.june}_chair`).check();
    await page.locator(`#rank_${seeded.june}`).selectOption({ label: '2nd choice' });
    await page.getByLabel('I volunteer to convene “Citizen participation”').check();
    await page.locator('#motivation').fill('We decentralised RBF in three provinces.');
    await page.locator('#timezone').selectOption('America/Argentina/Buenos_Aires');
    await page.getByRole('button', { name: 'Send my expression of interest' }).click();
    await page.waitForURL(/saved=1/);
    t.match(await page.locator('[role=status]').innerText(), /your expression of interest is saved/);
    await checkPage(t, page, bytes, 'the interest form, saved');

    const ana = ensurePerson(app.db, clock, { email: 'ana@example.org' });
    const row = interestOf(app.db, seeded.seriesId, ana.id);
    t.ok(row, 'the interest is saved');
    const [view] = interestViews(app.db, row ? [row] : [], true);
    t.same(view?.roles, ['focal', 'chair']);
    t.same(view?.sessions, [seeded.april, seeded.june], 'sessions in the order ranked');
    t.same(
      view?.choices,
      [
        { sessionId: seeded.april, roles: ['focal', 'chair'] },
        { sessionId: seeded.june, roles: ['chair'] },
      ],
      'the roles ticked in each row',
    );
    t.same(view?.workstreams, [{ id: seeded.workstreamId, asConvener: true }]);
    t.equal(view?.organisation, 'Ministerio de Salud');
    t.equal(ana.timezone, 'America/Argentina/Buenos_Aires');
    t.ok(
      outboxRows(app.db).some((r) => r.kind === 'interest_confirmation' && r.to_email === 'ana@example.org'),
      'a confirmation is queued',
    );

    // Times now in her zone; the form comes back prefilled.
    await page.reload();
    t.equal(await page.locator(`#rank_${seeded.april}`).inputValue(), '1');
    t.equal(await page.locator(`#role_${seeded.june}_chair`).isChecked(), true);
    t.equal(await page.locator(`#role_${seeded.june}_focal`).isChecked(), false);
    t.equal(await page.locator('#country').inputValue(), 'AR');
    await bytes();
    await page.goto(`${base}/me`);
    const me = await page.locator('main').innerText();
    t.match(me, /Governance for strategic purchasing/);
    t.match(me, /Citizen participation \(volunteering to convene\)/);
    await checkPage(t, page, bytes, 'my page');
  });

  await t.test('a chair takes the suggested line-up and sends the invitations', async (t) => {
    const context = await browser(t);
    const page = await context.newPage();
    const bytes = weigh(page);
    await page.goto(`${base}/signin?next=${encodeURIComponent(`/series/${seeded.seriesId}/manage`)}`);
    await checkPage(t, page, bytes, 'sign-in');
    await signIn(t, page, CHAIR, bytes, 'chair sign-in');
    t.equal(new URL(page.url()).pathname, `/series/${seeded.seriesId}/manage`);
    await checkPage(t, page, bytes, 'managing the series');

    await page.getByRole('button', { name: 'Take the whole suggestion' }).click();
    await page.waitForLoadState();
    t.match(
      await page.locator('[role=status]').innerText(),
      /The suggestion has been taken for \d+ sessions?\. No email has been sent\./,
    );
    await checkPage(t, page, bytes, 'the suggestion taken');

    const april = page.locator('section', { has: page.locator(`#m-${seeded.april}`) });
    const lineup = await april.locator('ul').innerText();
    t.match(lineup, /chair: Ana Pérez <ana@example.org> not yet invited/);
    t.match(await april.innerText(), /focal country: Argentina/);
    t.match(lineup, /discussant country: Jean Mugabo <jean@example.org> not yet invited/);

    await april.getByRole('button', { name: 'Send the invitations' }).click();
    await page.waitForURL(/notice=invited/);
    t.match(await page.locator('[role=status]').innerText(), /The invitations are on their way \(2 emails\)/);
    await checkPage(t, page, bytes, 'the invitations sent');
    const invitations = [
      await served.mailTo('ana@example.org', /\/invitations\//),
      await served.mailTo('jean@example.org', /\/invitations\//),
    ];
    t.ok(
      invitations.every((m) => m.raw.includes('method=REQUEST')),
      'each carries a calendar invitation',
    );
    const statuses = app.db.select().from(roleAssignments).all();
    t.ok(
      statuses.filter((a) => a.sessionId === seeded.april).every((a) => a.status === 'invited'),
      'everyone in April is invited',
    );

    // The grid: Ana asked to chair June too; the chair finds her in that cell and assigns her there.
    const juneTitle =
      app.db
        .select()
        .from(sessions)
        .all()
        .find((x) => x.id === seeded.june)?.title ?? '';
    const grid = page.locator('table.lineup-grid');
    const juneRow = grid.locator('tbody tr', { has: page.locator('th', { hasText: juneTitle }) });
    const chairCell = juneRow.locator('td').nth(2);
    t.match(await chairCell.innerText(), /Ana Pérez \(Argentina\), 2nd choice\s+already chair in “Governance for SP/);
    await chairCell.getByRole('button', { name: `Assign Ana Pérez as chair in “${juneTitle}”` }).click();
    await page.waitForURL(/notice=assigned/);
    t.match(await page.locator('[role=status]').innerText(), /The line-up is saved/);
    await checkPage(t, page, bytes, 'a person assigned from the grid');
    t.match(
      await grid
        .locator('tbody tr', { has: page.locator('th', { hasText: juneTitle }) })
        .locator('td')
        .nth(2)
        .innerText(),
      /^Ana Pérez not yet invited/,
    );
    const juneChair = app.db
      .select()
      .from(roleAssignments)
      .all()
      .filter((a) => a.sessionId === seeded.june && a.role === 'chair');
    t.same(
      juneChair.map((a) => a.status),
      ['assigned'],
      'the June chair is assigned, not yet invited',
    );
  });

  await t.test('an invitee declines from the link in the invitation', async (t) => {
    const mail = smtp.received.find((m) => m.envelopeTo[0] === 'jean@example.org' && m.raw.includes('method=REQUEST'));
    const decline = /http:\/\/127\.0\.0\.1:\d+\/invitations\/[^\s/]+\/decline\?token=[^\s"<>)]+/.exec(
      mail?.parsed.text ?? '',
    )?.[0];
    t.ok(decline, 'the invitation has a decline link');
    if (!decline) return;
    const context = await browser(t, 'fr-FR');
    const page = await context.newPage();
    const bytes = weigh(page);
    await page.goto(decline);
    t.equal(await page.locator('html').getAttribute('lang'), 'fr', 'in the invitee’s language');
    t.equal(
      app.db
        .select()
        .from(roleAssignments)
        .all()
        .find((a) => a.personId === jean)?.status,
      'invited',
      'opening the link changes nothing',
    );
    await checkPage(t, page, bytes, 'the decline page');
    await page.getByRole('button', { name: 'Oui, je décline' }).click();
    await page.waitForLoadState();
    t.match(await page.locator('[role=status]').innerText(), /Vous avez décliné/);
    await checkPage(t, page, bytes, 'the decline confirmed');
    const row = app.db
      .select()
      .from(roleAssignments)
      .all()
      .find((a) => a.personId === jean);
    t.equal(row?.status, 'declined');
    t.ok(
      outboxRows(app.db).some((r) => r.kind === 'decline_alert' && r.to_email === CHAIR),
      'the chair is told at once',
    );
  });

  await t.test('anyone reads the rotation of roles from the menu', async (t) => {
    const context = await browser(t);
    const page = await context.newPage();
    const bytes = weigh(page);
    await page.goto(base);
    await page.getByRole('navigation').getByRole('link', { name: 'Rotation of roles' }).click();
    await page.waitForLoadState();
    t.equal(await page.locator('h1').innerText(), 'Roles held by country');
    await checkPage(t, page, bytes, 'the rotation');
    const rows = await page
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => cell.textContent ?? '')));
    const api = (await (await fetch(`${base}/api/rotation`)).json()) as {
      countries: { countryName: string; focal: number; discussant: number; chair: number; coBlogger: number }[];
    };
    t.same(
      rows,
      api.countries
        .map((c) => [c.countryName, String(c.focal), String(c.discussant), String(c.chair), String(c.coBlogger)])
        .sort(([a], [b]) => a!.localeCompare(b!, 'en')),
      'one row per country, the counts the suggestion reads',
    );
    t.ok(
      rows.some(([country, focal]) => country === 'Argentina' && focal === '1'),
      'Argentina, focal in April',
    );
  });

  await t.test('the pages in French and in Spanish', async (t) => {
    for (const [locale, lang, title, roles, signInTitle] of [
      [
        'fr-FR',
        'fr',
        'Séries de webinaires',
        /présidence de séance\s?: Ana Pérez \(Argentine\), pays focal\s?: Argentine/,
        'Connexion',
      ],
      [
        'es-ES',
        'es',
        'Series de seminarios web',
        /presidencia de la sesión: Ana Pérez \(Argentina\), país focal: Argentina/,
        'Iniciar sesión',
      ],
    ] as const) {
      const context = await browser(t, locale);
      const page = await context.newPage();
      const bytes = weigh(page);
      await page.goto(base);
      t.equal(await page.locator('html').getAttribute('lang'), lang, `${lang}: <html lang>`);
      t.equal(await page.locator('h1').innerText(), title);
      await checkPage(t, page, bytes, `${lang}: the list of series`);
      await page.goto(seriesUrl);
      const text = await page.locator('main').innerText();
      t.match(text, roles, `${lang}: the line-up as in the call`);
      t.match(text, lang === 'fr' ? /mercredi 28 avril 2027, 14:00/ : /miércoles 28 de abril de 2027, 14:00/);
      await checkPage(t, page, bytes, `${lang}: the programme`);
      await page.goto(`${base}/signin`);
      t.equal(await page.locator('h1').innerText(), signInTitle);
      await checkPage(t, page, bytes, `${lang}: sign-in`);
    }
  });
});
