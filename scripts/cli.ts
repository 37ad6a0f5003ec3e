// npm run cli -- <command>: maintenance commands on the database named by DATABASE_PATH.
import { parseArgs } from 'node:util';
import { systemClock } from '../src/clock.js';
import { ConfigError, isEmail, loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db.js';
import { BackupRefused, backupDatabase } from '../src/lib/backup.js';
import { issueToken } from '../src/modules/auth/tokens.js';
import { ensurePerson } from '../src/modules/people/repository.js';

const usage = `Usage: npm run cli -- <command>

Commands:
  migrate                                   apply database migrations
  demo                                      load the example series; prints its id
  token --email E [--name N] [--admin]      create the person if absent; prints a new API token last
  deliver                                   deliver the mail that is due, once (for those who prefer cron)
  backup FILE [--force]                     write a consistent copy of the database to FILE, also while
                                            the service runs (--force replaces an existing FILE)
`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  switch (command) {
    case 'migrate': {
      openDatabase(config.databasePath).$client.close();
      console.log(`Database ${config.databasePath} is up to date.`);
      return;
    }
    case 'demo': {
      const { loadDemo } = await import('./demo.js');
      const db = openDatabase(config.databasePath);
      const { id, created } = loadDemo(db, systemClock, config);
      db.$client.close();
      console.error(created ? 'Demo series loaded.' : 'The demo series was already there.');
      console.log(id);
      return;
    }
    case 'token': {
      const { values } = parseArgs({
        args: rest,
        options: { email: { type: 'string' }, name: { type: 'string' }, admin: { type: 'boolean', default: false } },
      });
      const email = values.email?.trim().toLowerCase();
      if (!email || !isEmail(email)) fail(`token needs --email with an email address.\n\n${usage}`);
      const db = openDatabase(config.databasePath);
      const person = ensurePerson(db, systemClock, { email, name: values.name, isAdmin: values.admin });
      const { token } = issueToken(db, systemClock, person.id, 'cli');
      db.$client.close();
      console.error(`Token for ${person.email}${person.isAdmin ? ' (admin)' : ''}:`);
      console.log(token);
      return;
    }
    case 'backup': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { force: { type: 'boolean', default: false } },
      });
      const [file, ...extra] = positionals;
      if (!file || extra.length > 0) fail(`backup needs one FILE to write.\n\n${usage}`);
      try {
        const { path, bytes } = await backupDatabase(config.databasePath, file, { force: values.force });
        console.log(`Backed up ${config.databasePath} to ${path} (${formatSize(bytes)}).`);
      } catch (error) {
        if (error instanceof BackupRefused) fail(error.message);
        throw error;
      }
      return;
    }
    case 'deliver': {
      // The app as the service builds it, so the reminder schedulers registered there run too;
      // its worker is not started: one pass, then it closes. Only this command needs the app,
      // so only it loads it.
      const { buildApp } = await import('../src/app.js');
      const app = await buildApp(config, { deliverMail: false });
      await app.ready();
      try {
        const { sent, failed, retried } = await app.mail.deliverDue();
        console.log(`${sent} sent, ${failed} failed, ${retried} to retry later (${app.mail.transport.description}).`);
      } finally {
        await app.close();
      }
      return;
    }
    case undefined:
    case 'help':
    case '--help':
      console.log(usage);
      return;
    default:
      fail(`Unknown command "${command}".\n\n${usage}`);
  }
}

function formatSize(bytes: number): string {
  const exact = `${bytes.toLocaleString('en')} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB, ${exact}`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB, ${exact}`;
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  fail(`Failed: ${error instanceof Error ? error.message : String(error)}`);
}
