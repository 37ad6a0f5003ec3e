// The one layout every email shares. A message is written once as a list of blocks; the blocks
// become both the HTML part (inline styles, light, readable without images) and the plain-text
// part, so the text carries everything the HTML does (low-bandwidth readers may never see HTML).
import { glossaries } from '../src/i18n/glossary.js';
import { greet, type Language } from './i18n.js';

/** A list item: a line, optionally with lines of detail under it. */
export type Item = string | { text: string; details?: string[] };

export type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'heading'; text: string }
  | { kind: 'list'; items: Item[]; ordered?: boolean }
  /** Label / value pairs, e.g. "Deadline: …". */
  | { kind: 'facts'; rows: [label: string, value: string][] }
  /** A call to action: a button in HTML, the label and the bare URL in text. */
  | { kind: 'action'; label: string; href: string }
  /** Lines kept together, e.g. a sign-off. */
  | { kind: 'lines'; lines: string[] };

export const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
export const heading = (text: string): Block => ({ kind: 'heading', text });
export const list = (items: Item[], ordered = false): Block => ({ kind: 'list', items, ordered });
export const facts = (rows: [string, string][]): Block => ({ kind: 'facts', rows });
export const action = (label: string, href: string): Block => ({ kind: 'action', label, href });
export const lines = (...text: string[]): Block => ({ kind: 'lines', lines: text });

interface Document {
  language: Language;
  subject: string;
  /** The first line a mail client shows beside the subject. */
  preview?: string;
  blocks: Block[];
  /** Small print: why the reader gets this message. */
  footer: string;
  /** A link under the small print (how to unsubscribe): shown as a link in HTML, label and URL in text. */
  footerLink?: { label: string; href: string };
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and attribute values alike. */
const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/** Only http(s) and mailto links are put in an href; anything else is shown as text. */
function safeHref(href: string): string | null {
  try {
    const url = new URL(href);
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.toString() : null;
  } catch {
    return null;
  }
}

/** Subjects must be one line: header injection is impossible in nodemailer, but keep them tidy. */
/** (Non-breaking spaces, French typography, are kept.) */
const oneLine = (text: string): string => text.replace(/[ \t\r\n\f\v]+/g, ' ').trim();

const STYLE = {
  body: 'margin:0;padding:0;background-color:#f4f5f7;',
  wrapper: 'width:100%;background-color:#f4f5f7;padding:16px 0;',
  card:
    'max-width:640px;margin:0 auto;background-color:#ffffff;border:1px solid #d8dce1;border-radius:6px;' +
    'padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1f2328;',
  p: 'margin:0 0 16px 0;',
  h2: 'margin:24px 0 8px 0;font-size:18px;line-height:1.3;color:#1f2328;',
  list: 'margin:0 0 16px 0;padding-left:24px;',
  li: 'margin:0 0 8px 0;',
  detail: 'color:#424a53;font-size:15px;',
  factsTable: 'border-collapse:collapse;margin:0 0 16px 0;',
  factLabel: 'padding:4px 12px 4px 0;vertical-align:top;font-weight:bold;white-space:nowrap;',
  factValue: 'padding:4px 0;vertical-align:top;',
  button:
    'display:inline-block;background-color:#0b5cad;color:#ffffff;text-decoration:none;font-weight:bold;' +
    'padding:12px 20px;border-radius:4px;',
  url: 'margin:8px 0 16px 0;font-size:14px;color:#424a53;word-break:break-all;',
  link: 'color:#0b5cad;',
  footer: 'margin:24px 0 0 0;padding-top:16px;border-top:1px solid #d8dce1;font-size:13px;color:#57606a;',
};

const textOfItem = (item: Item) => (typeof item === 'string' ? { text: item, details: [] } : { details: [], ...item });

/** Text with line breaks kept in HTML. */
const htmlLines = (text: string) => text.split('\n').map(escapeHtml).join('<br>');

function blockHtml(block: Block, colon: string): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p style="${STYLE.p}">${htmlLines(block.text)}</p>`;
    case 'heading':
      return `<h2 style="${STYLE.h2}">${escapeHtml(block.text)}</h2>`;
    case 'lines':
      return `<p style="${STYLE.p}">${block.lines.map(escapeHtml).join('<br>')}</p>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      const items = block.items.map((raw) => {
        const item = textOfItem(raw);
        const details = item.details.map((d) => `<br><span style="${STYLE.detail}">${escapeHtml(d)}</span>`).join('');
        return `<li style="${STYLE.li}">${htmlLines(item.text)}${details}</li>`;
      });
      return `<${tag} style="${STYLE.list}">${items.join('')}</${tag}>`;
    }
    case 'facts': {
      const rows = block.rows.map(
        ([label, value]) =>
          `<tr><th scope="row" style="${STYLE.factLabel}" align="left">${escapeHtml(label)}</th>` +
          `<td style="${STYLE.factValue}">${htmlLines(value)}</td></tr>`,
      );
      return `<table role="presentation" style="${STYLE.factsTable}">${rows.join('')}</table>`;
    }
    case 'action': {
      const href = safeHref(block.href);
      if (!href) return `<p style="${STYLE.p}">${escapeHtml(block.label)}${colon}${escapeHtml(block.href)}</p>`;
      return (
        `<p style="margin:0;"><a href="${escapeHtml(href)}" style="${STYLE.button}">${escapeHtml(block.label)}</a></p>` +
        `<p style="${STYLE.url}"><a href="${escapeHtml(href)}" style="${STYLE.link}">${escapeHtml(href)}</a></p>`
      );
    }
  }
}

