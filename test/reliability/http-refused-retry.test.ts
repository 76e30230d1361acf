// Found by the fault matrix: a 429 on an upload (REDCap file, Brim notes) or on Brim's results request
// failed the job although the server had refused the request before acting on it. Now an unsafe write
// waits as Retry-After says and goes again, for whole bodies and streamed ones alike; other statuses
// still end an unsafe write at once (the server may have acted on it).

import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../main/services/http/http-client.ts';
import { startTestServer, type TestServer } from '../helpers/http-server.ts';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const waits: number[] = [];
const client = (): HttpClient => new HttpClient((url, init) => fetch(url, init), { wait: async (ms) => void waits.push(ms) });

describe('an unsafe write refused with 429', () => {
  it('waits for Retry-After and is sent again; a 503 is not', async () => {
    server = await startTestServer((_req, res, i) => (i === 0 ? res.writeHead(429, { 'retry-after': '2' }).end() : i === 1 ? res.writeHead(503).end() : res.writeHead(200).end('ok')));
    waits.length = 0;
    const refused = await client().request({ url: server.url, method: 'POST', body: 'file', idempotent: false });
    expect(refused.status).toBe(503);
    expect(server.requests).toBe(2);
    expect(waits).toEqual([2000]);
  });

  it('sends a streamed body again, fresh, after a 429', async () => {
    const bodies: string[] = [];
    server = await startTestServer((req, res, i) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        bodies.push(body);
        if (i === 0) res.writeHead(429, { 'retry-after': '1' }).end();
        else res.writeHead(200).end('stored');
      });
    });
    const body = (): ReadableStream<Uint8Array> => new Blob(['notes,1\n']).stream();
    const response = await client().openStream({ url: server.url, method: 'POST', body, idempotent: false });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('stored');
    expect(bodies).toEqual(['notes,1\n', 'notes,1\n']);
  });
});
