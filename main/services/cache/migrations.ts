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
  {
    version: 2,
    description: 'dataset catalogue (title, group, availability) and a stable row order column',
    up: (db) => {
      db.exec(`
        ALTER TABLE datasets ADD COLUMN title TEXT NOT NULL DEFAULT '';
        ALTER TABLE datasets ADD COLUMN grp TEXT NOT NULL DEFAULT 'records';
        ALTER TABLE datasets ADD COLUMN availability TEXT NOT NULL DEFAULT 'ok';
        ALTER TABLE datasets ADD COLUMN note TEXT;
      `);
      // Row order becomes explicit, so that incremental syncs can keep REDCap's order.
      const tables = db.prepare("SELECT table_name FROM datasets WHERE table_name <> ''").all() as Array<{ table_name: string }>;
      for (const { table_name } of tables) {
        if (!/^ds_[a-z0-9_]+$/.test(table_name)) continue;
        db.exec(`ALTER TABLE ${table_name} ADD COLUMN ord INTEGER NOT NULL DEFAULT 0`);
        db.exec(`UPDATE ${table_name} SET ord = rowid`);
      }
    },
  },
  {
    version: 3,
    description: 'BrainSTEM records as the server sent them, for record views, search and relation labels',
    up: (db) => {
      db.exec(`
        CREATE TABLE bs_objects (
          portal TEXT NOT NULL,
          model TEXT NOT NULL,
          id TEXT NOT NULL,
          label TEXT NOT NULL,
          folded_label TEXT NOT NULL,
          json TEXT NOT NULL,
          synced_at TEXT NOT NULL,
          PRIMARY KEY (portal, model, id)
        ) STRICT, WITHOUT ROWID;
      `);
    },
  },
  {
    version: 4,
    description: 'Brim task history (uploads, generations, exports Carrel started or watched)',
    up: (db) => {
      db.exec(`
        CREATE TABLE brim_tasks (
          task_id TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          state TEXT NOT NULL,
          message TEXT,
          file_name TEXT,
          started_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          finished_at TEXT,
          child_task_id TEXT,
          job_id TEXT
        ) STRICT;
        CREATE INDEX brim_tasks__started ON brim_tasks (started_at);
      `);
    },
  },
  {
    version: 5,
    description: 'journal of record imports: batches written before they are sent, previous values for undo',
    up: (db) => {
      db.exec(`
        CREATE TABLE import_journal (
          id TEXT PRIMARY KEY,
          kind TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          options_json TEXT NOT NULL,
          state TEXT NOT NULL,
          undo_of TEXT,
          error_json TEXT
        ) STRICT;
        CREATE TABLE import_batches (
          import_id TEXT NOT NULL REFERENCES import_journal (id) ON DELETE CASCADE,
          batch_no INTEGER NOT NULL,
          action TEXT NOT NULL,
          record_ids_json TEXT NOT NULL,
          payload_json TEXT NOT NULL,
          row_count INTEGER NOT NULL,
          state TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          sent_at TEXT,
          confirmed_at TEXT,
          answer_json TEXT,
          PRIMARY KEY (import_id, batch_no)
        ) STRICT;
        CREATE TABLE import_previous (
          import_id TEXT NOT NULL REFERENCES import_journal (id) ON DELETE CASCADE,
          seq INTEGER NOT NULL,
          key_json TEXT NOT NULL,
          fields_json TEXT NOT NULL,
          previous_json TEXT,
          new_record INTEGER NOT NULL DEFAULT 0,
          PRIMARY KEY (import_id, seq)
        ) STRICT;
      `);
    },
  },
  {
    version: 6,
    description: 'BrainSTEM imports in the same journal: the service and model of an import, one batch per object with its label, previous values and refusal',
    up: (db) => {
      // A BrainSTEM import is journaled one object per batch (create, update or delete), so the REDCap
      // counts and states serve both; these columns carry what only an object write has.
      db.exec(`
        ALTER TABLE import_journal ADD COLUMN service TEXT NOT NULL DEFAULT 'redcap';
        ALTER TABLE import_journal ADD COLUMN model TEXT;
        ALTER TABLE import_batches ADD COLUMN label TEXT;
        ALTER TABLE import_batches ADD COLUMN source_row INTEGER;
        ALTER TABLE import_batches ADD COLUMN previous_json TEXT;
        ALTER TABLE import_batches ADD COLUMN error_json TEXT;
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
