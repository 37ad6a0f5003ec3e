// Where rendered messages go: an SMTP server (SMTP_URL, pooled connections) or, without one,
// `.eml` files in MAIL_OUTBOX_DIR, one per outbox row, each written whole or not at all.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import type { SMTPPoolOptions } from 'nodemailer/lib/smtp-pool';
import type { Config } from '../config.js';
import type { ServerProblem } from '../domain/vocabulary.js';
import type { RenderedMessage } from './render.js';

/** A rendered message with what the transport adds: its outbox id, Message-ID and Date. */
interface OutgoingMail extends RenderedMessage {
  /** The outbox row's id; names the `.eml` file. */
  id: string;
  messageId: string;
  date: Date;
}

export interface MailTransport {
  /** "smtp://host:port" or "files in <dir>", for logs. */
  readonly description: string;
  /** Resolves once the server accepted the message (or the file is in place); rejects otherwise. */
  send(mail: OutgoingMail): Promise<void>;
  close(): Promise<void>;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[?::1\]?)$/i;

/**
 * nodemailer options for an SMTP_URL. Query parameters are nodemailer's own (`?requireTLS=true`,
 * `?tls.rejectUnauthorized=false`, …), plus `?tls=false`: never upgrade with STARTTLS.
 * A loopback server (a local relay, the tests' server) is spoken to without STARTTLS unless the
 * URL asks for it (`requireTLS=true` or `ignoreTLS=false`): the connection never leaves the
 * machine, and local relays usually offer only a self-signed certificate. Any other host gets
 * STARTTLS whenever it offers it, with its certificate verified.
 */
export function smtpOptions(smtpUrl: string): SMTPPoolOptions {
  const url = new URL(smtpUrl);
  const tls = url.searchParams.get('tls');
  url.searchParams.delete('tls');
  const parsed = parseConnectionUrl(url.toString()) as SMTPPoolOptions;
  const explicit = url.searchParams.has('ignoreTLS') || url.searchParams.has('requireTLS');
  const options: SMTPPoolOptions = {
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    maxConnections: 3,
    maxMessages: 100,
    ...parsed,
  };
  if (tls === 'false') options.ignoreTLS = true;
  else if (!explicit && !options.secure && LOOPBACK.test(url.hostname)) options.ignoreTLS = true;
  return options;
}

const nodemailerMessage = (config: Config, mail: OutgoingMail) => ({
  from: config.mailFrom,
  to: mail.to,
  subject: mail.subject,
  text: mail.text,
  html: mail.html,
  messageId: mail.messageId,
  date: mail.date,
  // Out-of-office replies are not wanted for automatic messages (RFC 3834).
  headers: { 'Auto-Submitted': 'auto-generated', ...mail.headers },
  ...(mail.icalEvent ? { icalEvent: mail.icalEvent } : {}),
  ...(mail.replyTo && mail.replyTo.length > 0 ? { replyTo: mail.replyTo } : {}),
});

function smtpTransport(config: Config, smtpUrl: string): MailTransport {
  const options = smtpOptions(smtpUrl);
  const transporter = nodemailer.createTransport({ ...options, pool: true });
  return {
    description: `smtp://${options.host ?? 'localhost'}:${options.port ?? (options.secure ? 465 : 587)}`,
    async send(mail) {
      const info = await transporter.sendMail(nodemailerMessage(config, mail));
      if (info.accepted.length === 0) {
        throw new Error(`the SMTP server refused ${mail.to}: ${String(info.response ?? info.rejected)}`);
      }
    },
    async close() {
      transporter.close();
    },
  };
}

const SAFE_NAME = /^[\w-]{1,128}$/;

function fileTransport(config: Config): MailTransport {
  // Relative to the working directory, like DATABASE_PATH.
  const dir = resolve(config.mailOutboxDir);
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let ready: Promise<unknown> | null = null;
  return {
    description: `files in ${dir}`,
    async send(mail) {
      if (!SAFE_NAME.test(mail.id)) throw new Error(`"${mail.id}" cannot name a file`);
      ready ??= mkdir(dir, { recursive: true }).catch((error) => {
        ready = null;
        throw error;
      });
      await ready;
      const info = await composer.sendMail(nodemailerMessage(config, mail));
      const message = info.message as Buffer;
      // Written under a temporary name, flushed, then renamed: a crash leaves no half message.
      const target = join(dir, `${mail.id}.eml`);
      const temporary = join(dir, `.${mail.id}.${randomBytes(6).toString('hex')}.tmp`);
      try {
        const handle = await open(temporary, 'wx', 0o640);
        try {
          await handle.writeFile(message);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async close() {
      composer.close();
    },
  };
}

/** SMTP when SMTP_URL is set; otherwise `.eml` files in MAIL_OUTBOX_DIR (created if missing). */
export function createTransport(config: Config): MailTransport {
  return config.smtpUrl ? smtpTransport(config, config.smtpUrl) : fileTransport(config);
}

// Nodemailer's codes (and the socket's own) for a server that could not be reached or spoken to.
const UNREACHABLE = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const SIGN_IN = new Set(['EAUTH', 'ENOAUTH']);

/** What went wrong when `send` rejected, as the outbox page says it: a failed write of an `.eml` file is a server error. */
export function serverProblemOf(error: unknown): ServerProblem {
  const { code, responseCode, command } = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    responseCode?: unknown;
    command?: unknown;
  };
  if (typeof code === 'string' && SIGN_IN.has(code)) return 'server_sign_in';
  if (typeof code === 'string' && UNREACHABLE.has(code)) return 'server_unreachable';
  // Refused for good at RCPT TO: the address (or its domain) does not take mail. A refused
  // MAIL FROM is the service's own sender, a server error like any other.
  const atRecipient = command === 'RCPT TO';
  if (code === 'EENVELOPE' && atRecipient && typeof responseCode === 'number' && responseCode >= 500) {
    return 'address_refused';
  }
  return 'server_error';
}
