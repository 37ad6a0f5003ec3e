// The organizer address of an invitation: MAIL_FROM's local part plus a `+tag` that names whose
// answer a reply is (one person in one role of one session, or one person invited to a workstream
// meeting or a preparatory call), signed with the service's secret so it cannot be made up. The
// same tag is written in every message about that invitation; a new assignment (someone removed
// and put back) gets a new one. Pure: no database, no clock.
//
//   series+s<assignmentId>.<signature>@host   a role in a session (signed with its link version)
//   series+m<personId>.<signature>@host       a workstream meeting (signed with the meeting's id)
//   series+p<personId>.<signature>@host       a preparatory call (signed with the call's id)
//
// A meeting's and a call's tag names the person; the event is the one whose UID the reply
// carries, which the signature binds to it. Mail systems may change the case of a local part, so
// a tag is read whatever its case (the signature is lower-case hex; ids are looked up without case).
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What an organizer tag is about. */
export type TagTarget =
  | { kind: 'session'; assignmentId: string; linkVersion: number }
  | { kind: 'meeting'; meetingId: string; personId: string }
  | { kind: 'prepcall'; callId: string; personId: string };

const LETTER = { session: 's', meeting: 'm', prepcall: 'p' } as const;
const KINDS = { s: 'session', m: 'meeting', p: 'prepcall' } as const;

/** 16 hex digits: 64 bits of HMAC-SHA256, enough that no tag can be guessed, short enough for a local part. */
const SIGNATURE_LENGTH = 16;

const signedText = (target: TagTarget): string => {
  switch (target.kind) {
    case 'session':
      return `organizer-tag:session:${target.assignmentId}:${target.linkVersion}`;
    case 'meeting':
      return `organizer-tag:meeting:${target.meetingId}:${target.personId}`;
    case 'prepcall':
      return `organizer-tag:prepcall:${target.callId}:${target.personId}`;
  }
};

const signature = (secret: string, target: TagTarget) =>
  createHmac('sha256', secret).update(signedText(target)).digest('hex').slice(0, SIGNATURE_LENGTH);

const idOf = (target: TagTarget) => (target.kind === 'session' ? target.assignmentId : target.personId);

/** The tag of an invitation: `s<assignmentId>.<signature>` and the like. */
export function organizerTag(secret: string, target: TagTarget): string {
  return `${LETTER[target.kind]}${idOf(target)}.${signature(secret, target)}`;
}

/** MAIL_FROM's address with the invitation's tag: `series+s….…@host`. */
export function organizerAddress(mailFrom: string, secret: string, target: TagTarget): string {
  const at = mailFrom.lastIndexOf('@');
  const local = mailFrom.slice(0, at);
  // MAIL_FROM may already carry a tag of its own (series+webinars@…): the invitation's goes after it.
  return `${local}+${organizerTag(secret, target)}${mailFrom.slice(at)}`;
}

/** A tag as read from an address, before its signature is checked. */
export interface ReadTag {
  kind: TagTarget['kind'];
  /** The assignment's id (session) or the person's (meeting, preparatory call), in the case it came in. */
  id: string;
  signature: string;
}

/**
 * What an address says, measured against MAIL_FROM's: `plain` for MAIL_FROM itself, a tag for
 * MAIL_FROM's local part plus `+tag` (read, not yet checked: see `tagMatches`), `tagged` for a
 * `+…` that is no tag this service writes (forged, or mangled), `foreign` for any other address.
 * Case is ignored throughout.
 */
export function readAddress(address: string, mailFrom: string): 'plain' | 'foreign' | 'tagged' | ReadTag {
  const given = address.trim().replace(/^<|>$/g, '');
  const at = given.lastIndexOf('@');
  const fromAt = mailFrom.lastIndexOf('@');
  if (at < 1 || given.slice(at).toLowerCase() !== mailFrom.slice(fromAt).toLowerCase()) return 'foreign';
  const local = given.slice(0, at);
  const fromLocal = mailFrom.slice(0, fromAt);
  if (local.toLowerCase() === fromLocal.toLowerCase()) return 'plain';
  if (!local.toLowerCase().startsWith(`${fromLocal.toLowerCase()}+`)) return 'foreign';
  const tag = local.slice(fromLocal.length + 1);
  const match = /^([smp])([A-Za-z0-9_-]{1,64})\.([0-9a-f]{16})$/i.exec(tag);
  if (!match) return 'tagged';
  const [, letter, id, sig] = match as unknown as [string, string, string, string];
  return { kind: KINDS[letter.toLowerCase() as keyof typeof KINDS], id, signature: sig.toLowerCase() };
}

/** Whether a tag read from an address is the one this service writes for `target` (constant time). */
export function tagMatches(secret: string, tag: ReadTag, target: TagTarget): boolean {
  if (tag.kind !== target.kind || tag.id.toLowerCase() !== idOf(target).toLowerCase()) return false;
  const expected = Buffer.from(signature(secret, target));
  const given = Buffer.from(tag.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
