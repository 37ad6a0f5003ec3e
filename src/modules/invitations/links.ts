// Accept and decline links in invitations: signed, bound to one role assignment (a person in a
// session's role) and its link version, so they work without signing in, cannot be forged or
// moved to another, and stop working when the assignment is replaced.
import type { Config } from '../../config.js';
import type { ReplyAction } from '../../domain/vocabulary.js';
import { sign, verify } from '../../lib/signing.js';

export type { ReplyAction };

/** What a row's link version is, as the links read it. */
interface LinkedAssignment {
  id: string;
  linkVersion: number;
}

// Version 0 signs what links signed before versions existed, so invitations already in mailboxes
// keep working.
const signed = (assignmentId: string, version: number, action: ReplyAction) =>
  version === 0
    ? `invitation-reply:${assignmentId}:${action}`
    : `invitation-reply:${assignmentId}:${version}:${action}`;

export function replyLink(
  config: Pick<Config, 'publicUrl' | 'secretKey'>,
  assignment: LinkedAssignment,
  action: ReplyAction,
) {
  const signature = sign(config.secretKey, signed(assignment.id, assignment.linkVersion, action));
  const token = assignment.linkVersion === 0 ? signature : `${assignment.linkVersion}.${signature}`;
  return `${config.publicUrl}/invitations/${encodeURIComponent(assignment.id)}/${action}?token=${token}`;
}

/**
 * Reads a link's token: `unknown` when it was not made by this service for this assignment and
 * action, `replaced` when it was made for an earlier assignment in the same row (the person was
 * removed and put back, and got a newer invitation).
 */
export function checkReplyToken(
  config: Pick<Config, 'secretKey'>,
  assignment: LinkedAssignment,
  action: ReplyAction,
  token: string,
): 'valid' | 'replaced' | 'unknown' {
  const dot = token.indexOf('.');
  const versionText = dot < 0 ? '0' : token.slice(0, dot);
  if (!/^(0|[1-9]\d{0,8})$/.test(versionText)) return 'unknown';
  const version = Number(versionText);
  if (!verify(config.secretKey, signed(assignment.id, version, action), dot < 0 ? token : token.slice(dot + 1))) {
    return 'unknown';
  }
  return version === assignment.linkVersion ? 'valid' : 'replaced';
}

/** The secret address of a person's own calendar feed. */
export const personalFeedLink = (config: Pick<Config, 'publicUrl'>, calendarKey: string) =>
  `${config.publicUrl}/calendar/people/${encodeURIComponent(calendarKey)}.ics`;
