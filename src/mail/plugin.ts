// The mail layer as a Fastify plugin: `app.mail` (queueing, schedulers, the worker), the worker
// started when the app is ready and stopped (after the send in flight) when it closes. The
// outbox routes for admins and series chairs are modules/outbox/routes.ts.
//
// Register it in buildApp after the routes' plugins:
//   await app.register(mailPlugin, { autoStart: options.deliverMail ?? true });
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { enqueue, type NewMail } from './outbox.js';
import type { MailKind } from './render.js';
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
};

/** The mail layer: `app.mail` and the delivery worker. */
export const mailPlugin = fp(mail, { name: 'indaba-mail', fastify: '5.x' });
export default mailPlugin;
