// The page behind the unsubscribe link of a call for interest or a deadline reminder: in the
// site's layout and the address's language. Opening it changes nothing (mail scanners open
// links); its button, or the one-click POST a mail client sends (RFC 8058: a body of
// `List-Unsubscribe=One-Click`), unsubscribes. The link's token is the key: no sign-in, no CSRF token.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { readUnsubscribe, type UnsubscribeView, unsubscribe } from '../../modules/interests/service.js';
import { pageFor, render } from '../context.js';
import { PageError } from '../errors.js';
import { shortDateTime, zoneLabel } from '../format.js';
import { formOf, text } from '../forms.js';

const MAX_TOKEN = 100;

export async function unsubscribeRoutes(app: FastifyInstance) {
  const { db, clock, config } = app;
  // Some mail clients send the one-click POST as multipart/form-data: its body says nothing more.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: 65_536 }, (_request, _body, done) =>
    done(null, {}),
  );

  function tokenOf(request: FastifyRequest): string {
    const { token } = request.params as { token: string };
    if (token.length > MAX_TOKEN) throw new PageError(404, 'unsubscribe.unknown');
    return token;
  }

  /** The domain's refusal of a link, as its page. */
  function read<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      if (error instanceof AppError && error.code === 'unknown_unsubscribe_link') {
        throw new PageError(404, 'unsubscribe.unknown');
      }
      throw error;
    }
  }

  function show(
    request: FastifyRequest,
    reply: FastifyReply,
    view: UnsubscribeView,
    token: string,
    options: { done: boolean },
  ) {
    const page = pageFor(request, reply, view.language);
    const { t } = page;
    const at = view.unsubscribedAt;
    return render(reply, page, 'unsubscribe', t('unsubscribe.title'), {
      done: at && options.done ? t('unsubscribe.done', { email: view.email }) : null,
      already:
        at && !options.done
          ? t('unsubscribe.already', {
              email: view.email,
              date: `${shortDateTime(at, page.lang, view.zone)} (${zoneLabel(view.zone)})`,
            })
          : null,
      ask: at ? null : t('unsubscribe.ask', { email: view.email }),
      action: `/unsubscribe/${encodeURIComponent(token)}`,
    });
  }

  app.get('/unsubscribe/:token', { config: { private: true } }, async (request, reply) => {
    const token = tokenOf(request);
    const view = read(() => readUnsubscribe(db, config, token));
    const done = (request.query as { done?: unknown }).done === '1';
    return show(request, reply, view, token, { done });
  });

  app.post('/unsubscribe/:token', { config: { private: true } }, async (request, reply) => {
    const token = tokenOf(request);
    const oneClick = text(formOf(request), 'List-Unsubscribe', 20) === 'One-Click';
    const view = read(() => unsubscribe(db, clock, config, token, 'web'));
    // A mail client's one click reads only the status; the button's POST is redirected to the page (Post/Redirect/Get).
    if (oneClick) return show(request, reply, view, token, { done: true });
    return reply.redirect(`/unsubscribe/${encodeURIComponent(token)}?done=1`, 303);
  });
}
