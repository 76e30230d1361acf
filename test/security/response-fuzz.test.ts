import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/contract/errors.ts';
import { BrainstemApi } from '../../main/services/connectors/brainstem/api.ts';
import { BrainstemClient } from '../../main/services/connectors/brainstem/client.ts';
import { BrimClient } from '../../main/services/connectors/brim/client.ts';
import { RedcapClient } from '../../main/services/connectors/redcap/client.ts';
import { HttpClient } from '../../main/services/http/http-client.ts';
import { startTestServer, type TestServer } from '../helpers/http-server.ts';
import { prototypesSnapshot, report } from './fuzz-settings.ts';

/**
 * Issue 9.3, the other direction: a server (or whatever answers in its place: a proxy, a login page, a
 * broken deployment) sends malformed responses to the REDCap, BrainSTEM and Brim clients. Every call must
 * end either in a value its schema accepted or in an AppError with a message a user can act on — never a
 * raw exception, never INTERNAL, never a polluted prototype, never the token in the message, and a
 * results download that fails leaves no file behind.
 */

interface Answer {
  label: string;
  respond(response: ServerResponse): void;
}

const json = (label: string, body: string | Buffer, status = 200, type = 'application/json'): Answer => ({
  label,
  respond: (response) => {
    response.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)) });
    response.end(body);
  },
});

function nested(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

const pollution = '{"__proto__": {"carrelPolluted": true}, "constructor": {"prototype": {"carrelPolluted": true}}, "data": {"__proto__": {"carrelPolluted": true}}}';

const answers: Answer[] = [
  json('truncated JSON', '{"data": [{"record_id": "1", "name": "A'),
  json('truncated array', '[{"record_id": "1"}, {"record_id": '),
  json('a number', '42'),
  json('a string', '"hello"'),
  json('null', 'null'),
  json('true', 'true'),
  json('an empty object', '{}'),
  json('an empty body', ''),
  json('wrong types inside', '{"project_id": "x", "results": 7, "data": "not a list", "status": {"a": 1}, "count": "many"}'),
  json('records of wrong types', '[{"record_id": 1, "field": {"x": []}}, 7, null, "x"]'),
  json('a huge array of numbers', `[${Array.from({ length: 200_000 }, (_, i) => i).join(',')}]`),
  json('a huge array of empty objects', `{"results": [${Array.from({ length: 100_000 }, () => '{}').join(',')}], "data": [], "count": 100000}`),
  json('nesting 10,000 deep', nested(10_000)),
  json('nesting 200,000 deep', nested(200_000)),
  json('an HTML login page', '<!doctype html><html><head><title>Sign in</title></head><body><form>Password</form></body></html>', 200, 'text/html; charset=utf-8'),
  json('HTML labelled as JSON', '<html><body>Maintenance</body></html>'),
  json('invalid UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d])),
  json('UTF-16 with a BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a": 1}', 'utf16le')])),
  json('JSON as text/plain', '{"data": []}', 200, 'text/plain'),
  json('JSON as image/png', '[]', 200, 'image/png'),
  json('prototype keys', pollution),
  json('prototype keys in records', `[${pollution}, {"record_id": "1", "__proto__": {"isAdmin": true}}]`),
  json('a number too big', '{"count": 1e999, "project_id": 1e999, "results": []}'),
  json('500 with HTML', '<html><body><h1>Internal Server Error</h1></body></html>', 500, 'text/html'),
  json('404 with garbage', '\u0000\u0001\u0002', 404, 'application/octet-stream'),
  json('401 with a bare string', 'Unauthorized', 401, 'text/plain'),
  json('400 whose error text carries terminal escapes and a bidi override', JSON.stringify({ error: 'Bad \u001b[2J\u202etxt.exe', detail: 'Bad \u001b[2J\u202etxt.exe', message: 'Bad \u001b[2J\u202etxt.exe' }), 400),
  json('400 as plain text with control characters', 'Bad\u0007\u001b[31m request\u0000', 400, 'text/plain'),
  json('200 with a binary blob', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256))),
  {
    label: 'a gigantic header',
    respond: (response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'x-padding': 'x'.repeat(80 * 1024) });
      response.end('[]');
    },
  },
  {
    label: 'a body shorter than its Content-Length',
    respond: (response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      response.write('[{"record_id": "1"}');
      setTimeout(() => response.destroy(), 20);
    },
  },
  {
    label: 'gzip that is not gzip',
    respond: (response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      response.end('this is not compressed');
    },
  },
  {
    label: 'a redirect loop',
    respond: (response) => {
      response.writeHead(302, { location: '/loop' });
      response.end();
    },
  },
  {
    label: 'a connection closed without an answer',
    respond: (response) => response.socket?.destroy(),
  },
];

