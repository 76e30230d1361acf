import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentDispositionFileName } from '../../../main/services/connectors/brim/download.ts';
import { failure, sendJson, useFakeBrim } from './brim-fake-server.ts';

const brim = useFakeBrim();
const { serve } = brim;

describe('Content-Disposition file names', () => {
  it('prefers filename*, keeps only the last path segment', () => {
    expect(contentDispositionFileName(`attachment; filename*=UTF-8''Path%C3%A9_extract.csv`)).toBe('Pathé_extract.csv');
    expect(contentDispositionFileName('attachment; filename="20260101-Proj-BrimDataExport.csv"')).toBe('20260101-Proj-BrimDataExport.csv');
    expect(contentDispositionFileName('attachment; filename=../../etc/passwd')).toBe('passwd');
    expect(contentDispositionFileName('attachment; filename=".."')).toBeNull();
    expect(contentDispositionFileName(null)).toBeNull();
  });
});

describe('Brim results export', () => {
  function csvAnswer(res: import('node:http').ServerResponse, body: string, name = 'Proj_extract.csv'): void {
    res.writeHead(200, { 'content-type': 'text/csv', 'content-disposition': `attachment; filename="${name}"` });
    res.end(body);
  }

  it('starts the export, polls while Brim answers JSON, then streams the CSV to disk', async () => {
    let poll = 0;
    const csv = 'Name,Scope,Patient_id,Document_id,Value\r\nsmoking,One Label Per Patient,p1,,Former\r\n';
    const server = await serve((req, res) => {
      poll += 1;
      if (poll < 3) sendJson(res, 200, { status: 'success', data: { export_task_id: 'exp-1', api_session_id: 'exp-1', status: poll - 1, status_display: 'Running', is_complete: false, message: 'Preparing export' } });
      else csvAnswer(res, csv);
    });
    const destination = join(brim.dir, 'out.csv');
    const sleeps: number[] = [];
    const statuses: string[] = [];
    const file = await server.client().exportResults({ kind: 'patient', includeNulls: false, taskId: 'gen-5', destinationPath: destination, sleep: async (ms) => void sleeps.push(ms), onStatus: (s) => statuses.push(`${s.state}:${s.message}`) });
    expect(file).toMatchObject({ path: destination, fileName: 'Proj_extract.csv', exportTaskId: 'exp-1', payload: '2026', bytes: csv.length });
    expect(await readFile(destination, 'utf8')).toBe(csv);
    expect(await readdir(brim.dir)).toEqual(['out.csv']);
    expect(sleeps).toEqual([2000, 3000]);
    expect(statuses).toEqual(['waiting:Preparing export', 'running:Preparing export']);
    expect(server.requests[0]?.json).toEqual({ project_id: 7, task_id: 'gen-5', get_csv: true, detailed_export: false, patient_export: true, include_null_in_export: false });
    expect(server.requests[1]?.json).toMatchObject({ task_id: 'exp-1' });
  });

  it('falls back to the 2025 payload when the server rejects the 2026 one, and remembers it', async () => {
    const server = await serve((req, res) => {
      const body = req.json as Record<string, unknown>;
      if ('task_id' in body || 'get_csv' in body) {
        sendJson(res, 422, { detail: [{ loc: ['body', 'payload', 'get_csv'], msg: 'Extra inputs are not permitted', type: 'extra_forbidden' }] });
        return;
      }
      if (body.api_session_id === undefined) sendJson(res, 200, { data: { api_session_id: 'exp-2', status: 1, status_display: 'Running', is_complete: false }, message: 'Export started' });
      else csvAnswer(res, 'Patient_id,smoking\r\np1,Former\r\n');
    });
    const client = server.client();
    const file = await client.exportResults({ kind: 'detailed', includeNulls: true, destinationPath: join(brim.dir, 'a.csv'), sleep: async () => undefined });
    expect(file.payload).toBe('2025');
    expect(client.resultsPayload).toBe('2025');
    expect(server.requests[1]?.json).toEqual({ project_id: '7', detailed_export: true, patient_export: false, include_null_in_export: true });
    expect(server.requests[2]?.json).toMatchObject({ api_session_id: 'exp-2' });

    const before = server.requests.length;
    await client.exportResults({ kind: 'detailed', includeNulls: true, destinationPath: join(brim.dir, 'b.csv'), sleep: async () => undefined });
    expect(server.requests.slice(before).every((r) => !('task_id' in (r.json as object)))).toBe(true);
  });

  it('says why an export failed: generation still running, nothing to export', async () => {
    let message = 'A generate task is still running for this project';
    const server = await serve((req, res) => sendJson(res, 200, { status: 'success', data: { export_task_id: 'e', is_complete: true, status: 3, status_display: 'Error', message } }));
    const running = await failure(server.client().exportResults({ kind: 'detailed', includeNulls: true, destinationPath: join(brim.dir, 'c.csv'), sleep: async () => undefined }));
    expect(running.code).toBe('CONFLICT');
    expect(running.message).toMatch(/generation is still running/);
    message = 'Nothing to export';
    const empty = await failure(server.client().exportResults({ kind: 'detailed', includeNulls: true, destinationPath: join(brim.dir, 'c.csv'), sleep: async () => undefined }));
    expect(empty.details?.reason).toBe('nothing-to-export');
    expect(await readdir(brim.dir)).toEqual([]);
  });

  it('leaves no file behind when the CSV is cut off', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv', 'content-length': '1000' });
      res.write('Name,Value\r\nsmoking,');
      setTimeout(() => res.destroy(), 20);
    });
    const error = await failure(server.client().exportResults({ kind: 'detailed', includeNulls: true, destinationPath: join(brim.dir, 'd.csv'), sleep: async () => undefined }));
    expect(['UNREACHABLE', 'BAD_RESPONSE']).toContain(error.code);
    expect(await readdir(brim.dir)).toEqual([]);
  });
});

