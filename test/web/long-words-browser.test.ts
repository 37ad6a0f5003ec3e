// A title or a description holding one very long word (a pasted link, a name without spaces)
// wraps on a 360 px phone instead of widening the page: the home page, the programme and the
// chairs' management page, in Debian's Chromium.
import t from 'tap';
import { CHAIR, createSeries, createSession, type TestApp, tokensFor } from '../helper.js';
import { checkPage, chromiumAvailable, serve, signedInBrowser } from './browser.js';

t.test('one long word wraps instead of widening the page', async (t) => {
  if (!chromiumAvailable(t)) return;
  const served = await serve(t);
  const { app, clock, base } = served;
  const test: TestApp = { app, clock, as: tokensFor(app, clock) };
  const word = 'Strategicpurchasing'.repeat(10);
  const series = await createSeries(test, {
    title: word,
    description: `See https://example.org/${'a'.repeat(180)} for the background.`,
  });
  await createSession(test, series.id, { title: `Session ${word}` });
  const { page, bytes } = await signedInBrowser(t, served, CHAIR);
  for (const path of ['/', `/series/${series.id}`, `/series/${series.id}/manage`]) {
    await page.goto(`${base}${path}`);
    await checkPage(t, page, bytes, path);
  }
});
