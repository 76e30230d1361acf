import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { migrate } from './migrations.ts';

const sqliteSuffixes = ['', '-wal', '-shm', '-journal'];

/**
 * One SQLite database per connection under `<userData>/cache/`. Cached records may be protected health
 * information: they stay in the user-data folder, and removing a connection deletes its file. A
 * connection whose offline copy is off keeps its database in `<userData>/cache-volatile/`, which is
 * deleted when Carrel quits and again at the next start (after a crash).
 */
export class CacheDirectory {
  private readonly dir: string;
  private readonly volatileDir: string;
  private readonly keepOffline: (connectionId: string) => boolean;
  private readonly open = new Map<string, DatabaseSync>();

  constructor(userDataDir: string, options: { keepOffline?: (connectionId: string) => boolean } = {}) {
    this.dir = join(userDataDir, 'cache');
    this.volatileDir = join(userDataDir, 'cache-volatile');
    this.keepOffline = options.keepOffline ?? (() => true);
    rmSync(this.volatileDir, { recursive: true, force: true });
  }

  fileFor(connectionId: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(connectionId)) throw new Error('invalid connection id');
    return join(this.keepOffline(connectionId) ? this.dir : this.volatileDir, `${connectionId}.sqlite`);
  }

  /** Every file of a connection's cache that exists, in either place, with its size. */
  filesOf(connectionId: string): Array<{ path: string; bytes: number }> {
    this.fileFor(connectionId); // validates the id
    const name = `${connectionId}.sqlite`;
    const out: Array<{ path: string; bytes: number }> = [];
    for (const folder of [this.dir, this.volatileDir]) {
      for (const suffix of sqliteSuffixes) {
        const path = join(folder, name + suffix);
        const info = statSync(path, { throwIfNoEntry: false });
        if (info) out.push({ path, bytes: info.size });
      }
    }
    return out;
  }

  /** Closes a connection's database (it reopens on next use), e.g. before its files move or go. */
  close(connectionId: string): void {
    this.open.get(connectionId)?.close();
    this.open.delete(connectionId);
  }

  /**
   * After the offline-copy setting changed: moves the closed database to where the setting now says,
   * so that the data synced so far stays usable for this run either way.
   */
  relocate(connectionId: string): void {
    this.close(connectionId);
    const target = this.fileFor(connectionId);
    const source = join(target.startsWith(this.volatileDir) ? this.dir : this.volatileDir, `${connectionId}.sqlite`);
    if (!existsSync(source)) return;
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    for (const suffix of sqliteSuffixes) rmSync(target + suffix, { force: true });
    for (const suffix of sqliteSuffixes) if (existsSync(source + suffix)) renameSync(source + suffix, target + suffix);
  }

  /** Whether a cache exists, without creating one. */
  has(connectionId: string): boolean {
    return this.open.has(connectionId) || existsSync(this.fileFor(connectionId));
  }

  db(connectionId: string): DatabaseSync {
    const existing = this.open.get(connectionId);
    if (existing) return existing;
    const file = this.fileFor(connectionId);
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const db = new DatabaseSync(file);
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
    migrate(db);
    this.open.set(connectionId, db);
    return db;
  }

  /** Closes and deletes a connection's cache wherever it is; answers the bytes freed. */
  remove(connectionId: string): number {
    this.close(connectionId);
    let freed = 0;
    for (const file of this.filesOf(connectionId)) {
      rmSync(file.path, { force: true });
      freed += file.bytes;
    }
    return freed;
  }

  closeAll(): void {
    for (const db of this.open.values()) db.close();
    this.open.clear();
    // Offline copy off means nothing of these connections outlives the run.
    rmSync(this.volatileDir, { recursive: true, force: true });
  }
}

export function readMeta(db: DatabaseSync, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}
