import { isAscii, isUtf8 } from 'node:buffer';
import { TextDecoder } from 'node:util';

export type NotesEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/**
 * Turns the bytes of a notes CSV, in whatever encoding it came, into UTF-8 bytes, chunk by chunk, so the
 * row reader only ever sees UTF-8. UTF-8 input passes through untouched (validated, not decoded: the note
 * texts are most of the bytes and are never needed as strings). Windows-1252 is detected when the bytes
 * are not valid UTF-8; Excel on Windows saves "CSV" that way.
 */
export class ToUtf8 {
  encoding: NotesEncoding = 'utf-8';
  /** The first byte offset that was not valid UTF-8 after UTF-8 text with non-ASCII characters: a file in two encodings. */
  mixedAt: number | null = null;
  /** Where, in the UTF-8 returned by the push that found the mix, the other encoding starts (so a reader can name the row). */
  mixedOutputAt: number | null = null;
  private started = false;
  private decoder: TextDecoder | null = null;
  /** The incomplete UTF-8 sequence at the end of the previous chunk. */
  private tail: Buffer | null = null;
  private sawNonAscii = false;
  private offset = 0;

  push(chunk: Buffer): Buffer {
    let input = chunk;
    if (!this.started) {
      this.started = true;
      input = this.sniff(input);
    }
    const at = this.offset;
    this.offset += chunk.length;
    if (this.decoder) return Buffer.from(this.decoder.decode(input, { stream: true }), 'utf8');
    if (this.tail) {
      input = Buffer.concat([this.tail, input]);
      this.tail = null;
    }
    const cut = completeUtf8Length(input);
    const whole = cut === input.length ? input : input.subarray(0, cut);
    if (isUtf8(whole)) {
      if (cut < input.length) this.tail = Buffer.from(input.subarray(cut));
      if (!this.sawNonAscii && !isAscii(whole)) this.sawNonAscii = true;
      return whole;
    }
    // Not UTF-8. Everything before was ASCII, which reads the same in Windows-1252, so switching now
    // loses nothing, unless UTF-8 letters came before (in an earlier chunk or earlier in this one): then
    // the file mixes two encodings, and the valid UTF-8 before the first bad byte passes through as it is.
    const bad = firstInvalidUtf8(input);
    const before = input.subarray(0, bad);
    this.decoder = new TextDecoder('windows-1252');
    if (this.sawNonAscii || !isAscii(before)) {
      this.mixedAt = at - (input.length - chunk.length) + bad;
      this.mixedOutputAt = bad;
      return Buffer.concat([before, Buffer.from(this.decoder.decode(input.subarray(bad), { stream: true }), 'utf8')]);
    }
    this.encoding = 'windows-1252';
    return Buffer.from(this.decoder.decode(input, { stream: true }), 'utf8');
  }

  end(): Buffer {
    if (this.decoder) return Buffer.from(this.decoder.decode(), 'utf8');
    if (this.tail) {
      // A file that ends inside a UTF-8 sequence: the bytes are not UTF-8 after all.
      const rest = this.tail;
      this.tail = null;
      if (this.sawNonAscii) {
        this.mixedAt = this.offset - rest.length;
        this.mixedOutputAt = 0;
      } else this.encoding = 'windows-1252';
      return Buffer.from(new TextDecoder('windows-1252').decode(rest), 'utf8');
    }
    return Buffer.alloc(0);
  }

  private sniff(chunk: Buffer): Buffer {
    const [a, b, c] = [chunk[0], chunk[1], chunk[2]];
    if (a === 0xef && b === 0xbb && c === 0xbf) {
      this.encoding = 'utf-8-bom';
      return chunk.subarray(3);
    }
    // UTF-16 with a byte-order mark, or without one when the header starts with an ASCII letter
    // (every notes CSV header does), which shows as a letter next to a zero byte.
    const le = (a === 0xff && b === 0xfe) || (a !== undefined && a > 0 && a < 0x80 && b === 0);
    const be = (a === 0xfe && b === 0xff) || (a === 0 && b !== undefined && b > 0 && b < 0x80);
    if (le || be) {
      this.encoding = le ? 'utf-16le' : 'utf-16be';
      this.decoder = new TextDecoder(this.encoding);
    }
    return chunk;
  }
}

/** The offset of the first byte that does not start a valid UTF-8 sequence (only called once a chunk failed `isUtf8`). */
function firstInvalidUtf8(bytes: Buffer): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0 || i + need >= n || !isUtf8(bytes.subarray(i, i + need + 1))) return i;
    i += need + 1;
  }
  return n;
}

/** The length of the longest prefix that does not end inside a multi-byte UTF-8 sequence. */
function completeUtf8Length(bytes: Buffer): number {
  const n = bytes.length;
  for (let back = 1; back <= 4 && back <= n; back++) {
    const byte = bytes[n - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for the lead
    const need = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}
