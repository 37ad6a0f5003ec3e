// The unsubscribe link and address of the call for interest and its deadline reminders: a token
// that names the contact the message went to, signed with the service's secret so nobody can
// unsubscribe someone else, short enough for the local part of an address
// (`series+unsubscribe-<token>@host`), and the list headers of RFC 2369 and RFC 8058 built from it.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.js';

/**
 * 16 hex digits: 64 bits of HMAC-SHA256. Mail systems may change the case of a local part, so the
 * token is read whatever its case: the signature is lower-case hex, and the contact's id is
 * looked up without case (see `contactOfToken`).
 */
const SIGNATURE_LENGTH = 16;
const TOKEN = /^([\w-]{1,64})\.([0-9a-f]{16})$/i;
const TAG = 'unsubscribe-';

const signatureOf = (secret: string, contactId: string) =>
  createHmac('sha256', secret).update(`unsubscribe:${contactId}`).digest('hex').slice(0, SIGNATURE_LENGTH);

/** The token of a contact's unsubscribe link and address: `<contact id>.<signature>`. */
export function unsubscribeToken(config: Pick<Config, 'secretKey'>, contactId: string): string {
  return `${contactId}.${signatureOf(config.secretKey, contactId)}`;
}

/**
 * The contact a token names, or null when this service did not make it (compared in constant
 * time). `storedIds` gives the ids a contact may have that read as the token's id whatever their
 * case (by default, the id exactly as written).
 */
export function contactOfToken(
  config: Pick<Config, 'secretKey'>,
  token: string,
  storedIds: (id: string) => string[] = (id) => [id],
): string | null {
  const match = TOKEN.exec(token);
  if (!match) return null;
  const [, givenId = '', signature = ''] = match;
  const given = Buffer.from(signature.toLowerCase());
  return (
    storedIds(givenId).find((contactId) => {
      const expected = Buffer.from(signatureOf(config.secretKey, contactId));
      return expected.length === given.length && timingSafeEqual(expected, given);
    }) ?? null
  );
}

/** The page behind the link: GET shows a button, POST (the button, or a mail client's one click) unsubscribes. */
export const unsubscribeLink = (config: Pick<Config, 'publicUrl' | 'secretKey'>, contactId: string) =>
  `${config.publicUrl}/unsubscribe/${unsubscribeToken(config, contactId)}`;

/** MAIL_FROM's local part plus `+unsubscribe-<token>`, at MAIL_FROM's domain. */
export function unsubscribeAddress(config: Pick<Config, 'mailFrom' | 'secretKey'>, contactId: string): string {
  const at = config.mailFrom.address.lastIndexOf('@');
  const local = config.mailFrom.address.slice(0, at).replace(/\+.*$/, '');
  return `${local}+${TAG}${unsubscribeToken(config, contactId)}${config.mailFrom.address.slice(at)}`;
}

/**
 * The token a mail to an unsubscribe address carries, read from its recipient
 * (`series+unsubscribe-<token>@host`, with or without a display name and angle brackets);
 * null for any other address. Pure: the token is checked by the use case (`unsubscribe`).
 */
export function unsubscribeRequestFromAddress(recipient: string): string | null {
  const address = (/<([^<>]*)>\s*$/.exec(recipient)?.[1] ?? recipient).trim();
  const at = address.lastIndexOf('@');
  if (at <= 0) return null;
  const local = address.slice(0, at);
  const plus = local.indexOf('+');
  if (plus < 0) return null;
  const tag = local.slice(plus + 1);
  if (tag.slice(0, TAG.length).toLowerCase() !== TAG) return null;
  const token = tag.slice(TAG.length);
  return TOKEN.test(token) ? token : null;
}

/** The headers of a message to a contact: `List-Unsubscribe` (the link and the address) and one-click POST. */
export function listUnsubscribeHeaders(
  config: Pick<Config, 'publicUrl' | 'secretKey' | 'mailFrom'>,
  contactId: string,
) {
  const mailto = `mailto:${unsubscribeAddress(config, contactId)}?subject=unsubscribe`;
  return {
    'List-Unsubscribe': `<${unsubscribeLink(config, contactId)}>, <${mailto}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
