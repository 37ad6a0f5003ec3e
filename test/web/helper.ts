// Page tests through app.inject with a small cookie jar: the test reads a page, takes the CSRF
// token of its forms, and posts them back as a browser would (application/x-www-form-urlencoded).
import type { LightMyRequestResponse } from 'fastify';
import type { App } from '../../src/app.js';
import { openWebSession } from '../../src/modules/auth/web-sessions.js';
import { ensurePerson } from '../../src/modules/people/repository.js';
import { SESSION_COOKIE } from '../../src/web/session.js';

export class WebClient {
  readonly cookies = new Map<string, string>();
  headers: Record<string, string> = {};
  /** The last page's CSRF token (from its first form). */
  csrf = '';

  constructor(readonly app: App) {}

  #cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  #keep(res: LightMyRequestResponse): void {
    const set = res.headers['set-cookie'];
    for (const line of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /expires=thu, 01 jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) this.csrf = token;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: 'GET',
      url,
      headers: { ...this.headers, cookie: this.#cookieHeader(), ...headers },
    });
    this.#keep(res);
    return res;
  }

  /** Posts a form; `_csrf` is the last page's token unless the form gives its own. */
  async post(
    url: string,
    form: Record<string, string | string[]> = {},
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    if (!('_csrf' in form)) body.append('_csrf', this.csrf);
    for (const [key, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    const res = await this.app.inject({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: {
        ...this.headers,
        'content-type': 'application/x-www-form-urlencoded',
        cookie: this.#cookieHeader(),
        ...headers,
      },
    });
    this.#keep(res);
    return res;
  }

  /** Signs in as this person without the emailed link (tests of other pages). */
  signInAs(email: string, options: { admin?: boolean; name?: string } = {}): string {
    const person = ensurePerson(this.app.db, this.app.clock, { email, name: options.name, isAdmin: options.admin });
    this.cookies.set(
      SESSION_COOKIE,
      encodeURIComponent(openWebSession(this.app.db, this.app.clock, this.app.config, person.id)),
    );
    return person.id;
  }
}

/** The text of a page without its tags, for assertions on what a person reads. */
/** A chair of the series (CHAIR in the tests' set-up) signed in on the pages, and the series' managing address. */
export function seriesChairOnPages(app: App, seriesId: string, email = 'chair@example.org') {
  const web = new WebClient(app);
  web.signInAs(email);
  return { web, base: `/series/${seriesId}/manage` };
}

/** The plan form's usual answers: two sessions a quarter apart, the last Wednesday at 14:00, 90 minutes. */
export const PLAN_FORM = {
  everyMonths: '3',
  count: '2',
  week: 'last',
  weekday: 'wednesday',
  time: '14:00',
  duration: '90',
};

export const textOf = (html: string) =>
  html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** A multipart form as a browser sends an upload: the fields, then the file. */
export function multipartForm(fields: Record<string, string>, file?: { name: string; content: string }) {
  const boundary = '----indaba-test-boundary';
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  if (file) {
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n${file.content}\r\n`,
    );
  }
  return { payload: `${parts.join('')}--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` };
}
