// Accept and decline links for the invitations to a workstream meeting or a preparatory call:
// signed with the service's secret, bound to one person, one event and one answer, so they work
// without signing in and cannot be moved to another. Opening one changes nothing; its page's
// button does (web/routes/answers.ts). Pure: no database, no clock.
import type { ReplyAction } from '../domain/vocabulary.js';
import { sign, verify } from '../lib/signing.js';

export type AnsweredEvent = 'meeting' | 'prepcall';
export type EventAnswer = ReplyAction;

export interface AnswerTarget {
  event: AnsweredEvent;
  eventId: string;
  personId: string;
}

const signed = (target: AnswerTarget, answer: EventAnswer) =>
  `event-answer:${target.event}:${target.eventId}:${target.personId}:${answer}`;

/** `${PUBLIC_URL}/answers/meeting/<id>/accept?person=<id>&token=<signature>` */
export function answerLink(
  config: { publicUrl: string; secretKey: string },
  target: AnswerTarget,
  answer: EventAnswer,
) {
  const query = new URLSearchParams({ person: target.personId, token: sign(config.secretKey, signed(target, answer)) });
  return `${config.publicUrl}/answers/${target.event}/${encodeURIComponent(target.eventId)}/${answer}?${query}`;
}

/** Both of a reader's links, as an invitation offers them. */
export const answerLinks = (config: { publicUrl: string; secretKey: string }, target: AnswerTarget) => ({
  accept: answerLink(config, target, 'accept'),
  decline: answerLink(config, target, 'decline'),
});

/** Whether a link's token is the one this service made for this person, event and answer. */
export const answerTokenValid = (secretKey: string, target: AnswerTarget, answer: EventAnswer, token: string) =>
  verify(secretKey, signed(target, answer), token);
