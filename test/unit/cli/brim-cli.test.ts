import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../main/shells/cli/cli-args.ts';
import { brimCommands } from '../../../main/shells/cli/commands/brim.ts';
import type { BrimSandbox } from '../../sandbox/brim/index.ts';
import { parseCsv } from '../../helpers/csv-parse.ts';
import { writeNotesCsv, type NotesCsvPlan } from '../../helpers/notes-csv.ts';
import { runCarrel } from './cli-support.ts';
import { commandAt, runCommand, setFastPolling, startBrimCli, type CliCoreHandle } from './service-cli-support.ts';

const upload = commandAt(brimCommands, 'brim', 'upload');
const generate = commandAt(brimCommands, 'brim', 'generate');
const status = commandAt(brimCommands, 'brim', 'status');
const results = commandAt(brimCommands, 'brim', 'results');

let brim: CliCoreHandle<BrimSandbox>;
beforeEach(async () => {
  brim = await startBrimCli();
  setFastPolling(brim.core);
});
afterEach(async () => {
  await brim.close();
});

async function notesFile(plan: NotesCsvPlan, name = 'notes.csv'): Promise<string> {
  const path = join(brim.cwd, name);
  await writeNotesCsv(path, plan);
  return path;
}

/** What Brim's own script gets for the same export: polled until the CSV comes. */
async function exportDirect(patient: boolean): Promise<string[][]> {
  let taskId: string | undefined;
  for (let i = 0; i < 100; i++) {
    const response = await fetch(`${brim.sandbox.url}/api/v1/results/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${brim.sandbox.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ project_id: brim.sandbox.projectId, detailed_export: !patient, patient_export: patient, include_null_in_export: true, ...(taskId ? { task_id: taskId } : {}) }),
    });
    if ((response.headers.get('content-type') ?? '').includes('csv')) return parseCsv((await response.text()).replace(/^\uFEFF/, ''));
    taskId = ((await response.json()) as { data: { export_task_id: string } }).data.export_task_id;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the sandbox export did not finish');
}

describe('carrel brim upload', () => {
  it('stops on a file Brim would refuse, listing each problem with its row and ids, and uploads nothing', async () => {
    const path = await notesFile({ notes: 30, duplicateNoteIds: [5], badDatetimes: [9] });
    const run = await runCommand(brim.core, upload, [path]);
    expect(run.error).toBeNull();
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^notes\.csv: 2 problems in 30 rows\./m);
    expect(run.stderr).toMatch(/^ {2}row 5, NOTE_ID \(note [^,]+, patient [^)]+\): \[error\] /m);
    expect(run.stderr).toMatch(/^ {2}row 9, NOTE_DATETIME .*\[error\]/m);
    expect(run.stderr).toMatch(/Nothing was uploaded/);
    expect(run.stdout).toBe('');
    expect(brim.sandbox.uploads()).toHaveLength(0);
  });

  it('says --fix when every problem is fixable, and with --fix uploads the corrected copy', async () => {
    const path = await notesFile({ notes: 40, emptyTitles: [3], isoDatetimes: [7] });
    const refused = await runCommand(brim.core, upload, [path]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/row 3, NOTE_TITLE.*\[fixable\]/);
    expect(refused.stderr).toMatch(/Run again with --fix/);
    expect(brim.sandbox.uploads()).toHaveLength(0);

    const fixed = await runCommand(brim.core, upload, [path, '--fix', '--json']);
    expect(fixed.error).toBeNull();
    expect(fixed.code).toBe(0);
    const [summary] = fixed.lines() as Array<{ uploadedFile: string; preflight: { corrected: boolean; rows: number }; task: { state: string } }>;
    expect(summary).toMatchObject({ preflight: { corrected: true, rows: 40 }, task: { state: 'complete' } });
    expect(summary!.uploadedFile).toMatch(/corrected/);
    expect(brim.sandbox.uploads().map((u) => u.fileName)).toEqual([summary!.uploadedFile]);
    // The original is never touched.
    expect(readFileSync(path, 'utf8')).toMatch(/T\d\d:\d\d:\d\dZ/);
  });

  it('uploads a clean file, follows the upload and the generation it started, and the history shows both', async () => {
    const path = await notesFile({ notes: 50 }, 'clinic notes.csv');
    const run = await runCommand(brim.core, upload, [path, '--generate', '--json']);
    expect(run.error).toBeNull();
    expect(run.code).toBe(0);
    const [summary] = run.lines() as Array<{ uploaded: boolean; task: { taskId: string; state: string; childTaskId: string | null } }>;
    expect(summary).toMatchObject({ uploaded: true, task: { state: 'complete' } });
    expect(summary!.task.childTaskId).not.toBeNull();
    expect(brim.sandbox.uploads().map((u) => u.fileName)).toEqual(['clinic notes.csv']);
    // Piped output: no progress bar characters anywhere.
    expect(run.stderr).not.toMatch(/\r|\x1b/);

    const history = await runCommand(brim.core, status, ['--json']);
    expect(history.code).toBe(0);
    const tasks = history.lines() as Array<{ taskId: string; kind: string }>;
    expect(tasks.find((t) => t.taskId === summary!.task.taskId)).toMatchObject({ kind: 'notes-upload' });
    expect(tasks.some((t) => t.taskId === summary!.task.childTaskId)).toBe(true);

    const now = await runCommand(brim.core, status, [summary!.task.taskId]);
    expect(now.code).toBe(0);
    expect(now.stdout).toMatch(new RegExp(`^Brim task ${summary!.task.taskId}: complete`));
  });

  it('refuses a path that is not a file as a usage error', async () => {
    const run = await runCommand(brim.core, upload, [join(brim.cwd, 'missing.csv')]);
    expect(run.error).toBeInstanceOf(UsageError);
  });
});

describe('carrel brim generate and status', () => {
  it('waits for a generation with --wait, and exits 1 when Brim reports it failed', async () => {
    const done = await runCommand(brim.core, generate, ['--wait', '--json']);
    expect(done.error).toBeNull();
    expect(done.code).toBe(0);
    const [task] = done.lines() as Array<{ taskId: string; state: string }>;
    expect(task!.state).toBe('complete');

    brim.sandbox.failNextGeneration('Model quota exceeded');
    const failed = await runCommand(brim.core, generate, ['--wait']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/: error — .*Model quota exceeded/);
  });

  it('without --wait, prints the task id while Brim works on, and status --watch follows it to the end', async () => {
    brim.sandbox.setDelays('generation', { waitingMs: 300, runningMs: 600 });
    const started = await runCommand(brim.core, generate, ['--json']);
    expect(started.code).toBe(0);
    const [task] = started.lines() as Array<{ taskId: string; state: string }>;
    expect(['waiting', 'running']).toContain(task!.state);
    expect(brim.core.services.jobs.list().filter((j) => j.state === 'running')).toEqual([]);

    const watched = await runCommand(brim.core, status, [task!.taskId, '--watch']);
    expect(watched.error).toBeNull();
    expect(watched.code).toBe(0);
    expect(watched.stdout).toMatch(new RegExp(`^Brim task ${task!.taskId}: complete`));
  });
});

describe('carrel brim status TASK: the exit code follows the task', () => {
  it('exits 0 while a task waits or runs (printing its state), and 1 once Brim reports it stopped or failed', async () => {
    brim.sandbox.setDelays('generation', { waitingMs: 200, runningMs: 30_000 });
    const started = await runCommand(brim.core, generate, ['--json']);
    expect(started.code).toBe(0);
    const [task] = started.lines() as Array<{ taskId: string }>;
    const going = await runCommand(brim.core, status, [task!.taskId]);
    expect(going.error).toBeNull();
    expect(going.code).toBe(0);
    expect(going.stdout).toMatch(new RegExp(`^Brim task ${task!.taskId}: (waiting|running)`));

    expect(brim.sandbox.stopTask(task!.taskId)).toBe(true);
    const stopped = await runCommand(brim.core, status, [task!.taskId, '--json']);
    expect(stopped.code).toBe(1);
    expect(stopped.lines()).toEqual([expect.objectContaining({ taskId: task!.taskId, state: 'stopped' })]);

    brim.sandbox.setDelays('generation', { waitingMs: 0, runningMs: 50 });
    brim.sandbox.failNextGeneration('Model quota exceeded');
    const failed = await runCommand(brim.core, generate, ['--wait', '--json']);
    expect(failed.code).toBe(1);
    const [broken] = failed.lines() as Array<{ taskId: string }>;
    const looked = await runCommand(brim.core, status, [broken!.taskId]);
    expect(looked.error).toBeNull();
    expect(looked.code).toBe(1);
    expect(looked.stdout).toMatch(new RegExp(`^Brim task ${broken!.taskId}: error — .*Model quota exceeded`));

    const done = await runCommand(brim.core, generate, ['--wait', '--json']);
    const [complete] = done.lines() as Array<{ taskId: string }>;
    const fine = await runCommand(brim.core, status, [complete!.taskId]);
    expect(fine.code).toBe(0);
    expect(fine.stdout).toMatch(new RegExp(`^Brim task ${complete!.taskId}: complete`));
  });
});

describe('carrel brim generate without --wait, when Brim is slow to report the task', () => {
  it('answers with the task Brim started at once, and `brim status` knows it, without waiting for Brim\'s first report', async () => {
    // Brim takes the generation at once but answers status requests only after 6 s.
    brim.sandbox.faults.add({ kind: 'latency', latencyMs: 6000, times: 0, match: { path: 'task_status' } });
    const before = new Set(brim.sandbox.tasks().map((t) => t.id));
    const t0 = performance.now();
    const run = await runCommand(brim.core, generate, ['--json']);
    const ms = performance.now() - t0;
    expect(run.error).toBeNull();
    expect(run.code).toBe(0);
    const started = brim.sandbox.tasks().filter((t) => !before.has(t.id));
    expect(started.map((t) => t.kind)).toEqual(['generation']);
    const [shown] = run.lines() as Array<{ taskId: string; state: string }>;
    expect(shown).toMatchObject({ taskId: started[0]!.id, state: 'waiting' });
    // Not held up by Brim's slow status answer.
    expect(ms).toBeLessThan(5000);
    // Carrel left nothing running behind it; Brim goes on generating.
    expect(brim.core.services.jobs.list().filter((j) => j.state === 'running')).toEqual([]);
    const listed = await runCommand(brim.core, status, ['--json']);
    expect((listed.lines() as Array<{ taskId: string }>).map((t) => t.taskId)).toContain(started[0]!.id);
  });
});

describe('carrel brim results', () => {
  it('writes the patient-level results Brim exports to the --out CSV', async () => {
    const run = await runCommand(brim.core, results, ['--out', join(brim.cwd, 'labels.csv'), '--json']);
    expect(run.error).toBeNull();
    expect(run.code).toBe(0);
    const truth = await exportDirect(true);
    const [summary] = run.lines() as Array<{ path: string; rows: number; format: string }>;
    expect(summary).toMatchObject({ rows: truth.length - 1, format: 'csv' });
    expect(summary!.path).toBe(join(brim.cwd, 'labels.csv'));
    const written = parseCsv(readFileSync(summary!.path, 'utf8').replace(/^\uFEFF/, ''));
    expect(written).toEqual(truth);
  });

  it('writes detailed results as Excel when --out ends in .xlsx', async () => {
    const run = await runCommand(brim.core, results, ['--detailed', '--out', join(brim.cwd, 'detailed.xlsx')]);
    expect(run.error).toBeNull();
    expect(run.code).toBe(0);
    const truth = await exportDirect(false);
    expect(run.stdout).toBe(`Wrote ${(truth.length - 1).toLocaleString('en-US')} detailed result rows to ${join(brim.cwd, 'detailed.xlsx')}.\n`);
    expect(readFileSync(join(brim.cwd, 'detailed.xlsx')).subarray(0, 2).toString()).toBe('PK');
  });

  it('needs --out, and csv or xlsx', async () => {
    expect((await runCommand(brim.core, results, [])).error).toBeInstanceOf(UsageError);
    expect((await runCommand(brim.core, results, ['--out', 'x.csv', '--format', 'stata'])).error).toBeInstanceOf(UsageError);
  });
});

describe('carrel brim as a child process', () => {
  it('adds the project from $CARREL_TOKEN, refuses a bad notes file, uploads a good one and writes the results', async () => {
    const env = { CARREL_TOKEN: brim.sandbox.token };
    const userData = ['--user-data', join(brim.cwd, 'user-data'), '--session-only'];
    const transcript: string[] = [];
    const carrel = async (args: string[]) => {
      const run = await runCarrel([...args, ...userData], { cwd: brim.cwd, env });
      transcript.push(args.join(' '), run.stdout, run.stderr);
      return run;
    };
    const added = await carrel(['connections', 'add', '--kind', 'brim', '--url', brim.sandbox.url, '--project-id', String(brim.sandbox.projectId), '--name', 'Charts']);
    expect(added.code, added.stderr).toBe(0);

    await notesFile({ notes: 20, duplicateNoteIds: [4] }, 'bad.csv');
    const bad = await carrel(['brim', 'upload', 'bad.csv']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/row 4, NOTE_ID .*\[error\]/);
    expect(brim.sandbox.uploads()).toHaveLength(0);

    await notesFile({ notes: 20 }, 'good.csv');
    const good = await carrel(['--json', 'brim', 'upload', 'good.csv']);
    expect(good.code, good.stderr).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ uploaded: true, task: { state: 'complete' } });
    expect(brim.sandbox.uploads().map((u) => u.fileName)).toEqual(['good.csv']);

    const written = await carrel(['brim', 'results', '--out', 'labels.csv']);
    expect(written.code, written.stderr).toBe(0);
    expect(parseCsv(readFileSync(join(brim.cwd, 'labels.csv'), 'utf8').replace(/^\uFEFF/, ''))).toEqual(await exportDirect(true));

    expect(transcript.join('\n')).not.toContain(brim.sandbox.token);
  }, 120_000);
});
