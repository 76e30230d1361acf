import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildAll } from '../../scripts/build.ts';
import { formatMs, median, runWorker, startSandbox, table } from './bench-support.ts';
import { benchBrainstem } from './brainstem-worker.ts';
import { benchBrim } from './preflight-worker.ts';
import { benchBrimUpload } from './brim-upload-worker.ts';
import { benchImportPlan } from './import-plan-worker.ts';
import { benchImportRun } from './import-run-worker.ts';
import { benchXlsx } from './xlsx-worker.ts';
import { benchCli } from './cli-worker.ts';

interface TableTimings {
  open: number[];
  sort: number[];
  filter: number[];
}
const benchTable = (size: number, runs: number): Promise<TableTimings> => runWorker<TableTimings>('test/bench/table-bench.ts', [String(size), String(runs)]);
const summarise = (t: TableTimings): { open: number; sort: number; filter: number } => ({ open: median(t.open), sort: median(t.sort), filter: median(t.filter) });

const usage = `Usage: npm run bench -- [sync|table|export|redcap|brainstem|brim|import|xlsx|cli|all] [--records N] [--rows X] [--format csv|xlsx] [--runs R] [--batch B] [--sessions S] [--notes N] [--megabytes M]

Measures Carrel against the REDCap sandbox (default 100,000 records × 40 columns) and prints
medians of R runs, each next to a baseline measured in the same command:
  sync    sync into the offline cache (time, main-process peak RSS); baseline: one plain fetch of
          all records as JSON, parsed and discarded (what a script does)
  table   in Chromium through the web shell: first rows on screen, sort, filter; baseline: the same
          on a 1,000-record project
  export  CSV export of the whole project; baseline: reading the same rows from the cache only. Alone,
          it syncs at most 20,000 records and repeats them in the cache up to N rows (--records 1000000).
          --format xlsx: the same through the XLSX writer (typed cells, Dictionary and About sheets),
          with the worker's peak RSS (issue 7: 200,000 rows ≤ 40 s, ≤ 500 MB)
  redcap  the longitudinal project (two arms, repeating instrument and event, ~3.2 rows per record):
          full sync (baseline: one plain fetch of all records); re-sync after 10 records changed and
          2 deleted (baseline: the full sync); a full sync whose connection is reset halfway through
          the record batches (baseline: the full sync). Each run checks the cache row for row
          against the server afterwards.
  brainstem  the BrainSTEM sandbox with S sessions (default 20,000): load-all of every session with two
          includes, each id checked against the sandbox (baseline: the same without includes); a full sync
          of the private portal; the cached session table's first rows through the views API, cold (a
          fresh process) and warm (baseline: each other).
  brim    pre-flight of a generated Brim notes CSV of N notes and M MB (default 100,000 and 200): time and
          peak RSS, without and with the corrected copy, each report checked against the planted problems;
          baseline: a plain streamed read of the same file (counting newlines). Then the upload of a clean
          file of that size through Carrel's upload job to the in-process Brim sandbox: time to send, time
          until Brim's task completed, and the largest gap between progress updates (target ≤ 250 ms);
          baseline: one plain multipart POST of the same file.
  import  planning a CSV import into the classic project (records synced into a temporary cache first):
          every record as a 40-column file, 10% of rows changed, 1% new records; read + map + validate +
          diff, time and peak RSS, each plan checked against what was changed; baseline: a plain streamed
          read of the same file. Then the journaled import itself: every record sent again with new
          values through createImport + runImport, time and peak RSS (target ≤ 90 s); baseline: the
          same batches POSTed with plain fetch and no journal.
  xlsx    an XLSX export of X rows × 40 columns of mixed kinds (default 200,000) by Carrel's streaming
          writer and by exceljs' streaming WorkbookWriter (the alternative), each in a fresh process: time
          and peak RSS (targets ≤ 40 s, ≤ 500 MB); baseline: generating the same rows alone.
  cli     the built \`carrel\` command: \`carrel --version\` start-up, median of 10 (target ≤ 300 ms; baseline
          \`node -e 0\`); \`carrel export --sync\` of N records × 40 fields from the sandbox to CSV into a fresh
          user-data folder, time and the child's peak RSS; baselines: PyCap's export_records() in a python3
          process (target: at least as fast, less memory), where PyCap is importable (python3's path or
          CARREL_BENCH_PYTHONPATH), and one plain fetch of all records as JSON parsed into memory.
`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { records: { type: 'string', default: '100000' }, runs: { type: 'string' }, batch: { type: 'string', default: '500' }, sessions: { type: 'string', default: '20000' }, notes: { type: 'string', default: '100000' }, megabytes: { type: 'string', default: '200' }, rows: { type: 'string', default: '200000' }, format: { type: 'string', default: 'csv' }, help: { type: 'boolean', default: false } },
});
if (values.help) {
  process.stdout.write(usage);
  process.exit(0);
}
const what = positionals[0] ?? 'all';
if (!['sync', 'table', 'export', 'redcap', 'brainstem', 'brim', 'import', 'xlsx', 'cli', 'all'].includes(what)) {
  process.stderr.write(usage);
  process.exit(2);
}
const records = Number(values.records);
const targets = { sync: 60_000, syncRss: 500, open: 500, sort: 1500, filter: 1000, export: 15_000, resync: 5000 };
const verdict = (value: number, limit: number): string => (value <= limit ? 'ok' : 'OVER');
const lines: string[][] = [['measure', 'median', 'baseline', 'ratio', 'target', '']];
const size = what === 'xlsx' ? `${Number(values.rows).toLocaleString('en-US')} XLSX rows` : what === 'brim' ? `${Number(values.notes).toLocaleString('en-US')} Brim notes` : what === 'brainstem' ? `${Number(values.sessions).toLocaleString('en-US')} BrainSTEM sessions` : `${records.toLocaleString('en-US')} records`;
const header = `Carrel benchmarks · ${size} · ${new Date().toISOString()} · node ${process.version} · ${process.arch}`;
process.stdout.write(`${header}\n`);

