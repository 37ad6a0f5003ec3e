// Browser tests: Debian's Chromium driven by playwright-core (which never downloads a browser),
// the app listening on 127.0.0.1 with its mail going to a loopback SMTP server, so a test reads
// the emailed links as a person would. Each page visited is weighed (< 30 KB transferred,
// stylesheet included) and checked with axe-core (no serious or critical violation).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import type { App } from '../../src/app.js';
import { buildApp } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { testConfig } from '../../src/config.js';
import { openWebSession } from '../../src/modules/auth/web-sessions.js';
import { ensurePerson } from '../../src/modules/people/repository.js';
import { SESSION_COOKIE } from '../../src/web/session.js';
import { type Received, type SmtpTestServer, startSmtpServer } from '../mail/helper.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PAGE_BUDGET = 30 * 1024;

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Tap {
  teardown(fn: () => unknown): void;
  ok(value: unknown, ...rest: any[]): unknown;
  fail(...rest: any[]): unknown;
  comment(...args: any[]): unknown;
  same(...rest: any[]): unknown;
}

/**
 * Whether Chromium is here. Without it the browser tests fail when CI=true (so a missing browser
 * can never pass unnoticed) and are skipped, with a comment saying why, on a developer's machine.
 */
export function chromiumAvailable(t: Tap): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `Chromium is missing at ${CHROMIUM}: install it with "apt-get install -y chromium" (or set CHROMIUM_PATH).`;
  if (process.env.CI === 'true') t.fail(message);
  else t.comment(`skipped: ${message}`);
  return false;
}

export interface Served {
  app: App;
  clock: ManualClock;
  smtp: SmtpTestServer;
  base: string;
  /**
   * Delivers what is due and returns the next message to `to` not returned before (and, when
   * given, whose text matches `matching`); waits a few seconds for it, then throws.
   */
  mailTo(to: string, matching?: RegExp): Promise<Received>;
}

/** The app listening on 127.0.0.1 (a free port), its mail going to a loopback SMTP server. */
export async function serve(t: Tap, now = '2027-02-01T09:00:00Z'): Promise<Served> {
  const smtp = await startSmtpServer(t);
  const clock = new ManualClock(now);
  const app = await buildApp(testConfig({ smtpUrl: smtp.url }), { clock, deliverMail: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const base = `http://127.0.0.1:${port}`;
  const taken = new Set<Received>();
  // Links in emails must lead back here: the port is only known now.
  app.config.publicUrl = base;
  return {
    app,
    clock,
    smtp,
    base,
    async mailTo(to, matching) {
      const until = Date.now() + 10_000;
      for (;;) {
        await app.mail.deliverDue();
        const found = smtp.received.find(
          (m) => !taken.has(m) && m.envelopeTo.includes(to) && (!matching || matching.test(m.parsed.text ?? '')),
        );
        if (found) {
          taken.add(found);
          return found;
        }
        if (Date.now() > until) throw new Error(`no message to ${to}${matching ? ` matching ${matching}` : ''}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** A fresh browser (its own profile folder), closed at the end of the test. */
export async function browser(t: Tap, locale = 'en-GB'): Promise<BrowserContext> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'indaba-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    locale,
    // axe-core is injected into the pages, whose policy allows no script.
    bypassCSP: true,
    viewport: { width: 360, height: 740 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  t.teardown(async () => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });
  return context;
}

/** A browser already signed in as this person (signing in by link has its own browser test), and its page's weight. */
export async function signedInBrowser(t: Tap, served: Served, email: string, admin = false) {
  const { app, clock, base } = served;
  const context = await browser(t);
  const person = ensurePerson(app.db, clock, { email, isAdmin: admin });
  const secret = openWebSession(app.db, clock, app.config, person.id);
  await context.addCookies([{ name: SESSION_COOKIE, value: encodeURIComponent(secret), url: base }]);
  const page = await context.newPage();
  return { page, bytes: weigh(page) };
}

/** Counts the bytes each page costs: everything transferred since the last check. */
export function weigh(page: Page): () => Promise<number> {
  let pending: Promise<number>[] = [];
  page.on('requestfinished', (request) => {
    pending.push(
      request
        .sizes()
        .then((s) => s.responseBodySize + s.responseHeadersSize)
        .catch(() => 0),
    );
  });
  return async () => {
    // A click starts a navigation without waiting for it; until its page has loaded, nothing counts.
    if (pending.length === 0) await page.waitForEvent('requestfinished', { timeout: 10_000 }).catch(() => undefined);
    await page.waitForLoadState('load');
    const sizes = await Promise.all(pending);
    pending = [];
    return sizes.reduce((a, b) => a + b, 0);
  };
}

/** Size and accessibility of the page now shown. */
export async function checkPage(t: Tap, page: Page, bytes: () => Promise<number>, name: string): Promise<void> {
  const size = await bytes();
  t.ok(size > 0 && size < PAGE_BUDGET, `${name}: ${size} bytes transferred, under 30 KB`);
  await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<any> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      resultTypes: ['violations'],
    });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => n.html).slice(0, 3),
    }));
  })) as { id: string; impact: string; help: string; nodes: string[] }[];
  const grave = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  t.ok(grave.length === 0, `${name}: axe finds no serious or critical violation`, { violations: grave });
  // On a 360 px phone only a table may scroll sideways, inside its own box; the page itself fits.
  const { wide, overflowing } = (await page.evaluate(() => {
    const doc = (globalThis as any).document;
    // The outermost elements that reach past the screen's edge, to say what to mend.
    const past = [...doc.querySelectorAll('body *')].filter((e: any) => e.getBoundingClientRect().right > 360.5);
    const outermost = past.filter((e: any) => !past.includes(e.parentElement));
    return {
      wide: doc.documentElement.scrollWidth,
      overflowing: outermost.slice(0, 5).map((e: any) => e.outerHTML.slice(0, 160)),
    };
  })) as { wide: number; overflowing: string[] };
  t.ok(wide <= 360, `${name}: fits 360 px (${wide})`, { overflowing });
}

/** The first link in a message's text that starts with `prefix`. */
export function linkIn(text: string | undefined, prefix: string): string {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}[^\\s"<>)]*`).exec(text ?? '');
  if (!match) throw new Error(`no link starting with ${prefix} in:\n${text}`);
  return match[0];
}
