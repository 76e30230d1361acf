import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { AppError, isAppError } from '../../../shared/contract/errors.ts';
import type { PreflightReport } from '../../../shared/contract/brim.ts';
import { NoteRowChecker, readHeader, type Header } from './notes-preflight-checks.ts';
import { ToUtf8, type NotesEncoding } from './notes-preflight-encoding.ts';
import { ProblemLog } from './notes-preflight-problems.ts';
import { CsvRowReader, type RawRow } from './notes-preflight-reader.ts';
import { CorrectedCopyWriter } from './notes-preflight-writer.ts';

export interface NotesPreflightOptions {
  /** The name the user knows the file by (reports and the corrected copy's name use it). */
  fileName: string;
  /** Write a corrected copy here when every blocking problem can be fixed and there is something to fix. */
  writeFixedCopyTo?: string;
  signal?: AbortSignal;
  /** Called after each chunk read (about every megabyte). */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** How many problems to list (all are counted); at most 1,000. */
  maxProblems?: number;
}

/** The report without the staging id (the caller stages the copy), plus where the copy was written. */
export type NotesPreflightResult = Omit<PreflightReport, 'fixedStageId'> & {
  /** The corrected copy (at `writeFixedCopyTo`), or null when none was written. */
  fixedCopyPath: string | null;
};

const chunkBytes = 1024 * 1024;

const encodingNotes: Record<Exclude<NotesEncoding, 'utf-8'>, string> = {
  'utf-8-bom': 'The file starts with a UTF-8 byte-order mark, which can hide the first column name from Brim; the corrected copy leaves it out.',
  'utf-16le': 'The file is UTF-16 (little-endian); Brim reads UTF-8. The corrected copy is converted to UTF-8.',
  'utf-16be': 'The file is UTF-16 (big-endian); Brim reads UTF-8. The corrected copy is converted to UTF-8.',
  'windows-1252': 'The file is not UTF-8; it reads as Windows-1252 (as Excel saves CSV on Windows). The corrected copy is converted to UTF-8; check that accented letters look right in it.',
};

function correctedName(fileName: string): string {
  const ext = extname(fileName);
  return `${basename(fileName, ext) || 'notes'}-corrected.csv`;
}

/**
 * Checks a notes CSV the way Brim will read it, streamed in one pass (memory stays flat whatever the
 * file's size), and optionally writes a corrected copy. The original is only read. Problems name rows
 * and ids, never note text.
 */
export async function preflightNotesCsv(path: string, options: NotesPreflightOptions): Promise<NotesPreflightResult> {
  const { signal, onProgress } = options;
  let totalBytes: number;
  try {
    totalBytes = (await stat(path)).size;
  } catch {
    throw new AppError('FILE_SYSTEM', `${options.fileName} could not be read. It may have been moved or deleted; add it again.`);
  }
  const log = new ProblemLog(Math.min(options.maxProblems ?? 1000, 1000));
  const toUtf8 = new ToUtf8();
  // Set by the row callback, so kept in an object (the compiler cannot follow assignments in callbacks).
  const state: { header: Header | null; checker: NoteRowChecker | null } = { header: null, checker: null };
  const writer = options.writeFixedCopyTo ? new CorrectedCopyWriter(options.writeFixedCopyTo) : null;

  const reader = new CsvRowReader((row: RawRow) => {
    if (!state.checker) {
      state.header = readHeader(row.fields, log);
      state.checker = new NoteRowChecker(state.header, log);
      return;
    }
    if (row.fields.length === 1 && row.sizes[0] === 0) return; // a blank line
    const fixed = state.checker.check(row);
    if (fixed && writer) writer.row(fixed);
  });

  let bytesRead = 0;
  try {
    try {
      for await (const chunk of createReadStream(path, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>) {
        if (signal?.aborted) throw new AppError('CANCELLED', 'Cancelled.');
        reader.push(toUtf8.push(chunk));
        bytesRead += chunk.length;
        onProgress?.(bytesRead, totalBytes);
        if (writer?.needsFlush()) await writer.flush();
      }
      reader.push(toUtf8.end());
      reader.end();
    } catch (error) {
      if (isAppError(error)) throw error;
      throw new AppError('FILE_SYSTEM', `Reading ${options.fileName} failed part way through. Check the file is still there and add it again.`, { cause: error });
    }
    const header = state.header ?? readHeader([], log);
    state.checker?.finish();
    const rows = state.checker?.rows ?? 0;
    if (rows === 0 && header.complete) log.fileProblem('malformed-row', 'The file has a header but no notes.', false);
    if (toUtf8.encoding !== 'utf-8') log.fileProblem('encoding', encodingNotes[toUtf8.encoding], true);
    if (toUtf8.mixedAt !== null) {
      log.fileProblem('encoding', `The file is in two encodings: UTF-8 at first, then something else from about byte ${toUtf8.mixedAt.toLocaleString('en-US')}. Save it again as UTF-8.`, false);
    }

    const uploadable = log.blocking === 0;
    const fixable = uploadable && log.fixable > 0;
    let fixedCopyPath: string | null = null;
    if (writer) {
      if (fixable) {
        await writer.commit();
        fixedCopyPath = writer.path;
      } else await writer.discard();
    }
    return {
      fileName: options.fileName,
      bytes: totalBytes,
      encoding: toUtf8.encoding,
      rows,
      patients: state.checker?.patientCount ?? 0,
      columns: header.columns,
      counts: log.counts,
      problems: log.list(),
      uploadable,
      fixable,
      fixedFileName: fixedCopyPath ? correctedName(options.fileName) : null,
      fixedCopyPath,
    };
  } catch (error) {
    await writer?.discard();
    throw error;
  }
}
