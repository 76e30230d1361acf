import { resolve } from 'node:path';
import type { ImportPlanSummary, ImportEntryView } from '../../../../shared/contract/imports.ts';
import type { Job } from '../../../../shared/contract/jobs.ts';
import type { ConnectionSummary } from '../../../../shared/contract/connections.ts';
import type { Core } from '../../../ipc/core.ts';
import { UsageError } from '../cli-args.ts';
import { call, jobError, plural, resolveConnection, stringValue, waitForJob } from '../cli-calls.ts';
import { confirm } from '../cli-secret.ts';
import { exitCodes, type CliCommand, type CliRunContext, type ExitCode } from '../cli-types.ts';
import { describeSync, syncConnection } from './sync.ts';

const shownProblems = 20;

function describePlan(plan: ImportPlanSummary): string {
  const lines = [
    `${plan.fileName}: ${plural(plan.rowsRead, 'row')} read (${plan.encoding}, "${plan.delimiter}"-separated)`,
    `  ${plural(plan.newRecords, 'new record')}, ${plural(plan.changedRows, 'changed row')}, ${plural(plan.unchangedRows, 'unchanged row')}${plan.blanked ? `, ${plural(plan.blanked, 'value')} erased` : ''}`,
    `  ${plural(plan.rowsToSend, 'row')} to send; ${plural(plan.errors, 'error')}, ${plural(plan.warnings, 'warning')}`,
  ];
  const skipped = plan.mapping.filter((m) => m.field === null).map((m) => m.column);
  if (skipped.length) lines.push(`  columns not imported: ${skipped.join(', ')}`);
  for (const p of plan.problems.slice(0, shownProblems)) lines.push(`  ${p.severity} row ${p.row}${p.column ? `, ${p.column}` : ''}: ${p.message}`);
  if (plan.errors + plan.warnings > shownProblems) lines.push(`  … ${plural(plan.errors + plan.warnings - Math.min(plan.problems.length, shownProblems), 'more problem')} (all of them: --json)`);
  return lines.join('\n');
}

function describeImportJob(job: Job): string {
  const r = job.result?.kind === 'import' ? job.result : null;
  return r ? `Import ${r.importId}: ${r.state}, ${plural(r.confirmedRows, 'row')} of ${r.rows.toLocaleString('en-US')} confirmed by the server.` : job.message;
}

/** Some objects refused, the others saved (BrainSTEM): partial success. */
function endOf(job: Job): ExitCode {
  if (job.state === 'succeeded') return exitCodes.ok;
  if (job.state === 'cancelled') throw jobError(job);
  const refused = job.error?.details?.refused;
  return Array.isArray(refused) && refused.length > 0 ? exitCodes.partial : exitCodes.failure;
}

/** Asks on a terminal; a script must say --yes. */
async function allowed(ctx: CliRunContext, question: string): Promise<boolean> {
  if (ctx.values.yes === true) return true;
  if (!ctx.io.stdinIsTTY) throw new UsageError('Add --yes to write to the server without being asked (or --dry-run to only check the file).');
  return confirm(ctx.io, question);
}

async function finishJob(ctx: CliRunContext, core: Core, jobId: string, importId: string): Promise<ExitCode> {
  const job = await waitForJob(core, jobId, ctx.out);
  const code = endOf(job);
  if (code !== exitCodes.ok) ctx.out.note(job.error?.message ?? job.message);
  ctx.out.result({ importId, state: job.state, result: job.result, error: job.error }, () => describeImportJob(job));
  return code;
}

async function undo(ctx: CliRunContext, core: Core, connection: ConnectionSummary, importId: string): Promise<ExitCode> {
  const preview = await call(core, 'imports.previewUndo', { connectionId: connection.id, importId });
  ctx.out.note(`Undo ${importId}: restore ${plural(preview.restoreValues, 'value')} in ${plural(preview.restoreRows, 'row')}, delete ${plural(preview.deleteRecords, 'new record')}${preview.removeRows ? `, remove ${plural(preview.removeRows, 'added row')}` : ''}.${preview.note ? ` ${preview.note}` : ''}`);
  if (!(await allowed(ctx, `Undo import ${importId} on ${connection.name}?`))) return exitCodes.failure;
  const started = await call(core, 'imports.undo', { connectionId: connection.id, importId });
  return finishJob(ctx, core, started.jobId, started.importId);
}

