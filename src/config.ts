// Environment → typed configuration, validated once at start. A wrong value stops start-up
// with a message naming the variable and what it should look like.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { newSecret } from './lib/ids.js';

export interface Config {
  port: number;
  host: string;
  databasePath: string;
  publicUrl: string;
  smtpUrl: string | null;
  /** The mailbox of MAIL_FROM, watched for replies (IMAP_URL), or null. */
  imap: ImapMailbox | null;
  mailOutboxDir: string;
  mailFrom: { name: string; address: string };
  adminEmail: string;
  secretKey: string;
  connections: ConnectionLimits;
  /** The port of the inbound SMTP receiver (replies to MAIL_FROM and its +tags), or null: off. */
  inboundSmtpPort: number | null;
}

/** Whether anything reads what comes back to MAIL_FROM (calendar buttons, replies). */
export const repliesAreRead = (config: Pick<Config, 'inboundSmtpPort' | 'imap'>): boolean =>
  config.inboundSmtpPort !== null || config.imap !== null;

/** A mailbox to watch, read from IMAP_URL (`imap://user:pass@host:143/INBOX`, `imaps://…:993/…`). */
export interface ImapMailbox {
  host: string;
  port: number;
  /** TLS from the first byte (imaps://); else STARTTLS, required unless the host is this machine. */
  secure: boolean;
  user: string;
  password: string;
  /** The folder watched (default INBOX). */
  mailbox: string;
}

/** How long a client may take and how many it may hold open, so slow or idle sockets cannot pile up. */
export interface ConnectionLimits {
  /** A request's headers must arrive within this; a connection that sends nothing is closed then. */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this. */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  maxConnections: number;
  maxRequestsPerSocket: number;
}

export const defaultConnectionLimits: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 4_000,
  maxRequestsPerSocket: 1_000,
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The project root, so db/, emails/ and views resolve the same from src/ or a build. */
export const projectRoot = resolve(import.meta.dirname, '..');

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+$/;

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

