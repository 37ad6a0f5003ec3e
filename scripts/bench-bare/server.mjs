// The bare stack `npm start` is compared with: Fastify and better-sqlite3, one route reading a row.
import Database from 'better-sqlite3';
import Fastify from 'fastify';

const db = new Database(process.env.DATABASE_PATH ?? ':memory:');
db.pragma('journal_mode = WAL');
db.exec('create table if not exists bare (id integer primary key, title text)');
const one = db.prepare('select * from bare limit 1');
const app = Fastify();
app.get('/', async () => one.get() ?? {});
process.once('SIGTERM', () => app.close().then(() => process.exit(0)));
await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
