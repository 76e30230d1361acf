import * as zlib from 'node:zlib';

// Node 22.2+ (and so Electron's Node) has a native zlib.crc32; the table is the fallback for older runtimes.
const native = (zlib as { crc32?: (data: Buffer, value?: number) => number }).crc32;

let table: Uint32Array | null = null;

function makeTable(): Uint32Array {
  const made = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    made[n] = c >>> 0;
  }
  return made;
}

/** CRC-32 as ZIP uses it (IEEE 802.3 polynomial); pass the previous value to continue over a stream. */
export function crc32Table(data: Buffer, previous = 0): number {
  table ??= makeTable();
  let crc = previous ^ 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function crc32(data: Buffer, previous = 0): number {
  return native ? native(data, previous) >>> 0 : crc32Table(data, previous);
}
