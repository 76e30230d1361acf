// Text encodings shared by every method: the response envelope, CSV cells and XML text.

export type DataFormat = 'json' | 'csv' | 'xml';

export interface ApiResult {
  status: number;
  contentType: string;
  /** Small answers are one string; big exports are produced chunk by chunk; files are bytes. */
  body: string | Iterable<string> | Buffer;
  headers?: Record<string, string>;
}

export const CONTENT_TYPES: Record<DataFormat | 'text' | 'html', string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
  // The reference records no Content-Type for plain values such as `version`; text/plain is the
  // honest choice and every client reads these bodies as text regardless.
  text: 'text/plain; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" ?>';

export function ok(format: DataFormat | 'text', body: string | Iterable<string> | Buffer): ApiResult {
  return { status: 200, contentType: CONTENT_TYPES[format], body };
}

export function parseDataFormat(value: string | undefined): DataFormat | undefined {
  return value === 'json' || value === 'csv' || value === 'xml' ? value : undefined;
}

/** Recent REDCap quotes a CSV cell only when it has to (reference §1.5 "CSV"). */
export function csvCell(value: string, delimiter = ','): string {
  if (value === '') return '';
  const needsQuotes =
    value.includes(delimiter) || value.includes('"') || value.includes(' ') || value.includes(',') ||
    value.includes('\n') || value.includes('\r');
  return needsQuotes ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvLine(values: readonly string[], delimiter = ','): string {
  return values.map((value) => csvCell(value, delimiter)).join(delimiter) + '\n';
}

export function xmlText(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function cdata(value: string): string {
  return `<![CDATA[${value.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** A list of flat objects in one of the three data formats, the shape most read methods share. */
export function encodeTable(
  format: DataFormat,
  keys: readonly string[],
  rows: ReadonlyArray<Record<string, string | number>>,
): string {
  if (format === 'json') return JSON.stringify(rows.map((row) => Object.fromEntries(keys.map((key) => [key, row[key] ?? '']))));
  if (format === 'csv') {
    return csvLine(keys) + rows.map((row) => csvLine(keys.map((key) => String(row[key] ?? '')))).join('');
  }
  const items = rows.map((row) => `<item>${keys.map((key) => `<${key}>${cdata(String(row[key] ?? ''))}</${key}>`).join('')}</item>\n`);
  return `${XML_DECLARATION}\n<records>\n${items.join('')}</records>\n`;
}