/** Records synced for an export-only run; the cache is then filled up to --records by repeating them. */
const exportSeedRecords = 20_000;

async function benchSyncAndExport(runs: number, doSync: boolean, doExport: boolean): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'carrel-bench-'));
  // Export alone: a smaller project is synced and its cached records repeated up to --records (export-worker.ts).
  const sandbox = await startSandbox(doSync ? records : Math.min(records, exportSeedRecords), join(work, 'sandbox.json'));
  try {
    let last: { userData: string; connectionId: string } | null = null;
    const syncs: Array<{ ms: number; maxRssMb: number; rows: number; columns: number; connectionId: string }> = [];
    const downloads: Array<{ ms: number; maxRssMb: number }> = [];
    for (let run = 0; run < (doSync ? runs : 1); run++) {
      const userData = join(work, `user-data-${run}`);
      const sync = await runWorker<{ ms: number; maxRssMb: number; rows: number; columns: number; connectionId: string }>('test/bench/sync-worker.ts', [sandbox.url, sandbox.token, userData, values.batch!]);
      syncs.push(sync);
      last = { userData, connectionId: sync.connectionId };
      if (doSync) downloads.push(await runWorker<{ ms: number; maxRssMb: number }>('test/bench/download-worker.ts', [sandbox.url, sandbox.token]));
      process.stdout.write(`  sync run ${run + 1}: ${formatMs(sync.ms)}, peak RSS ${sync.maxRssMb.toFixed(0)} MB, ${sync.rows} rows × ${sync.columns} columns\n`);
    }
    if (doSync) {
      const ms = median(syncs.map((s) => s.ms));
      const rss = median(syncs.map((s) => s.maxRssMb));
      const baseMs = median(downloads.map((d) => d.ms));
      const baseRss = median(downloads.map((d) => d.maxRssMb));
      lines.push(['sync into cache', formatMs(ms), formatMs(baseMs), `${(ms / baseMs).toFixed(2)}×`, '≤ 60 s', verdict(ms, targets.sync)]);
      lines.push(['sync peak RSS (main)', `${rss.toFixed(0)} MB`, `${baseRss.toFixed(0)} MB`, `${(rss / baseRss).toFixed(2)}×`, '≤ 500 MB', verdict(rss, targets.syncRss)]);
    }
    if (doExport && last) {
      const result = await runWorker<{ exports: number[]; reads: number[]; bytes: number; rows: number; columns: number; maxRssMb: number }>('test/bench/export-worker.ts', [last.userData, last.connectionId, String(runs), work, String(records), values.format === 'xlsx' ? 'xlsx' : 'csv']);
      const ms = median(result.exports);
      const base = median(result.reads);
      process.stdout.write(`  export: ${result.rows} rows × ${result.columns} columns, ${(result.bytes / 1024 / 1024).toFixed(1)} MB per file, runs ${result.exports.map(formatMs).join(', ')}, peak RSS ${result.maxRssMb.toFixed(0)} MB\n`);
      if (values.format === 'xlsx') {
        // Issue 7: XLSX of 200,000 × 40 through the export job (cache → typed cells → file) ≤ 40 s, main peak RSS ≤ 500 MB.
        lines.push(['XLSX export (job, from the cache)', formatMs(ms), formatMs(base), `${(ms / base).toFixed(2)}×`, '≤ 40 s', verdict(ms, 40_000)]);
        lines.push(['XLSX export peak RSS (worker)', `${result.maxRssMb.toFixed(0)} MB`, '', '', '≤ 500 MB', verdict(result.maxRssMb, 500)]);
      } else {
        lines.push(['CSV export', formatMs(ms), formatMs(base), `${(ms / base).toFixed(2)}×`, '≤ 15 s', verdict(ms, targets.export)]);
      }
    }
  } finally {
    await sandbox.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

interface RedcapRun {
  ms: number;
  fullMs: number;
  maxRssMb: number;
  mode: string;
  fetched: number;
  deleted: number;
  rows: number;
  columns: number;
  check: { rows: number; records: number };
}

async function benchRedcap(runs: number): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'carrel-bench-'));
  const sandbox = await startSandbox(1000, join(work, 'sandbox.json'), records);
  const scenario = (name: string, run: number): Promise<RedcapRun> =>
    runWorker<RedcapRun>('test/bench/redcap-worker.ts', [name, sandbox.url, sandbox.longitudinalToken, join(work, `${name}-${run}`), values.batch!, String(run)]);
  try {
    const full: RedcapRun[] = [];
    const downloads: Array<{ ms: number; maxRssMb: number }> = [];
    const resync: RedcapRun[] = [];
    const reset: RedcapRun[] = [];
    for (let run = 0; run < runs; run++) {
      const f = await scenario('full', run);
      full.push(f);
      downloads.push(await runWorker<{ ms: number; maxRssMb: number }>('test/bench/download-worker.ts', [sandbox.url, sandbox.longitudinalToken]));
      process.stdout.write(`  longitudinal full sync run ${run + 1}: ${formatMs(f.ms)}, peak RSS ${f.maxRssMb.toFixed(0)} MB, ${f.rows} rows × ${f.columns} columns, ${f.check.records} records, checked against the server
`);
      const r = await scenario('resync', run);
      resync.push(r);
      process.stdout.write(`  re-sync run ${run + 1}: ${formatMs(r.ms)} (${r.mode}, ${r.fetched} fetched, ${r.deleted} deleted; its full sync took ${formatMs(r.fullMs)}), ${r.check.rows} rows checked against the server
`);
      if (r.mode !== 'incremental' || r.fetched !== 10 || r.deleted !== 2) throw new Error(`the re-sync was not the expected incremental one: ${JSON.stringify(r)}`);
      const x = await scenario('reset', run);
      reset.push(x);
      process.stdout.write(`  reset at 50% run ${run + 1}: ${formatMs(x.ms)}, ${x.check.rows} rows of ${x.check.records} records, each once, checked against the server
`);
    }
    const ms = median(full.map((f) => f.ms));
    const rss = median(full.map((f) => f.maxRssMb));
    const baseMs = median(downloads.map((d) => d.ms));
    const baseRss = median(downloads.map((d) => d.maxRssMb));
    const resyncMs = median(resync.map((r) => r.ms));
    const resetMs = median(reset.map((r) => r.ms));
    lines.push(['longitudinal full sync', formatMs(ms), formatMs(baseMs), `${(ms / baseMs).toFixed(2)}×`, '≤ 60 s', verdict(ms, targets.sync)]);
    lines.push(['longitudinal sync peak RSS', `${rss.toFixed(0)} MB`, `${baseRss.toFixed(0)} MB`, `${(rss / baseRss).toFixed(2)}×`, '≤ 500 MB', verdict(rss, targets.syncRss)]);
    lines.push(['re-sync, 10 changed + 2 deleted', formatMs(resyncMs), formatMs(ms), `${(resyncMs / ms).toFixed(3)}×`, '≤ 5 s', verdict(resyncMs, targets.resync)]);
    lines.push(['full sync, reset at 50%', formatMs(resetMs), formatMs(ms), `${(resetMs / ms).toFixed(2)}×`, 'all once', 'ok']);
  } finally {
    await sandbox.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

async function benchTables(runs: number): Promise<void> {
  const big = await benchTable(records, runs);
  process.stdout.write(`  table ${records}: open ${big.open.map(formatMs).join(', ')} · sort ${big.sort.map(formatMs).join(', ')} · filter ${big.filter.map(formatMs).join(', ')}\n`);
  const small = await benchTable(1000, runs);
  process.stdout.write(`  table 1000: open ${small.open.map(formatMs).join(', ')} · sort ${small.sort.map(formatMs).join(', ')} · filter ${small.filter.map(formatMs).join(', ')}\n`);
  const b = summarise(big);
  const s = summarise(small);
  process.stdout.write(`  first (cold) open of ${records} records: ${formatMs(big.open[0]!)}\n`);
  lines.push(['table: first rows on screen', formatMs(b.open), formatMs(s.open), `${(b.open / s.open).toFixed(2)}×`, '≤ 500 ms', verdict(b.open, targets.open)]);
  lines.push(['table: sort by a column', formatMs(b.sort), formatMs(s.sort), `${(b.sort / s.sort).toFixed(2)}×`, '≤ 1.5 s', verdict(b.sort, targets.sort)]);
  lines.push(['table: filter', formatMs(b.filter), formatMs(s.filter), `${(b.filter / s.filter).toFixed(2)}×`, '≤ 1 s', verdict(b.filter, targets.filter)]);
}

if (what === 'sync' || what === 'export' || what === 'all') {
  await benchSyncAndExport(Number(values.runs ?? 3), what !== 'export', what !== 'sync');
}
if (what === 'redcap' || what === 'all') {
  await benchRedcap(Number(values.runs ?? 3));
}
if (what === 'brainstem' || what === 'all') {
  const work = mkdtempSync(join(tmpdir(), 'carrel-bench-bs-'));
  try {
    lines.push(...(await benchBrainstem({ sessions: Number(values.sessions), runs: Number(values.runs ?? 3), work, write: (line) => process.stdout.write(line) })));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
if (what === 'brim' || what === 'all') {
  const work = mkdtempSync(join(tmpdir(), 'carrel-bench-brim-'));
  try {
    lines.push(...(await benchBrim({ notes: Number(values.notes), megabytes: Number(values.megabytes), runs: Number(values.runs ?? 3), work, write: (line) => process.stdout.write(line) })));
    lines.push(...(await benchBrimUpload({ notes: Number(values.notes), megabytes: Number(values.megabytes), runs: Number(values.runs ?? 3), work, write: (line) => process.stdout.write(line) })));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
if (what === 'import' || what === 'all') {
  const work = mkdtempSync(join(tmpdir(), 'carrel-bench-import-'));
  try {
    lines.push(...(await benchImportPlan({ records, runs: Number(values.runs ?? 3), batch: values.batch!, work, write: (line) => process.stdout.write(line) })));
    lines.push(...(await benchImportRun({ records, runs: Number(values.runs ?? 3), write: (line) => process.stdout.write(line) })));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
if (what === 'xlsx' || what === 'all') {
  const work = mkdtempSync(join(tmpdir(), 'carrel-bench-xlsx-'));
  try {
    lines.push(...(await benchXlsx({ rows: Number(values.rows), runs: Number(values.runs ?? 3), work, write: (line) => process.stdout.write(line) })));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
if (what === 'cli' || what === 'all') {
  const work = mkdtempSync(join(tmpdir(), 'carrel-bench-cli-'));
  try {
    lines.push(...(await benchCli({ records, runs: Number(values.runs ?? 3), work, write: (line) => process.stdout.write(line) })));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
if (what === 'table' || what === 'all') {
  // Measure the renderer as it is in this checkout, never a stale build.
  await buildAll({ quiet: true });
  await benchTables(Number(values.runs ?? 5));
}
process.stdout.write(`\n${table(lines)}\n`);
