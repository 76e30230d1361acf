// The journal as the imports screen lists it: every import and undo of a connection, newest first.

import type { DatabaseSync } from 'node:sqlite';
import type { ImportEntryView } from '../../../shared/contract/imports.ts';
import { readMeta } from '../cache/cache-db.ts';
import { putMeta } from '../cache/dataset-writer.ts';
import { batchCounts, readImport } from './import-journal.ts';

/** The journal has no file-name column; the name sits in the same database's meta, by import id. */
const fileNameKey = (importId: string): string => `imports.fileName.${importId}`;

export function rememberFileName(db: DatabaseSync, importId: string, fileName: string): void {
  putMeta(db, { [fileNameKey(importId)]: fileName });
}

export function listImports(db: DatabaseSync, jobOf: (importId: string) => string | null): ImportEntryView[] {
  const ids = db.prepare('SELECT id FROM import_journal ORDER BY created_at DESC, rowid DESC').all() as Array<{ id: string }>;
  return ids.map(({ id }) => {
    const entry = readImport(db, id);
    const counts = batchCounts(db, id);
    // An undo is listed under the name of the file whose import it reverts.
    const fileName = readMeta(db, fileNameKey(id)) ?? (entry.undoOf ? readMeta(db, fileNameKey(entry.undoOf)) : null);
    const jobId = jobOf(id);
    return {
      importId: id,
      kind: entry.kind,
      undoOf: entry.undoOf,
      // `running` with no job means Carrel died mid-import: to the user it is interrupted, to be resumed or undone.
      state: entry.state === 'running' && jobId === null ? 'interrupted' : entry.state,
      createdAt: entry.createdAt,
      updatedAt: entry.updatedAt,
      fileName,
      batches: counts.batches,
      confirmedBatches: counts.confirmedBatches,
      rows: counts.rows,
      confirmedRows: counts.confirmedRows,
      error: entry.error ? { code: entry.error.code, message: entry.error.message } : null,
      jobId,
    };
  });
}
