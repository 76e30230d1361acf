// CSV exports of a synced project, and the baseline: reading the same view's rows from the cache
// without formatting or writing them.
// Usage: node test/bench/export-worker.ts <userDataDir> <connectionId> <runs> <outDir> [rows] [csv|xlsx]
// With `rows` larger than the synced project, the cached records are first repeated (new record IDs)
// up to that many rows: a million-record sync through the sandbox would take far longer than the export
// being measured, and the export reads only the cache.
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { readDatasetState } from '../../main/services/cache/dataset-state.ts';
import { testCore, recordingPorts } from '../helpers/test-core.ts';

const [userData, connectionId, runsText, outDir, rowsText, formatText] = process.argv.slice(2) as [string, string, string, string, string | undefined, string | undefined];
const format = formatText === 'xlsx' ? 'xlsx' : 'csv';

/** Repeats the cached records (record ID shifted by the seed size each round) until the table holds `rows`. */
function growRecords(db: DatabaseSync, rows: number): void {
  const state = readDatasetState(db, 'records');
  if (!state?.table) throw new Error('the records are not cached');
  const seed = state.rowCount;
  if (rows <= seed) return;
  const width = state.columns.length;
  const rest = Array.from({ length: width - 1 }, (_, i) => `c${i + 1}`).join(', ');
  const copy = db.prepare(`INSERT INTO ${state.table} SELECT CAST(CAST(c0 AS INTEGER) + ? AS TEXT), ${rest}, ord + ?, search_raw, search_label FROM ${state.table} WHERE rowid <= ? ORDER BY rowid LIMIT ?`);
  db.exec('BEGIN');
  for (let done = seed; done < rows; done += seed) copy.run(done, done, seed, Math.min(seed, rows - done));
  db.prepare('UPDATE datasets SET row_count = (SELECT count(*) FROM ' + state.table + ') WHERE name = ?').run('records');
  db.exec('COMMIT');
}

const ports = recordingPorts(outDir);
const { core } = await testCore(userData, ports);
if (rowsText) growRecords(core.services.cache.db(connectionId), Number(rowsText));
const spec = { connectionId, dataset: 'records' as const, mode: 'raw' as const, sort: [], filter: '' };
const exports: number[] = [];
const reads: number[] = [];
let bytes = 0;
let rows = 0;
let columns = 0;
for (let run = 0; run < Number(runsText); run++) {
  const target = join(outDir, `bench-${run}.csv`);
  ports.nextSavePath = target;
  let started = performance.now();
  const reply = await core.dispatch('export.start', { view: spec, format, header: 'names', bom: false }, { shell: 'desktop' });
  if (!reply.ok) throw new Error(reply.error.message);
  const job = await core.services.jobs.settled((reply.result as { jobId: string }).jobId);
  exports.push(performance.now() - started);
  if (job?.result?.kind !== 'file') throw new Error(`export ${job?.state}: ${job?.error?.message}`);
  bytes = statSync(target).size;
  rows = job.result.rows;
  rmSync(target);

  started = performance.now();
  const db = core.services.cache.db(connectionId);
  const view = core.services.views.open(db, connectionId, spec);
  columns = view.columns.length;
  for (let offset = 0; offset < view.rowids.length; offset += 2000) core.services.views.rows(db, view, offset, 2000);
  reads.push(performance.now() - started);
}
await core.shutdown();
process.stdout.write(`${JSON.stringify({ exports, reads, bytes, rows, columns, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
