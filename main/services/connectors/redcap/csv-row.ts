/**
 * Reads one CSV row (RFC 4180, as REDCap writes it) starting at `start`: quoted cells may hold commas,
 * doubled quotes and line breaks. `end` is the index of the line break that ends the row (or the text's
 * end); `cells` is null when a quote is never closed, which is not a row REDCap wrote.
 */
export function readCsvRow(text: string, start: number): { cells: string[] | null; end: number } {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  let index = start;
  for (; index < text.length; index++) {
    const ch = text[index];
    if (quoted) {
      if (ch === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n') {
      break;
    } else if (ch !== '\r') {
      cell += ch;
    }
  }
  cells.push(cell);
  return { cells: quoted ? null : cells, end: index };
}

/** The first cell of every row of a CSV text; null when the text is cut inside a quoted cell. */
export function firstCsvColumn(csv: string): string[] | null {
  const values: string[] = [];
  let index = 0;
  while (index < csv.length) {
    const row = readCsvRow(csv, index);
    if (row.cells === null) return null;
    values.push(row.cells[0]!);
    index = row.end + 1;
  }
  return values;
}

/** A CSV answer as REDCap writes a flat export: the header's field names, then rows of as many cells. */
export interface CsvTable {
  fields: string[];
  rows: string[][];
}

/**
 * A whole CSV answer (RFC 4180 as REDCap writes it: quoted cells may hold commas, doubled quotes and
 * line breaks; every line, the last included, ends in a line break), or null when it is not a complete
 * table: cut inside a quoted cell, without its final line break, or with a row of another width than
 * the header. An empty answer (or a lone line break) is a table without rows: REDCap 17 sends no
 * header when nothing matches. Written for speed: it is the hot loop of a sync.
 */
export function parseCsvTable(answer: string): CsvTable | null {
  const text = answer.charCodeAt(0) === 0xfeff ? answer.slice(1) : answer;
  if (text.trim() === '') return { fields: [], rows: [] };
  if (text.charCodeAt(text.length - 1) !== 10) return null;
  const lines: string[][] = [];
  const n = text.length;
  let pos = 0;
  while (pos < n) {
    const row: string[] = [];
    for (;;) {
      if (text.charCodeAt(pos) === 34) {
        // A quoted cell: up to the quote that is not doubled.
        let cell = '';
        let from = pos + 1;
        for (;;) {
          const quote = text.indexOf('"', from);
          if (quote < 0) return null;
          if (text.charCodeAt(quote + 1) === 34) {
            cell += text.slice(from, quote + 1);
            from = quote + 2;
            continue;
          }
          cell += text.slice(from, quote);
          pos = quote + 1;
          break;
        }
        row.push(cell);
      } else {
        let end = pos;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === 44 || c === 10 || c === 13) break;
          end++;
        }
        row.push(text.slice(pos, end));
        pos = end;
      }
      const next = text.charCodeAt(pos);
      if (next === 44) {
        pos++;
        continue;
      }
      if (next === 10) {
        pos++;
        break;
      }
      if (next === 13 && text.charCodeAt(pos + 1) === 10) {
        pos += 2;
        break;
      }
      // Text after a closing quote, or a lone CR: not a row REDCap wrote.
      return null;
    }
    lines.push(row);
  }
  const fields = lines[0]!;
  const rows = lines.slice(1);
  for (const row of rows) if (row.length !== fields.length) return null;
  return { fields, rows };
}
