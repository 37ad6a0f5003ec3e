// The bare stack `npm run cli -- token` is compared with: open the database, write a token, print it.
import { createHash, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';

const db = new Database(process.env.DATABASE_PATH ?? ':memory:');
db.pragma('journal_mode = WAL');
db.exec('create table if not exists bare_tokens (hash text primary key, email text, created_at integer)');
const token = randomBytes(32).toString('base64url');
db.prepare('insert into bare_tokens values (?, ?, ?)').run(
  createHash('sha256').update(token).digest('hex'),
  process.argv[2] ?? 'someone@example.org',
  Date.now(),
);
db.close();
console.log(token);
