import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { migrate } from './migrations.ts';

/**
 * One SQLite database per connection under `<userData>/cache/`. Cached records may be protected health
 * information: they stay in the user-data folder, and removing a connection deletes its file.
 */
export class CacheDirectory {
  private readonly dir: string;
  private readonly open = new Map<string, DatabaseSync>();

  constructor(userDataDir: string) {
    this.dir = join(userDataDir, 'cache');
  }

  fileFor(connectionId: string): string {
    if (!/^[A-Za-z0-9_-]+$/.test(connectionId)) throw new Error('invalid connection id');
    return join(this.dir, `${connectionId}.sqlite`);
  }

  /** Whether a cache exists, without creating one. */
  has(connectionId: string): boolean {
    return this.open.has(connectionId) || existsSync(this.fileFor(connectionId));
  }

  db(connectionId: string): DatabaseSync {
    const existing = this.open.get(connectionId);
    if (existing) return existing;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const db = new DatabaseSync(this.fileFor(connectionId));
    db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
    migrate(db);
    this.open.set(connectionId, db);
    return db;
  }

  remove(connectionId: string): void {
    this.open.get(connectionId)?.close();
    this.open.delete(connectionId);
    const file = this.fileFor(connectionId);
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
  }

  closeAll(): void {
    for (const db of this.open.values()) db.close();
    this.open.clear();
  }
}

export function readMeta(db: DatabaseSync, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}
