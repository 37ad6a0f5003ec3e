// A mail to the unsubscribe address of a call or a reminder (`List-Unsubscribe: <mailto:…>`), as
// the inbound pipeline recognises it: the same use case as the link's one-click POST. Importing
// this module adds the recogniser (`import './modules/interests/unsubscribe-mail.js'`).
import { AppError } from '../../errors.js';
import { addInboundRecogniser } from '../replies/inbound.js';
import { unsubscribe } from './service.js';
import { unsubscribeRequestFromAddress } from './unsubscribe-links.js';

addInboundRecogniser((deps, message) => {
  const token = message.recipients.map(unsubscribeRequestFromAddress).find((t) => t !== null);
  if (!token) return null;
  try {
    const done = unsubscribe(deps.db, deps.clock, deps.config, token, 'mail');
    return { outcome: 'applied', reason: 'unsubscribed', details: { email: done.email, added: done.added } };
  } catch (error) {
    // A forged or stale address: nothing changes, and the message is not forwarded as a human reply.
    if (error instanceof AppError && error.statusCode < 500)
      return { outcome: 'ignored', reason: 'unknown_unsubscribe' };
    throw error;
  }
});
