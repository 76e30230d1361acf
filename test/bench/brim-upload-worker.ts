// One Brim notes-upload measurement in a process of its own (Carrel's core and the Brim sandbox in it, as
// the tests run them), so its time is its alone.
// Usage: node test/bench/brim-upload-worker.ts generate <file> <notes> <bytes>
//          a clean notes file (nothing for Brim to refuse) of that size
//        node test/bench/brim-upload-worker.ts upload <file> <user-data-dir> [<sandbox-info-file>]
//          stage the file and run Carrel's upload job (brim.uploadNotes) to the end; report the time to send,
//          the time until Brim's upload task completed, and the largest gap between progress updates. The
//          sandbox runs in this process unless an --info file of a running `npm run sandbox` is given.
//        node test/bench/brim-upload-worker.ts baseline <file>
//          what a script does: one multipart POST of the same file with fetch, streamed from disk, no progress
// Each prints one JSON line.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openAsBlob, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Job } from '../../shared/contract/jobs.ts';
import { writeNotesCsv } from '../helpers/notes-csv.ts';
import { FakeKeychain, recordingPorts, testCore } from '../helpers/test-core.ts';
import { startBrimSandbox } from '../sandbox/brim/index.ts';
import { formatMs, median, nodeFlags, root, runWorker, stopChild } from './bench-support.ts';

interface UploadRun {
  /** Job start → last byte handed to the network. */
  sendMs: number;
  /** Job start → Brim's upload task complete (the job's end). */
  totalMs: number;
  /** Largest gap between two progress updates the UI received while bytes were being sent (and from the start to the first). */
  maxGapMs: number;
  byteUpdates: number;
  bytes: number;
  state: string;
}

interface SandboxRef {
  url: string;
  token: string;
  projectId: number;
  close(): Promise<void>;
}

function readBrimInfo(infoFile: string): SandboxRef {
  const info = JSON.parse(readFileSync(infoFile, 'utf8')) as { brim: { url: string; token: string; projectId: number } };
  return { ...info.brim, close: async () => undefined };
}

async function upload(file: string, userData: string, infoFile: string | undefined): Promise<UploadRun> {
  const sandbox: SandboxRef = infoFile ? readBrimInfo(infoFile) : await startBrimSandbox({ port: 0 });
  mkdirSync(userData, { recursive: true });
  const { core } = await testCore(userData, recordingPorts(userData), new FakeKeychain());
  // The sandbox's upload task takes a fraction of a second; Brim's 2 s first poll would dominate the total.
  core.services.brim.pollSchedule = { initialDelayMs: 50, factor: 1.5, maxDelayMs: 400 };
  try {
    const dispatch = async (method: 'brim.connect' | 'files.stagePath' | 'brim.uploadNotes', input: unknown): Promise<Record<string, unknown>> => {
      const reply = await core.dispatch(method, input, { shell: 'desktop' });
      if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
      return reply.result as Record<string, unknown>;
    };
    const connection = await dispatch('brim.connect', { url: sandbox.url, token: sandbox.token, projectId: sandbox.projectId });
    const staged = await dispatch('files.stagePath', { path: file });
    const seen: Array<{ at: number; job: Job }> = [];
    core.subscribe((name, payload) => {
      if (name === 'job.updated') seen.push({ at: performance.now(), job: payload as Job });
    });
    const started = performance.now();
    const { jobId } = (await dispatch('brim.uploadNotes', { connectionId: connection.id, stageId: staged.stageId, generateAfterUpload: false })) as { jobId: string };
    const done = (await core.services.jobs.settled(jobId))!;
    const ended = performance.now();
    const mine = seen.filter((s) => s.job.id === jobId);
    const sending = mine.filter((s) => s.job.progress.unit === 'bytes' && s.job.state === 'running');
    const lastSend = sending.findLast((s) => s.job.progress.total !== null && s.job.progress.done >= s.job.progress.total) ?? sending.at(-1);
    let maxGapMs = 0;
    let previous = started;
    for (const s of sending) {
      maxGapMs = Math.max(maxGapMs, s.at - previous);
      previous = s.at;
    }
    return {
      sendMs: (lastSend?.at ?? ended) - started,
      totalMs: ended - started,
      maxGapMs,
      byteUpdates: sending.length,
      bytes: Number(staged.bytes),
      state: done.state === 'succeeded' && done.result?.kind === 'brim-task' ? done.result.state : `${done.state}: ${done.error?.message ?? ''}`,
    };
  } finally {
    await core.shutdown();
    await sandbox.close();
    rmSync(userData, { recursive: true, force: true });
  }
}

async function baseline(file: string): Promise<{ ms: number; status: number }> {
  const sandbox = await startBrimSandbox({ port: 0 });
  try {
    const form = new FormData();
    form.set('project_id', String(sandbox.projectId));
    form.set('generate_after_upload', 'False');
    form.set('csv_file', await openAsBlob(file, { type: 'text/csv' }), basename(file));
    const started = performance.now();
    const response = await fetch(`${sandbox.url}/api/v1/upload/csv/`, { method: 'POST', headers: { authorization: `Bearer ${sandbox.token}` }, body: form });
    await response.text();
    return { ms: performance.now() - started, status: response.status };
  } finally {
    await sandbox.close();
  }
}

