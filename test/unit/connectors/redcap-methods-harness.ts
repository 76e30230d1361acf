// A scripted REDCap for the wire-level tests of the area methods: every request is recorded exactly as
// it arrived (form fields, multipart parts and the file), and answered with the next scripted reply.

import type { IncomingMessage } from 'node:http';
import { afterEach, expect } from 'vitest';
import { isAppError, type AppError } from '../../../shared/contract/errors.ts';
import { RedcapApi } from '../../../main/services/connectors/redcap/api.ts';
import { HttpClient } from '../../../main/services/http/http-client.ts';
import { startTestServer, type TestServer } from '../../helpers/http-server.ts';

export const TOKEN = 'ABCDEF0123456789ABCDEF0123456789';

export interface SentRequest {
  method: string;
  contentType: string;
  /** Every form field in order, as REDCap would read it. */
  fields: Record<string, string>;
  /** The multipart `file` part, if any. */
  file: { fileName: string; type: string; text: string } | null;
}

export interface Reply {
  status?: number;
  body: string | Uint8Array;
  headers?: Record<string, string>;
}

export const reply = {
  json: (value: unknown, status = 200): Reply => ({ status, body: JSON.stringify(value), headers: { 'content-type': 'application/json; charset=utf-8' } }),
  text: (body: string, status = 200, contentType = 'text/html; charset=utf-8'): Reply => ({ status, body, headers: { 'content-type': contentType } }),
  error: (message: string, status = 400): Reply => ({ status, body: JSON.stringify({ error: message }), headers: { 'content-type': 'application/json; charset=utf-8' } }),
  csvError: (message: string, status = 400): Reply => ({ status, body: `ERROR: ${message}`, headers: { 'content-type': 'text/csv; charset=utf-8' } }),
  file: (bytes: Uint8Array | string, contentType: string): Reply => ({ status: 200, body: bytes, headers: { 'content-type': contentType } }),
};

export interface Scripted {
  api: RedcapApi;
  sent: SentRequest[];
  /** The one request sent, failing when there were more or fewer. */
  only(): SentRequest;
}

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function read(request: IncomingMessage): Promise<SentRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const contentType = request.headers['content-type'] ?? '';
  const fields: Record<string, string> = {};
  let file: SentRequest['file'] = null;
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    for (const [name, value] of form) {
      if (typeof value === 'string') fields[name] = value;
      else if (name === 'file') file = { fileName: value.name, type: value.type, text: await value.text() };
    }
  } else {
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) fields[name] = value;
  }
  return { method: request.method ?? '', contentType, fields, file };
}

/** A REDCap at http://127.0.0.1:PORT/api/ that answers the scripted replies in order (the last one repeats). */
export async function scriptedRedcap(...replies: Reply[]): Promise<Scripted> {
  const sent: SentRequest[] = [];
  const server = await startTestServer((request, response, index) => {
    void read(request).then((recorded) => {
      sent.push(recorded);
      const answer = replies[Math.min(index, replies.length - 1)] ?? reply.text('', 500);
      response.writeHead(answer.status ?? 200, answer.headers ?? {});
      response.end(answer.body);
    });
  });
  servers.push(server);
  const http = new HttpClient(fetch, { baseDelayMs: 1, maxDelayMs: 2, wait: async () => {} });
  const api = new RedcapApi(http, `${server.url}api/`, TOKEN);
  return {
    api,
    sent,
    only() {
      expect(sent).toHaveLength(1);
      return sent[0]!;
    },
  };
}

/** The fields every call carries besides its own. */
export function base(fields: Record<string, string>): Record<string, string> {
  return { token: TOKEN, returnFormat: 'json', ...fields };
}

/** Awaits a rejection and checks it is an AppError that never shows the token. */
export async function appError(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (caught: unknown) => caught,
  );
  if (!isAppError(error)) throw error;
  expect(JSON.stringify({ message: error.message, details: error.details })).not.toContain(TOKEN);
  return error;
}
