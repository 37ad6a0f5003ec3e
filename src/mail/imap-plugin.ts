// The IMAP watcher as a Fastify plugin: with IMAP_URL set, `app.imapWatcher` watches MAIL_FROM's
// mailbox from the moment the app is ready until it closes (after the message in hand). Starting
// never waits for the server: an unreachable one is retried in the background, with growing
// waits, and logged (without the password).
//
// Register it in buildApp after the mail plugin:
//   await app.register(imapPlugin, { handler: (raw) => app.replies.handle(raw, { channel: 'imap' }) });

import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { ImapWatcher, type InboundHandler } from './imap-watcher.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The watcher of IMAP_URL's mailbox, or null when IMAP_URL is unset. */
    imapWatcher: ImapWatcher | null;
  }
}

interface ImapPluginOptions {
  /** What each message is handed to; it is moved to Processed once this resolves. */
  handler: InboundHandler;
  /** Between two looks at the mailbox (default 30 s). */
  pollIntervalMs?: number;
}

const imap: FastifyPluginAsync<ImapPluginOptions> = async (app, options) => {
  const mailbox = app.config.imap;
  if (!mailbox) {
    app.decorate('imapWatcher', null);
    return;
  }
  const log = app.log.child({ component: 'imap' });
  const handler = options.handler;
  const watcher = new ImapWatcher({
    mailbox,
    handler,
    log,
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
  });
  app.decorate('imapWatcher', watcher);
  app.addHook('onReady', async () => {
    watcher.start();
  });
  // preClose: the database is still open for the message in hand.
  app.addHook('preClose', async () => {
    await watcher.stop();
  });
};

/** The IMAP watcher of IMAP_URL: `app.imapWatcher`. */
export const imapPlugin = fp(imap, { name: 'indaba-imap', fastify: '5.x' });
export default imapPlugin;
