// Signing in by an emailed one-time link, signing out, and the visitor's language switch.
import type { FastifyInstance } from 'fastify';
import { isEmail } from '../../config.js';
import { isLanguage } from '../../i18n/index.js';
import { inspectLink, LINK_MINUTES, sendSignInLink, signInWithLink } from '../../modules/auth/sign-in-links.js';
import { closeWebSession } from '../../modules/auth/web-sessions.js';
import { LANGUAGE_COOKIE, pageFor, render } from '../context.js';
import { PageError } from '../errors.js';
import { formOf, text } from '../forms.js';
import { SIGN_INS_PER_CLIENT, WindowLimiter } from '../limits.js';
import { safeNext, seeOther } from '../redirect.js';
import { clearSessionCookie, cookieValue, isSecure, SESSION_COOKIE, setSessionCookie } from '../session.js';

export async function authRoutes(app: FastifyInstance) {
  const { db, clock, config } = app;
  const perClient = new WindowLimiter(clock, SIGN_INS_PER_CLIENT, LINK_MINUTES * 60_000);
  const csrf = { preValidation: app.csrfProtection };

  app.get('/signin', async (request, reply) => {
    const page = pageFor(request, reply);
    const query = request.query as Record<string, unknown>;
    const next = safeNext(query.next);
    return render(reply, page, 'signin', page.t('signin.title'), { next, email: '', error: null });
  });

  app.post('/signin', csrf, async (request, reply) => {
    const page = pageFor(request, reply);
    const body = formOf(request);
    const email = text(body, 'email', 254).toLowerCase();
    const next = safeNext(text(body, 'next', 500));
    if (!perClient.take(request.ip)) throw new PageError(429, 'error.tooMany');
    if (!isEmail(email)) {
      return render(
        reply,
        page,
        'signin',
        page.t('signin.title'),
        { next, email, error: page.t('signin.invalidEmail') },
        400,
      );
    }
    // The same answer whether a link went out now, a minute ago, or the address is unknown.
    sendSignInLink(db, clock, config, email, { next, language: page.lang });
    return seeOther(reply, `/signin/sent${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  });

  app.get('/signin/sent', async (request, reply) => {
    const page = pageFor(request, reply);
    return render(reply, page, 'signin-sent', page.t('signin.sentTitle'), { minutes: LINK_MINUTES });
  });

  // Opening the emailed link changes nothing (mail scanners open links): it shows a button.
  // The page holds the link's token and shows the address it signs in.
  app.get('/signin/link', { config: { private: true } }, async (request, reply) => {
    const page = pageFor(request, reply);
    const query = request.query as Record<string, unknown>;
    const token = typeof query.token === 'string' ? query.token.slice(0, 200) : '';
    const next = safeNext(query.next);
    const state = inspectLink(db, clock, token);
    if (!state.ok) {
      return render(reply, page, 'signin-link', page.t('signin.linkTitle'), { problem: state.problem }, 410);
    }
    return render(reply, page, 'signin-link', page.t('signin.linkTitle'), {
      problem: null,
      token,
      next,
      email: state.link.email,
    });
  });

  app.post('/signin/link', csrf, async (request, reply) => {
    const body = formOf(request);
    const next = safeNext(text(body, 'next', 500)) ?? '/me';
    const signedIn = signInWithLink(
      db,
      clock,
      config,
      text(body, 'token', 200),
      cookieValue(request.headers.cookie, SESSION_COOKIE),
    );
    if (!signedIn.ok) {
      const page = pageFor(request, reply);
      return render(reply, page, 'signin-link', page.t('signin.linkTitle'), { problem: signedIn.problem }, 410);
    }
    setSessionCookie(reply, config, signedIn.cookie);
    return seeOther(reply, next);
  });

  app.post('/signout', csrf, async (request, reply) => {
    closeWebSession(db, clock, config, cookieValue(request.headers.cookie, SESSION_COOKIE));
    clearSessionCookie(reply, config);
    return seeOther(reply, '/?signedout=1');
  });

  // A visitor's choice of language (signed-in people keep theirs in their profile).
  app.get('/language', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const next = safeNext(query.next) ?? '/';
    if (isLanguage(query.to)) {
      reply.setCookie(LANGUAGE_COOKIE, query.to, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: isSecure(config),
        maxAge: 365 * 86_400,
      });
    }
    return seeOther(reply, next);
  });
}
