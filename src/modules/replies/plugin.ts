// The replies layer as a Fastify plugin: `app.replies.handle(raw, {channel})`, the one entry point
// every inbound channel calls (the SMTP receiver here, the IMAP watcher), and the SMTP receiver on
// INBOUND_SMTP_PORT, started when the app is ready and closed with it.
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { InboundChannel } from '../../domain/vocabulary.js';
import { addInboundRecogniser, handleInboundMessage, type InboundRecogniser, type InboundResult } from './inbound.js';
import { type SmtpReceiver, startSmtpReceiver } from './smtp-receiver.js';

interface RepliesService {
  /** Processes one raw message (idempotent by Message-ID); resolves once its effects are stored. */
  handle(raw: Buffer, options: { channel: InboundChannel; envelopeTo?: string[] }): Promise<InboundResult>;
  /** Adds a recogniser tried before calendar parsing (a mail to the unsubscribe address, for one). */
  addRecogniser(recogniser: InboundRecogniser): void;
  /** The SMTP receiver's port once listening (INBOUND_SMTP_PORT, or the one given for 0), else null. */
  readonly smtpPort: number | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    replies: RepliesService;
  }
}

const replies: FastifyPluginAsync = async (app) => {
  const { db, clock, config } = app;
  let receiver: SmtpReceiver | null = null;
  const handle: RepliesService['handle'] = (raw, options) =>
    handleInboundMessage({ db, clock, config, log: app.log }, raw, options);
  app.decorate('replies', {
    handle,
    addRecogniser: addInboundRecogniser,
    get smtpPort() {
      return receiver?.port ?? null;
    },
  } satisfies RepliesService);

  if (config.inboundSmtpPort !== null) {
    const port = config.inboundSmtpPort;
    app.addHook('onReady', async () => {
      try {
        receiver = await startSmtpReceiver({
          host: config.host,
          port,
          mailFrom: config.mailFrom.address,
          handle: (raw, envelopeTo) => handle(raw, { channel: 'smtp', envelopeTo }),
          log: app.log,
        });
        app.log.info(`replies to ${config.mailFrom.address} are received on ${config.host}:${receiver.port} (SMTP)`);
      } catch (err) {
        // The service runs on without it: replies wait at the sending servers, which retry for days.
        app.log.error({ err }, `the SMTP receiver could not listen on ${config.host}:${port}; replies are not read`);
      }
    });
    // Before the database closes: a message being received finishes or is answered 451.
    app.addHook('preClose', async () => {
      await receiver?.close();
    });
  }
};

/** The replies layer: `app.replies` and the SMTP receiver. */
export const repliesPlugin = fp(replies, { name: 'indaba-replies', fastify: '5.x' });
