// An answer to the question to the group sent by replying to its email: the message it answers
// (In-Reply-To, one of ours) says whose answer it is and for which session, as the answer page's
// signed link does. The words above the quoted question are the answer. Importing this module
// adds the recogniser (`import './modules/attendance/answer-mail.js'`).
import { AppError } from '../../errors.js';
import { addInboundRecogniser } from '../replies/inbound.js';
import { answeredMessageIds, isAutoReply } from '../replies/read.js';
import { outboxRowOfMessageId } from '../replies/service.js';
import { saveAnswerByMail } from './question.js';

/** Where a reply's quotation of the message it answers begins, in the clients' four languages. */
const QUOTE_HEADER =
  /^(?:On .+ wrote|Le .+ a écrit|El .+ escribió|Em .+ escreveu) ?:\s*$|^-{2,} ?Original Message ?-{2,}/im;

/** The words a person wrote above what they quote. */
export function ownWords(text: string): string {
  const header = QUOTE_HEADER.exec(text);
  const above = header ? text.slice(0, header.index) : text;
  return above
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('>'))
    .join('\n')
    .trim();
}

addInboundRecogniser((deps, message) => {
  const row = answeredMessageIds(message.parsed)
    .map((id) => outboxRowOfMessageId(deps.db, id))
    .find((r) => r?.kind === 'group_question');
  // Only the reader's own reply is their answer: an out-of-office, or a colleague writing on the
  // thread, goes the way of any other message.
  if (!row?.personId || isAutoReply(message.parsed) || message.from !== row.toEmail.trim().toLowerCase()) return null;
  const sessionId = (row.payload as { sessionId?: unknown }).sessionId;
  if (typeof sessionId !== 'string') return null;
  try {
    const answer = saveAnswerByMail(deps.db, deps.clock, deps.config, {
      sessionId,
      personId: row.personId,
      text: ownWords(message.parsed.text ?? ''),
    });
    return { outcome: 'applied', reason: 'group_answer', details: { sessionId, answerId: answer.id } };
  } catch (error) {
    // Closed (the session began), empty, or the question taken away: kept in the table, not forwarded.
    if (error instanceof AppError && error.statusCode < 500) {
      return { outcome: 'ignored', reason: 'group_answer_refused', details: { sessionId, code: error.code } };
    }
    throw error;
  }
});
