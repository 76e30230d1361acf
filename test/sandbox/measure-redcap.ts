// Measures the REDCap sandbox against its speed targets, at N records per project (default 100,000):
//   classic: flat JSON export of a 500-record batch (records[]) < 50 ms;
//   longitudinal (~3 rows per record): ID-only export < 2 s; a 500-record batch < 150 ms;
//   imports of 500 records (classic and longitudinal) validated and applied < 300 ms.
// Times are request round trips on 127.0.0.1 with the sandbox in this process.
// Run: npx node test/sandbox/measure-redcap.ts [records]

import { performance } from 'node:perf_hooks';
import { REDCAP_DEMO_TOKENS, startRedcapSandbox } from './redcap/index.ts';

const records = Number(process.argv[2] ?? 100_000);
const sandbox = await startRedcapSandbox({ records });
const classic = REDCAP_DEMO_TOKENS.cardiometabolic;
const longitudinal = REDCAP_DEMO_TOKENS.heartFailure;

async function timed(params: URLSearchParams): Promise<{ ms: number; bytes: number; text: string }> {
  const started = performance.now();
  const response = await fetch(sandbox.url, { method: 'POST', body: params });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 200)}`);
  return { ms: performance.now() - started, bytes: Buffer.byteLength(text), text };
}

function batch(token: string, first: number): URLSearchParams {
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

function start(run: number): number {
  return 1 + ((run * 4999) % Math.max(1, records - 500));
}

await timed(batch(classic, 1)); // warm-up: JIT and the first connection
await timed(batch(longitudinal, 1));

const classicBatches: number[] = [];
for (let run = 0; run < 20; run++) classicBatches.push((await timed(batch(classic, start(run)))).ms);
summary('classic: 500-record flat JSON batch', classicBatches);

const longitudinalBatches: number[] = [];
let batchRows = 0;
for (let run = 0; run < 20; run++) {
  const result = await timed(batch(longitudinal, start(run)));
  longitudinalBatches.push(result.ms);
  batchRows += (JSON.parse(result.text) as unknown[]).length;
}
summary('longitudinal: 500-record flat JSON batch', longitudinalBatches, `, ${(batchRows / 20).toFixed(0)} rows per batch`);

for (const [label, token, field] of [['classic', classic, 'record_id'], ['longitudinal', longitudinal, 'study_id']] as const) {
  for (const format of ['json', 'csv'] as const) {
    const samples: number[] = [];
    let bytes = 0;
    let rows = 0;
    for (let run = 0; run < 3; run++) {
      const result = await timed(new URLSearchParams({ token, content: 'record', format, 'fields[0]': field }));
      samples.push(result.ms);
      bytes = result.bytes;
      rows = format === 'json' ? (JSON.parse(result.text) as unknown[]).length : result.text.split('\n').length - 2;
    }
    summary(`${label}: ID-only export of ${records} records (${format})`, samples, `, ${rows} rows, ${(bytes / 1e6).toFixed(1)} MB`);
  }
}

// Imports: 500 existing seeded records each time (so every import copies 500 generated records).
function classicRows(first: number): unknown[] {
  return Array.from({ length: 500 }, (_, i) => ({ record_id: String(first + i), sbp: String(110 + (i % 40)), weight_kg: '72.5', race___2: '1', dob: '1970-05-0' + String(1 + (i % 9)) }));
}
function longitudinalRows(first: number): unknown[] {
  return Array.from({ length: 500 }, (_, i) => ({
    study_id: String(first + i), redcap_event_name: 'screening_arm_1', screen_date: '2023-01-15', nyha_class: '2', age_at_screening: '64',
  }));
}
for (const [label, token, rows] of [['classic', classic, classicRows], ['longitudinal', longitudinal, longitudinalRows]] as const) {
  const samples: number[] = [];
  for (let run = 0; run < 8; run++) {
    const first = start(run + 20);
    const params = new URLSearchParams({ token, content: 'record', format: 'json', returnFormat: 'json', data: JSON.stringify(rows(first)) });
    const result = await timed(params);
    if (result.text !== '{"count":500}') throw new Error(`unexpected import answer ${result.text}`);
    samples.push(result.ms);
  }
  summary(`${label}: import of 500 records (JSON, validated and applied)`, samples);
}

const rssBefore = process.memoryUsage().rss;
const full = await timed(new URLSearchParams({ token: longitudinal, content: 'record', format: 'csv' }));
console.log(`longitudinal: all 42 columns of ${records} records (csv): ${full.ms.toFixed(0)} ms, ${(full.bytes / 1e6).toFixed(1)} MB; rss ${(rssBefore / 1e6).toFixed(0)} → ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB (client buffers the body)`);

await sandbox.close();
