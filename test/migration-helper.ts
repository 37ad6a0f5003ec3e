// A database migrated up to, not including, one migration, and the step that applies the rest:
// what the tests of a migration need to store rows the old way and check what becomes of them.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { projectRoot } from '../src/config.js';
import type { TestContext } from './helper.js';

/** The database as it stood before migration `tag` (e.g. `0014`); `last` is the tag applied last. */
export function databaseBefore(t: TestContext, tag: string) {
  const dir = mkdtempSync(join(tmpdir(), `indaba-before-${tag}-`));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const before = join(dir, 'migrations');
  mkdirSync(join(before, 'meta'), { recursive: true });
  const all = join(projectRoot, 'db', 'migrations');
  const journal = JSON.parse(readFileSync(join(all, 'meta', '_journal.json'), 'utf8'));
  journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < tag);
  for (const entry of journal.entries) copyFileSync(join(all, `${entry.tag}.sql`), join(before, `${entry.tag}.sql`));
  writeFileSync(join(before, 'meta', '_journal.json'), JSON.stringify(journal));
  const sqlite = new Database(join(dir, 'webinars.db'));
  t.teardown(() => sqlite.close());
  const db = drizzle(sqlite);
  migrate(db, { migrationsFolder: before });
  return {
    sqlite,
    last: journal.entries.at(-1)?.tag as string,
    run: (statement: string) => sqlite.prepare(statement).run(),
    /** Applies every migration after the ones already applied. */
    migrateAll: () => migrate(db, { migrationsFolder: all }),
  };
}
