// The pages behind an invitation's accept and decline links: in the site's layout and the
// invitee's language, saying where the invitation stands ("you declined on 3 March") and offering
// the other answer. Opening a link changes nothing (mail scanners open links); its button does.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isOneOf, type ReplyAction, type RoleName, replyActions, roleNames } from '../../domain/vocabulary.js';
import { roleWord } from '../../i18n/glossary.js';
import type { MessageKey } from '../../i18n/index.js';
import { findAssignment } from '../../modules/invitations/assignments.js';
import { replyLink } from '../../modules/invitations/links.js';
import {
  answerInvitation,
  DECLINE_NOTE_MAX,
  DECLINE_REPLACEMENT_MAX,
  readReply,
} from '../../modules/invitations/service.js';
import { type Page, pageFor, render } from '../context.js';
import { PageError } from '../errors.js';
import { shortDateTime, whenText, zoneLabel } from '../format.js';
import { formOf, text } from '../forms.js';

type ReplyView = ReturnType<typeof readReply>;

/** What readReply says of a link, every branch read the same way (a link not ours says little). */
interface ReplyDetails {
  action: ReplyAction;
  token: string;
  assignmentId: string;
  problem: string | null;
  role?: string;
  sessionTitle?: string;
  startsAt?: Date | null;
  zone?: string;
  seriesZone?: string;
  language?: string | null;
  currentStatus?: string;
  answeredAt?: Date | null;
}

const answered: Record<ReplyAction, string> = { accept: 'accepted', decline: 'declined' };

export async function replyRoutes(app: FastifyInstance) {
  const { db, clock, config } = app;

  function params(request: FastifyRequest): { assignmentId: string; action: ReplyAction } {
    const { assignmentId, action } = request.params as { assignmentId: string; action: string };
    if (!isOneOf<ReplyAction>(replyActions, action) || assignmentId.length > 64) {
      throw new PageError(404, 'reply.unknown');
    }
    return { assignmentId, action };
  }

  /** The link to the page of the other answer, for someone who changes their mind. */
  function otherAnswer(assignmentId: string, action: ReplyAction) {
    const row = findAssignment(db, assignmentId);
    if (!row) return null;
    const other: ReplyAction = action === 'accept' ? 'decline' : 'accept';
    const link = new URL(replyLink(config, row, other));
    return { action: other, href: `${link.pathname}${link.search}` };
  }

  function show(reply: FastifyReply, request: FastifyRequest, view: ReplyView, confirmed: boolean) {
    const v: ReplyDetails = view.page;
    const page: Page = pageFor(request, reply, v.language);
    const { lang, t } = page;
    const role = isOneOf<RoleName>(roleNames, v.role) ? roleWord(lang, v.role) : (v.role ?? '');
    const vars = { role, session: v.sessionTitle ?? '' };
    const problem = v.problem ? t(`reply.${v.problem}` as MessageKey) : null;
    const zone = v.zone ?? 'UTC';
    const status = v.currentStatus ?? null;
    const at = v.answeredAt ?? null;
    const standing =
      !problem && (status === 'accepted' || status === 'declined') && at
        ? t(`reply.status.${status}` as MessageKey, { date: shortDateTime(at, lang, zone), zone: zoneLabel(zone) })
        : null;
    const already = status === answered[v.action];
    return render(
      reply,
      page,
      'reply',
      t('reply.title'),
      {
        problem,
        confirmed: confirmed ? t(`reply.done.${v.action}` as MessageKey, vars) : null,
        ask: !problem && !confirmed && !already ? t(`reply.ask.${v.action}` as MessageKey, vars) : null,
        button: t(`reply.button.${v.action}` as MessageKey),
        standing,
        when: !problem && v.startsAt ? whenText(v.startsAt, lang, zone, v.seriesZone ?? zone) : null,
        action: `/invitations/${encodeURIComponent(v.assignmentId)}/${v.action}`,
        token: v.token,
        declining: v.action === 'decline',
        max: { note: DECLINE_NOTE_MAX, replacement: DECLINE_REPLACEMENT_MAX },
        // The other answer once this one is given: for someone who changes their mind.
        other: !problem && (confirmed || already) ? otherAnswer(v.assignmentId, v.action) : null,
        otherText: t(v.action === 'accept' ? 'reply.other.decline' : 'reply.other.accept'),
      },
      view.status,
    );
  }

  app.get('/invitations/:assignmentId/:action', { config: { private: true } }, async (request, reply) => {
    const { assignmentId, action } = params(request);
    const { token, done } = request.query as { token?: unknown; done?: unknown };
    const view = readReply(db, config, assignmentId, action, typeof token === 'string' ? token.slice(0, 200) : '');
    // After the answer (Post/Redirect/Get): the thanks, only while the answer stands.
    const confirmed = done === '1' && !view.page.problem && view.page.currentStatus === answered[action];
    return show(reply, request, view, confirmed);
  });

  // The link's token is what allows the answer (no session, no CSRF token: the link is the key).
  app.post('/invitations/:assignmentId/:action', { config: { private: true } }, async (request, reply) => {
    const { assignmentId, action } = params(request);
    const body = formOf(request);
    const token = text(body, 'token', 200);
    const words = {
      note: text(body, 'note', DECLINE_NOTE_MAX, 'multiline'),
      replacement: text(body, 'replacement', DECLINE_REPLACEMENT_MAX),
    };
    const view = answerInvitation(db, clock, config, assignmentId, action, token, words);
    if (view.status !== 200) return show(reply, request, view, false);
    // Reloading the page then asks nothing again: the answer is shown by its GET address.
    const query = new URLSearchParams({ token, done: '1' });
    return reply.redirect(`/invitations/${encodeURIComponent(assignmentId)}/${action}?${query}`, 303);
  });
}
