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
