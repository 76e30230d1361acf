// Helpers for talking to the REDCap sandbox the way clients do: a fresh sandbox per test, form and
// multipart bodies, and a real CSV reader for checking what comes back.

import { afterEach, beforeEach } from 'vitest';
import { REDCAP_DEMO_TOKENS, startRedcapSandbox } from '../../sandbox/redcap/index.ts';
import type { RedcapSandbox, RedcapSandboxOptions } from '../../sandbox/redcap/index.ts';
import { parseCsv } from '../../sandbox/redcap/data-input.ts';

/** The seeded tokens: classic owner, longitudinal owner, no API export, de-identified, Boston DAG. */
export const TOKENS = REDCAP_DEMO_TOKENS;

export type Entries = Array<[string, string]>;

export interface Reply {
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
}

/** A fresh sandbox for each test in the calling file. */
export function useSandbox(options: RedcapSandboxOptions = { records: 50 }): () => RedcapSandbox {
  let sandbox: RedcapSandbox | undefined;
  beforeEach(async () => {
    sandbox = await startRedcapSandbox({ port: 0, ...options });
  });
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });
  return () => {
    if (sandbox === undefined) throw new Error('sandbox not started');
    return sandbox;
  };
}

export function tokenOf(sandbox: RedcapSandbox): string {
  const token = sandbox.projects[0]?.token;
  if (token === undefined) throw new Error('sandbox has no project');
  return token;
}

async function reply(response: Response): Promise<Reply> {
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', headers: response.headers, text: await response.text() };
}

/**
 * POSTs application/x-www-form-urlencoded with the classic project's owner token (or `token`),
 * unless `withToken: false` (then `entries` carry their own).
 */
export async function post(sandbox: RedcapSandbox, entries: Entries, options: { withToken?: boolean; token?: string } = {}): Promise<Reply> {
  const all: Entries = options.withToken === false ? entries : [['token', options.token ?? tokenOf(sandbox)], ...entries];
  return reply(await fetch(sandbox.url, { method: 'POST', body: new URLSearchParams(all) }));
}

/** `post` with another token. */
export function postAs(sandbox: RedcapSandbox, token: string, entries: Entries): Promise<Reply> {
  return post(sandbox, entries, { token });
}

/** POSTs multipart/form-data built by hand, as curl -F does (CRLF lines, a file part if given). */
export async function postMultipart(
  sandbox: RedcapSandbox, entries: Entries, file?: { field: string; name: string; data: string | Buffer; type?: string }, token = tokenOf(sandbox),
): Promise<Reply> {
  const boundary = '------------------------d74496d66958873e';
  const parts: Buffer[] = [['token', token] as [string, string], ...entries].map(
    ([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
  );
  if (file !== undefined) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'text/plain'}\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.data) ? file.data : Buffer.from(file.data));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return reply(await fetch(sandbox.url, { method: 'POST', headers: { 'Content-Type': `multipart/form-data; boundary="${boundary}"` }, body: Buffer.concat(parts) }));
}

/** POSTs and returns the body as bytes (file downloads). */
export async function postForBytes(sandbox: RedcapSandbox, entries: Entries, token = tokenOf(sandbox)): Promise<{ status: number; contentType: string; body: Buffer }> {
  const response = await fetch(sandbox.url, { method: 'POST', body: new URLSearchParams([['token', token], ...entries]) });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: Buffer.from(await response.arrayBuffer()) };
}

/** A JSON record import; `extra` adds or overrides parameters. */
export function importJson(sandbox: RedcapSandbox, rows: unknown, extra: Entries = [], token = tokenOf(sandbox)): Promise<Reply> {
  return post(sandbox, [['content', 'record'], ['format', 'json'], ['returnFormat', 'json'], ['type', 'flat'], ['data', JSON.stringify(rows)], ...extra], { token });
}

/** The error text of a JSON error body. */
export function errorOf(reply: Reply): string {
  const value: unknown = JSON.parse(reply.text);
  if (typeof value !== 'object' || value === null || !('error' in value)) throw new Error(`not an error body: ${reply.text.slice(0, 120)}`);
  return String((value as { error: unknown }).error);
}

export function adminUrl(sandbox: RedcapSandbox, path: string): string {
  return new URL(path, sandbox.url).toString();
}

/** RFC 4180 reader: the sandbox's own, which reads CSV imports. */
export { parseCsv };

/** CSV rows as objects keyed by the header row. */
export function csvObjects(text: string, delimiter = ','): Array<Record<string, string>> {
  const [header = [], ...rows] = parseCsv(text, delimiter);
  return rows.map((row) => Object.fromEntries(header.map((key, i) => [key, row[i] ?? ''])));
}

export function jsonArray(text: string): Array<Record<string, unknown>> {
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value)) throw new Error(`expected a JSON array, got ${text.slice(0, 80)}`);
  return value as Array<Record<string, unknown>>;
}
