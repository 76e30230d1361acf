import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The newest log is always `carrel.log`; older ones are `carrel.log.1` (newer) … `carrel.log.<keep-1>`. */
export const logFileName = 'carrel.log';

export interface RotationLimits {
  /** A file that has reached this size is rolled before the next line is written. */
  maxBytes: number;
  /** How many files to keep in all, the current one included. */
  files: number;
}

export const defaultRotation: RotationLimits = { maxBytes: 5 * 1024 * 1024, files: 5 };

export function logFiles(dir: string, limits: RotationLimits = defaultRotation): string[] {
  const names = [logFileName];
  for (let n = 1; n < limits.files; n++) names.push(`${logFileName}.${n}`);
  return names.map((name) => join(dir, name));
}

/**
 * Rolls `carrel.log` to `.1`, `.1` to `.2` … once the current file would pass the limit; the oldest falls
 * off. A support request then carries days of history while the folder never grows past files × maxBytes.
 */
export function rotateIfNeeded(dir: string, incomingBytes: number, limits: RotationLimits = defaultRotation): boolean {
  const files = logFiles(dir, limits);
  const current = files[0]!;
  const size = statSync(current, { throwIfNoEntry: false })?.size ?? 0;
  if (size === 0 || size + incomingBytes <= limits.maxBytes) return false;
  rmSync(files[files.length - 1]!, { force: true });
  for (let n = files.length - 2; n >= 0; n--) {
    if (existsSync(files[n]!)) renameSync(files[n]!, files[n + 1]!);
  }
  return true;
}

/** The last `bytes` of a file as text (the first, probably partial, line dropped); '' when it is missing. */
function tail(path: string, bytes: number): string {
  let fd: number | null = null;
  try {
    const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    if (size === 0) return '';
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    fd = openSync(path, 'r');
    readSync(fd, buffer, 0, length, size - length);
    const text = buffer.toString('utf8');
    return length < size ? text.slice(text.indexOf('\n') + 1) : text;
  } catch {
    return '';
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** The newest `limit` lines of the given levels (oldest first), read from the end of the current and previous files. */
export function recentLines(dir: string, levels: ReadonlyArray<'ERROR' | 'WARN'>, limit: number, limits: RotationLimits = defaultRotation): string[] {
  const found: string[] = [];
  const markers = levels.map((level) => ` ${level} `);
  for (const file of logFiles(dir, limits)) {
    const lines = tail(file, 512 * 1024).split('\n').filter((line) => markers.some((marker) => line.slice(0, 40).includes(marker)));
    found.unshift(...lines);
    if (found.length >= limit) break;
  }
  return found.slice(-limit);
}
