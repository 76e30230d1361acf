// Small helpers for the Brim sandbox tests: JSON calls and multipart uploads (streamed when the file
// is generated), against a sandbox each test starts itself.

import { Readable } from 'node:stream';

export interface Answer {
  status: number;
  contentType: string;
  text: string;
  json(): Record<string, unknown>;
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', text, json: () => JSON.parse(text) as Record<string, unknown> };
}

export async function call(base: string, token: string | undefined, path: string, body?: unknown, method = 'POST'): Promise<Answer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token !== undefined) headers.Authorization = `Bearer ${token}`;
  return answer(await fetch(`${base}/api/v1/${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) }));
}

export async function upload(base: string, token: string, path: string, fields: Record<string, string>, file: { field?: string; name: string; content: string | Buffer }): Promise<Answer> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append(file.field ?? 'csv_file', new Blob([file.content]), file.name);
  return answer(await fetch(`${base}/api/v1/${path}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form }));
}

/** A multipart body whose file part is produced chunk by chunk, so nothing big is built in memory here either. */
export async function streamUpload(base: string, token: string, fields: Record<string, string>, fileName: string, chunks: () => Iterable<string>): Promise<Answer> {
  const boundary = '----brimsandboxtest7d1f';
  async function* body(): AsyncGenerator<Buffer> {
    for (const [key, value] of Object.entries(fields)) yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${key}"\r\n\r\n${value}\r\n`);
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="csv_file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`);
    for (const chunk of chunks()) yield Buffer.from(chunk);
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  const response = await fetch(`${base}/api/v1/upload/csv/`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    body: Readable.toWeb(Readable.from(body())) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
  return answer(response);
}

export const NOTES_HEADER = '"NOTE_ID","PERSON_ID","NOTE_DATETIME","NOTE_TEXT","NOTE_TITLE"\n';

export function notesCsv(rows: ReadonlyArray<readonly [string, string, string, string, string]>, header = NOTES_HEADER): string {
  return header + rows.map((row) => `${row.map((field) => `"${field.replaceAll('"', '""')}"`).join(',')}\n`).join('');
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
