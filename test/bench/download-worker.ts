// Baseline for the sync: what a script does with plain fetch — all records in one flat JSON export,
// parsed, nothing stored. Usage: node test/bench/download-worker.ts <apiUrl> <token>
const [url, token] = process.argv.slice(2) as [string, string];
const started = performance.now();
const response = await fetch(url, { method: 'POST', body: new URLSearchParams({ token, content: 'record', format: 'json', type: 'flat', rawOrLabel: 'raw' }) });
const records = (await response.json()) as unknown[];
const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ ms, rows: records.length, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
