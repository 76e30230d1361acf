// Human output of BrainSTEM records: a plain-text table of the columns a reader scans first (JSON mode
// carries every field). Relations show as counts so the table stays one line per record.

type Row = Readonly<Record<string, unknown>>;

/** Columns that name a record, shown right after the id when present. */
const nameColumns = ['name', 'title', 'email', 'username', 'type'];
const maxColumns = 7;
const maxWidth = 36;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.length === 0 ? '' : `[${value.length}]`;
  if (typeof value === 'object') return '{…}';
  return String(value).replace(/\s+/g, ' ').trim();
}

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** id, the naming fields, then the other plain fields in the order the first record has them. */
export function tableColumns(rows: readonly Row[]): string[] {
  const seen: string[] = [];
  for (const row of rows.slice(0, 50)) for (const key of Object.keys(row)) if (!seen.includes(key)) seen.push(key);
  const plain = seen.filter((key) => rows.some((row) => { const v = row[key]; return v !== null && v !== undefined && typeof v !== 'object'; }));
  const ordered = [
    ...(seen.includes('id') ? ['id'] : []),
    ...nameColumns.filter((key) => plain.includes(key)),
    ...plain.filter((key) => key !== 'id' && !nameColumns.includes(key)),
  ];
  return ordered.slice(0, maxColumns);
}

export function recordsTable(rows: readonly Row[]): string {
  if (rows.length === 0) return '';
  const columns = tableColumns(rows);
  const texts = rows.map((row) => columns.map((column) => clip(cell(row[column]), maxWidth)));
  const widths = columns.map((column, i) => Math.max(column.length, ...texts.map((line) => line[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((text, i) => text.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(columns), line(widths.map((w) => '-'.repeat(w))), ...texts.map(line)].join('\n');
}

/** One record, a field per line; nested values as compact JSON. */
export function recordText(row: Row): string {
  const keys = Object.keys(row);
  const width = Math.min(24, Math.max(...keys.map((key) => key.length)));
  return keys
    .map((key) => {
      const value = row[key];
      const text = value !== null && typeof value === 'object' ? JSON.stringify(value) : cell(value);
      return `${key.padEnd(width)}  ${clip(text, 200)}`;
    })
    .join('\n');
}
