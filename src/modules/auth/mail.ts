// The sign-in mail kind:
//
//   sign_in_link  {url, expiresMinutes, language?}  the one-time link, to the address that asked
//
// The language is the person's when the address belongs to a known person, else the payload's,
// else English. A link that has expired before it could be sent is not sent (Undeliverable).
//
// Importing this module registers the kind (`import './modules/auth/mail.js'`).
import type { Language } from '../../../emails/i18n.js';
import * as signIn from '../../../emails/sign-in.js';
import { defineMailKind, payloadLanguage, readerOfRow, Undeliverable } from '../../mail/render.js';

declare module '../../mail/render.js' {
  interface MailPayloads {
    sign_in_link: { url: string; expiresMinutes: number; language?: Language };
  }
}

const MINUTE_MS = 60_000;

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

defineMailKind('sign_in_link', {
  payload(raw) {
    const { url, expiresMinutes } = raw;
    if (typeof url !== 'string' || !isHttpUrl(url))
      throw new Undeliverable('unreadable', 'its payload has no http(s) "url"');
    if (typeof expiresMinutes !== 'number' || !Number.isInteger(expiresMinutes) || expiresMinutes < 1) {
      throw new Undeliverable('unreadable', 'its payload has no "expiresMinutes" (a whole number ≥ 1)');
    }
    return { url, expiresMinutes, ...payloadLanguage(raw) };
  },
  render(row, payload, { db, now }) {
    // The link was issued when the row was queued: it lasts expiresMinutes from then.
    const expiresAt = new Date(row.createdAt.getTime() + payload.expiresMinutes * MINUTE_MS);
    if (now && now.getTime() >= expiresAt.getTime())
      throw new Undeliverable('too_late', 'the sign-in link has expired');
    // No series and no contact: the person's language and zone, else the payload's language and UTC.
    const reader = readerOfRow(db, row, null, payload);
    const mail = signIn.render({ reader, url: payload.url, expiresMinutes: payload.expiresMinutes, expiresAt });
    return { to: row.toEmail, ...mail };
  },
});
