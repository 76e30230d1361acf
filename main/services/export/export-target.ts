import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError } from '../../../shared/contract/errors.ts';

/** A hidden name beside the target: same folder (so the final rename is atomic), never mistaken for the finished file. */
export function partialPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.partial`);
}

/** Removes partial files; a cleanup that fails (the folder went away or became read-only) must not hide why the export failed. */
async function discard(partials: ReadonlyArray<string>): Promise<void> {
  await Promise.all(partials.map((p) => rm(p, { force: true }).catch(() => undefined)));
}

/** A partial file of the same target untouched for this long belongs to an export that was killed, not to one under way. */
const staleAfterMs = 10 * 60 * 1000;
const partialName = /^\.(.+)\.[0-9a-f]{8}\.partial$/;

/** Partial files that a killed export (power cut, SIGKILL) left beside this target: removed before writing it again. */
export async function removeStalePartials(target: string, now = Date.now()): Promise<number> {
  const folder = dirname(target);
  let removed = 0;
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (partialName.exec(name)?.[1] !== basename(target)) continue;
    const path = join(folder, name);
    const info = await stat(path).catch(() => null);
    if (!info || now - info.mtimeMs < staleAfterMs) continue;
    await rm(path, { force: true }).then(() => removed++, () => undefined);
  }
  return removed;
}

function fileError(error: unknown, folder: string): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new AppError('FILE_SYSTEM', `The folder ${folder} was moved or removed during the export. Choose a folder and export again.`, { cause: error });
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
  for (const target of targets) await removeStalePartials(target);
  try {
    // Claim the names first: a folder we cannot write in fails here, before any work.
    for (const partial of partials) await (await open(partial, 'wx', 0o600)).close();
  } catch (error) {
    await discard(partials);
    throw fileError(error, dirname(targets[0] ?? '.'));
  }
  try {
    const result = await write(partials);
    for (let i = 0; i < targets.length; i++) await rename(partials[i]!, targets[i]!);
    return result;
  } catch (error) {
    await discard(partials);
    if (error instanceof AppError) throw error;
    throw fileError(error, dirname(targets[0] ?? '.'));
  }
}
