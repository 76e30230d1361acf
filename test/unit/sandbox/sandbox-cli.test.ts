import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../../sandbox/main.ts', import.meta.url));

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

// process.execPath is the repo's pinned Node 22 under `npm run test:unit`.
function run(args: string[]): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const folders: string[] = [];
afterEach(async () => {
  await Promise.all(folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

describe('npm run sandbox', () => {
  it('starts REDCap, BrainSTEM and Brim, writes --info, answers, and stops cleanly on SIGTERM', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'carrel-sandbox-'));
    folders.push(folder);
    const infoFile = join(folder, 'info.json');
    const args = ['--port', '0', '--records', '25', '--seed', '3', '--brainstem-sessions', '30', '--brim-notes', '30', '--brim-pace', 'fast', '--info', infoFile];
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 15_000;
      while (stdout.split('\n').length < 4 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      const lines = stdout.trim().split('\n');
      expect(lines).toHaveLength(3);
      type Listed = { name: string; token: string; longitudinal: boolean; username?: string; rights?: string };
      const info = JSON.parse(await readFile(infoFile, 'utf8')) as {
        redcap: { url: string; projects: Listed[]; restrictedTokens: Listed[] };
        brainstem: { url: string; token: string; publicProjects: number };
        brim: { url: string; token: string; projectId: number };
      };
      expect(Object.keys(info)).toEqual(['redcap', 'brainstem', 'brim']);
      expect(info.brim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines[2]).toContain(info.brim.url);
      const patients = await fetch(`${info.brim.url}/api/v1/results/`, {
        method: 'POST', headers: { Authorization: `Bearer ${info.brim.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ project_id: info.brim.projectId, patient_export: true }),
      });
      // The demo project starts with generated labels, so an export starts (it would fail with nothing to export).
      expect(((await patients.json()) as { data: { status_display: string } }).data.status_display).toBe('Waiting');
      expect(info.brainstem.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(info.brainstem.publicProjects).toBe(3);
      expect(lines[1]).toContain(info.brainstem.url);
      const sessions = await fetch(new URL('api/private/stem/session/?limit=1', info.brainstem.url), { headers: { Authorization: `Bearer ${info.brainstem.token}` } });
      expect(((await sessions.json()) as { meta: { total_results: number } }).meta.total_results).toBe(30);
      expect(info.redcap.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
      expect(info.redcap.projects).toEqual([
        { name: 'Cardiometabolic Cohort (demo)', token: 'C0FFEEC0FFEEC0FFEEC0FFEEC0FFEE01', longitudinal: false },
        { name: 'Heart Failure Follow-up Study (demo)', token: 'C0FFEEC0FFEEC0FFEEC0FFEEC0FFEE02', longitudinal: true },
      ]);
      expect(info.redcap.restrictedTokens.map((entry) => [entry.token.slice(-2), entry.name, entry.longitudinal])).toEqual([
        ['03', 'Cardiometabolic Cohort (demo)', false],
        ['04', 'Cardiometabolic Cohort (demo)', false],
        ['05', 'Cardiometabolic Cohort (demo)', false],
      ]);
      for (const entry of info.redcap.restrictedTokens) expect(entry.rights).not.toBe('full');
      expect(lines[0]).toContain(info.redcap.url);
      const token = info.redcap.projects[0]?.token ?? '';
      const next = await fetch(info.redcap.url, { method: 'POST', body: new URLSearchParams({ token, content: 'generateNextRecordName' }) });
      expect(await next.text()).toBe('26');
      // --records applies to the longitudinal project too.
      const longitudinalToken = info.redcap.projects[1]?.token ?? '';
      const ids = await fetch(info.redcap.url, { method: 'POST', body: new URLSearchParams({ token: longitudinalToken, content: 'generateNextRecordName' }) });
      expect(await ids.text()).toBe('26');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('starts with faults, its own longitudinal size and time zone when asked', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'carrel-sandbox-'));
    folders.push(folder);
    const infoFile = join(folder, 'info.json');
    const args = ['--port', '0', '--records', '5', '--longitudinal-records', '12', '--timezone', 'Asia/Tokyo', '--fault', '{"kind":"status","status":503,"times":1}', '--info', infoFile];
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 15_000;
      while (!stdout.includes('\n') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stdout).toContain('clock Asia/Tokyo');
      const info = JSON.parse(await readFile(infoFile, 'utf8')) as { redcap: { url: string; projects: Array<{ token: string }> } };
      const ask = (token: string): Promise<Response> => fetch(info.redcap.url, { method: 'POST', body: new URLSearchParams({ token, content: 'generateNextRecordName' }) });
      expect((await ask(info.redcap.projects[0]?.token ?? '')).status).toBe(503);
      expect(await (await ask(info.redcap.projects[0]?.token ?? '')).text()).toBe('6');
      expect(await (await ask(info.redcap.projects[1]?.token ?? '')).text()).toBe('13');
      const clock = (await (await fetch(new URL('/__sandbox/clock', info.redcap.url))).json()) as { timezone: string; now: string };
      expect(clock.timezone).toBe('Asia/Tokyo');
      expect(clock.now).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('prints help and exits 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--records N');
    expect(result.stdout).toContain('--longitudinal-records N');
    expect(result.stdout).toContain('--timezone TZ');
    expect(result.stdout).toContain('--fault JSON');
    expect(result.stdout).toContain('--info FILE');
    expect(result.stdout).toContain('--brainstem-sessions N');
    expect(result.stdout).toContain('--brim-notes N');
    expect(result.stdout).toContain('--brim-pace P');
  });

  it('refuses unknown options and bad values with exit code 2', async () => {
    for (const args of [
      ['--bogus'], ['--port', 'eighty'], ['--records', '-5'], ['--port', '70000'], ['stray'], ['--timezone', 'Mars/Olympus'],
      ['--longitudinal-records', 'x'], ['--brainstem-sessions', 'many'], ['--brim-notes', 'lots'], ['--brim-pace', 'slow'], ['--fault', '{"kind":"explode"}'], ['--fault', 'not json'],
    ]) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^sandbox: /);
      expect(result.stdout).toBe('');
    }
  });
});
