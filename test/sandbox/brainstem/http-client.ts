// A tiny HTTP helper for the sandbox's own tests: requests as the official clients send them
// (Bearer token, JSON bodies) and replies with the parsed JSON and the raw text.

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body; undefined when it is not JSON. */
  body: unknown;
}

export interface CallOptions {
  method?: string;
  token?: string | undefined;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Requests `path` (relative to the sandbox's base URL, e.g. "api/private/stem/session/") without following redirects. */
export async function call(base: string, path: string, options: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] ??= 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await fetch(new URL(path, base), { method: options.method ?? 'GET', headers, body, redirect: 'manual' });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}

/** The body as an object (throws when it is not one, so a test fails with the text in view). */
export function objectOf(reply: Reply): Record<string, unknown> {
  if (typeof reply.body !== 'object' || reply.body === null || Array.isArray(reply.body)) throw new Error(`not a JSON object (${reply.status}): ${reply.text.slice(0, 200)}`);
  return reply.body as Record<string, unknown>;
}

/** The records under `key` of a list or sideload envelope. */
export function recordsOf(reply: Reply, key: string): Array<Record<string, unknown>> {
  const list = objectOf(reply)[key];
  if (!Array.isArray(list)) throw new Error(`no list "${key}" in (${reply.status}) ${reply.text.slice(0, 200)}`);
  return list as Array<Record<string, unknown>>;
}

/** The record under `key` of a detail envelope. */
export function recordOf(reply: Reply, key: string): Record<string, unknown> {
  const record = objectOf(reply)[key];
  if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new Error(`no record "${key}" in (${reply.status}) ${reply.text.slice(0, 200)}`);
  return record as Record<string, unknown>;
}
