// `PRAGMA integrity_check` over every SQLite file in a user-data folder, opened beside the app's own
// connections (WAL lets a second reader in) or after a crash, before anything else touches them.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

function sqliteFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(sqlite|db)$/.test(entry.name)) found.push(join(entry.parentPath, entry.name));
  }
  return found.sort();
}

/** Every cache database under `userDataDir` with what integrity_check said; `ok` is the only good answer. */
export function checkCaches(userDataDir: string): Array<{ file: string; result: string }> {
  return sqliteFiles(userDataDir).map((file) => {
    const db = new DatabaseSync(file);
    try {
      db.exec('PRAGMA busy_timeout = 5000');
      const rows = db.prepare('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>;
      return { file, result: rows.map((row) => row.integrity_check).join('; ') };
    } finally {
      db.close();
    }
  });
}

/** The databases that failed the check (empty = all good); `count` says how many were checked. */
export function corruptCaches(userDataDir: string): { count: number; corrupt: string[] } {
  const results = checkCaches(userDataDir);
  return { count: results.length, corrupt: results.filter((entry) => entry.result !== 'ok').map((entry) => `${entry.file}: ${entry.result}`) };
}
