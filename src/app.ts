// buildApp(config): the whole service as a Fastify instance that does not listen yet; the
// server and every test build it the same way.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { type Db, openDatabase } from './db.js';
import { AppError } from './errors.js';
import { GroupCommit } from './lib/group-commit.js';
import { lazyCompilersFactory, routeAjvOptions } from './lib/lazy-schemas.js';
import { startWalCheckpointer, type WalCheckpointer } from './lib/wal-checkpointer.js';
import { imapPlugin } from './mail/imap-plugin.js';
import type { InboundHandler } from './mail/imap-watcher.js';
import { mailPlugin } from './mail/plugin.js';
import { identify } from './modules/auth/identity.js';
// Importing a module's mail.ts registers its mail kinds.
import './modules/attendance/mail.js';
import './modules/auth/mail.js';
import './modules/interests/mail.js';
import './modules/invitations/mail.js';
import './modules/outputs/mail.js';
import './modules/workstreams/mail.js';
// The unsubscribe address is recognised before a reply to the question to the group.
import './modules/interests/unsubscribe-mail.js';
import './modules/attendance/answer-mail.js';
import './modules/series/chair-mail.js';
import './modules/workstreams/convener-mail.js';
import './modules/prepcalls/mail.js';
import './modules/replies/mail.js';
import compress from '@fastify/compress';
import { queueGroupQuestions } from './modules/attendance/question.js';
import { questionRoutes } from './modules/attendance/question-routes.js';
import { queueAttendeeReminders } from './modules/attendance/reminders.js';
import { attendanceRoutes } from './modules/attendance/routes.js';
import { queueRestoredAttendeeCopies } from './modules/attendance/service.js';
import { auditRoutes } from './modules/audit/routes.js';
import { authRoutes } from './modules/auth/routes.js';
import { contactRoutes } from './modules/interests/contact-routes.js';
import { queueInterestReminders } from './modules/interests/reminders.js';
import { interestRoutes } from './modules/interests/routes.js';
import { queueRoleHolderReminders } from './modules/invitations/reminders.js';
import { invitationRoutes } from './modules/invitations/routes.js';
import { outboxRoutes } from './modules/outbox/routes.js';
import { queueBlogReminders } from './modules/outputs/blog.js';
import { outputRoutes } from './modules/outputs/routes.js';
import { prepCallRoutes } from './modules/prepcalls/routes.js';
import { repliesPlugin } from './modules/replies/plugin.js';
import { rotationRoutes } from './modules/roles/rotation-routes.js';
import { roleRoutes } from './modules/roles/routes.js';
import { seriesRoutes } from './modules/series/routes.js';
import { sessionRoutes } from './modules/sessions/routes.js';
import { workstreamRoutes } from './modules/workstreams/routes.js';
import { securityHeaders } from './web/headers.js';
import { isPageAddress, notFoundPage, webPlugin } from './web/plugin.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Db;
    clock: Clock;
    /** Runs a write in a transaction shared with the writes arriving at the same moment. */
    writes: GroupCommit;
  }
}

interface BuildOptions {
  clock?: Clock;
  /** An already opened database (tests that restart the service on one file pass it in). */
  db?: Db;
  logger?: FastifyServerOptions['logger'];
  /** Start the mail worker when ready (default true); tests pass false and call app.mail.deliverDue(). */
  deliverMail?: boolean;
  /** With IMAP_URL set: what each message of the mailbox is handed to, and how often it is looked at. */
  inbound?: { handler?: InboundHandler; imapPollIntervalMs?: number };
}

