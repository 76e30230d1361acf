import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { AppError, isAppError } from '../../../../shared/contract/errors.ts';
import type { HttpStreamResponse } from '../../http/http-stream.ts';

/**
 * The file name in a Content-Disposition header: RFC 5987 `filename*=UTF-8''…` wins over `filename="…"`.
 * Only the last path segment is kept and control characters are dropped, so a server cannot steer where
 * the file lands.
 */
export function contentDispositionFileName(header: string | null): string | null {
  if (!header) return null;
  let name: string | null = null;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (extended?.[2]) {
    try {
      name = decodeURIComponent(extended[2].trim().replace(/^"|"$/g, ''));
    } catch {
      name = null;
    }
  }
  if (name === null) {
    const quoted = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
    const bare = /filename\s*=\s*([^;\s]+)/i.exec(header);
    name = quoted?.[1]?.replace(/\\(.)/g, '$1') ?? bare?.[1] ?? null;
  }
  if (name === null) return null;
  // eslint-disable-next-line no-control-regex
  const safe = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return safe === '' || safe === '.' || safe === '..' ? null : safe;
}

/** Brim's scripts' default: `<project>_extract_<YYYY-MM-DD>.csv`. */
export function defaultExportFileName(projectLabel: string, now: Date = new Date()): string {
  const day = now.toISOString().slice(0, 10);
  const label = projectLabel.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '') || 'brim';
  return `${label}_extract_${day}.csv`;
}

/**
 * Streams a response body to `path` through `path.part`, renamed only once every byte arrived, so a cut
 * connection never leaves a truncated file that looks complete. Memory stays flat (one chunk at a time,
 * with the disk's back-pressure respected).
 */
export async function streamBodyToFile(response: HttpStreamResponse, path: string, onBytes?: (written: number, total: number | null) => void): Promise<number> {
  const lengthHeader = response.headers.get('content-length');
  const total = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
  const partPath = `${path}.part`;
  const out = createWriteStream(partPath);
  let written = 0;
  const reader = response.body.getReader();
  try {
    await new Promise<void>((resolve, reject) => {
      out.once('open', () => resolve());
      out.once('error', reject);
    });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      written += value.byteLength;
      if (!out.write(value)) {
        await new Promise<void>((resolve, reject) => {
          out.once('drain', resolve);
          out.once('error', reject);
        });
      }
      onBytes?.(written, total);
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    if (total !== null && written !== total) {
      throw new AppError('BAD_RESPONSE', `The export from Brim was cut off (${written} of ${total} bytes). Try again.`, { retryable: true });
    }
    await rename(partPath, path);
    return written;
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    out.destroy();
    await rm(partPath, { force: true }).catch(() => undefined);
    if (isAppError(error)) throw error;
    throw new AppError('FILE_SYSTEM', `The Brim export could not be written to disk. Check that there is free space and that the folder is writable, then try again.`, { cause: error });
  }
}
