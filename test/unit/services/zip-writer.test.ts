import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Table } from '../../../main/services/export/xlsx/crc32.ts';
import { ZipWriter } from '../../../main/services/export/xlsx/zip-writer.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

// The ZIP container under every XLSX: read back by a parser written here from APPNOTE 6.3 (every record,
// CRC and size checked) and, where Info-ZIP's unzip is installed, by `unzip -t` as an independent reader.

const tempDir = useTempDirs();
const unzip = ['/usr/bin/unzip', '/bin/unzip'].find((path) => existsSync(path));

interface ParsedEntry {
  name: string;
  content: Buffer;
  centralZip64: boolean;
  descriptorWide: boolean;
}

interface Parsed {
  entries: ParsedEntry[];
  zip64End: boolean;
}

/** Reads an archive through its central directory, following ZIP64 records, and checks every entry's CRC and sizes. */
function parseZip(file: Buffer): Parsed {
  const eocd = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(eocd).toBe(file.length - 22);
  let count = file.readUInt16LE(eocd + 10);
  let cdSize = file.readUInt32LE(eocd + 12);
  let cdStart = file.readUInt32LE(eocd + 16);
  const zip64End = count === 0xffff || cdSize === 0xffffffff || cdStart === 0xffffffff;
  if (zip64End) {
    const locator = eocd - 20;
    expect(file.readUInt32LE(locator)).toBe(0x07064b50);
    const record = Number(file.readBigUInt64LE(locator + 8));
    expect(file.readUInt32LE(record)).toBe(0x06064b50);
    expect(Number(file.readBigUInt64LE(record + 4))).toBe(44);
    count = Number(file.readBigUInt64LE(record + 32));
    cdSize = Number(file.readBigUInt64LE(record + 40));
    cdStart = Number(file.readBigUInt64LE(record + 48));
    expect(record).toBe(cdStart + cdSize);
  }
  const entries: ParsedEntry[] = [];
  let at = cdStart;
  for (let i = 0; i < count; i++) {
    expect(file.readUInt32LE(at)).toBe(0x02014b50);
    const crc = file.readUInt32LE(at + 16);
    let compressed = file.readUInt32LE(at + 20);
    let size = file.readUInt32LE(at + 24);
    const nameLength = file.readUInt16LE(at + 28);
    const extraLength = file.readUInt16LE(at + 30);
    let offset = file.readUInt32LE(at + 42);
    const name = file.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const extra = file.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    const centralZip64 = extraLength > 0;
    if (centralZip64) {
      expect(extra.readUInt16LE(0)).toBe(0x0001);
      let field = 4;
      const next = (): number => Number(extra.readBigUInt64LE((field += 8) - 8));
      if (size === 0xffffffff) size = next();
      if (compressed === 0xffffffff) compressed = next();
      if (offset === 0xffffffff) offset = next();
      expect(field).toBe(extra.length);
    }
    expect(file.readUInt32LE(offset)).toBe(0x04034b50);
    expect(file.readUInt16LE(offset + 6) & 0x0008).toBe(0x0008);
    const dataAt = offset + 30 + file.readUInt16LE(offset + 26) + file.readUInt16LE(offset + 28);
    const content = zlib.inflateRawSync(file.subarray(dataAt, dataAt + compressed));
    expect(content.length).toBe(size);
    expect(crc32Table(content)).toBe(crc);
    const descriptor = dataAt + compressed;
    expect(file.readUInt32LE(descriptor)).toBe(0x08074b50);
    expect(file.readUInt32LE(descriptor + 4)).toBe(crc);
    const wide = Number(file.readBigUInt64LE(descriptor + 8)) === compressed && Number(file.readBigUInt64LE(descriptor + 16)) === size;
    const narrow = file.readUInt32LE(descriptor + 8) === compressed && file.readUInt32LE(descriptor + 12) === size;
    expect(wide || narrow).toBe(true);
    entries.push({ name, content, centralZip64, descriptorWide: wide && !narrow });
    at += 46 + nameLength + extraLength + file.readUInt16LE(at + 32);
  }
  expect(at).toBe(cdStart + cdSize);
  return { entries, zip64End };
}

