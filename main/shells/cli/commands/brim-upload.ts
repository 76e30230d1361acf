// `carrel brim upload FILE`: the same pre-flight as the app's notes upload first (problems by row and
// column, note text never shown), then the upload with a byte progress bar, then Brim's task to its end.

import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { PreflightProblem, PreflightReport } from '../../../../shared/contract/brim.ts';
import { problemSeverity } from '../../../services/files/notes-preflight-problems.ts';
import { exitCodes, type CliRunContext, type ExitCode } from '../cli-types.ts';
import { UsageError } from '../cli-args.ts';
import { call, stringValue } from '../cli-calls.ts';
import { pickConnection } from './brainstem-connection.ts';
import { jobResult } from './brim-jobs.ts';

/** Enough lines to act on; --json carries every listed problem (up to 1,000). */
const shownProblems = 40;

function where(problem: PreflightProblem): string {
  const place = [problem.row === null ? 'file' : `row ${problem.row}`, problem.column].filter(Boolean).join(', ');
  const ids = [problem.noteId ? `note ${problem.noteId}` : null, problem.personId ? `patient ${problem.personId}` : null].filter(Boolean).join(', ');
  return ids ? `${place} (${ids})` : place;
}

function printProblems(context: CliRunContext, report: PreflightReport): void {
  const { out } = context;
  const total = Object.values(report.counts).reduce((sum, n) => sum + n, 0);
  if (total === 0) return;
  out.note(`${report.fileName}: ${total.toLocaleString('en-US')} problem${total === 1 ? '' : 's'} in ${report.rows.toLocaleString('en-US')} rows.`);
  const sorted = [...report.problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  for (const problem of sorted.slice(0, shownProblems)) out.note(`  ${where(problem)}: [${problemSeverity(problem)}] ${problem.message}`);
  if (total > shownProblems) out.note(`  … and ${(total - shownProblems).toLocaleString('en-US')} more${context.globals.json ? '' : ' (--json lists up to 1,000)'}.`);
}

/** Why the file is not uploaded, or null when it may go. */
function refusal(report: PreflightReport, fix: boolean): string | null {
  if (!report.uploadable) return 'Nothing was uploaded: the problems marked [error] must be corrected in the file first.';
  if (report.fixable && !fix) return 'Nothing was uploaded. Run again with --fix to upload a corrected copy (your file stays as it is).';
  return null;
}

export async function runUpload(context: CliRunContext): Promise<ExitCode> {
  const { values, out } = context;
  const path = resolve(context.positionals[0] ?? '');
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new UsageError(`${context.positionals[0] ?? ''} is not a file that can be read.`);
  const fix = values.fix === true;

  const core = await context.core();
  const connection = await pickConnection(core, 'brim', stringValue(values.connection), context.io.env);
  const staged = await call(core, 'files.stagePath', { path });
  const preflight = await call(core, 'brim.preflight', { connectionId: connection.id, stageId: staged.stageId, writeFixedCopy: fix });
  out.progress(0, staged.bytes, `Checking ${basename(path)}…`);
  await jobResult(core, preflight.jobId, out, 'preflight');
  const report = await call(core, 'brim.preflightReport', { jobId: preflight.jobId });
  printProblems(context, report);

  const refused = refusal(report, fix);
  if (refused) {
    if (context.globals.json) out.result({ file: report.fileName, preflight: report, uploaded: false, message: refused }, () => '');
    out.note(refused);
    return exitCodes.failure;
  }

  const stageId = report.fixedStageId ?? staged.stageId;
  if (report.fixedStageId) out.note(`Uploading the corrected copy ${report.fixedFileName ?? ''}.`.replace(' .', '.'));
  const upload = await call(core, 'brim.uploadNotes', { connectionId: connection.id, stageId, generateAfterUpload: values.generate === true });
  const task = await jobResult(core, upload.jobId, out, 'brim-task');
  const summary = {
    file: report.fileName,
    uploadedFile: report.fixedFileName ?? report.fileName,
    preflight: { rows: report.rows, patients: report.patients, counts: report.counts, corrected: report.fixedStageId !== null },
    uploaded: true,
    task,
  };
  out.result(summary, () =>
    [
      `Uploaded ${summary.uploadedFile} (${report.rows.toLocaleString('en-US')} notes, ${report.patients.toLocaleString('en-US')} patients) to ${connection.name}.`,
      `Brim task ${task.taskId}: ${task.state}${task.message && task.message.toLowerCase() !== task.state ? ` — ${task.message}` : ''}`,
      ...(task.childTaskId ? [`Generation task ${task.childTaskId} (carrel brim status ${task.childTaskId}).`] : []),
    ].join('\n'),
  );
  return task.state === 'complete' ? exitCodes.ok : exitCodes.failure;
}
