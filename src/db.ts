import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { SelectResultFields } from 'drizzle-orm/query-builders/select.types';
import type { SelectedFields, SQLiteColumn } from 'drizzle-orm/sqlite-core';
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

/**
 * Runs `work` in one SQLite transaction: everything it writes lands together or not at all.
 * Inside another transaction it runs in a savepoint, so a failure undoes only its own writes.
 */
export function inTransaction<T>(db: Db, work: () => T): T {
  return atomically(db.$client, work);
}

// better-sqlite3's transaction() builds five wrapper functions on every call; on the submission
// path that was a twentieth of the server's time. These are the same statements, prepared once.
const transactionStatements = new WeakMap<Database.Database, ReturnType<typeof prepareTransactionStatements>>();

function prepareTransactionStatements(client: Database.Database) {
  const prepare = (sql: string) => client.prepare(sql);
  return {
    begin: prepare('BEGIN'),
    commit: prepare('COMMIT'),
    rollback: prepare('ROLLBACK'),
    savepoint: prepare('SAVEPOINT nested'),
    release: prepare('RELEASE nested'),
    rollbackTo: prepare('ROLLBACK TO nested'),
  };
}

/** `inTransaction` on a bare better-sqlite3 connection, with the same semantics as its transaction(). */
export function atomically<T>(client: Database.Database, work: () => T): T {
  let statements = transactionStatements.get(client);
  if (!statements) {
    statements = prepareTransactionStatements(client);
    transactionStatements.set(client, statements);
  }
  const nested = client.inTransaction;
  (nested ? statements.savepoint : statements.begin).run();
  try {
    const result = work();
    if (result instanceof Promise) throw new TypeError('A transaction cannot wait: its work must be synchronous.');
    (nested ? statements.release : statements.commit).run();
    return result;
  } catch (error) {
    // SQLite may already have rolled back on its own (a full disk, for one).
    if (client.inTransaction) {
      if (nested) {
        statements.rollbackTo.run();
        statements.release.run();
      } else {
        statements.rollback.run();
      }
    }
    throw error;
  }
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

/**
 * A prepared `select <fields> from <the column's table> where <column> = ?`, for the statements
 * that read every row of one owner (a series' sessions, its chairs). The cast is the type drizzle
 * gives such a select; it loses it when the table is a parameter.
 */
export function rowsWhere<F extends SelectedFields>(db: Db, fields: F, column: SQLiteColumn) {
  const statement = db
    .select(fields)
    .from(column.table)
    .where(eq(column, sql.placeholder('value')))
    .prepare();
  return (value: string) => statement.all({ value }) as SelectResultFields<F>[];
}