function unzipTest(path: string): string {
  return execFileSync(unzip!, ['-t', path], { encoding: 'utf8' });
}

async function writeZip(path: string, parts: Array<[string, Buffer | string]>, options: ConstructorParameters<typeof ZipWriter>[1] = {}): Promise<void> {
  const zip = new ZipWriter(path, options);
  for (const [name, content] of parts) await zip.add(name, content);
  await zip.finish();
}

describe('the ZIP writer', () => {
  it('computes CRC-32 as ZIP does, natively and by table, also across pieces', () => {
    expect(crc32Table(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    const data = randomBytes(100_000);
    expect(crc32Table(data.subarray(40_000), crc32Table(data.subarray(0, 40_000)))).toBe(crc32(data));
  });

  it('writes entries that stream in many pieces and read back whole, with sizes only in 32-bit records', async () => {
    const path = join(tempDir(), 'plain.zip');
    const zip = new ZipWriter(path);
    const entry = await zip.entry('xl/worksheets/sheet1.xml');
    const pieces: Buffer[] = [];
    for (let i = 0; i < 200; i++) {
      const piece = Buffer.concat([Buffer.from(`<row r="${i}">`), randomBytes(5000), Buffer.from('</row>')]);
      pieces.push(piece);
      await entry.write(piece);
    }
    await entry.end();
    await zip.add('[Content_Types].xml', '<Types/>');
    await zip.add('empty.txt', '');
    const summary = await zip.finish();
    const file = readFileSync(path);
    expect(summary.bytes).toBe(file.length);
    const parsed = parseZip(file);
    expect(parsed.zip64End).toBe(false);
    expect(parsed.entries.map((e) => [e.name, e.centralZip64])).toEqual([['xl/worksheets/sheet1.xml', false], ['[Content_Types].xml', false], ['empty.txt', false]]);
    expect(parsed.entries[0]!.content.equals(Buffer.concat(pieces))).toBe(true);
    expect(parsed.entries[1]!.content.toString()).toBe('<Types/>');
    expect(parsed.entries[2]!.content.length).toBe(0);
    if (unzip) expect(unzipTest(path)).toMatch(/No errors detected/);
  });

  it('switches to ZIP64 sizes, offsets and end records when they pass the limit', async () => {
    const path = join(tempDir(), 'wide.zip');
    // The real limit is 4 GiB; a lowered one exercises the same records with small data.
    const big = Buffer.from('x'.repeat(5000) + randomBytes(3000).toString('hex'));
    await writeZip(path, [['small.txt', 'tiny'], ['big.xml', big], ['after.txt', 'after the limit']], { zip64Limit: 1000 });
    const parsed = parseZip(readFileSync(path));
    expect(parsed.zip64End).toBe(true);
    expect(parsed.entries.map((e) => [e.name, e.centralZip64, e.descriptorWide])).toEqual([['small.txt', false, false], ['big.xml', true, true], ['after.txt', true, false]]);
    expect(parsed.entries[1]!.content.equals(big)).toBe(true);
    expect(parsed.entries[2]!.content.toString()).toBe('after the limit');
    if (unzip) expect(unzipTest(path)).toMatch(/No errors detected/);
  });

  it('writes the ZIP64 end record when there are more entries than the classic record counts', async () => {
    const path = join(tempDir(), 'many.zip');
    const parts = Array.from({ length: 12 }, (_, i): [string, string] => [`part${i}.xml`, `<p>${i}</p>`]);
    await writeZip(path, parts, { entryLimit: 10 });
    const file = readFileSync(path);
    expect(file.readUInt16LE(file.length - 22 + 10)).toBe(0xffff);
    const parsed = parseZip(file);
    expect(parsed.zip64End).toBe(true);
    expect(parsed.entries.map((e) => e.content.toString())).toEqual(parts.map(([, content]) => content));
    if (unzip) expect(unzipTest(path)).toMatch(/No errors detected/);
  });

  it('reports a folder it cannot write in as an error, not a hang', async () => {
    const zip = new ZipWriter(join(tempDir(), 'missing', 'out.zip'));
    await expect(zip.add('a.txt', 'a').then(() => zip.finish())).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
