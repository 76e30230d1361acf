// `carrel brim results --out FILE`: Brim's results fetched into the offline cache (as the app's Results
// pane does), then written to --out by the same export as every table: ids as text, numbers as numbers.

import { extname, resolve } from 'node:path';
import { AppError } from '../../../../shared/contract/errors.ts';
import type { ExportFormat } from '../../../../shared/contract/exports.ts';
import { exitCodes, type CliRunContext, type ExitCode } from '../cli-types.ts';
import { UsageError } from '../cli-args.ts';
import { call, stringValue } from '../cli-calls.ts';
import { setSavePath } from '../cli-ports.ts';
import { pickConnection } from './brainstem-connection.ts';
import { jobResult } from './brim-jobs.ts';

function formatOf(value: string | undefined, out: string): Extract<ExportFormat, 'csv' | 'xlsx'> {
  const format = value ?? (extname(out).toLowerCase() === '.xlsx' ? 'xlsx' : 'csv');
  if (format !== 'csv' && format !== 'xlsx') throw new UsageError(`--format is csv or xlsx (got "${format.slice(0, 20)}").`);
  return format;
}

export async function runResults(context: CliRunContext): Promise<ExitCode> {
  const { values, out } = context;
  const outArg = stringValue(values.out);
  if (outArg === undefined) throw new UsageError('Say where to write the results with --out FILE (.csv or .xlsx).');
  const target = resolve(outArg);
  const format = formatOf(stringValue(values.format), target);
  const task = stringValue(values.task);
  const kind = values.detailed === true ? 'detailed' : 'patient';

  const core = await context.core();
  const connection = await pickConnection(core, 'brim', stringValue(values.connection), context.io.env);
  const fetch = await call(core, 'brim.fetchResults', {
    connectionId: connection.id,
    kind,
    includeNulls: values['skip-empty'] !== true,
    scope: task ? { type: 'task', taskId: task } : { type: 'project' },
  });
  const fetched = await jobResult(core, fetch.jobId, out, 'brim-results');

  const view = { connectionId: connection.id, dataset: fetched.dataset, mode: 'raw' as const, sort: [], filter: '' };
  // The export's save "dialog" is the CLI's ports: they answer with --out.
  setSavePath(core, target);
  const exported = await call(core, 'export.start', { view, scope: 'all', format, header: 'names', bom: false });
  if (exported.jobId === null) throw new AppError('INTERNAL', 'The export did not start: no file to write to.');
  const file = await jobResult(core, exported.jobId, out, 'file');

  const summary = { dataset: fetched.dataset, kind, rows: file.rows, path: target, format, bytes: file.bytes, notes: file.notes };
  for (const note of file.notes) out.note(note);
  out.result(summary, () => `Wrote ${file.rows.toLocaleString('en-US')} ${kind === 'patient' ? 'patient' : 'detailed'} result rows to ${target}.`);
  return exitCodes.ok;
}
