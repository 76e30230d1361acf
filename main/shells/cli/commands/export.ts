import { resolve } from 'node:path';
import { exportFormats, type ExportFormat } from '../../../../shared/contract/exports.ts';
import type { ViewCondition } from '../../../../shared/contract/datasets.ts';
import { UsageError } from '../cli-args.ts';
import { call, jobError, listValues, plural, resolveConnection, stringValue, waitForJob } from '../cli-calls.ts';
import { setSavePath } from '../cli-ports.ts';
import { exitCodes, type CliCommand } from '../cli-types.ts';
import { describeSync } from './sync.ts';

/** `--where sex=2 --where site!=B`: exact matches (repeating a field allows any of its values), or exclusions. */
export function whereConditions(words: string[]): ViewCondition[] {
  const byKey = new Map<string, ViewCondition>();
  for (const word of words) {
    const match = /^([^=!]+?)(!?=)(.*)$/.exec(word);
    if (!match) throw new UsageError(`--where takes FIELD=VALUE or FIELD!=VALUE, not "${word}".`);
    const [, column, op, value] = match as unknown as [string, string, string, string];
    const key = `${column.trim()}${op}`;
    const existing = byKey.get(key);
    if (existing) existing.values.push(value);
    else byKey.set(key, { column: column.trim(), op: 'in', ...(op === '!=' ? { not: true } : {}), values: [value] });
  }
  if (byKey.size > 8) throw new UsageError('At most 8 --where conditions (on different fields) can be combined.');
  return [...byKey.values()];
}

export const exportCommand: CliCommand = {
  path: ['export'],
  summary: 'Write a cached dataset (the records by default) to CSV, TSV, Excel, or an R, Stata or SPSS bundle.',
  usage: 'carrel export CONNECTION [DATASET] --format csv|tsv|xlsx|r|stata|spss --out FILE [options]',
  examples: [
    'carrel export "Cohort study" --format csv --out cohort.csv',
    'carrel export cohort --format xlsx --out cohort.xlsx --fields record_id,age,sex --labels --header labels',
    'carrel export cohort --format csv --out women.csv --where sex=2 --filter "boston"',
    'carrel export cohort --format stata --out cohort.do --sync',
    'carrel export cohort users --format csv --delimiter ";" --bom --out users.csv',
  ],
  options: {
    format: { type: 'string', short: 'f', description: 'csv, tsv, xlsx, r, stata or spss' },
    out: { type: 'string', short: 'o', description: 'the file to write (R/Stata/SPSS: the script; its data CSV goes beside it)' },
    fields: { type: 'string', multiple: true, description: 'only these columns, in this order (comma-separated or repeated)' },
    filter: { type: 'string', description: 'only rows containing all these words (any column, ignoring case and accents)' },
    where: { type: 'string', multiple: true, description: 'only rows where FIELD=VALUE (or FIELD!=VALUE); repeat for more' },
    labels: { type: 'boolean', description: 'write choice labels ("Female") instead of raw codes ("2")' },
    header: { type: 'string', description: 'header row: names (default) or labels' },
    delimiter: { type: 'string', description: 'csv separator: "," (default), ";" or "|"' },
    bom: { type: 'boolean', description: 'start the file with a UTF-8 byte-order mark (for Excel)' },
    sync: { type: 'boolean', description: 'sync the connection first (done anyway when the dataset was never synced)' },
  },
  positionals: { min: 1, max: 2, names: ['CONNECTION', 'DATASET'] },
  async run(ctx) {
    const format = stringValue(ctx.values.format);
    const out = stringValue(ctx.values.out);
    if (!format || !(exportFormats as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${exportFormats.join(', ')}.`);
    if (!out) throw new UsageError('--out FILE is required.');
    const header = stringValue(ctx.values.header) ?? 'names';
    if (header !== 'names' && header !== 'labels') throw new UsageError('--header must be names or labels.');
    const delimiter = stringValue(ctx.values.delimiter) ?? ',';
    if (delimiter !== ',' && delimiter !== ';' && delimiter !== '|') throw new UsageError('--delimiter must be ",", ";" or "|".');
    const dataset = ctx.positionals[1] ?? 'records';
    if (!/^[a-z][a-z0-9_]{0,63}$/.test(dataset)) throw new UsageError(`"${dataset}" is not a dataset name (records, users, report_12 …).`);
    const where = whereConditions(listValues(ctx.values.where).length ? (ctx.values.where as string[]) : []);
    const fields = listValues(ctx.values.fields);

    const core = await ctx.core();
    const connection = await resolveConnection(core, ctx.positionals[0]!, ctx.io.env);
    const state = core.services.views.state(core.services.cache.db(connection.id), dataset);
    // The sync runs inside the export job: a first sync's records are written to the file as they arrive.
    const sync = ctx.values.sync === true || !state?.lastSyncedAt;
    if (!state?.lastSyncedAt) ctx.out.note(`${connection.name} has not been synced on this computer yet; syncing first.`);
    const jobsBefore = new Set(core.services.jobs.list().map((j) => j.id));
    const target = resolve(out);
    setSavePath(core, target);
    const { jobId } = await call(core, 'export.start', {
      view: { connectionId: connection.id, dataset, mode: ctx.values.labels === true ? 'label' : 'raw', sort: [], filter: stringValue(ctx.values.filter) ?? '', ...(fields.length ? { columns: fields } : {}), ...(where.length ? { where } : {}) },
      scope: 'view',
      format: format as ExportFormat,
      header,
      bom: ctx.values.bom === true,
      delimiter,
      ...(sync ? { sync: true } : {}),
    });
    if (jobId === null) throw new UsageError('No file to write to.');
    const job = await waitForJob(core, jobId, ctx.out);
    const synced = sync ? core.services.jobs.list().find((j) => j.kind === 'sync' && j.connectionId === connection.id && !jobsBefore.has(j.id)) : undefined;
    if (synced?.state === 'succeeded') ctx.out.note(describeSync(connection.name, synced));
    if (job.state !== 'succeeded' || job.result?.kind !== 'file') throw jobError(job);
    const file = job.result;
    for (const note of file.notes) ctx.out.note(note);
    ctx.out.result(
      { connectionId: connection.id, dataset, format, path: file.path ?? target, rows: file.rows, bytes: file.bytes, companions: file.companions, notes: file.notes },
      () => `Wrote ${plural(file.rows, 'row')} to ${file.path ?? target} (${(file.bytes / 1024 / 1024).toFixed(1)} MB)${file.companions.length ? `, with ${file.companions.join(', ')}` : ''}.`,
    );
    return exitCodes.ok;
  },
};
