// Reading the `data` parameter of imports: a JSON array of objects, CSV with a header row (any of
// REDCap's delimiters), or REDCap's `<records><item>…</item></records>` XML.

import type { DataFormat } from './encoding.ts';
import { ApiError, INVENTED_MESSAGES } from './errors.ts';

export type DataRow = Record<string, string>;

/** A parsed `data` parameter: column names in first-seen order, and the rows. */
export interface DataTable {
  columns: string[];
  rows: DataRow[];
  /** Raw JSON objects, for methods whose rows hold nested maps (users, roles). */
  objects: Array<Record<string, unknown>>;
}

export function parseData(format: DataFormat, text: string, delimiter = ','): DataTable {
  if (format === 'json') return fromObjects(parseJsonRows(text));
  if (format === 'csv') return fromCsv(parseCsv(text.replace(/^\uFEFF/, ''), delimiter));
  return fromObjects(parseXmlItems(text));
}

function badData(): ApiError {
  return new ApiError(400, INVENTED_MESSAGES.badData);
}

function parseJsonRows(text: string): Array<Record<string, unknown>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badData();
  }
  // A bare object is not a list of rows: REDCap imports nothing from it (PyCap #103/#138).
  if (!Array.isArray(value)) {
    if (typeof value === 'object' && value !== null) return [];
    throw badData();
  }
  return value.map((item) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw badData();
    return item as Record<string, unknown>;
  });
}

export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return JSON.stringify(value);
}

function fromObjects(objects: Array<Record<string, unknown>>): DataTable {
  const columns = new Set<string>();
  const rows = objects.map((object) => {
    const row: DataRow = {};
    for (const [key, value] of Object.entries(object)) {
      columns.add(key);
      row[key] = cellText(value);
    }
    return row;
  });
  return { columns: [...columns], rows, objects };
}

function fromCsv(table: string[][]): DataTable {
  const [header = [], ...body] = table.filter((row) => !(row.length === 1 && row[0] === ''));
  const columns = header.map((name) => name.trim());
  const rows = body.map((cells) => Object.fromEntries(columns.map((name, i) => [name, cells[i] ?? ''])));
  return { columns, rows, objects: rows };
}

/** RFC 4180: quoted cells may hold delimiters, doubled quotes and line breaks; CRLF or LF lines. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        cell += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === delimiter) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXmlText(text: string): string {
  return text.replace(/<!\[CDATA\[([\s\S]*?)\]\]>|&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, cdata: string | undefined, entity: string | undefined) => {
    if (cdata !== undefined) return cdata;
    if (entity === undefined) return whole;
    if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    return ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

/** The `<item>` elements of REDCap's import XML, each a flat map of child element → text. */
function parseXmlItems(text: string): Array<Record<string, unknown>> {
  if (!/<(records|metadata|arms|events|dags|users|items|files)\b|<item\b/i.test(text)) throw badData();
  const items: Array<Record<string, unknown>> = [];
  for (const item of text.matchAll(/<item>([\s\S]*?)<\/item>/g)) {
    const row: Record<string, string> = {};
    const body = item[1] ?? '';
    const child = /<([A-Za-z_][\w.-]*)\s*(\/>|>([\s\S]*?)<\/\1>)/g;
    for (let match = child.exec(body); match !== null; match = child.exec(body)) {
      row[match[1] ?? ''] = match[2] === '/>' ? '' : decodeXmlText(match[3] ?? '');
    }
    items.push(row);
  }
  return items;
}
