// A consistent copy of the database while the service keeps taking writes: SQLite's online
// backup, through a connection of its own (the service may be running in another process).
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';

/** A refusal the person running the backup can act on; nothing was written. */
export class BackupRefused extends Error {}

interface BackupOptions {
  /** Replace FILE if it exists. */
  force?: boolean;
  /** Pages copied per step (between steps the service's writes go on); default 1000. */
  pagesPerStep?: number;
  /** Called after each step. */
  onProgress?: (progress: { totalPages: number; remainingPages: number; restarts: number }) => void;
}

interface BackupResult {
  /** The absolute path written. */
  path: string;
  bytes: number;
  pages: number;
  /** How many times a write by another connection made SQLite start the copy again. */
  restarts: number;
}

/**
 * Copies the database at `source` to `target`, page by page. A write by another connection
 * between two steps makes SQLite start the copy again; after the first such restart the rest
 * is copied in one step, which holds only a read transaction (in WAL mode writers go on), so
 * a busy service cannot keep the backup from finishing. The copy is written beside `target`
 * under a temporary name, checked, then renamed: `target` is never a half-written file.
 */
export async function backupDatabase(
  source: string,
  target: string,
  options: BackupOptions = {},
): Promise<BackupResult> {
  const path = resolve(target);
  checkTarget(source, path, options.force ?? false);
  const sourcePath = resolve(source);
  if (source === ':memory:' || !existsSync(sourcePath)) {
    throw new BackupRefused(`There is no database at ${source} (DATABASE_PATH) to back up.`);
  }

  const db = new Database(sourcePath, { fileMustExist: true });
  const partial = `${path}.partial-${process.pid}`;
  try {
    db.pragma('busy_timeout = 5000');
    const step = Math.max(1, Math.round(options.pagesPerStep ?? 1000));
    // A step that ends with fewer pages done than the last one plus its share started again.
    let copied = 0;
    let rate = 0;
    let restarts = 0;
    const { totalPages } = await db.backup(partial, {
      progress({ totalPages, remainingPages }) {
        const done = totalPages - remainingPages;
        if (done < copied + rate) restarts += 1;
        copied = done;
        options.onProgress?.({ totalPages, remainingPages, restarts });
        rate = restarts > 0 ? 0x7fffffff : step;
        return rate;
      },
    });
    const copy = new Database(partial, { fileMustExist: true });
    try {
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy does not pass SQLite's check (${String(check)})`);
    } finally {
      copy.close();
    }
    // A replaced file's own log must go with it, or SQLite would read it into the new copy.
    removeWithSidecars(path, ['-journal', '-wal', '-shm']);
    renameSync(partial, path);
    return { path, bytes: statSync(path).size, pages: totalPages, restarts };
  } catch (error) {
    removeWithSidecars(partial);
    throw error;
  } finally {
    db.close();
  }
}

function checkTarget(source: string, path: string, force: boolean) {
  const folder = dirname(path);
  const folderInfo = statSync(folder, { throwIfNoEntry: false });
  if (!folderInfo?.isDirectory()) {
    throw new BackupRefused(`The folder ${folder} does not exist: create it first, or choose another place.`);
  }
  const info = statSync(path, { throwIfNoEntry: false });
  if (!info) return;
  if (info.isDirectory())
    throw new BackupRefused(`${path} is a folder: name the file to write, e.g. ${path}/webinars.db.`);
  if (source !== ':memory:' && resolve(source) === path) {
    throw new BackupRefused(`${path} is the database itself: write the backup somewhere else.`);
  }
  if (!force) throw new BackupRefused(`${path} exists already: choose another name, or add --force to replace it.`);
}

function removeWithSidecars(file: string, suffixes = ['', '-journal', '-wal', '-shm']) {
  for (const suffix of suffixes) rmSync(`${file}${suffix}`, { force: true });
}
