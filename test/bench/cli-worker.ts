// The `carrel` command line as users run it: the built launcher (bin/carrel.mjs → dist/cli/carrel.mjs)
// in a child process, timed from outside, its peak RSS read from /proc while it runs (VmHWM).
//   start-up: `carrel --version`, median of 10; baseline `node -e 0` (Node's own start-up)
//   sync + export: `carrel export … --sync --format csv` of the whole classic project into a fresh
//     user-data folder (a full sync, then the CSV); baselines, each run in turn with it:
//       PyCap: `python3 test/bench/pycap-export.py`, Project(url, token).export_records() into memory,
//         timed as a whole process like carrel (Python's start-up, `import redcap`, the export), where
//         PyCap is installed (on python3's path, or CARREL_BENCH_PYTHONPATH);
//       plain fetch: one fetch of every record as JSON, parsed into memory (download-worker.ts), timed
//         inside the process — what PyCap does, with Node's faster parser and no start-up.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli } from '../../scripts/build.ts';
import { formatMs, median, root, runWorker, startSandbox } from './bench-support.ts';

interface ChildRun {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
  /** Peak resident set (Linux VmHWM), or null where /proc is not available. */
  maxRssMb: number | null;
}

function peakRssMb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** PyCap's environment, when `import redcap` works there; null (and the bench says so) otherwise. */
function pycapEnv(): Record<string, string> | null {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? root };
  if (process.env.CARREL_BENCH_PYTHONPATH) env.PYTHONPATH = process.env.CARREL_BENCH_PYTHONPATH;
  const probe = spawnSync('python3', ['-c', 'import redcap'], { env, stdio: 'ignore' });
  return probe.status === 0 ? env : null;
}

function timed(args: string[], env: Record<string, string> = {}, command: string = process.execPath): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? root, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak: number | null = null;
    // VmHWM only grows: the last reading before exit is the peak, to within one polling interval.
    const poll = setInterval(() => {
      const now = child.pid ? peakRssMb(child.pid) : null;
      if (now !== null) peak = Math.max(peak ?? 0, now);
    }, 20);
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    let ms = 0;
    child.on('exit', () => {
      clearInterval(poll);
      ms = performance.now() - started;
    });
    // 'close' comes after 'exit' once the output pipes are drained.
    child.on('close', (code) => resolve({ ms, code, stdout, stderr, maxRssMb: peak }));
  });
}

const carrel = (args: string[], env?: Record<string, string>): Promise<ChildRun> => timed([join(root, 'bin/carrel.mjs'), ...args], env);