const redcapToken = 'C0FFEE00C0FFEE00C0FFEE00C0FFEE00';
const otherToken = 'fuzz-secret-token-9d1c7a0b';

let current: Answer = answers[0]!;
let server: TestServer;
let scratch: string;
const tally = { calls: 0, errors: 0, values: 0, failures: 0, codes: new Map<string, number>() };

beforeAll(async () => {
  server = await startTestServer((request, response) => {
    request.resume();
    current.respond(response);
  });
  scratch = mkdtempSync(join(tmpdir(), 'carrel-response-fuzz-'));
});
afterAll(async () => {
  await server?.close();
  rmSync(scratch, { recursive: true, force: true });
  const codes = [...tally.codes].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${n}`).join(', ');
  report('response fuzz', `${answers.length} malformed responses × ${calls.length} client calls = ${tally.calls} calls: ${tally.errors} AppErrors (${codes}), ${tally.values} accepted values, ${tally.failures} failures`);
});

function http(): HttpClient {
  return new HttpClient((url, init) => fetch(url, init), { maxAttempts: 2, wait: async () => undefined, defaultTimeoutMs: 10_000 });
}

const uuid = '00d60b97-96a7-4a2e-9e39-8946ef19a03d';
const redcap = (): RedcapClient => new RedcapClient(http(), `${server.url}api/`, redcapToken);
const brainstem = (): BrainstemClient => new BrainstemClient(new BrainstemApi(http(), { baseUrl: server.url, portal: 'private', token: otherToken }));
const brim = (): BrimClient => new BrimClient(http(), { baseUrl: server.url, token: otherToken, projectId: 7, projectName: 'Fuzz' });

const calls: Array<{ label: string; run: () => Promise<unknown> }> = [
  { label: 'REDCap version', run: () => redcap().version() },
  { label: 'REDCap project info', run: () => redcap().projectInfo() },
  { label: 'REDCap metadata', run: () => redcap().metadata() },
  { label: 'REDCap record ids', run: () => redcap().recordIds('record_id') },
  { label: 'REDCap records', run: () => redcap().exportRecords() },
  { label: 'BrainSTEM list', run: () => brainstem().list('session') },
  { label: 'BrainSTEM get', run: () => brainstem().get('session', uuid) },
  { label: 'BrainSTEM count', run: () => brainstem().count('session') },
  { label: 'Brim project check', run: () => brim().checkProject() },
  { label: 'Brim task status', run: () => brim().taskStatus('task-1') },
  { label: 'Brim queue errors', run: () => brim().queueErrors() },
  { label: 'Brim results download', run: () => brim().exportResults({ kind: 'patient', includeNulls: true, destinationPath: join(scratch, 'results.csv'), initialDelayMs: 1, factor: 1, maxDelayMs: 1, signal: AbortSignal.timeout(5000) }) },
];

describe('clients fed malformed responses', () => {
  it.each(answers.map((answer) => ({ answer, label: answer.label })))('$label', async ({ answer }) => {
    current = answer;
    const prototypes = prototypesSnapshot();
    // Every call is tried before the test fails, so one run lists every problem of this answer.
    const problems: string[] = [];
    for (const call of calls) {
      tally.calls++;
      const where = `${call.label} ← ${answer.label}`;
      let outcome: { value: unknown } | { error: unknown };
      try {
        outcome = { value: await call.run() };
      } catch (error) {
        outcome = { error };
      }
      const problem = (text: string): void => {
        tally.failures++;
        problems.push(`${where}: ${text}`);
      };
      if (prototypesSnapshot() !== prototypes || ({} as { carrelPolluted?: unknown }).carrelPolluted !== undefined) problem('a prototype was polluted');
      if ('error' in outcome) {
        const error = outcome.error;
        if (!isAppError(error)) {
          problem(`not an AppError: ${String(error)}`);
          continue;
        }
        tally.errors++;
        tally.codes.set(error.code, (tally.codes.get(error.code) ?? 0) + 1);
        if (error.code === 'INTERNAL') problem(`INTERNAL: ${error.message}`);
        if (error.message.length < 10 || error.message.length > 600) problem(`message of ${error.message.length} characters: ${error.message.slice(0, 200)}`);
        for (const secret of [redcapToken, otherToken, '<html', 'Password', '\u0000', '\u0007', '\u001b', '\u202e']) if (error.message.includes(secret)) problem(`the message contains ${JSON.stringify(secret)}`);
        // A results download that did not complete leaves neither the file nor its .part behind.
        if (call.label === 'Brim results download' && readdirSync(scratch).length > 0) problem(`left ${readdirSync(scratch).join(', ')} behind`);
      } else {
        tally.values++;
      }
      for (const name of readdirSync(scratch)) rmSync(join(scratch, name), { force: true });
    }
    expect(problems).toEqual([]);
  });
});