function blockText(block: Block, colon: string): string {
  switch (block.kind) {
    case 'paragraph':
      return block.text;
    case 'heading':
      return `${block.text}\n${'-'.repeat(Math.min(block.text.length, 72))}`;
    case 'lines':
      return block.lines.join('\n');
    case 'list':
      return block.items
        .map((raw, i) => {
          const item = textOfItem(raw);
          const bullet = block.ordered ? `${i + 1}. ` : '- ';
          const indent = ' '.repeat(bullet.length);
          const text = item.text.split('\n').join(`\n${indent}`);
          return [`${bullet}${text}`, ...item.details.map((d) => `${indent}${d}`)].join('\n');
        })
        .join('\n');
    case 'facts':
      return block.rows.map(([label, value]) => `${label}${colon}${value.split('\n').join('\n  ')}`).join('\n');
    case 'action':
      return `${block.label}\n${block.href}`;
  }
}

function footerLinkHtml(link: Document['footerLink']): string {
  const href = link ? safeHref(link.href) : null;
  if (!link || !href) return '';
  return `<br><a href="${escapeHtml(href)}" style="${STYLE.link}">${escapeHtml(link.label)}</a>`;
}

/**
 * A message to one reader: the greeting, then its opening paragraph (which the inbox preview
 * shows beside the subject unless another preview is given), then the rest.
 */
export const renderLetter = (
  reader: { name: string | null; language: Language },
  letter: Omit<Document, 'language'> & { opening: string },
): RenderedMail => {
  const { opening, blocks, preview, ...rest } = letter;
  return renderDocument({
    ...rest,
    language: reader.language,
    preview: preview ?? opening,
    blocks: [paragraph(greet(reader.name, reader.language)), paragraph(opening), ...blocks],
  });
};

/** The message in both parts. Every string put in the HTML is escaped here, and only here. */
export function renderDocument(doc: Document): RenderedMail {
  const subject = oneLine(doc.subject);
  const lang = escapeHtml(doc.language);
  const colon = glossaries[doc.language].colon;
  const preview = doc.preview
    ? `<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;" aria-hidden="true">${escapeHtml(oneLine(doc.preview))}</div>`
    : '';
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    `<body style="${STYLE.body}">`,
    preview,
    `<div style="${STYLE.wrapper}">`,
    `<div role="article" aria-label="${escapeHtml(subject)}" lang="${lang}" style="${STYLE.card}">`,
    ...doc.blocks.map((block) => blockHtml(block, colon)),
    `<p style="${STYLE.footer}">${htmlLines(doc.footer)}${footerLinkHtml(doc.footerLink)}</p>`,
    '</div>',
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
  const footer = doc.footerLink ? `${doc.footer}\n${doc.footerLink.label}${colon}${doc.footerLink.href}` : doc.footer;
  const text = `${[...doc.blocks.map((block) => blockText(block, colon)), '--', footer].join('\n\n')}\n`;
  return { subject, text, html };
}
