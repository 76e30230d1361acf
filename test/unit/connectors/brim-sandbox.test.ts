import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors.ts';
import { HttpClient } from '../../../main/services/http/http-client.ts';
import { BrimClient, normalizeBrimUrl, type BrimClientOptions } from '../../../main/services/connectors/brim/client.ts';
import { startBrimSandbox, syntheticNotes, type BrimSandbox, type BrimSandboxOptions } from '../../sandbox/brim/index.ts';

/** The Brim client against the Brim sandbox: the whole flow a user runs, over real sockets. */

let sandbox: BrimSandbox | null = null;
let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carrel-brim-sb-'));
});
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
  await rm(dir, { recursive: true, force: true });
});

const http = new HttpClient((url, init) => fetch(url, init), { wait: async () => undefined });
const noWait = async (): Promise<void> => undefined;
/** Real short waits: the fast sandbox ends tasks in a few hundred ms. */
const fastPoll = { initialDelayMs: 50, factor: 1.5, maxDelayMs: 400 };

async function start(options: BrimSandboxOptions = {}): Promise<BrimSandbox> {
  sandbox = await startBrimSandbox(options);
  return sandbox;
}

function clientFor(sb: BrimSandbox, options: Partial<BrimClientOptions> = {}): BrimClient {
  return new BrimClient(http, { baseUrl: normalizeBrimUrl(sb.url).url, token: sb.token, projectId: sb.projectId, ...options });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

function quote(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

async function notesFile(name: string, count: number, seed = 99): Promise<string> {
  const lines = ['NOTE_ID,PERSON_ID,NOTE_DATETIME,NOTE_TEXT,NOTE_TITLE'.split(',').map(quote).join(',')];
  for (const note of syntheticNotes(seed, count)) lines.push([note.noteId, note.personId, note.datetime, note.text, note.title].map(quote).join(','));
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\r\n')}\r\n`);
  return path;
}

describe('Brim client against the sandbox: tokens and projects', () => {
  it('accepts the project token on its project, with the name from the project list', async () => {
    const sb = await start();
    expect(await clientFor(sb).checkProject()).toEqual({ project: { id: sb.projectId, name: sb.projectName }, via: 'project-list', projectList: true });
  });

  it('still proves access without the project list, and tells scope, deactivation and unknown projects apart', async () => {
    const sb = await start({ capabilities: { projectList: 404 } });
    expect(await clientFor(sb).checkProject()).toMatchObject({ via: 'task-status', projectList: false, project: { id: sb.projectId, name: null } });
    expect((await failure(clientFor(sb, { token: sb.otherProject.token }).checkProject())).code).toBe('FORBIDDEN');
    expect((await failure(clientFor(sb, { token: sb.inactiveToken }).checkProject())).code).toBe('AUTH_FAILED');
    expect((await failure(clientFor(sb, { token: sb.orgToken, projectId: 987_654 }).checkProject())).code).toBe('NOT_FOUND');
  });

  it('creates or reuses a project by name with an organization token; a project token is told why not', async () => {
    const sb = await start();
    const org = clientFor(sb, { token: sb.orgToken, projectId: null });
    const created = await org.ensureProject('Carrel test project');
    expect(created.created).toBe(true);
    expect(await org.ensureProject('Carrel test project')).toEqual({ ...created, created: false });
    expect((await org.forProject(created.id).checkProject()).project.name).toBe('Carrel test project');
    const denied = await failure(clientFor(sb).ensureProject('Another one'));
    expect(denied.code).toBe('FORBIDDEN');
  });

  it('invites a user once; the second time Brim says they are a member', async () => {
    const sb = await start();
    const client = clientFor(sb);
    expect((await client.invite('new.reviewer@example.org')).invited).toBe(true);
    const again = await client.invite('new.reviewer@example.org');
    expect(again.invited).toBe(false);
    expect(again.message).toMatch(/already a member/);
  });
});

describe('Brim client against the sandbox: upload, generate, export', () => {
  for (const generation of ['2026', '2025'] as const) {
    it(`uploads notes with progress, follows generation to the end and exports both result kinds (${generation} server)`, async () => {
      const sb = await start({ generation });
      const client = clientFor(sb);
      const path = await notesFile('notes.csv', 40);
      const progress: number[] = [];
      const upload = await client.uploadNotes({ path, fileName: 'ward-notes.csv' }, true, { onProgress: (sent) => progress.push(sent) });
      expect(progress.at(-1)).toBe(upload.bytesSent);
      expect(upload.uploadTaskId).toMatch(/\S/);

      const uploaded = await client.followTask(upload.uploadTaskId, { ...fastPoll });
      expect(uploaded.state).toBe('complete');
      // A 2025 server names only the session (which is the generation when one was asked for).
      const generationId = upload.generationTaskId ?? upload.uploadTaskId;
      const states: string[] = [];
      const generated = await client.followTask(generationId, { ...fastPoll, onStatus: (s) => states.push(s.state) });
      expect(generated.state).toBe('complete');
      expect(states.at(-1)).toBe('complete');

      const detailed = await client.exportResults({ kind: 'detailed', includeNulls: true, taskId: generationId, destinationPath: join(dir, 'detailed.csv'), ...fastPoll });
      const detailedText = await readFile(detailed.path, 'utf8');
      const header = detailedText.split(/\r?\n/)[0] ?? '';
      for (const column of ['Name', 'Scope', 'Patient_id', 'Document_id', 'Value']) expect(header).toContain(column);
      expect(detailed.fileName).toMatch(/\.csv$/);

      const patient = await client.exportResults({ kind: 'patient', includeNulls: false, destinationPath: join(dir, 'patient.csv'), ...fastPoll });
      const patientHeader = (await readFile(patient.path, 'utf8')).split(/\r?\n/)[0] ?? '';
      expect(patientHeader).toMatch(/Patient_id/);
      expect(patientHeader).not.toBe(header);
    });
  }

  it('streams a 64 MB notes file to Brim with steady progress', async () => {
    const sb = await start();
    const path = join(dir, 'big.csv');
    const header = '"NOTE_ID","PERSON_ID","NOTE_DATETIME","NOTE_TEXT","NOTE_TITLE"\r\n';
    const rows: string[] = [];
    const text = 'Patient seen in clinic. '.repeat(270); // ~6.5 KB of note text
    for (let i = 0; i < 10_000; i++) rows.push(`"n${i}","p${i % 700}","2024-01-01 00:00:00","${text}","Clinic"\r\n`);
    await writeFile(path, header + rows.join(''));
    rows.length = 0;
    const times: number[] = [];
    const result = await clientFor(sb).uploadNotes({ path }, false, {
      onProgress: () => {
        times.push(Date.now());
      },
    });
    const record = sb.uploads().at(-1);
    expect(record).toMatchObject({ accepted: true, rows: 10_000 });
    expect(result.bytesSent).toBeGreaterThan(64_000_000);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(250);
  });

  it('says a generation is still running when asked for results too early', async () => {
    const sb = await start({ delays: { generation: { waitingMs: 5_000, runningMs: 5_000 } } });
    const client = clientFor(sb);
    const upload = await client.uploadNotes({ path: await notesFile('n.csv', 5) }, true);
    expect(upload.generationTaskId).not.toBeNull();
    const error = await failure(client.exportResults({ kind: 'detailed', includeNulls: true, destinationPath: join(dir, 'r.csv'), sleep: noWait }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/still running/);
  });

  it('reports a generation that ends in error with Brim\'s message', async () => {
    const sb = await start();
    sb.failNextGeneration('UnboundLocalError: boom');
    const client = clientFor(sb);
    const upload = await client.uploadNotes({ path: await notesFile('n.csv', 3) }, true);
    const final = await client.followTask(upload.generationTaskId ?? upload.uploadTaskId, { ...fastPoll });
    expect(final.state).toBe('error');
    expect(final.message).toContain('UnboundLocalError');
  });

  it('shows Brim\'s message for a file with a duplicate note id', async () => {
    const sb = await start();
    const path = await notesFile('dup.csv', 4);
    const text = await readFile(path, 'utf8');
    await writeFile(path, text + (text.split('\r\n')[1] ?? '') + '\r\n');
    const error = await failure(clientFor(sb).uploadNotes({ path }, false));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toMatch(/appears multiple times in the file/);
  });
});

describe('Brim client against the sandbox: optional endpoints', () => {
  it('turns each missing inferred endpoint into UNSUPPORTED with its capability', async () => {
    const sb = await start({ capabilities: { generate: 404, singleNote: 405, resourceUpload: 404, projectList: 405 } });
    const client = clientFor(sb);
    expect((await failure(client.generate())).details?.capability).toBe('generate');
    expect((await failure(client.queuePeek())).details?.capability).toBe('singleNote');
    expect((await failure(client.listProjects())).details?.capability).toBe('projectList');
    const doc = join(dir, 'protocol.txt');
    await writeFile(doc, 'Abstraction protocol');
    expect((await failure(client.uploadResource({ path: doc }, null))).details?.capability).toBe('resourceUpload');
  });

  it('uses them when the server has them', async () => {
    const sb = await start();
    const client = clientFor(sb);
    const doc = join(dir, 'protocol.txt');
    await writeFile(doc, 'Abstraction protocol');
    expect((await client.uploadResource({ path: doc }, 'Protocol')).uploadTaskId).toMatch(/\S/);
    const generation = await client.generate({ variableNames: undefined, patientIds: undefined });
    expect((await client.followTask(generation, { ...fastPoll })).state).toBe('complete');
    expect(Array.isArray(await client.queueErrors())).toBe(true);
  });
});
