import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from '../db/schema.js';
import { projectRoot } from './config.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Opens (creating the file and its folder if needed) and migrates the database. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // NORMAL is durable across a process crash in WAL mode; only a power loss can lose the last commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  migrateDatabase(db);
  return db;
}

export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: join(projectRoot, 'db', 'migrations') });
}

/** Runs `work` in one SQLite transaction: everything it writes lands together or not at all. */
export function inTransaction<T>(db: Db, work: () => T): T {
  return db.$client.transaction(work)();
}

/**
 * Statements built and compiled once per database instead of on every call: for the queries on
 * hot read paths (each built query costs drizzle and SQLite tens of microseconds).
 */
export function preparedFor<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let statements = cache.get(db);
    if (!statements) {
      statements = build(db);
      cache.set(db, statements);
    }
    return statements;
  };
}