/** "Webinar series <series@localhost>" or a bare address. */
export function parseMailbox(value: string): { name: string; address: string } | null {
  const named = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value);
  const [name, address] = named ? [named[1] ?? '', named[2] ?? ''] : ['', value.trim()];
  return isEmail(address) ? { name: name.trim(), address } : null;
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v === '' ? undefined : v;
  };

  const portText = value('PORT') ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    problems.push(`PORT must be a whole number from 0 to 65535 (got "${portText}").`);
  }

  const host = value('HOST') ?? '127.0.0.1';

  const databasePath = value('DATABASE_PATH') ?? 'data/webinars.db';

  const publicUrl = (value('PUBLIC_URL') ?? `http://localhost:${portText}`).replace(/\/+$/, '');
  if (!isHttpUrl(publicUrl)) {
    problems.push(`PUBLIC_URL must be an http(s) URL such as https://webinars.example.org (got "${publicUrl}").`);
  }

  const smtpUrl = value('SMTP_URL') ?? null;
  if (smtpUrl !== null && !isSmtpUrl(smtpUrl)) {
    problems.push('SMTP_URL must look like smtp://user:pass@host:587 or smtps://host:465.');
  }

  const imapText = value('IMAP_URL') ?? null;
  const imap = imapText === null ? null : parseImapUrl(imapText);
  if (imapText !== null && !imap) {
    problems.push(
      'IMAP_URL must look like imaps://user:password@imap.example.org:993/INBOX (or imap:// for STARTTLS), with the user and the password percent-encoded.',
    );
  }

  const mailOutboxDir = value('MAIL_OUTBOX_DIR') ?? 'data/outbox';

  const mailFromText = value('MAIL_FROM') ?? 'Webinar series <series@localhost>';
  const mailFrom = parseMailbox(mailFromText);
  if (!mailFrom) {
    problems.push(`MAIL_FROM must be an address or "Name <address>" (got "${mailFromText}").`);
  }

  const adminEmail = (value('ADMIN_EMAIL') ?? 'admin@localhost').toLowerCase();
  if (!isEmail(adminEmail)) problems.push(`ADMIN_EMAIL must be an email address (got "${adminEmail}").`);

  const whole = (name: string, fallback: number, min: number, max: number, unit = '') => {
    const text = value(name);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || n > max) {
      problems.push(`${name} must be a whole number${unit} from ${min} to ${max} (got "${text}").`);
      return fallback;
    }
    return n;
  };
  const d = defaultConnectionLimits;
  const headersTimeoutSeconds = whole('HEADERS_TIMEOUT_SECONDS', d.headersTimeoutMs / 1000, 1, 600, ' of seconds');
  const requestTimeoutSeconds = whole('REQUEST_TIMEOUT_SECONDS', d.requestTimeoutMs / 1000, 1, 3600, ' of seconds');
  if (requestTimeoutSeconds < headersTimeoutSeconds) {
    problems.push('REQUEST_TIMEOUT_SECONDS must not be shorter than HEADERS_TIMEOUT_SECONDS.');
  }
  const connections: ConnectionLimits = {
    headersTimeoutMs: headersTimeoutSeconds * 1000,
    requestTimeoutMs: requestTimeoutSeconds * 1000,
    keepAliveTimeoutMs: whole('KEEP_ALIVE_TIMEOUT_SECONDS', d.keepAliveTimeoutMs / 1000, 1, 600, ' of seconds') * 1000,
    maxConnections: whole('MAX_CONNECTIONS', d.maxConnections, 1, 1_000_000),
    maxRequestsPerSocket: whole('MAX_REQUESTS_PER_SOCKET', d.maxRequestsPerSocket, 1, 1_000_000),
  };

  const inboundText = value('INBOUND_SMTP_PORT');
  const inboundSmtpPort = inboundText === undefined ? null : Number(inboundText);
  if (inboundText !== undefined && (!/^\d+$/.test(inboundText) || Number(inboundText) > 65535)) {
    problems.push(`INBOUND_SMTP_PORT must be a whole number from 0 to 65535, e.g. 2525 (got "${inboundText}").`);
  }

  let secretKey = value('SECRET_KEY');
  if (secretKey !== undefined && secretKey.length < 32) {
    problems.push('SECRET_KEY must be at least 32 characters long; or leave it unset to have one generated.');
  }

  if (problems.length > 0) {
    throw new ConfigError(`The configuration is not valid:\n- ${problems.join('\n- ')}`);
  }
  secretKey ??= keptSecret(databasePath);

  return {
    port,
    host,
    databasePath,
    publicUrl,
    smtpUrl,
    imap,
    mailOutboxDir,
    mailFrom: mailFrom as { name: string; address: string },
    adminEmail,
    secretKey,
    connections,
    inboundSmtpPort,
  };
}

/** A secret generated once and kept beside the database, so links stay valid across restarts. */
function keptSecret(databasePath: string): string {
  if (databasePath === ':memory:') return newSecret();
  const file = join(dirname(resolve(databasePath)), 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dirname(file), { recursive: true });
  const secret = newSecret();
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** IMAP_URL's parts, or null when it is not an imap(s) URL with a host, a user and a password. */
export function parseImapUrl(text: string): ImapMailbox | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'imap:' && url.protocol !== 'imaps:') return null;
  const secure = url.protocol === 'imaps:';
  const port = url.port === '' ? (secure ? 993 : 143) : Number(url.port);
  let parts: { user: string; password: string; mailbox: string };
  try {
    parts = {
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
      mailbox: decodeURIComponent(url.pathname.replace(/^\/+|\/+$/g, '')) || 'INBOX',
    };
  } catch {
    return null;
  }
  if (!url.hostname || !parts.user || !parts.password || url.search || url.hash) return null;
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port, secure, ...parts };
}

function isSmtpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** A configuration for tests and tools: in-memory database, mail to files, fixed secret. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    databasePath: ':memory:',
    publicUrl: 'http://localhost:3000',
    smtpUrl: null,
    imap: null,
    mailOutboxDir: 'data/test-outbox',
    mailFrom: { name: 'Webinar series', address: 'series@localhost' },
    adminEmail: 'admin@localhost',
    secretKey: 'test-secret-key-that-is-long-enough-0123456789',
    connections: defaultConnectionLimits,
    inboundSmtpPort: null,
    ...overrides,
  };
}