export const importCommand: CliCommand = {
  path: ['import'],
  summary: 'Import a CSV into a REDCap project\'s records or a BrainSTEM model: check, show the changes, then a journaled import that can be resumed and undone.',
  usage: 'carrel import CONNECTION FILE [--dry-run] [--yes] [options] | carrel import CONNECTION --resume IMPORT_ID | --undo IMPORT_ID',
  examples: [
    'carrel import "Cohort study" visits.csv --dry-run',
    'carrel import cohort visits.csv --date-format DMY --labels-to-codes --yes',
    'carrel import "BrainSTEM lab" sessions.csv --model session --yes',
    'carrel imports list cohort',
    'carrel import cohort --undo 20260301-0930-ab12 --yes',
  ],
  options: {
    'dry-run': { type: 'boolean', short: 'n', description: 'only check the file and show what would change (exit 1 when it has errors)' },
    yes: { type: 'boolean', short: 'y', description: 'import without asking (required when not run in a terminal)' },
    model: { type: 'string', description: 'BrainSTEM: the model the rows create or update (session, subject …)' },
    overwrite: { type: 'boolean', description: 'blank cells erase values (REDCap\'s overwrite behaviour)' },
    'date-format': { type: 'string', description: 'how dates in the file are written: YMD (default), MDY or DMY' },
    'labels-to-codes': { type: 'boolean', description: 'accept choice labels ("Female") and send their codes' },
    resume: { type: 'string', description: 'continue an interrupted import (IMPORT_ID from `carrel imports list`)' },
    undo: { type: 'string', description: 'revert an import: restore the previous values, delete the records it created' },
  },
  positionals: { min: 1, max: 2, names: ['CONNECTION', 'FILE'] },
  async run(ctx) {
    const resumeId = stringValue(ctx.values.resume);
    const undoId = stringValue(ctx.values.undo);
    const file = ctx.positionals[1];
    if ((resumeId || undoId) && file) throw new UsageError('--resume and --undo take no FILE.');
    if (resumeId && undoId) throw new UsageError('Give --resume or --undo, not both.');
    if (!resumeId && !undoId && !file) throw new UsageError('Missing FILE.');
    const dateFormat = stringValue(ctx.values['date-format']) ?? 'YMD';
    if (dateFormat !== 'YMD' && dateFormat !== 'MDY' && dateFormat !== 'DMY') throw new UsageError('--date-format must be YMD, MDY or DMY.');

    const core = await ctx.core();
    const connection = await resolveConnection(core, ctx.positionals[0]!, ctx.io.env);
    if (undoId) return undo(ctx, core, connection, undoId);
    if (resumeId) {
      if (!(await allowed(ctx, `Resume import ${resumeId} on ${connection.name}?`))) return exitCodes.failure;
      const { jobId } = await call(core, 'imports.resume', { connectionId: connection.id, importId: resumeId });
      return finishJob(ctx, core, jobId, resumeId);
    }

    // The plan compares the file with the cache: it must hold the project first.
    if (connection.kind === 'redcap' && connection.cached === null) {
      ctx.out.note(`${connection.name} has not been synced on this computer yet; syncing first.`);
      const job = await syncConnection(core, connection.id, ctx.out);
      if (job.state !== 'succeeded') throw jobError(job);
      ctx.out.note(describeSync(connection.name, job));
    }
    const staged = await call(core, 'files.stagePath', { path: resolve(file!) });
    const model = stringValue(ctx.values.model);
    const planned = await call(core, 'imports.plan', {
      connectionId: connection.id,
      stageId: staged.stageId,
      options: { dateFormat, labelsToCodes: ctx.values['labels-to-codes'] === true, overwrite: ctx.values.overwrite === true },
      ...(model ? { model } : {}),
    });
    const planJob = await waitForJob(core, planned.jobId, ctx.out);
    if (planJob.state !== 'succeeded' || planJob.result?.kind !== 'import-plan') throw jobError(planJob);
    const planId = planJob.result.planId;
    const plan = await call(core, 'imports.planSummary', { planId });
    const dryRun = ctx.values['dry-run'] === true;
    if (dryRun || plan.errors > 0 || plan.rowsToSend === 0) {
      await call(core, 'imports.discardPlan', { planId });
      ctx.out.result({ dryRun, imported: false, plan }, () => `${describePlan(plan)}\n${plan.errors > 0 ? 'Nothing was imported: correct the errors and try again.' : plan.rowsToSend === 0 ? 'Nothing to import: the server already has these values.' : 'Dry run: nothing was imported.'}`);
      return plan.errors > 0 ? exitCodes.failure : exitCodes.ok;
    }
    ctx.out.note(describePlan(plan));
    if (!(await allowed(ctx, `Send ${plural(plan.rowsToSend, 'row')} to ${connection.name}?`))) {
      await call(core, 'imports.discardPlan', { planId });
      ctx.out.note('Nothing was imported.');
      return exitCodes.failure;
    }
    const started = await call(core, 'imports.start', { planId });
    ctx.out.note(`Import ${started.importId} started; if it stops, continue it with: carrel import ${JSON.stringify(connection.name)} --resume ${started.importId}`);
    return finishJob(ctx, core, started.jobId, started.importId);
  },
};

function describeEntry(entry: ImportEntryView): string {
  return `${entry.importId}  ${entry.kind}${entry.undoOf ? ` of ${entry.undoOf}` : ''}  ${entry.state}  ${entry.createdAt}  ${entry.fileName ?? ''}  ${entry.confirmedRows}/${entry.rows} rows${entry.error ? `  (${entry.error.message})` : ''}`;
}

export const importsListCommand: CliCommand = {
  path: ['imports', 'list'],
  summary: 'A connection\'s imports and undos, newest first, with what the server confirmed (kept across runs).',
  usage: 'carrel imports list CONNECTION',
  examples: ['carrel imports list "Cohort study"', 'carrel imports list cohort --json'],
  options: {},
  positionals: { min: 1, max: 1, names: ['CONNECTION'] },
  async run(ctx) {
    const core = await ctx.core();
    const connection = await resolveConnection(core, ctx.positionals[0]!, ctx.io.env);
    const entries = await call(core, 'imports.list', { connectionId: connection.id });
    ctx.out.result(entries, () => (entries.length ? entries.map(describeEntry).join('\n') : `No imports into ${connection.name} yet.`));
    return exitCodes.ok;
  },
};
