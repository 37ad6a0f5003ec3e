// The IMAP watcher: reads what comes back to MAIL_FROM from its mailbox (IMAP_URL). Each message
// in the folder is handed, whole, to the inbound handler; only once the handler has resolved is
// it moved to the folder `Processed` (created if missing). So a restart, a crash or a lost
// connection never loses a message (it is still in the folder) and never hands one over twice,
// except when it comes between the handler and the move: the handler is idempotent by
// Message-ID for that. A handler that throws leaves the message where it is, to be tried again
// at the next look. The server is watched with IDLE where it offers it, else polled (every 30 s);
// it is also looked at again every poll interval while idling, which retries what failed. A server
// that goes away is reconnected to with growing waits; nothing here ever throws into the service,
// and nothing logged carries the password.
import { ImapFlow } from 'imapflow';
import type { ImapMailbox } from '../config.js';

/** What the watcher hands each message to (the inbound pipeline): resolves once it is dealt with. */
export type InboundHandler = (raw: Buffer) => Promise<void>;

interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const silent: Logger = { info() {}, warn() {}, error() {} };

export const PROCESSED_FOLDER = 'Processed';

export interface ImapWatcherOptions {
  mailbox: ImapMailbox;
  handler: InboundHandler;
  log?: Logger;
  /** Between two looks at a server without IDLE, and between safety looks while idling (default 30 s). */
  pollIntervalMs?: number;
  /** The first wait before reconnecting (default 1 s), doubled after each failure up to `maxReconnectMs` (default 5 min). */
  reconnectMs?: number;
  maxReconnectMs?: number;
  /** Messages larger than this are left in the folder and logged (default 25 MB). */
  maxMessageBytes?: number;
}

/** The mailbox as logs show it: never the password. */
export function describeMailbox(mailbox: ImapMailbox): string {
  const scheme = mailbox.secure ? 'imaps' : 'imap';
  return `${scheme}://${encodeURIComponent(mailbox.user)}@${mailbox.host}:${mailbox.port}/${mailbox.mailbox}`;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1)$/i;

/** An error as a log line, with the password taken out should a server have echoed it. */
function reasonOf(error: unknown, password: string): string {
  const e = error as { message?: unknown; code?: unknown; responseText?: unknown };
  const parts = [
    typeof e?.code === 'string' ? e.code : null,
    typeof e?.message === 'string' ? e.message : String(error),
    typeof e?.responseText === 'string' ? e.responseText : null,
  ].filter((p): p is string => p !== null && p !== '');
  const text = [...new Set(parts)].join(': ');
  return password ? text.split(password).join('***') : text;
}

export class ImapWatcher {
  readonly #mailbox: ImapMailbox;
  readonly #handler: InboundHandler;
  readonly #log: Logger;
  readonly #pollIntervalMs: number;
  readonly #reconnectMs: number;
  readonly #maxReconnectMs: number;
  readonly #maxMessageBytes: number;
  #running: Promise<void> | null = null;
  #stopping = false;
  #client: ImapFlow | null = null;
  /** Ends the current wait (IDLE, poll, or reconnect wait) early. */
  #wake: (() => void) | null = null;
  /** The server announced a message while none was being waited for: the next wait ends at once. */
  #announced = false;
  /** A message is being handed over and moved: stopping waits for it. */
  #inHand = false;
  /** How many messages were handed over and moved since the start (tests, logs). */
  handled = 0;
  /** Whether the server offered IDLE on the last connection. */
  idling = false;
  /** Whether a connection is open and the folder selected. */
  connected = false;

  constructor(options: ImapWatcherOptions) {
    this.#mailbox = options.mailbox;
    this.#handler = options.handler;
    this.#log = options.log ?? silent;
    this.#pollIntervalMs = options.pollIntervalMs ?? 30_000;
    this.#reconnectMs = options.reconnectMs ?? 1_000;
    this.#maxReconnectMs = options.maxReconnectMs ?? 5 * 60_000;
    this.#maxMessageBytes = options.maxMessageBytes ?? 25 * 1024 * 1024;
  }

