import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { requiredColumns } from './notes-preflight-checks.ts';

const QUOTE = 0x22;
const quote = Buffer.from('"');
const separator = Buffer.from('","');
const lineEnd = Buffer.from('"\r\n');
const flushBytes = 1024 * 1024;

/**
 * The corrected copy: RFC 4180, UTF-8 without a byte-order mark, every field quoted (as Brim's converter
 * writes it, QUOTE_ALL), CRLF line ends, the five required columns under their exact names. It is written
 * next to its final name and renamed into place only when complete, so a cancelled or failed pre-flight
 * never leaves a half file that could be uploaded.
 */
export class CorrectedCopyWriter {
  readonly path: string;
  private readonly partial: string;
  private readonly out: WriteStream;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private failure: Error | null = null;

  constructor(path: string) {
    this.path = path;
    this.partial = `${path}.partial`;
    this.out = createWriteStream(this.partial, { mode: 0o600 });
    this.out.on('error', (error) => (this.failure = error));
    this.row(requiredColumns.map((name) => Buffer.from(name)));
  }

  row(fields: Buffer[]): void {
    for (let i = 0; i < fields.length; i++) {
      this.put(i === 0 ? quote : separator);
      const field = fields[i]!;
      let from = 0;
      for (let q = field.indexOf(QUOTE); q !== -1; q = field.indexOf(QUOTE, q + 1)) {
        this.put(field.subarray(from, q + 1));
        from = q; // the quote is written twice: once ending the piece, once starting the next
      }
      this.put(from === 0 ? field : field.subarray(from));
    }
    this.put(lineEnd);
  }

  /** Hands what was collected to the file, waiting when the disk is behind (memory stays flat). */
  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pendingBytes === 0) return;
    // Copy now: the collected pieces are views into read buffers that are about to be let go.
    const chunk = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
    if (this.failure) throw this.failure;
  }

  needsFlush(): boolean {
    return this.pendingBytes >= flushBytes;
  }

  async commit(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'close');
    if (this.failure) throw this.failure;
    await rename(this.partial, this.path);
  }

  async discard(): Promise<void> {
    this.pending = [];
    if (!this.out.closed) {
      const closed = once(this.out, 'close').catch(() => undefined);
      this.out.destroy();
      await closed;
    }
    await rm(this.partial, { force: true });
  }

  private put(piece: Buffer): void {
    if (piece.length === 0) return;
    this.pending.push(piece);
    this.pendingBytes += piece.length;
  }
}
