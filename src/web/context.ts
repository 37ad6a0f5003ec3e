// What every page needs: the visitor, their language and zone, a CSRF token for its forms, and
// render(), which fills the layout. Pages are computed here in TypeScript; templates only print.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Eta } from 'eta';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { projectRoot } from '../config.js';
import { glossaries } from '../i18n/glossary.js';
import {
  chooseLanguage,
  type Language,
  languageNames,
  languages,
  type MessageKey,
  type PluralKey,
  plural,
  type Translate,
  translator,
  type Vars,
} from '../i18n/index.js';
import type { Person } from '../modules/people/repository.js';
import { isZone } from './format.js';

const webDir = join(projectRoot, 'src', 'web');
export const viewsDir = join(webDir, 'views');
export const assetsDir = join(webDir, 'assets');

export const LANGUAGE_COOKIE = 'indaba_lang';

/** The templates, compiled once and cached; each calls layout('./layout'). */
const eta = new Eta({ views: viewsDir, cache: true, autoTrim: [false, 'nl'] });

const css = readFileSync(join(assetsDir, 'site.css'));
/** The stylesheet's address carries a hash of its content, so it can be cached for good. */
export const stylesheetHref = `/assets/site.css?v=${createHash('sha256').update(css).digest('hex').slice(0, 10)}`;

export interface Page {
  lang: Language;
  t: Translate;
  /** Between a label and its value, as the language writes it. */
  colon: string;
  /** A plural form: n(language-independent base key, count). */
  n: (base: PluralKey, count: number, vars?: Vars) => string;
  /** An ordinal form ("1st choice", "1er choix"). */
  ord: (base: PluralKey, count: number, vars?: Vars) => string;
  person: Person | null;
  /** The zone the person chose, else null: pages then show the series' zone and UTC. */
  zone: string | null;
  csrf: string;
  path: string;
  css: string;
  switchLanguages: { code: Language; name: string; href: string }[];
}

/**
 * The address the reader is at, for the links that bring them back to it (signing in, another
 * language): a GET's own; for a page answering a form, the page the form was on (a form's
 * address often answers nothing to a GET), else the home page.
 */
function whereFrom(request: FastifyRequest): string {
  if (request.method === 'GET' || request.method === 'HEAD') return request.url;
  try {
    const from = new URL(request.headers.referer ?? '');
    // Read through URL too, so that a default port written out (":443") compares equal.
    const here = new URL(`${from.protocol}//${request.headers.host ?? ''}`);
    if (from.host === here.host) return `${from.pathname}${from.search}`;
  } catch {
    // No Referer, or not an address: the home page.
  }
  return '/';
}

/**
 * What a page needs, in the visitor's language; `readerLanguage` (an invitee's saved language, on
 * the pages behind an emailed link) comes before the visitor's own choices.
 */
export function pageFor(request: FastifyRequest, reply: FastifyReply, readerLanguage?: string | null): Page {
  const person = request.person;
  const picked = request.cookies?.[LANGUAGE_COOKIE];
  const lang = chooseLanguage(readerLanguage ?? person?.language, picked, request.headers['accept-language']);
  const path = whereFrom(request);
  return {
    lang,
    t: translator(lang),
    colon: glossaries[lang].colon,
    n: (base, count, vars) => plural(lang, base, count, vars),
    ord: (base, count, vars) => plural(lang, base, count, vars, true),
    person,
    zone: isZone(person?.timezone) ? (person?.timezone as string) : null,
    csrf: csrfToken(reply),
    path,
    css: stylesheetHref,
    // A visitor's choice is a cookie (a link); a signed-in person's is saved in their profile
    // (a form), so that their emails follow it too.
    switchLanguages: languages
      .filter((code) => code !== lang)
      .map((code) => ({
        code,
        name: languageNames[code],
        href: `/language?to=${code}&next=${encodeURIComponent(path)}`,
      })),
  };
}

/** A token for the page's forms; none when the request failed before its cookies were read. */
function csrfToken(reply: FastifyReply): string {
  if (!reply.request.cookies) return '';
  return reply.generateCsrf();
}

/** Renders a template inside the layout; `title` is a plain string (already translated). */
export async function render(
  reply: FastifyReply,
  page: Page,
  template: string,
  title: string,
  data: Record<string, unknown> = {},
  status = 200,
) {
  const html = await eta.renderAsync(template, { ...page, title, ...data });
  return reply.code(status).header('content-type', 'text/html; charset=utf-8').send(html);
}

export type { MessageKey };