export type App = FastifyInstance;

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1_048_576,
    // Slow or silent clients are cut off so they cannot hold the service's sockets; Node checks
    // pending headers every second instead of its default 30, so the limit is what it says.
    http: { headersTimeout: config.connections.headersTimeoutMs, connectionsCheckingInterval: 1_000 },
    requestTimeout: config.connections.requestTimeoutMs,
    keepAliveTimeout: config.connections.keepAliveTimeoutMs,
    maxRequestsPerSocket: config.connections.maxRequestsPerSocket,
    ajv: routeAjvOptions,
    schemaController: { compilersFactory: lazyCompilersFactory() },
    // An address the router cannot read (a percent-escape that is not UTF-8, an over-long id)
    // is answered before any route runs: in the service's error shape, not Fastify's.
    frameworkErrors: badAddress,
  }).withTypeProvider<TypeBoxTypeProvider>();

  const db = options.db ?? openDatabase(config.databasePath);
  app.server.maxConnections = config.connections.maxConnections;
  app.decorate('config', config);
  app.decorate('db', db);
  app.decorate('clock', options.clock ?? systemClock);
  app.decorate('writes', new GroupCommit(db));
  if (!options.db) {
    let checkpointer: WalCheckpointer | null = null;
    // Started once the app is ready, so an app that fails to build leaves no thread behind.
    if (config.databasePath !== ':memory:') {
      app.addHook('onReady', async () => {
        checkpointer = startWalCheckpointer(db.$client, config.databasePath, {
          onError: (message) => app.log.warn(message),
        });
      });
    }
    app.addHook('onClose', async () => {
      await checkpointer?.stop();
      db.$client.close();
    });
  }

  // Before any route is registered, or routes keep Fastify's default handlers.
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    if (isPageAddress(request.url)) return notFoundPage(request, reply);
    return reply.code(404).send({
      error: 'not_found',
      message: `Nothing is at ${request.method} ${request.url.split('?')[0]}. The API is described at /docs.`,
    });
  });

  // Before every route (swagger's included), so that each response gets its headers.
  await app.register(securityHeaders);
  // Pages and lists go out gzip- or brotli-compressed to clients that ask (a phone on a slow line
  // gets the zone list in a few KB). The CSRF token in a page is salted anew for each response,
  // so compression gives no BREACH-style oracle on it.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Indaba',
        description:
          'Peer-learning webinar series: series, sessions, expressions of interest, role line-ups and invitations.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.addHook('onRequest', identify);
  // A POST with no body at all (no content type) is read as {}: routes whose fields are all
  // optional then work, and the others name the missing field instead of "must be object".
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && request.routeOptions.schema?.body) request.body = {};
  });
  await app.register(authRoutes);
  await app.register(seriesRoutes);
  await app.register(sessionRoutes);
  await app.register(interestRoutes);
  await app.register(contactRoutes);
  await app.register(roleRoutes);
  await app.register(rotationRoutes);
  await app.register(invitationRoutes);
  await app.register(attendanceRoutes);
  await app.register(questionRoutes);
  await app.register(outputRoutes);
  await app.register(workstreamRoutes);
  await app.register(prepCallRoutes);
  await app.register(auditRoutes);
  await app.register(webPlugin);
  await app.register(mailPlugin, { autoStart: options.deliverMail ?? true });
  await app.register(repliesPlugin);
  await app.register(outboxRoutes);
  await app.register(imapPlugin, {
    // Each message of the mailbox goes through the one inbound pipeline, as the SMTP receiver's do.
    handler: options.inbound?.handler ?? (async (raw) => void (await app.replies.handle(raw, { channel: 'imap' }))),
    ...(options.inbound?.imapPollIntervalMs !== undefined
      ? { pollIntervalMs: options.inbound.imapPollIntervalMs }
      : {}),
  });
  app.mail.addScheduler(() => queueInterestReminders(db, app.clock));
  app.mail.addScheduler(() => queueRoleHolderReminders(db, app.clock));
  app.mail.addScheduler(() => queueAttendeeReminders(db, app.clock));
  app.mail.addScheduler(() => queueRestoredAttendeeCopies(db, app.clock));
  app.mail.addScheduler(() => queueGroupQuestions(db, app.clock));
  app.mail.addScheduler(() => queueBlogReminders(db, app.clock));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  return app;
}

function errorHandler(
  this: FastifyInstance,
  error: FastifyError | AppError,
  request: Parameters<Parameters<FastifyInstance['setErrorHandler']>[0]>[1],
  reply: Parameters<Parameters<FastifyInstance['setErrorHandler']>[0]>[2],
) {
  if (error instanceof AppError) {
    const body: Record<string, unknown> = { error: error.code, message: error.message };
    if (error.details !== undefined) body.details = error.details;
    return reply.code(error.statusCode).send(body);
  }
  if ('validation' in error && error.validation) {
    return reply.code(400).send({
      error: 'invalid_request',
      message: `The request is not valid: ${describeValidation(error.validationContext ?? 'body', error.validation)}.`,
      details: error.validation.map((v) => ({
        where: `${error.validationContext ?? 'body'}${v.instancePath}`,
        problem: v.message,
        ...(v.params && Object.keys(v.params).length > 0 ? { params: v.params } : {}),
      })),
    });
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const message =
      error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
        ? 'The request body is not valid JSON.'
        : error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
          ? 'The request says its body is JSON but the body is empty: send {} or leave out the Content-Type.'
          : error.message;
    const code = status === 400 ? 'invalid_request' : status === 415 ? 'unsupported_media_type' : errorCodeFor(status);
    return reply.code(status).send({ error: code, message });
  }
  request.log.error({ err: error }, 'unexpected error');
  return reply.code(500).send({
    error: 'internal',
    message: 'Something went wrong on our side; it has been logged. Please try again.',
  });
}

function badAddress(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return reply.code(414).send({
      error: 'uri_too_long',
      message: 'A part of the address is too long: ids and names in an address have at most 100 characters.',
    });
  }
  return reply.code(400).send({
    error: 'invalid_request',
    message: 'The address is not valid: a part of it is not correctly percent-encoded UTF-8.',
  });
}

type ValidationIssue = NonNullable<FastifyError['validation']>[number];

/** The first problem, in words that name the field: "body/title must NOT have more than 200 characters". */
function describeValidation(context: string, issues: ValidationIssue[]): string {
  const [first] = issues;
  if (!first) return 'it does not match its schema';
  const where = `${context}${first.instancePath}`;
  const params = first.params as Record<string, unknown>;
  if (first.keyword === 'additionalProperties') {
    return `${where} has a field "${String(params.additionalProperty)}" that is not part of this request (check its spelling)`;
  }
  if (first.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return `${where} must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${where} ${first.message ?? 'is not valid'}`;
}

function errorCodeFor(status: number): string {
  const names: Record<number, string> = {
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    405: 'method_not_allowed',
    406: 'not_acceptable',
    408: 'request_timeout',
    409: 'conflict',
    413: 'payload_too_large',
    429: 'too_many_requests',
  };
  return names[status] ?? 'invalid_request';
}
