// Accept and decline links in invitations: signed, bound to one role assignment (a person in a
// session's role), so they work without signing in and cannot be forged or moved to another.
import type { Config } from '../../config.js';
import { sign, verify } from '../../lib/signing.js';

export type ReplyAction = 'accept' | 'decline';

const signed = (assignmentId: string, action: ReplyAction) => `invitation-reply:${assignmentId}:${action}`;

export function replyLink(config: Pick<Config, 'publicUrl' | 'secretKey'>, assignmentId: string, action: ReplyAction) {
  const token = sign(config.secretKey, signed(assignmentId, action));
  return `${config.publicUrl}/invitations/${encodeURIComponent(assignmentId)}/${action}?token=${token}`;
}

export function replyTokenValid(
  config: Pick<Config, 'secretKey'>,
  assignmentId: string,
  action: ReplyAction,
  token: string,
): boolean {
  return verify(config.secretKey, signed(assignmentId, action), token);
}

/** The secret address of a person's own calendar feed. */
export const personalFeedLink = (config: Pick<Config, 'publicUrl'>, calendarKey: string) =>
  `${config.publicUrl}/calendar/people/${encodeURIComponent(calendarKey)}.ics`;

export const seriesFeedLink = (config: Pick<Config, 'publicUrl'>, seriesId: string) =>
  `${config.publicUrl}/calendar/series/${encodeURIComponent(seriesId)}.ics`;
