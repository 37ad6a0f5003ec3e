// The mail layer as a Fastify plugin: `app.mail` (queueing, schedulers, the worker), the worker
// started when the app is ready and stopped (after the send in flight) when it closes, and the
// outbox routes for admins and series chairs.
//
// Register it in buildApp after the routes' plugins:
//   await app.register(mailPlugin, { autoStart: options.deliverMail ?? true });
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import Type from 'typebox';
import { outboxStatuses } from '../domain/vocabulary.js';
import { conflict, forbidden, notFound } from '../errors.js';
import { isSeriesChair, signedIn } from '../modules/auth/access.js';
import { errorResponses, IdParams } from '../modules/schemas.js';
import { seriesExists } from '../modules/series/repository.js';
import { enqueue, findOutboxRow, listOutbox, type NewMail, OutboxItem, outboxItem, resend } from './outbox.js';
import { type MailKind, subjectOf } from './render.js';
import { createTransport, type MailTransport } from './transport.js';
import { type DeliveryReport, MailWorker, type Scheduler } from './worker.js';

interface MailService {
  worker: MailWorker;
  transport: MailTransport;
  /** Queues a message (call it inside the transaction of the change it reports). False when its dedupeKey exists. */
  enqueue<K extends MailKind>(message: NewMail<K>): boolean;
  /** Adds a function run before each delivery pass to queue what has become due (reminders). */
  addScheduler(scheduler: Scheduler): void;
  /** One delivery pass now (tests, the CLI). */
  deliverDue(): Promise<DeliveryReport>;
}

declare module 'fastify' {
  interface FastifyInstance {
    mail: MailService;
  }
}

interface MailPluginOptions {
  /** Start the worker when the app is ready (default true); tests pass false and call deliverDue(). */
  autoStart?: boolean;
  /** Between delivery passes (default 5 s). */
  intervalMs?: number;
  /** Instead of the transport the configuration names (tests). */
  transport?: MailTransport;
}

const ListQuery = Type.Object(
  {
    series: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "A series' id: its mail only" })),
    status: Type.Optional(Type.Enum([...outboxStatuses])),
    limit: Type.Optional(
      Type.String({
        pattern: '^[1-9][0-9]{0,3}$',
        description: 'At most this many, newest first (1–5000, default 500)',
      }),
    ),
  },
  { additionalProperties: false },
);

const mail: FastifyPluginAsync<MailPluginOptions> = async (fastify, options) => {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, clock, config } = app;
  const transport = options.transport ?? createTransport(config);
  const worker = new MailWorker({
    db,
    clock,
    config,
    transport,
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
    log: app.log,
  });

  app.decorate('mail', {
    worker,
    transport,
    enqueue: (message) => enqueue(db, clock, message),
    addScheduler: (scheduler) => {
      worker.schedulers.push(scheduler);
    },
    deliverDue: () => worker.deliverDue(),
  } satisfies MailService);

  if (options.autoStart ?? true) {
    app.addHook('onReady', async () => {
      worker.start();
      app.log.info(`mail is delivered to ${transport.description}`);
    });
  }
  // preClose runs before any onClose hook, so the database is still open for the last sends.
  app.addHook('preClose', async () => {
    await worker.stop();
  });
  app.addHook('onClose', async () => {
    await transport.close();
  });

  const listGuard = async (request: FastifyRequest) => {
    const person = signedIn(request);
    const seriesId = (request.query as { series?: unknown }).series;
    if (typeof seriesId === 'string' && seriesId !== '') {
      if (seriesExists(db, seriesId) === undefined) throw notFound('series', seriesId);
      if (!isSeriesChair(db, person, seriesId)) {
        throw forbidden("Only a chair of this series (or an administrator) may see the series' mail.");
      }
      return;
    }
    if (!person.isAdmin) {
      throw forbidden(
        'Only an administrator may see all mail; a series chair adds ?series=<series id> to see that series.',
      );
    }
  };

  const resendGuard = async (request: FastifyRequest) => {
    const person = signedIn(request);
    const { id } = request.params as { id: string };
    const row = findOutboxRow(db, id);
    if (!row) throw notFound('message', id);
    if (person.isAdmin || (row.seriesId !== null && isSeriesChair(db, person, row.seriesId))) return;
    throw forbidden("Only a chair of the message's series (or an administrator) may send it again.");
  };

  app.get(
    '/api/outbox',
    {
      onRequest: listGuard,
      schema: {
        tags: ['mail'],
        summary: "The outbox, newest first (admin: all mail; a series chair: ?series=ID, that series' mail)",
        description:
          'A message not yet tried has its subject rendered for this listing; after its first attempt the subject is the one sent.',
        querystring: ListQuery,
        response: { 200: Type.Array(OutboxItem), ...errorResponses },
      },
    },
    async (request) => {
      const { series, status, limit } = request.query;
      const now = clock.now();
      return listOutbox(
        db,
        {
          ...(series ? { seriesId: series } : {}),
          ...(status ? { status } : {}),
          limit: limit ? Math.min(Number(limit), 5000) : 500,
        },
        (row) => subjectOf(row, { db, config, now }),
      );
    },
  );

  app.post(
    '/api/outbox/:id/resend',
    {
      onRequest: resendGuard,
      schema: {
        tags: ['mail'],
        summary: 'Send a failed (or sent) message again, at once (admin or a chair of its series)',
        params: IdParams,
        response: { 200: OutboxItem, ...errorResponses },
      },
    },
    async (request) => {
      const row = resend(db, clock, request.params.id);
      if (!row) {
        const current = findOutboxRow(db, request.params.id);
        if (!current) throw notFound('message', request.params.id);
        throw conflict(
          'already_pending',
          `This message is already waiting to be sent (next attempt at ${current.nextAttemptAt.toISOString()}).`,
        );
      }
      return outboxItem(row, (r) => subjectOf(r, { db, config, now: clock.now() }));
    },
  );
};

/** The mail layer: `app.mail`, the delivery worker, `GET /api/outbox`, `POST /api/outbox/:id/resend`. */
export const mailPlugin = fp(mail, { name: 'indaba-mail', fastify: '5.x' });
export default mailPlugin;
