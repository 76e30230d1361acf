import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { copyFile, lstat, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { AppError } from '../../../shared/contract/errors.ts';
import type { StagedFile } from '../../../shared/contract/files.ts';

const lifetimeMs = 60 * 60 * 1000;
export const maxStagedBytes = 1024 * 1024 * 1024;

interface Entry extends StagedFile {
  path: string;
  createdAt: number;
}

function safeName(name: string): string {
  const base = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f<>:"/\\|?*]/g, '_').trim();
  return base.slice(0, 200) || 'file';
}

/**
 * Files a user drops or picks, on their way to a server. Main copies them into its own folder under a
 * name it chose, so later steps never read a path the renderer supplied, and a file that changes or
 * disappears in the meantime cannot change what is uploaded. Entries expire after an hour.
 */
export class Staging {
  private readonly dir: string;
  private readonly entries = new Map<string, Entry>();

  constructor(userDataDir: string) {
    this.dir = join(userDataDir, 'staging');
    if (existsSync(this.dir)) for (const name of readdirSync(this.dir)) rmSync(join(this.dir, name), { force: true, recursive: true });
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  /** Desktop: a path from the preload (webUtils.getPathForFile). Only regular files, never symlinks or devices. */
  async fromPath(path: string): Promise<StagedFile> {
    let stats;
    try {
      stats = await lstat(path);
    } catch {
      throw new AppError('FILE_SYSTEM', 'That file could not be read. It may have been moved or deleted.');
    }
    if (stats.isSymbolicLink() || !stats.isFile()) throw new AppError('VALIDATION', 'Only ordinary files can be uploaded (not folders, links or devices).');
    if (stats.size > maxStagedBytes) throw new AppError('VALIDATION', `That file is ${Math.round(stats.size / 1024 / 1024)} MB; Carrel uploads files up to 1 GB.`);
    const entry = this.newEntry(basename(path), stats.size);
    await copyFile(path, entry.path);
    return this.remember(entry);
  }

  /** Web shell: the bytes the browser posted; stops reading at the size limit. */
  async fromStream(fileName: string, stream: Readable): Promise<StagedFile> {
    const entry = this.newEntry(fileName, 0);
    let bytes = 0;
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > maxStagedBytes) stream.destroy(new AppError('VALIDATION', 'That file is larger than 1 GB, the most Carrel uploads.'));
    });
    try {
      await pipeline(stream, createWriteStream(entry.path, { mode: 0o600 }));
    } catch (error) {
      await rm(entry.path, { force: true });
      throw error instanceof AppError ? error : new AppError('FILE_SYSTEM', 'The upload to Carrel was interrupted. Try again.');
    }
    entry.bytes = bytes;
    return this.remember(entry);
  }

  async read(stageId: string): Promise<{ fileName: string; bytes: Uint8Array }> {
    const entry = this.get(stageId);
    return { fileName: entry.fileName, bytes: new Uint8Array(await readFile(entry.path)) };
  }

  /** The staged copy itself, for main-side readers that stream it (pre-flight, uploads of large files). */
  file(stageId: string): StagedFile & { path: string } {
    const entry = this.get(stageId);
    return { stageId: entry.stageId, fileName: entry.fileName, bytes: entry.bytes, path: entry.path };
  }

  /** A fresh path inside the staging folder for main to write a file it will then `adopt`. */
  scratchPath(): string {
    return join(this.dir, `scratch-${randomBytes(12).toString('base64url')}`);
  }

  /**
   * Stages a file main wrote itself (e.g. a corrected copy of a notes CSV) under a new id, moving it into
   * place; `path` should come from `scratchPath()` so the move stays on one file system.
   */
  async adopt(fileName: string, path: string): Promise<StagedFile> {
    const stats = await lstat(path);
    const entry = this.newEntry(fileName, stats.size);
    await rename(path, entry.path);
    return this.remember(entry);
  }

  async release(stageId: string): Promise<void> {
    const entry = this.entries.get(stageId);
    this.entries.delete(stageId);
    if (entry) await rm(entry.path, { force: true });
  }

  private get(stageId: string): Entry {
    this.expire();
    const entry = this.entries.get(stageId);
    if (!entry) throw new AppError('NOT_FOUND', 'That file is no longer waiting to be uploaded (it expired after an hour). Drop it again.');
    return entry;
  }

  private newEntry(fileName: string, bytes: number): Entry {
    const stageId = randomBytes(12).toString('base64url');
    return { stageId, fileName: safeName(fileName), bytes, path: join(this.dir, stageId), createdAt: Date.now() };
  }

  private remember(entry: Entry): StagedFile {
    this.expire();
    this.entries.set(entry.stageId, entry);
    return { stageId: entry.stageId, fileName: entry.fileName, bytes: entry.bytes };
  }

  private expire(): void {
    const now = Date.now();
    for (const [id, entry] of this.entries) {
      if (now - entry.createdAt > lifetimeMs) {
        this.entries.delete(id);
        void rm(entry.path, { force: true });
      }
    }
  }
}

/** Writes bytes to a path under a temporary name and renames it, so a half-written file never appears. */
export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const partial = `${path}.${randomBytes(4).toString('hex')}.partial`;
  const handle = await open(partial, 'wx', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(partial, path);
}
