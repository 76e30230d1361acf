import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../../shared/contract/errors.ts';

/** A hidden name beside the target: same folder (so the final rename is atomic), never mistaken for the finished file. */
export function partialPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.partial`);
}

function fileError(error: unknown, folder: string): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return new AppError('FILE_SYSTEM', 'The disk is full. Free some space or choose another drive, then export again.', { cause: error });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new AppError('FILE_SYSTEM', `Cannot write in ${folder} (${code}). Choose another folder.`, { cause: error });
  return new AppError('FILE_SYSTEM', `Writing the file failed (${code ?? 'error'}). Try again, or choose another folder.`, { cause: error });
}

/**
 * Writes one or more files (a statistics bundle's script and data) under temporary names beside their
 * targets and renames them all at the end, so that a cancelled or failed export never leaves a
 * half-written file that looks complete: on any error every partial file is removed.
 */
export async function writeAtomically<T>(targets: ReadonlyArray<string>, write: (partials: string[]) => Promise<T>): Promise<T> {
  const partials = targets.map(partialPath);
  try {
    // Claim the names first: a folder we cannot write in fails here, before any work.
    for (const partial of partials) await (await open(partial, 'wx', 0o600)).close();
  } catch (error) {
    await Promise.all(partials.map((p) => rm(p, { force: true })));
    throw fileError(error, dirname(targets[0] ?? '.'));
  }
  try {
    const result = await write(partials);
    for (let i = 0; i < targets.length; i++) await rename(partials[i]!, targets[i]!);
    return result;
  } catch (error) {
    await Promise.all(partials.map((p) => rm(p, { force: true })));
    if (error instanceof AppError) throw error;
    throw fileError(error, dirname(targets[0] ?? '.'));
  }
}
