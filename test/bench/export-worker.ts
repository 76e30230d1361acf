// CSV exports of a synced project, and the baseline: reading the same view's rows from the cache
// without formatting or writing them. Usage: node test/bench/export-worker.ts <userDataDir> <connectionId> <runs> <outDir>
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { testCore, recordingPorts } from '../helpers/test-core.ts';

const [userData, connectionId, runsText, outDir] = process.argv.slice(2) as [string, string, string, string];
const ports = recordingPorts(outDir);
const { core } = await testCore(userData, ports);
const spec = { connectionId, dataset: 'records' as const, mode: 'raw' as const, sort: [], filter: '' };
const exports: number[] = [];
const reads: number[] = [];
let bytes = 0;
let rows = 0;
for (let run = 0; run < Number(runsText); run++) {
  const target = join(outDir, `bench-${run}.csv`);
  ports.nextSavePath = target;
  let started = performance.now();
  const reply = await core.dispatch('export.start', { view: spec, format: 'csv', header: 'names', bom: false }, { shell: 'desktop' });
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
  for (let offset = 0; offset < view.rowids.length; offset += 2000) core.services.views.rows(db, view, offset, 2000);
  reads.push(performance.now() - started);
}
await core.shutdown();
process.stdout.write(`${JSON.stringify({ exports, reads, bytes, rows, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
