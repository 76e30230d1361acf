import type { DatabaseSync } from 'node:sqlite';

/**
 * Schema history of a connection's cache database. Append only: a released migration is never edited,
 * because users' caches already ran it. `PRAGMA user_version` records how far a database got.
 */
export const migrations: ReadonlyArray<{ version: number; description: string; up: (db: DatabaseSync) => void }> = [
  {
    version: 1,
    description: 'meta and datasets',
    up: (db) => {
      db.exec(`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
        CREATE TABLE datasets (
          name TEXT PRIMARY KEY,
          table_name TEXT NOT NULL,
          columns_json TEXT NOT NULL,
          row_count INTEGER NOT NULL,
          last_synced_at TEXT NOT NULL,
          info_json TEXT NOT NULL DEFAULT '{}'
        ) STRICT;
      `);
    },
  },
];

export const latestSchemaVersion = migrations.at(-1)?.version ?? 0;

export function migrate(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
  const current = row?.user_version ?? 0;
  if (current > latestSchemaVersion) {
    throw new Error(`This cache was written by a newer Carrel (schema ${current}, this version knows ${latestSchemaVersion}).`);
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      migration.up(db);
      db.exec(`PRAGMA user_version = ${migration.version}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
  return latestSchemaVersion;
}
