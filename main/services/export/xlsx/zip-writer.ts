import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createDeflateRaw, type DeflateRaw } from 'node:zlib';
import { crc32 } from './crc32.ts';

// A minimal streaming ZIP writer (APPNOTE 6.3) for OOXML packages: each entry is DEFLATE-compressed
// through one zlib stream straight to the file, with CRC and sizes in a data descriptor after the data
// (bit 3), as Excel-proven streaming writers do, so no entry is ever held in memory. ZIP64 records are
// written only when a size, an offset or the entry count needs them: some older Office versions
// complain about ZIP64 structures in packages that do not need them.

export interface ZipWriterOptions {
  /** zlib level; 6 is zlib's default balance, lower is faster and larger. */
  level?: number;
  /** Modification time stamped on every entry. */
  date?: Date;
  /** Sizes and offsets at or past this go to ZIP64 fields; only tests lower it. */
  zip64Limit?: number;
  /** More entries than this need the ZIP64 end record; only tests lower it. */
  entryLimit?: number;
}

interface EntryRecord {
  name: Buffer;
  crc: number;
  compressed: number;
  uncompressed: number;
  offset: number;
}

export interface ZipEntry {
  write(data: string | Buffer): Promise<void>;
  end(): Promise<void>;
}

const u16 = (value: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(value);
  return b;
};
const u32 = (value: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(value >>> 0);
  return b;
};
const u64 = (value: number): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(value));
  return b;
};

function dosDateTime(date: Date): { time: number; day: number } {
  const year = Math.max(1980, date.getFullYear());
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    day: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

export class ZipWriter {
  private readonly out: WriteStream;
  private readonly level: number;
  private readonly stamp: { time: number; day: number };
  private readonly zip64Limit: number;
  private readonly entryLimit: number;
  private readonly entries: EntryRecord[] = [];
  private offset = 0;
  private open = false;
  private failure: Error | null = null;
  private deflate: DeflateRaw | null = null;

  constructor(path: string, options: ZipWriterOptions = {}) {
    this.out = createWriteStream(path, { mode: 0o600 });
    this.out.on('error', (error) => {
      this.failure ??= error;
      this.deflate?.destroy(error);
    });
    this.level = options.level ?? 6;
    this.stamp = dosDateTime(options.date ?? new Date());
    this.zip64Limit = options.zip64Limit ?? 0xffffffff;
    this.entryLimit = options.entryLimit ?? 0xffff;
  }

  /** Bytes handed to the file so far (the archive's size once finished). */
  get bytes(): number {
    return this.offset;
  }

  private async put(parts: Buffer[]): Promise<void> {
    if (this.failure) throw this.failure;
    const data = Buffer.concat(parts);
    this.offset += data.length;
    if (!this.out.write(data)) await this.drained();
  }

  private async drained(): Promise<void> {
    if (this.failure) throw this.failure;
    // once() rejects when the stream emits 'error' while waiting (a full disk, for one).
    await once(this.out, 'drain');
  }

  /** Starts an entry; write its content in pieces, then end it before starting the next. */
  async entry(name: string): Promise<ZipEntry> {
    if (this.open) throw new Error('the previous ZIP entry is still open');
    this.open = true;
    const nameBytes = Buffer.from(name, 'utf8');
    const record: EntryRecord = { name: nameBytes, crc: 0, compressed: 0, uncompressed: 0, offset: this.offset };
    const { time, day } = this.stamp;
    await this.put([u32(0x04034b50), u16(20), u16(0x0008), u16(8), u16(time), u16(day), u32(0), u32(0), u32(0), u16(nameBytes.length), u16(0), nameBytes]);
    const deflate = createDeflateRaw({ level: this.level });
    this.deflate = deflate;
    deflate.on('data', (chunk: Buffer) => {
      record.compressed += chunk.length;
      this.offset += chunk.length;
      if (!this.out.write(chunk)) {
        deflate.pause();
        this.out.once('drain', () => deflate.resume());
      }
    });
    const ended = once(deflate, 'end');
    ended.catch(() => undefined);
    return {
      write: async (data) => {
        if (this.failure) throw this.failure;
        const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        if (bytes.length === 0) return;
        record.crc = crc32(bytes, record.crc);
        record.uncompressed += bytes.length;
        if (!deflate.write(bytes)) await once(deflate, 'drain');
      },
      end: async () => {
        deflate.end();
        await ended;
        this.deflate = null;
        const wide = record.compressed >= this.zip64Limit || record.uncompressed >= this.zip64Limit;
        const size = wide ? u64 : u32;
        await this.put([u32(0x08074b50), u32(record.crc), size(record.compressed), size(record.uncompressed)]);
        this.entries.push(record);
        this.open = false;
      },
    };
  }

  /** Writes a whole entry at once (the small package parts). */
  async add(name: string, content: string | Buffer): Promise<void> {
    const entry = await this.entry(name);
    await entry.write(content);
    await entry.end();
  }

  /** Writes the central directory (and ZIP64 end records when needed) and closes the file. */
  async finish(): Promise<{ bytes: number; entries: number }> {
    if (this.open) throw new Error('a ZIP entry is still open');
    const start = this.offset;
    const limit = this.zip64Limit;
    const { time, day } = this.stamp;
    for (const e of this.entries) {
      const extra: Buffer[] = [];
      if (e.uncompressed >= limit) extra.push(u64(e.uncompressed));
      if (e.compressed >= limit) extra.push(u64(e.compressed));
      if (e.offset >= limit) extra.push(u64(e.offset));
      const data = Buffer.concat(extra);
      const extraField = data.length ? Buffer.concat([u16(0x0001), u16(data.length), data]) : Buffer.alloc(0);
      const version = data.length ? 45 : 20;
      await this.put([
        u32(0x02014b50), u16(version), u16(version), u16(0x0008), u16(8), u16(time), u16(day), u32(e.crc),
        u32(e.compressed >= limit ? 0xffffffff : e.compressed), u32(e.uncompressed >= limit ? 0xffffffff : e.uncompressed),
        u16(e.name.length), u16(extraField.length), u16(0), u16(0), u16(0), u32(0),
        u32(e.offset >= limit ? 0xffffffff : e.offset), e.name, extraField,
      ]);
    }
    const size = this.offset - start;
    const count = this.entries.length;
    const wide = count > this.entryLimit || start >= limit || size >= limit;
    if (wide) {
      const recordAt = this.offset;
      await this.put([u32(0x06064b50), u64(44), u16(45), u16(45), u32(0), u32(0), u64(count), u64(count), u64(size), u64(start)]);
      await this.put([u32(0x07064b50), u32(0), u64(recordAt), u32(1)]);
    }
    const shortCount = count > this.entryLimit ? 0xffff : count;
    await this.put([u32(0x06054b50), u16(0), u16(0), u16(shortCount), u16(shortCount), u32(size >= limit ? 0xffffffff : size), u32(start >= limit ? 0xffffffff : start), u16(0)]);
    this.out.end();
    await once(this.out, 'close');
    if (this.failure) throw this.failure;
    return { bytes: this.offset, entries: count };
  }

  /** Stops writing and closes the file (the caller removes it). */
  async abort(): Promise<void> {
    this.deflate?.destroy();
    if (this.out.closed) return;
    const closed = once(this.out, 'close').catch(() => undefined);
    this.out.destroy();
    await closed;
  }
}