  get description(): string {
    return describeMailbox(this.#mailbox);
  }

  /** Starts watching in the background; returns at once. */
  start(): void {
    if (this.#running) return;
    this.#stopping = false;
    this.#running = this.#run().catch((error) =>
      // #run catches everything; this is the last guard, so that nothing reaches the service.
      this.#log.error({ reason: reasonOf(error, this.#mailbox.password) }, 'the IMAP watcher stopped'),
    );
  }

  /** Stops after the message in hand (handled and moved, or left), and logs out. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    // A connection being opened, or a command waiting for a slow server, is cut short; a message
    // in hand is finished first.
    if (!this.#inHand) this.#closeClient();
    await this.#running;
    this.#running = null;
  }

  async #run(): Promise<void> {
    let wait = this.#reconnectMs;
    while (!this.#stopping) {
      let selected = false;
      try {
        await this.#session(() => {
          selected = true;
          wait = this.#reconnectMs;
        });
      } catch (error) {
        if (this.#stopping) break;
        this.#log.warn(
          { mailbox: this.description, reason: reasonOf(error, this.#mailbox.password), retryInMs: wait },
          selected ? 'the IMAP connection was lost' : 'the IMAP mailbox cannot be reached',
        );
      } finally {
        this.connected = false;
        this.#closeClient();
      }
      if (this.#stopping) break;
      await this.#sleep(wait);
      wait = Math.min(wait * 2, this.#maxReconnectMs);
    }
  }

  /** One connection: select the folder, then hand over what is there and wait for more, until stopped or lost. */
  async #session(onSelected: () => void): Promise<void> {
    const m = this.#mailbox;
    const client = new ImapFlow({
      host: m.host,
      port: m.port,
      secure: m.secure,
      // The password never crosses the network in clear: STARTTLS is required, unless the
      // server is on this machine.
      doSTARTTLS: m.secure ? undefined : !LOOPBACK.test(m.host),
      auth: { user: m.user, pass: m.password },
      logger: false,
      disableAutoIdle: true,
      connectionTimeout: 30_000,
      greetingTimeout: 15_000,
      socketTimeout: 5 * 60_000,
    });
    this.#client = client;
    // Without a listener an 'error' event would crash the process.
    client.on('error', (error) => {
      if (!this.#stopping) {
        this.#log.warn({ mailbox: this.description, reason: reasonOf(error, m.password) }, 'IMAP connection error');
      }
    });
    client.on('close', () => this.#wake?.());
    client.on('exists', () => {
      this.#announced = true;
      this.#wake?.();
    });
    await client.connect();
    await this.#ensureFolder(client);
    const lock = await client.getMailboxLock(m.mailbox);
    try {
      this.connected = true;
      this.idling = client.capabilities.has('IDLE');
      onSelected();
      this.#log.info(
        { mailbox: this.description, mode: this.idling ? 'IDLE' : `polled every ${this.#pollIntervalMs} ms` },
        'watching the IMAP mailbox for replies',
      );
      while (!this.#stopping) {
        await this.#drain(client);
        if (this.#stopping) break;
        if (!client.usable) throw new Error('the connection closed');
        if (this.idling) {
          const idle = client.idle().catch(() => false);
          await this.#sleep(this.#pollIntervalMs);
          // A lost connection ends IDLE without settling it: the next connection takes over.
          if (!client.usable) throw new Error('the connection closed');
          // Any command ends IDLE; NOOP also brings what the server has to say.
          await client.noop();
          await idle;
        } else {
          await this.#sleep(this.#pollIntervalMs);
          if (this.#stopping) break;
          if (client.usable) await client.noop();
        }
      }
    } finally {
      lock.release();
    }
    if (client.usable) await client.logout().catch(() => undefined);
  }

  async #ensureFolder(client: ImapFlow): Promise<void> {
    const folders = await client.list();
    if (folders.some((f) => f.path === PROCESSED_FOLDER)) return;
    await client.mailboxCreate(PROCESSED_FOLDER);
    this.#log.info({ folder: PROCESSED_FOLDER }, 'created the IMAP folder for processed messages');
  }

  /** Every message now in the folder, oldest first: handed over, then moved. */
  async #drain(client: ImapFlow): Promise<void> {
    this.#announced = false;
    const found = await client.search({ all: true }, { uid: true });
    const uids = (found || []).sort((a, b) => a - b);
    for (const uid of uids) {
      if (this.#stopping || !client.usable) return;
      const message = await client.fetchOne(String(uid), { source: true, size: true }, { uid: true });
      if (!message) continue;
      if ((message.size ?? 0) > this.#maxMessageBytes || !message.source) {
        this.#log.warn({ uid, size: message.size }, 'an IMAP message is too large to read; it stays in the folder');
        continue;
      }
      this.#inHand = true;
      try {
        try {
          await this.#handler(message.source);
        } catch (error) {
          this.#log.error(
            { uid, reason: reasonOf(error, this.#mailbox.password) },
            'a reply could not be handled; it stays in the folder and is tried again',
          );
          continue;
        }
        await client.messageMove(String(uid), PROCESSED_FOLDER, { uid: true });
        this.handled += 1;
      } finally {
        this.#inHand = false;
      }
    }
  }

  /** Waits `ms`, or less when woken (stop, a new message, a lost connection). */
  #sleep(ms: number): Promise<void> {
    if (this.#stopping || this.#announced) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.#wake === done) this.#wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.#wake = done;
    });
  }

  #closeClient(): void {
    const client = this.#client;
    this.#client = null;
    if (client) {
      try {
        client.close();
      } catch {
        // already closed
      }
    }
  }
}
