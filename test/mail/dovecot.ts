// A real IMAP server for the tests: Debian's Dovecot (`dovecot-imapd`), started with a
// configuration of its own in a temporary folder (loopback only, a free port, no TLS, one user
// with a plain password, maildir storage in that folder, its sockets, state and log there too),
// stopped in teardown. It runs as the current user; under root, Dovecot's own unprivileged users
// run its login and mail processes, as it requires. Messages are put in with imapflow.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ImapFlow } from 'imapflow';
import { freePort } from '../../scripts/free-port.js';
import type { ImapMailbox } from '../../src/config.js';
import type { TestContext } from '../helper.js';

export const DOVECOT = '/usr/sbin/dovecot';

export interface DovecotServer {
  port: number;
  mailbox: ImapMailbox;
  /** `imap://user:password@127.0.0.1:port/INBOX` */
  url: string;
  /** Puts a message in a folder (INBOX by default), as a delivery would. */
  append(raw: string, folder?: string): Promise<void>;
  /** The Message-IDs in a folder, oldest first. */
  messageIds(folder: string): Promise<string[]>;
  /** Stops the server (its listening port stays reserved for `start`). */
  stop(): Promise<void>;
  /** Starts it again on the same port, with the same mail. */
  start(): Promise<void>;
  log(): string;
}

/** Whether Dovecot can be run here (the tests that need it are skipped otherwise, saying why). */
export const dovecotMissing = (): string | false =>
  existsSync(DOVECOT) ? false : `${DOVECOT} is not installed (Debian package dovecot-imapd)`;

/** uid and gid of a system user, from /etc/passwd. */
function systemUser(name: string): { uid: number; gid: number } | null {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return null;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

export interface DovecotOptions {
  /** Offer IDLE (default true); without it the watcher has to poll. */
  idle?: boolean;
}

export async function startDovecot(t: TestContext, options: DovecotOptions = {}): Promise<DovecotServer> {
  const dir = mkdtempSync(join(tmpdir(), 'indaba-dovecot-'));
  // Dovecot's unprivileged processes must be able to reach their sockets and the mail.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const user = 'replies';
  const password = 'app-password-0123';
  const root = process.getuid?.() === 0;
  const self = { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
  const mailUser = root ? systemUser('dovecot') : self;
  if (!mailUser) throw new Error('running as root needs the system user "dovecot" (from the dovecot-core package)');
  const name = root ? null : execFileSync('id', ['-un']).toString().trim();
  const group = root ? null : execFileSync('id', ['-gn']).toString().trim();
  for (const sub of ['run', 'state', 'mail', 'home']) mkdirSync(join(dir, sub));
  if (root) {
    chownSync(join(dir, 'mail'), mailUser.uid, mailUser.gid);
    chownSync(join(dir, 'home'), mailUser.uid, mailUser.gid);
  }
  writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`, { mode: 0o644 });
  const capabilities =
    options.idle === false
      ? 'imap_capability = IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE LITERAL+ NAMESPACE UIDPLUS MOVE LIST-EXTENDED CHILDREN\n'
      : '';
  const config = `# Written by the tests (test/mail/dovecot.ts).
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:${dir}/mail/%u
first_valid_uid = ${mailUser.uid}
first_valid_gid = ${mailUser.gid}
default_internal_user = ${root ? 'dovecot' : name}
default_internal_group = ${root ? 'dovecot' : group}
default_login_user = ${root ? 'dovenull' : name}
${capabilities}passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${mailUser.uid} gid=${mailUser.gid} home=${dir}/home/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
protocol imap {
  mail_max_userip_connections = 100
}
`;
  const configFile = join(dir, 'dovecot.conf');
  writeFileSync(configFile, config);
  const pidFile = join(dir, 'run', 'master.pid');
  const mailbox: ImapMailbox = { host: '127.0.0.1', port, secure: false, user, password, mailbox: 'INBOX' };

  const client = async () => {
    const c = new ImapFlow({ ...mailbox, auth: { user, pass: password }, logger: false, doSTARTTLS: false });
    c.on('error', () => undefined);
    await c.connect();
    return c;
  };

  // In the foreground (-F), as a child of the test in a process group of its own: stopped by
  // that group's id, its IMAP processes with it (they outlive a master stopped alone).
  let child: ChildProcess | null = null;
  let output = '';
  const start = async () => {
    const started = spawn(DOVECOT, ['-F', '-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child = started;
    started.stdout?.on('data', (chunk) => {
      output += String(chunk);
    });
    started.stderr?.on('data', (chunk) => {
      output += String(chunk);
    });
    started.once('exit', () => {
      if (child === started) child = null;
    });
    // Ready once it takes a login.
    for (let i = 0; ; i++) {
      try {
        const c = await client();
        await c.logout();
        return;
      } catch (error) {
        if (i > 100 || !child)
          throw new Error(`dovecot does not answer on ${port}: ${String(error)}\n${output}${log()}`);
        await delay(50);
      }
    }
  };
  const stop = async () => {
    const running = child;
    if (!running) return;
    child = null;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    const group = -(running.pid as number);
    process.kill(group, 'SIGTERM');
    await exited;
    // What is left of the group (a session's process finishing): ended too.
    for (let i = 0; i < 40; i++) {
      try {
        process.kill(group, i < 20 ? 'SIGTERM' : 'SIGKILL');
      } catch {
        break;
      }
      await delay(25);
    }
    // Gone once the master has removed its pid file and the port is free.
    for (let i = 0; i < 200 && existsSync(pidFile); i++) await delay(25);
    for (let i = 0; i < 200; i++) {
      if (await portIsFree(port)) break;
      await delay(25);
    }
  };
  const log = () => (existsSync(join(dir, 'dovecot.log')) ? readFileSync(join(dir, 'dovecot.log'), 'utf8') : '');

  await start();
  t.teardown(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });

  return {
    port,
    mailbox,
    url: `imap://${user}:${password}@127.0.0.1:${port}/INBOX`,
    async append(raw, folder = 'INBOX') {
      const c = await client();
      try {
        await c.append(folder, raw);
      } finally {
        await c.logout();
      }
    },
    async messageIds(folder) {
      const c = await client();
      try {
        // A folder not there yet holds nothing.
        if (!(await c.list()).some((f) => f.path === folder)) return [];
        const lock = await c.getMailboxLock(folder);
        try {
          const ids: string[] = [];
          for await (const m of c.fetch('1:*', { envelope: true }, { uid: true })) {
            ids.push(m.envelope?.messageId ?? '');
          }
          return ids;
        } finally {
          lock.release();
        }
      } finally {
        await c.logout();
      }
    },
    stop,
    start,
    log,
  };
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A small message as a person or a calendar would send it back. */
export function message(id: string, subject = `Re: ${id}`): string {
  return [
    'From: Jean Uwase <jean@example.org>',
    'To: series@example.org',
    `Subject: ${subject}`,
    `Message-ID: <${id}@example.org>`,
    'Date: Mon, 01 Feb 2027 09:00:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Body of ${id}.`,
    '',
  ].join('\r\n');
}