/**
 * The upload half of `npm run bench -- brim`: the generated notes file sent to the in-process sandbox
 * through Carrel's upload job, medians of runs; baseline: the same file in one plain multipart POST.
 */
/** `npm run sandbox` in its own process (fast Brim tasks, nothing else seeded to speak of); its --info file. */
async function startSandboxProcess(work: string): Promise<{ infoFile: string; stop: () => Promise<void> }> {
  const infoFile = join(work, 'sandbox-info.json');
  const args = ['--port', '0', '--records', '10', '--brainstem-sessions', '10', '--brim-pace', 'fast', '--info', infoFile];
  const child = spawn(process.execPath, [...nodeFlags, 'test/sandbox/main.ts', ...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const deadline = Date.now() + 60_000;
  while (!existsSync(infoFile)) {
    if (child.exitCode !== null) throw new Error('the sandbox exited');
    if (Date.now() > deadline) throw new Error('the sandbox did not start');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  return { infoFile, stop: () => stopChild(child) };
}

export async function benchBrimUpload(options: { notes: number; megabytes: number; runs: number; work: string; write: (line: string) => void }): Promise<string[][]> {
  const script = 'test/bench/brim-upload-worker.ts';
  const file = `${options.work}/upload-notes.csv`;
  await runWorker<unknown>(script, ['generate', file, String(options.notes), String(options.megabytes * 1024 * 1024)]);
  const runs: UploadRun[] = [];
  const apart: UploadRun[] = [];
  const bases: number[] = [];
  const external = await startSandboxProcess(options.work);
  try {
    for (let run = 0; run < options.runs; run++) {
      const r = await runWorker<UploadRun>(script, ['upload', file, `${options.work}/upload-user-data-${run}`]);
      if (r.state !== 'complete') throw new Error(`upload run ${run + 1} did not complete: ${r.state}`);
      runs.push(r);
      const a = await runWorker<UploadRun>(script, ['upload', file, `${options.work}/upload-apart-${run}`, external.infoFile]);
      if (a.state !== 'complete') throw new Error(`upload run ${run + 1} (sandbox apart) did not complete: ${a.state}`);
      apart.push(a);
      const b = await runWorker<{ ms: number; status: number }>(script, ['baseline', file]);
      if (b.status !== 200) throw new Error(`the baseline upload was refused (HTTP ${b.status})`);
      bases.push(b.ms);
      options.write(`  upload run ${run + 1}: sent in ${formatMs(r.sendMs)}, task complete after ${formatMs(r.totalMs)}, ${r.byteUpdates} progress updates, largest gap ${formatMs(r.maxGapMs)}; sandbox in its own process: sent in ${formatMs(a.sendMs)}, largest gap ${formatMs(a.maxGapMs)}; plain POST ${formatMs(b.ms)}\n`);
    }
  } finally {
    await external.stop();
    rmSync(file, { force: true });
  }
  const send = median(runs.map((r) => r.sendMs));
  const total = median(runs.map((r) => r.totalMs));
  const gap = median(runs.map((r) => r.maxGapMs));
  const apartGap = median(apart.map((r) => r.maxGapMs));
  const apartSend = median(apart.map((r) => r.sendMs));
  const base = median(bases);
  const size = `${(runs[0]!.bytes / 1024 / 1024).toFixed(0)} MB`;
  return [
    [`Brim upload ${size}, sending (job)`, formatMs(send), formatMs(base), `${(send / base).toFixed(2)}×`, '—', 'ok'],
    [`Brim upload ${size}, until task complete`, formatMs(total), formatMs(base), `${(total / base).toFixed(2)}×`, '—', 'ok'],
    [`Brim upload: largest progress gap`, formatMs(gap), '—', '—', '≤ 250 ms', gap <= 250 ? 'ok' : 'OVER'],
    // The in-process sandbox parses and labels the upload on Carrel's own event loop; apart, only Carrel's work counts.
    [`Brim upload, sandbox apart: sending`, formatMs(apartSend), formatMs(base), `${(apartSend / base).toFixed(2)}×`, '—', 'ok'],
    [`Brim upload, sandbox apart: largest gap`, formatMs(apartGap), '—', '—', '≤ 250 ms', apartGap <= 250 ? 'ok' : 'OVER'],
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [scenario, file, ...args] = process.argv.slice(2) as [string, string, ...string[]];
  const result =
    scenario === 'generate' ? { bytes: (await writeNotesCsv(file, { notes: Number(args[0]), targetBytes: Number(args[1]) })).bytes }
    : scenario === 'upload' ? await upload(file, args[0]!, args[1])
    : scenario === 'baseline' ? await baseline(file)
    : null;
  if (result === null) {
    process.stderr.write(`unknown scenario ${scenario}\n`);
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
