// A push-style CSV reader (RFC 4180: quoted fields, doubled quotes, CRLF or LF, line breaks inside
// quotes) that takes text as it arrives and hands back whole records, so an upload is read while it
// streams in. It only ever holds the record being read.

export class CsvFormatError extends Error {}

export class CsvRecordReader {
  #row: string[] = [];
  #field = '';
  #quoted = false;
  /** The previous chunk ended right after a quote inside a quoted field (escape or end quote?). */
  #pendingQuote = false;
  #afterCr = false;
  #line = 1;
  #recordStartLine = 1;
  /** Most characters held at once in the record being read (for the streaming check). */
  maxHeldChars = 0;

  get line(): number {
    return this.#recordStartLine;
  }

  /** Feeds text; returns the records it completed, each with the line it started on. */
  push(text: string): Array<{ fields: string[]; line: number }> {
    const out: Array<{ fields: string[]; line: number }> = [];
    let i = 0;
    const n = text.length;
    let held = this.#field.length;
    for (const field of this.#row) held += field.length;
    while (i < n) {
      if (this.#pendingQuote) {
        this.#pendingQuote = false;
        if (text[i] === '"') {
          this.#field += '"';
          i++;
          continue;
        }
        this.#quoted = false;
      }
      if (this.#quoted) {
        const close = text.indexOf('"', i);
        const end = close < 0 ? n : close;
        const part = text.slice(i, end);
        this.#field += part;
        held += part.length;
        if (held > this.maxHeldChars) this.maxHeldChars = held;
        for (let k = part.indexOf('\n'); k >= 0; k = part.indexOf('\n', k + 1)) this.#line++;
        if (close < 0) break;
        i = close + 1;
        if (i === n) this.#pendingQuote = true;
        else if (text[i] === '"') {
          this.#field += '"';
          i++;
        } else this.#quoted = false;
        continue;
      }
      const c = text[i];
      if (this.#afterCr) {
        this.#afterCr = false;
        if (c === '\n') {
          i++;
          continue;
        }
      }
      if (c === ',') {
        this.#row.push(this.#field);
        this.#field = '';
      } else if (c === '\n' || c === '\r') {
        this.#row.push(this.#field);
        this.#field = '';
        out.push({ fields: this.#row, line: this.#recordStartLine });
        this.#row = [];
        held = 0;
        this.#line++;
        this.#recordStartLine = this.#line;
        this.#afterCr = c === '\r';
      } else if (c === '"' && this.#field === '') {
        this.#quoted = true;
      } else {
        // Plain text runs to the next delimiter in one slice: most of a big file goes through here.
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === 44 || d === 10 || d === 13) break;
          j++;
        }
        this.#field += text.slice(i, j);
        held += j - i;
        i = j;
        continue;
      }
      i++;
      if (held > this.maxHeldChars) this.maxHeldChars = held;
    }
    if (held > this.maxHeldChars) this.maxHeldChars = held;
    return out;
  }

  /** The last record (a file need not end with a line break); throws on an unclosed quote. */
  end(): Array<{ fields: string[]; line: number }> {
    if (this.#pendingQuote) {
      this.#pendingQuote = false;
      this.#quoted = false;
    }
    if (this.#quoted) throw new CsvFormatError(`unexpected end of file inside a quoted field that starts on line ${this.#recordStartLine}`);
    if (this.#field === '' && this.#row.length === 0) return [];
    this.#row.push(this.#field);
    const last = { fields: this.#row, line: this.#recordStartLine };
    this.#row = [];
    this.#field = '';
    return [last];
  }
}
