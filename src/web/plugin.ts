// The pages: server-rendered HTML that works without JavaScript, in four languages.
//
// Registered in buildApp with `await app.register(webPlugin);` (before the mail plugin). At the
// root it only teaches the identify hook to read the web session cookie (so /api accepts it
// too); everything else (cookies, form bodies, CSRF, views, the stylesheet, HTML error pages)
// lives in an encapsulated context of its own and leaves /api untouched. The security and
// caching headers of every response are set in ./headers.ts.
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import type { FastifyError, FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppError } from '../errors.js';
import type { MessageKey } from '../i18n/index.js';
import { assetsDir, pageFor, render } from './context.js';
import { PageError } from './errors.js';
import { fieldLabels } from './forms.js';
import { seeOther } from './redirect.js';
import { answerRoutes } from './routes/answers.js';
import { attendRoutes } from './routes/attend.js';
import { authRoutes } from './routes/auth.js';
import { contactRoutes } from './routes/contacts.js';
import { groupRoutes } from './routes/group.js';
import { interestRoutes } from './routes/interest.js';
import { invitationPageRoutes } from './routes/invitations.js';
import { manageRoutes } from './routes/manage.js';
import { meRoutes } from './routes/me.js';
import { meetingRoutes } from './routes/meetings.js';
import { publicRoutes } from './routes/public.js';
import { recordRoutes } from './routes/records.js';
import { replyRoutes } from './routes/reply.js';
import { seriesAdminRoutes } from './routes/series-admin.js';
import { sessionRoutes } from './routes/session.js';
import { unsubscribeRoutes } from './routes/unsubscribe.js';
import { workstreamRoutes } from './routes/workstream.js';
import { workstreamAdminRoutes } from './routes/workstreams-admin.js';
import { isSecure, personFromRequest } from './session.js';

export { firstRunAdminLink } from '../modules/auth/sign-in-links.js';
export { PageError } from './errors.js';

const pages: FastifyPluginAsync = async (app) => {
  const { config } = app;
  const secure = isSecure(config);

  app.setErrorHandler(pageErrorHandler);

  await app.register(cookie, { secret: config.secretKey });
  await app.register(formbody, { bodyLimit: 65_536 });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: 'indaba_csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure, signed: true },
    getToken: (request: FastifyRequest) => (request.body as { _csrf?: string } | undefined)?._csrf ?? '',
  });
  await app.register(fastifyStatic, {
    root: assetsDir,
    prefix: '/assets/',
    // The stylesheet's address changes with its content (?v=hash): cached for a year.
    immutable: true,
    maxAge: '365d',
    index: false,
    list: false,
  });

  await app.register(authRoutes);
  await app.register(publicRoutes);
  await app.register(attendRoutes);
  await app.register(groupRoutes);
  await app.register(interestRoutes);
  await app.register(meRoutes);
  await app.register(manageRoutes);
  await app.register(workstreamRoutes);
  await app.register(seriesAdminRoutes);
  await app.register(contactRoutes);
  await app.register(recordRoutes);
  await app.register(meetingRoutes);
  await app.register(invitationPageRoutes);
  await app.register(replyRoutes);
  await app.register(answerRoutes);
  await app.register(workstreamAdminRoutes);
  await app.register(sessionRoutes);
  await app.register(unsubscribeRoutes);
};

async function pageErrorHandler(
  this: FastifyInstance,
  error: FastifyError | AppError | PageError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const status = error.statusCode ?? 500;
  if (status === 401) {
    // Not signed in (or the session ended): sign in, then come back here.
    const back = request.method === 'GET' ? request.url : (request.url.split('?')[0] ?? '/');
    return seeOther(reply, `/signin?next=${encodeURIComponent(back)}`);
  }
  let key: MessageKey;
  let vars: Record<string, string> = {};
  if (error instanceof PageError) {
    key = error.messageKey;
    vars = error.vars;
  } else if ('code' in error && typeof error.code === 'string' && error.code.startsWith('FST_CSRF')) {
    key = 'error.csrf';
  } else if (status === 403) key = 'error.forbidden';
  else if (status === 404) key = 'error.notFound';
  else if (status === 413) key = 'error.tooLarge';
  else if (status === 429) key = 'error.tooMany';
  else if (status >= 400 && status < 500) key = 'error.badRequest';
  else {
    request.log.error({ err: error }, 'unexpected error on a page');
    key = 'error.server';
  }
  return errorPage(request, reply, key, vars, status < 400 ? 500 : status);
}

/** The page that says what went wrong, in the reader's language, with its status. */
function errorPage(
  request: FastifyRequest,
  reply: FastifyReply,
  key: MessageKey,
  vars: Record<string, string>,
  status: number,
) {
  const page = pageFor(request, reply);
  const label =
    vars.field !== undefined && Object.hasOwn(fieldLabels, vars.field) ? fieldLabels[vars.field] : undefined;
  const named = label ? { ...vars, field: page.t(label) } : vars;
  return render(reply, page, 'error', page.t('error.title'), { message: page.t(key, named) }, status);
}

/** Whether an unknown address is one a person typed or followed (a page), not an API call. */
export function isPageAddress(url: string): boolean {
  const path = url.split('?')[0] ?? '/';
  return !/^\/(api|docs|openapi\.json|calendar|assets)(\/|$)/.test(path);
}

/** The HTML 404 page, for addresses no route answers (the pages' own context is not involved). */
export const notFoundPage = (request: FastifyRequest, reply: FastifyReply) =>
  errorPage(request, reply, 'error.notFound', {}, 404);

/** The pages, and the web session cookie as a way to be identified (also for /api). */
export const webPlugin = fp(
  async (app: FastifyInstance) => {
    const { db, clock, config } = app;
    app.decorate('personFromCookie', (request: FastifyRequest) => personFromRequest(db, clock, config, request));
    await app.register(pages);
  },
  { name: 'indaba-web', fastify: '5.x' },
);

export default webPlugin;
