// One import-plan measurement in a process of its own, so its time and peak RSS are its alone.
// Usage: node test/bench/import-plan-worker.ts generate <userData> <connectionId> <file> <newRecords>
//          write a CSV of every cached record (REDCap's flat export, 40 columns), every 10th row changed in
//          two values, and <newRecords> new records appended
//        node test/bench/import-plan-worker.ts plan <userData> <connectionId> <file>
//          openDelimitedFile + planRedcapImport (read + map + validate + diff) against the synced cache
//        node test/bench/import-plan-worker.ts read <file>
//          the baseline: a plain streamed read of the same file, counting newlines
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { CacheDirectory } from '../../main/services/cache/cache-db.ts';
import { readDatasetState } from '../../main/services/cache/dataset-state.ts';
import { openDelimitedFile } from '../../main/services/imports/delimited-source.ts';
import { planRedcapImport } from '../../main/services/imports/redcap-plan.ts';
import { formatMs, median, runWorker, startSandbox } from './bench-support.ts';

const maxRssMb = (): number => process.resourceUsage().maxRSS / 1024;
/** Calculated and file fields are in every export but cannot be imported: a user skips them. */
const skipped = { bmi: null, non_hdl: null, consent_form: null };

const quote = (value: string): string => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

async function generate(userData: string, connectionId: string, file: string, newRecords: number): Promise<unknown> {
  const db = new CacheDirectory(userData).db(connectionId);
  const state = readDatasetState(db, 'records');
  if (!state?.table) throw new Error('the records are not cached');
  const names = state.columns.map((c) => c.name);
  const at = (name: string): number => names.indexOf(name);
  const [firstName, notes, recordId] = [at('first_name'), at('visit_notes'), at('record_id')];
  const out = createWriteStream(file);
  const write = async (cells: string[]): Promise<void> => {
    if (!out.write(`${cells.map(quote).join(',')}\n`)) await once(out, 'drain');
  };
  await write(names);
  const statement = db.prepare(`SELECT ${names.map((_, i) => `c${i}`).join(', ')} FROM ${state.table} ORDER BY ord`);
  statement.setReturnArrays(true);
  let rows = 0;
  let changed = 0;
  for (const raw of statement.iterate() as Iterable<unknown[]>) {
    const cells = raw.map(String);
    if (rows % 10 === 0) {
      cells[firstName] = `${cells[firstName]}x`;
      cells[notes] = `bench change ${rows}`;
      changed += 1;
    }
    rows += 1;
    await write(cells);
  }
  for (let i = 0; i < newRecords; i++) {
    const cells = names.map(() => '');
    cells[recordId] = `bench-new-${i}`;
    cells[firstName] = 'New';
    cells[notes] = 'added by the bench';
    await write(cells);
  }
  out.end();
  await once(out, 'finish');
  return { rows: rows + newRecords, changed, newRecords, columns: names.length };
}

async function plan(userData: string, connectionId: string, file: string): Promise<unknown> {
  const db = new CacheDirectory(userData).db(connectionId);
  const started = performance.now();
  const source = await openDelimitedFile(file);
  const result = await planRedcapImport(db, { header: source.header, rows: source.rows() }, { mapping: skipped });
  const ms = performance.now() - started;
  const errors = result.problems.filter((p) => p.severity === 'error').length + source.problems().filter((p) => p.severity === 'error').length;
  return { ms, rowsRead: result.rowsRead, changedRows: result.changedRows, unchangedRows: result.unchangedRows, newRecords: result.newRecords.length, planned: result.rows.length, errors, problemCount: result.problemCount, maxRssMb: maxRssMb() };
}

async function read(file: string): Promise<unknown> {
  const started = performance.now();
  let lines = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return { ms: performance.now() - started, lines, maxRssMb: maxRssMb() };
}

interface PlanRun { ms: number; rowsRead: number; changedRows: number; unchangedRows: number; newRecords: number; planned: number; errors: number; problemCount: number; maxRssMb: number }

/**
 * `npm run bench -- import`: plans a CSV import of every record of the classic sandbox project (synced into
 * a temporary cache first) with 10% of rows changed and new records added; each plan is checked against
 * what was planted. Baseline: a plain streamed read of the same file.
 */
export async function benchImportPlan(options: { records: number; runs: number; batch: string; work: string; write: (line: string) => void }): Promise<string[][]> {
  const { records, runs, work, write } = options;
  const sandbox = await startSandbox(records, join(work, 'sandbox.json'), 10);
  try {
    const userData = join(work, 'user-data');
    const sync = await runWorker<{ ms: number; rows: number; connectionId: string }>('test/bench/sync-worker.ts', [sandbox.url, sandbox.token, userData, options.batch]);
    write(`  synced ${sync.rows.toLocaleString('en-US')} records into a temporary cache in ${formatMs(sync.ms)}\n`);
    const file = join(work, 'import.csv');
    const script = 'test/bench/import-plan-worker.ts';
    const newRecords = Math.max(1, Math.round(records / 100));
    const made = await runWorker<{ rows: number; changed: number; newRecords: number; columns: number }>(script, ['generate', userData, sync.connectionId, file, String(newRecords)]);
    write(`  generated ${made.rows.toLocaleString('en-US')} rows × ${made.columns} columns: ${made.changed.toLocaleString('en-US')} changed, ${made.newRecords.toLocaleString('en-US')} new\n`);
    const plans: PlanRun[] = [];
    const reads: Array<{ ms: number; maxRssMb: number }> = [];
    for (let run = 0; run < runs; run++) {
      const p = await runWorker<PlanRun>(script, ['plan', userData, sync.connectionId, file]);
      if (p.rowsRead !== made.rows || p.changedRows !== made.changed || p.newRecords !== made.newRecords || p.errors !== 0 || p.unchangedRows !== made.rows - made.changed - made.newRecords) {
        throw new Error(`the plan does not match the file: ${JSON.stringify(p)}`);
      }
      plans.push(p);
      const r = await runWorker<{ ms: number; maxRssMb: number }>(script, ['read', file]);
      reads.push(r);
      write(`  plan run ${run + 1}: ${formatMs(p.ms)}, peak RSS ${p.maxRssMb.toFixed(0)} MB (${p.planned.toLocaleString('en-US')} rows to send, ${p.problemCount} warnings); plain read ${formatMs(r.ms)}\n`);
    }
    const ms = median(plans.map((p) => p.ms));
    const rss = median(plans.map((p) => p.maxRssMb));
    const baseMs = median(reads.map((r) => r.ms));
    const baseRss = median(reads.map((r) => r.maxRssMb));
    const verdict = (value: number, limit: number): string => (value <= limit ? 'ok' : 'OVER');
    return [
      [`import plan, ${made.rows.toLocaleString('en-US')} rows × ${made.columns}`, formatMs(ms), formatMs(baseMs), `${(ms / baseMs).toFixed(2)}×`, '≤ 10 s', verdict(ms, 10_000)],
      ['import plan peak RSS', `${rss.toFixed(0)} MB`, `${baseRss.toFixed(0)} MB`, `${(rss / baseRss).toFixed(2)}×`, '≤ 600 MB', verdict(rss, 600)],
    ];
  } finally {
    await sandbox.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [scenario, ...args] = process.argv.slice(2) as [string, ...string[]];
  const result =
    scenario === 'generate' ? await generate(args[0]!, args[1]!, args[2]!, Number(args[3]))
    : scenario === 'plan' ? await plan(args[0]!, args[1]!, args[2]!)
    : scenario === 'read' ? await read(args[0]!)
    : null;
  if (result === null) {
    process.stderr.write(`unknown scenario ${scenario}\n`);
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
