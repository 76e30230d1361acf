// The journaled import's cost: every record of the classic project (40 columns) re-imported with new
// values through createImport + runImport, in a process of its own so its peak RSS is the import's.
// Baseline: the same batches POSTed with plain fetch, no journal (what a script does).
// Usage as a worker: node test/bench/import-run-worker.ts <apiUrl> <token> <userDataDir> <run>
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheDirectory } from '../../main/services/cache/cache-db.ts';
import { RedcapApi } from '../../main/services/connectors/redcap/api.ts';
import { exportRecords } from '../../main/services/connectors/redcap/methods/records.ts';
import { HttpClient } from '../../main/services/http/http-client.ts';
import { createImport, readBatches } from '../../main/services/imports/import-journal.ts';
import { runImport } from '../../main/services/imports/import-run.ts';
import type { PlannedRow } from '../../main/services/imports/import-types.ts';
import { formatMs, median, runWorker, startSandbox } from './bench-support.ts';

const notImportable = new Set(['bmi', 'non_hdl', 'consent_form']);

interface ImportRun { ms: number; baselineMs: number; maxRssMb: number; rows: number; columns: number; batches: number }

/** Runs in the worker process. */
async function measure(url: string, token: string, userData: string, run: number): Promise<ImportRun> {
  const api = new RedcapApi(new HttpClient((target, init) => fetch(target, init)), url, token);
  const idField = 'record_id';
  const rows: PlannedRow[] = (await exportRecords(api, {})).map((row) => {
    // Calculated and file fields cannot be imported (REDCap refuses them), as the planner would drop them.
    const values = Object.fromEntries(Object.entries(row).filter(([key]) => !notImportable.has(key)).map(([key, value]) => [key, String(value)]));
    const previous = { ...values };
    // New text in fields without validation, different on every run so REDCap really writes.
    values.first_name = `Bench${run}`;
    values.medications = `run ${run}: ${values.medications ?? ''}`.slice(0, 200);
    return { key: { record: values[idField] ?? '', event: '', repeatInstrument: '', repeatInstance: '' }, values, previous };
  });
  const db = new CacheDirectory(userData).db('bench');
  const started = performance.now();
  const id = createImport(db, { rows, newRecords: [] }, { recordIdField: idField, overwriteBehavior: 'normal' });
  await runImport(db, api, id);
  const ms = performance.now() - started;
  const batches = readBatches(db, id);
  const baselineStarted = performance.now();
  for (const batch of batches) {
    const response = await fetch(url, { method: 'POST', body: new URLSearchParams({ token, content: 'record', format: 'json', type: 'flat', returnContent: 'ids', data: JSON.stringify(batch.payload) }) });
    if (!response.ok) throw new Error(`baseline import answered HTTP ${response.status}`);
    await response.arrayBuffer();
  }
  const baselineMs = performance.now() - baselineStarted;
  return { ms, baselineMs, maxRssMb: process.resourceUsage().maxRSS / 1024, rows: rows.length, columns: Object.keys(rows[0]?.values ?? {}).length, batches: batches.length };
}

/** Called from run.ts: a sandbox process with `records` records, `runs` imports; returns table lines. */
export async function benchImportRun(options: { records: number; runs: number; write: (line: string) => void }): Promise<string[][]> {
  const work = mkdtempSync(join(tmpdir(), 'carrel-bench-import-'));
  const sandbox = await startSandbox(options.records, join(work, 'sandbox.json'), 10);
  try {
    const results: ImportRun[] = [];
    for (let run = 0; run < options.runs; run++) {
      const result = await runWorker<ImportRun>('test/bench/import-run-worker.ts', [sandbox.url, sandbox.token, join(work, `user-data-${run}`), String(run)]);
      results.push(result);
      options.write(`  journaled import run ${run + 1}: ${formatMs(result.ms)} (plain POSTs ${formatMs(result.baselineMs)}), ${result.rows} rows × ${result.columns} columns in ${result.batches} batches, peak RSS ${result.maxRssMb.toFixed(0)} MB\n`);
    }
    const ms = median(results.map((r) => r.ms));
    const base = median(results.map((r) => r.baselineMs));
    return [['journaled import into REDCap', formatMs(ms), formatMs(base), `${(ms / base).toFixed(2)}×`, '≤ 90 s', ms <= 90_000 ? 'ok' : 'OVER']];
  } finally {
    await sandbox.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.filename === process.argv[1]) {
  const [url = '', token = '', userData = '', run = '0'] = process.argv.slice(2);
  process.stdout.write(`${JSON.stringify(await measure(url, token, userData, Number(run)))}\n`);
}
