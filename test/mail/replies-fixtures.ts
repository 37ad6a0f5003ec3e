// Reply messages shaped as Outlook/Exchange, Google Calendar and Apple Calendar send them (and a
// reply in words, an out-of-office, a bounce), from the templates in fixtures/replies/, with
// the invitation's values filled in. A calendar part is encoded as its client encodes it: base64
// (Outlook, Google's attached copy), 7bit (Google's alternative part), quoted-printable (Apple).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, 'fixtures', 'replies');

export type Values = Record<string, string | number>;

const fill = (template: string, values: Values) =>
  template.replace(/{{([A-Z0-9_]+)}}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`the fixture needs {{${key}}}`);
    return String(value);
  });

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

/** Quoted-printable (RFC 2045 §6.7), lines of at most 76 characters, as Apple Mail writes calendars. */
export function quotedPrintable(text: string): string {
  return crlf(text)
    .split('\r\n')
    .map((line) => {
      const encoded = [...Buffer.from(line, 'utf8')]
        .map((byte) =>
          (byte >= 33 && byte <= 126 && byte !== 61) || byte === 32
            ? String.fromCharCode(byte)
            : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`,
        )
        .join('')
        .replace(/ $/, '=20');
      const parts: string[] = [];
      let rest = encoded;
      while (rest.length > 75) {
        let cut = 75;
        // Never split an =XX escape.
        const lastEscape = rest.lastIndexOf('=', cut);
        if (lastEscape > cut - 3) cut = lastEscape;
        parts.push(`${rest.slice(0, cut)}=`);
        rest = rest.slice(cut);
      }
      parts.push(rest);
      return parts.join('\r\n');
    })
    .join('\r\n');
}

const base64Lines = (text: string) => Buffer.from(crlf(text), 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');

/** A message from a template (`outlook`, `google`, `apple`, `human`, `out-of-office`, `bounce`), as raw bytes. */
export function replyMessage(client: string, values: Values): Buffer {
  const eml = readFileSync(join(DIR, `${client}.eml`), 'utf8');
  let all: Values = { COMMENT: '', TEXT: '', METHOD: 'REPLY', SUMMARY: 'RBF in a decentralized setting', ...values };
  try {
    const ics = crlf(fill(readFileSync(join(DIR, `${client}.ics`), 'utf8'), all));
    all = { ...all, ICS: ics.trimEnd(), ICS_BASE64: base64Lines(ics), ICS_QP: quotedPrintable(ics) };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return Buffer.from(crlf(fill(eml, all)), 'utf8');
}
