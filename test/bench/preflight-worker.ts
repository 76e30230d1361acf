// One Brim notes-CSV measurement in a process of its own, so its time and peak RSS are its alone.
// Usage: node test/bench/preflight-worker.ts generate <file> <notes> <bytes>
//          write the synthetic notes file (a few fixable problems planted: empty titles, ISO datetimes)
//        node test/bench/preflight-worker.ts preflight <file> [<corrected-copy>]
//          preflightNotesCsv over the file, writing the corrected copy when a path is given
//        node test/bench/preflight-worker.ts read <file>
//          the baseline: a plain streamed read of the same file, counting newlines
// Each prints one JSON line. Other Brim measures (e.g. upload) add a scenario here and a step to benchBrim.
import { createReadStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { preflightNotesCsv } from '../../main/services/files/notes-preflight.ts';
import { writeNotesCsv } from '../helpers/notes-csv.ts';
import { formatMs, median, runWorker } from './bench-support.ts';

const maxRssMb = (): number => process.resourceUsage().maxRSS / 1024;
const planted = { emptyTitles: [10, 5_000, 77_777], isoDatetimes: [3, 40_000] };

async function generate(file: string, notes: number, bytes: number): Promise<unknown> {
  const fits = (rows: number[]): number[] => rows.filter((row) => row <= notes);
  const written = await writeNotesCsv(file, { notes, targetBytes: bytes, emptyTitles: fits(planted.emptyTitles), isoDatetimes: fits(planted.isoDatetimes) });
  return { bytes: written.bytes, rows: written.rows, patients: written.patients };
}

async function preflight(file: string, copy: string | undefined): Promise<unknown> {
  const started = performance.now();
  let progressCalls = 0;
  const report = await preflightNotesCsv(file, { fileName: 'notes.csv', writeFixedCopyTo: copy, onProgress: () => progressCalls++ });
  const ms = performance.now() - started;
  return { ms, rows: report.rows, patients: report.patients, counts: report.counts, uploadable: report.uploadable, copied: report.fixedCopyPath !== null, progressCalls, maxRssMb: maxRssMb() };
}

async function read(file: string): Promise<unknown> {
  const started = performance.now();
  let lines = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return { ms: performance.now() - started, lines, maxRssMb: maxRssMb() };
}

interface PreflightRun {
  ms: number;
  rows: number;
  patients: number;
  counts: Record<string, number>;
  uploadable: boolean;
  copied: boolean;
  progressCalls: number;
  maxRssMb: number;
}

/**
 * `npm run bench -- brim`: pre-flight of a generated notes CSV (default 100,000 notes, 200 MB), without
 * and with the corrected copy, each checked against what was planted; baseline: a plain streamed read of
 * the same file in a worker of its own.
 */
export async function benchBrim(options: { notes: number; megabytes: number; runs: number; work: string; write: (line: string) => void }): Promise<string[][]> {
  const { notes, runs, work, write } = options;
  const script = 'test/bench/preflight-worker.ts';
  const file = join(work, 'notes.csv');
  const copy = join(work, 'notes-corrected.csv');
  const made = await runWorker<{ bytes: number; rows: number; patients: number }>(script, ['generate', file, String(notes), String(options.megabytes * 1024 * 1024)]);
  write(`  generated ${made.rows.toLocaleString('en-US')} notes of ${made.patients.toLocaleString('en-US')} patients, ${(made.bytes / 1024 / 1024).toFixed(0)} MB\n`);
  const titles = planted.emptyTitles.filter((row) => row <= notes).length;
  const dates = planted.isoDatetimes.filter((row) => row <= notes).length;
  const check = (run: PreflightRun, what: string): void => {
    const counts = run.counts;
    const expected: Record<string, number> = { 'empty-title': titles, 'datetime-format': dates };
    const kinds = new Set([...Object.keys(counts), ...Object.keys(expected)]);
    const countsMatch = [...kinds].every((kind) => (counts[kind] ?? 0) === (expected[kind] ?? 0));
    if (run.rows !== made.rows || run.patients !== made.patients || !countsMatch || !run.uploadable) {
      throw new Error(`${what}: the report does not match the file (${run.rows} rows, ${run.patients} patients, ${JSON.stringify(counts)})`);
    }
  };
  const checks: PreflightRun[] = [];
  const fixes: PreflightRun[] = [];
  const reads: Array<{ ms: number; lines: number; maxRssMb: number }> = [];
  for (let run = 0; run < runs; run++) {
    const a = await runWorker<PreflightRun>(script, ['preflight', file]);
    check(a, 'pre-flight');
    checks.push(a);
    const b = await runWorker<PreflightRun>(script, ['preflight', file, copy]);
    check(b, 'pre-flight with corrected copy');
    if (!b.copied) throw new Error('the corrected copy was not written');
    rmSync(copy, { force: true });
    fixes.push(b);
    const r = await runWorker<{ ms: number; lines: number; maxRssMb: number }>(script, ['read', file]);
    reads.push(r);
    write(`  pre-flight run ${run + 1}: ${formatMs(a.ms)} (peak RSS ${a.maxRssMb.toFixed(0)} MB, ${a.progressCalls} progress updates); with corrected copy ${formatMs(b.ms)} (peak RSS ${b.maxRssMb.toFixed(0)} MB); plain read ${formatMs(r.ms)} (peak RSS ${r.maxRssMb.toFixed(0)} MB)\n`);
  }
  const ms = median(checks.map((r) => r.ms));
  const fixMs = median(fixes.map((r) => r.ms));
  const rss = median(checks.map((r) => r.maxRssMb));
  const fixRss = median(fixes.map((r) => r.maxRssMb));
  const baseMs = median(reads.map((r) => r.ms));
  const baseRss = median(reads.map((r) => r.maxRssMb));
  const verdict = (value: number, limit: number): string => (value <= limit ? 'ok' : 'OVER');
  const size = `${(made.bytes / 1024 / 1024).toFixed(0)} MB`;
  return [
    [`Brim pre-flight, ${size} / ${notes.toLocaleString('en-US')} notes`, formatMs(ms), formatMs(baseMs), `${(ms / baseMs).toFixed(2)}×`, '≤ 10 s', verdict(ms, 10_000)],
    [`Brim pre-flight + corrected copy`, formatMs(fixMs), formatMs(baseMs), `${(fixMs / baseMs).toFixed(2)}×`, '≤ 10 s', verdict(fixMs, 10_000)],
    // "Flat" memory: the file is 200 MB; a reader that held it would show that and more.
    [`Brim pre-flight peak RSS`, `${rss.toFixed(0)} MB`, `${baseRss.toFixed(0)} MB`, `${(rss / baseRss).toFixed(2)}×`, '≤ 256 MB', verdict(rss, 256)],
    [`Brim pre-flight + copy peak RSS`, `${fixRss.toFixed(0)} MB`, `${baseRss.toFixed(0)} MB`, `${(fixRss / baseRss).toFixed(2)}×`, '≤ 256 MB', verdict(fixRss, 256)],
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [scenario, file, ...args] = process.argv.slice(2) as [string, string, ...string[]];
  const result =
    scenario === 'generate' ? await generate(file, Number(args[0]), Number(args[1]))
    : scenario === 'preflight' ? await preflight(file, args[0])
    : scenario === 'read' ? await read(file)
    : null;
  if (result === null) {
    process.stderr.write(`unknown scenario ${scenario}\n`);
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