describe('Brim optional (inferred) endpoints', () => {
  it('turn into UNSUPPORTED with the capability on 404 or 405', async () => {
    let status = 404;
    const server = await serve((req, res) => {
      if (status === 404) {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<!doctype html><html><h1>Not Found</h1></html>');
      } else sendJson(res, 405, { detail: 'Method not allowed' });
    });
    const client = server.client();
    const generate = await failure(client.generate({ patientIds: ['p1'] }));
    expect(generate).toMatchObject({ code: 'UNSUPPORTED', details: { capability: 'generate', status: 404 } });
    expect((await failure(client.listProjects())).details?.capability).toBe('projectList');
    status = 405;
    expect((await failure(client.queuePeek())).details?.capability).toBe('singleNote');
    const path = join(brim.dir, 'protocol.pdf');
    await writeFile(path, '%PDF-1.4');
    expect((await failure(client.uploadResource({ path }, 'Protocol'))).details?.capability).toBe('resourceUpload');
  });

  it('keep a real "not found" (an unknown task) apart from a missing endpoint', async () => {
    const server = await serve((req, res) => sendJson(res, 404, { detail: 'Task abc not found.' }));
    expect((await failure(server.client().generateForTask('abc'))).code).toBe('NOT_FOUND');
  });

  it('generate, peek, pop and list errors when the server has them', async () => {
    const server = await serve((req, res) => {
      if (req.path === '/api/v1/generate/') sendJson(res, 200, { status: 'success', data: { generation_task_id: 'g-1', api_session_id: 'g-1' } });
      else if (req.path === '/api/v1/queue/peek/') sendJson(res, 200, { status: 'success', data: { task_id: 't', patient_id: 'p1', note_id: 'n1', status: 2, completed_at: '2026-01-01T00:00:00Z' } });
      else if (req.path === '/api/v1/queue/errors/') sendJson(res, 200, { status: 'success', data: [{ task_id: 't2', patient_id: 'p2', note_id: 'n2', message: 'failed', failed_at: null }] });
      else if (req.path === '/api/v1/queue/pop-and-export/') {
        res.writeHead(200, { 'content-type': 'text/csv' });
        res.end('Name,Value\r\nx,1\r\n');
      }
    });
    const client = server.client();
    expect(await client.generate({ variableNames: ['smoking'], overwriteReviewed: true })).toBe('g-1');
    expect(server.requests[0]?.json).toEqual({ project_id: 7, overwrite_reviewed: true, variable_names: ['smoking'] });
    expect(await client.queuePeek()).toEqual({ taskId: 't', patientId: 'p1', noteId: 'n1', completedAt: '2026-01-01T00:00:00Z' });
    expect(await client.queueErrors()).toEqual([{ taskId: 't2', patientId: 'p2', noteId: 'n2', message: 'failed', failedAt: null }]);
    const popped = await client.queuePopAndExport(join(brim.dir, 'one.csv'));
    expect(popped?.bytes).toBe(17);
    expect(await readFile(join(brim.dir, 'one.csv'), 'utf8')).toBe('Name,Value\r\nx,1\r\n');
  });

  it('answer null for an empty queue', async () => {
    const server = await serve((req, res) => sendJson(res, 200, { status: 'success', data: null }));
    expect(await server.client().queuePeek()).toBeNull();
    expect(await server.client().queuePopAndExport(join(brim.dir, 'none.csv'))).toBeNull();
    expect(await readdir(brim.dir)).toEqual([]);
  });
});