export async function benchCli(options: { records: number; runs: number; work: string; write: (line: string) => void }): Promise<string[][]> {
  const { records, runs, work, write } = options;
  await buildCli();
  const versions: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < 10; i++) {
    const v = await carrel(['--version']);
    if (v.code !== 0 || !/^carrel \d/.test(v.stdout)) throw new Error(`carrel --version failed: ${v.stderr}`);
    versions.push(v.ms);
    bare.push((await timed(['-e', '0'])).ms);
  }
  write(`  carrel --version: ${versions.map(formatMs).join(', ')}; node -e 0: ${bare.map(formatMs).join(', ')}\n`);

  const sandbox = await startSandbox(records, join(work, 'sandbox.json'), 10);
  const runsOut: Array<{ ms: number; rss: number }> = [];
  const baseline: Array<{ ms: number; maxRssMb: number }> = [];
  const pycap: Array<{ ms: number; inProcessMs: number; maxRssMb: number }> = [];
  const python = pycapEnv();
  if (!python) write('  PyCap is not installed here (python3 -c "import redcap" fails; set CARREL_BENCH_PYTHONPATH to a folder holding it): comparing with the plain fetch only\n');
  try {
    for (let run = 0; run < runs; run++) {
      const userData = join(work, `cli-user-data-${run}`);
      const env = { CARREL_TOKEN: sandbox.token };
      const common = ['--user-data', userData, '--session-only'];
      const added = await carrel(['connections', 'add', '--kind', 'redcap', '--url', sandbox.url, '--name', 'Bench', ...common], env);
      if (added.code !== 0) throw new Error(`connections add failed: ${added.stderr}`);
      const out = join(work, `cli-${run}.csv`);
      const exported = await carrel(['export', 'Bench', '--sync', '--format', 'csv', '--out', out, '--json', ...common], env);
      if (exported.code !== 0) throw new Error(`carrel export failed: ${exported.stderr}`);
      const result = JSON.parse(exported.stdout) as { rows: number; bytes: number };
      if (result.rows !== records || statSync(out).size !== result.bytes) throw new Error(`carrel export wrote ${result.rows} rows of ${records}`);
      rmSync(out);
      rmSync(userData, { recursive: true, force: true });
      runsOut.push({ ms: exported.ms, rss: exported.maxRssMb ?? NaN });
      const base = await runWorker<{ ms: number; rows: number; maxRssMb: number }>('test/bench/download-worker.ts', [sandbox.url, sandbox.token]);
      if (base.rows !== records) throw new Error(`the plain fetch got ${base.rows} records of ${records}`);
      baseline.push(base);
      let pycapLine = '';
      if (python) {
        const py = await timed([join(root, 'test/bench/pycap-export.py'), sandbox.url, sandbox.token], python, 'python3');
        if (py.code !== 0) throw new Error(`PyCap's export failed: ${py.stderr.slice(-500)}`);
        const got = JSON.parse(py.stdout.trim().split('\n').at(-1)!) as { exportMs: number; rows: number; maxRssMb: number };
        if (got.rows !== records) throw new Error(`PyCap got ${got.rows} records of ${records}`);
        pycap.push({ ms: py.ms, inProcessMs: got.exportMs, maxRssMb: py.maxRssMb ?? got.maxRssMb });
        pycapLine = `; PyCap: ${formatMs(py.ms)} (export_records() itself ${formatMs(got.exportMs)}), peak RSS ${(py.maxRssMb ?? got.maxRssMb).toFixed(0)} MB`;
      }
      write(`  carrel export --sync run ${run + 1}: ${formatMs(exported.ms)}, peak RSS ${exported.maxRssMb?.toFixed(0) ?? '?'} MB, ${(result.bytes / 1024 / 1024).toFixed(1)} MB CSV${pycapLine}; plain fetch + JSON.parse: ${formatMs(base.ms)}, peak RSS ${base.maxRssMb.toFixed(0)} MB\n`);
    }
  } finally {
    await sandbox.stop();
  }
  const ms = median(runsOut.map((r) => r.ms));
  const rss = median(runsOut.map((r) => r.rss));
  const baseMs = median(baseline.map((b) => b.ms));
  const baseRss = median(baseline.map((b) => b.maxRssMb));
  const v = median(versions);
  const b = median(bare);
  const verdict = (ok: boolean): string => (ok ? 'ok' : 'OVER');
  const pycapRows: string[][] = [];
  if (pycap.length > 0) {
    const pyMs = median(pycap.map((p) => p.ms));
    const pyInside = median(pycap.map((p) => p.inProcessMs));
    const pyRss = median(pycap.map((p) => p.maxRssMb));
    pycapRows.push(
      [`carrel sync + export vs PyCap process`, formatMs(ms), formatMs(pyMs), `${(ms / pyMs).toFixed(2)}×`, '≤ PyCap', verdict(ms <= pyMs)],
      [`carrel sync + export vs export_records() alone`, formatMs(ms), formatMs(pyInside), `${(ms / pyInside).toFixed(2)}×`, '≤ PyCap', verdict(ms <= pyInside)],
      ['carrel peak RSS vs PyCap', `${rss.toFixed(0)} MB`, `${pyRss.toFixed(0)} MB`, `${(rss / pyRss).toFixed(2)}×`, '< PyCap', verdict(rss < pyRss)],
    );
  }
  return [
    ['carrel --version start-up', formatMs(v), formatMs(b), `${(v / b).toFixed(2)}×`, '≤ 300 ms', verdict(v <= 300)],
    ...pycapRows,
    [`carrel sync + export CSV, ${records.toLocaleString('en-US')} records, vs plain fetch`, formatMs(ms), formatMs(baseMs), `${(ms / baseMs).toFixed(2)}×`, '(stricter)', verdict(ms <= baseMs)],
    ['carrel peak RSS vs plain fetch', `${rss.toFixed(0)} MB`, `${baseRss.toFixed(0)} MB`, `${(rss / baseRss).toFixed(2)}×`, '< baseline', verdict(rss < baseRss)],
  ];
}
