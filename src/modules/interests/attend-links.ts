// The registration link in the call for interest (made with the call, read by attendance):
// signed for one contact of one series, so it works without a password and cannot be moved to
// another contact. Opening it (GET) shows the sessions; only its buttons (POST) register, so a
// mail scanner that opens it changes nothing.
import type { Config } from '../../config.js';
import { sign } from '../../lib/signing.js';

export const attendSignature = (contactId: string) => `attend:${contactId}`;

export function attendLink(config: Pick<Config, 'publicUrl' | 'secretKey'>, contactId: string): string {
  const token = sign(config.secretKey, attendSignature(contactId));
  return `${config.publicUrl}/attend/${encodeURIComponent(contactId)}?token=${token}`;
}
