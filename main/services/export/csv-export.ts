import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/contract/errors.ts';
import type { DatasetViews, View } from '../cache/dataset-views.ts';
import { csvLine, utf8Bom } from '../files/csv-format.ts';
import type { JobContext } from '../jobs/job-runner.ts';

export interface CsvExportOptions {
  db: DatabaseSync;
  views: DatasetViews;
  view: View;
  target: string;
  header: 'names' | 'labels';
  bom: boolean;
  delimiter?: string;
  context: JobContext;
}

const rowsPerChunk = 2000;

/**
 * Streams a view (its columns, filter, sort and display mode) from the cache to a CSV file. The file is
 * written under a temporary name beside the target and renamed at the end, so a cancelled or failed
 * export never leaves a half-written file that looks complete.
 */
export async function exportViewToCsv(options: CsvExportOptions): Promise<{ rows: number; bytes: number }> {
  const { db, views, view, target, context } = options;
  const delimiter = options.delimiter ?? ',';
  const partial = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.partial`);
  const total = view.rowids.length;
  let bytes = 0;
  let rows = 0;
  let handle;
  try {
    handle = await open(partial, 'wx', 0o600);
  } catch (error) {
    throw new AppError('FILE_SYSTEM', `Cannot write in ${dirname(target)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}. Choose another folder.`, { cause: error });
  }
  try {
    const header = view.columns.map((column) => (options.header === 'labels' ? column.label : column.name));
    let chunk = (options.bom ? utf8Bom : '') + csvLine(header, delimiter);
    for (let offset = 0; offset < total; offset += rowsPerChunk) {
      context.throwIfCancelled();
      for (const row of views.rows(db, view, offset, rowsPerChunk)) {
        chunk += csvLine(row, delimiter);
        rows++;
      }
      bytes += (await handle.write(chunk)).bytesWritten;
      chunk = '';
      context.progress(rows, total, `Written ${rows.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows`);
    }
    if (chunk) bytes += (await handle.write(chunk)).bytesWritten;
    await handle.sync();
    await handle.close();
    handle = undefined;
    context.throwIfCancelled();
    await rename(partial, target);
    return { rows, bytes };
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(partial, { force: true });
    if (error instanceof AppError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError('FILE_SYSTEM', code === 'ENOSPC' ? 'The disk is full. Free some space or choose another drive, then export again.' : `Writing the file failed (${code ?? 'error'}).`, { cause: error });
  }
}
