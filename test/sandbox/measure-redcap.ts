// Measures the REDCap sandbox against its speed targets:
//   flat JSON export of a 500-record batch (records[]) < 50 ms; record_id of 100,000 records < 1.5 s.
// Run: npx node test/sandbox/measure-redcap.ts [records]

import { performance } from 'node:perf_hooks';
import { startRedcapSandbox } from './redcap/index.ts';

const records = Number(process.argv[2] ?? 100_000);
const sandbox = await startRedcapSandbox({ records });
const token = sandbox.projects[0]?.token ?? '';

async function timed(params: URLSearchParams): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(sandbox.url, { method: 'POST', body: params });
  const body = await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  return { ms: performance.now() - started, bytes: body.byteLength };
}

function batch(first: number): URLSearchParams {
  const params = new URLSearchParams({ token, content: 'record', format: 'json', type: 'flat' });
  for (let i = 0; i < 500; i++) params.append('records[]', String(first + i));
  return params;
}

function summary(label: string, samples: number[], extra = ''): void {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  const max = sorted[sorted.length - 1] ?? NaN;
  console.log(`${label}: median ${median.toFixed(1)} ms, max ${max.toFixed(1)} ms over ${samples.length} runs${extra}`);
}

await timed(batch(1)); // warm-up: JIT and the first connection
const batches: number[] = [];
for (let run = 0; run < 20; run++) batches.push((await timed(batch(1 + ((run * 4999) % Math.max(1, records - 500))))).ms);
summary('500-record flat JSON batch (records[])', batches);

for (const format of ['json', 'csv'] as const) {
  const samples: number[] = [];
  let bytes = 0;
  for (let run = 0; run < 5; run++) {
    const result = await timed(new URLSearchParams({ token, content: 'record', format, 'fields[0]': 'record_id' }));
    samples.push(result.ms);
    bytes = result.bytes;
  }
  summary(`record_id of all ${records} records (${format})`, samples, `, ${bytes} bytes`);
}

const rssBefore = process.memoryUsage().rss;
const full = await timed(new URLSearchParams({ token, content: 'record', format: 'csv' }));
console.log(`all 40 columns of ${records} records (csv): ${full.ms.toFixed(0)} ms, ${(full.bytes / 1e6).toFixed(1)} MB; rss ${(rssBefore / 1e6).toFixed(0)} → ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB (client buffers the body)`);

await sandbox.close();
