// One measured sync, in a process of its own so that its peak RSS is the sync's main-process cost.
// Usage: node test/bench/sync-worker.ts <apiUrl> <token> <userDataDir> <batchSize>
import { testCore, recordingPorts } from '../helpers/test-core.ts';

const [url, token, userData, batchSize] = process.argv.slice(2) as [string, string, string, string];
const { core } = await testCore(userData, recordingPorts(userData));
const added = await core.dispatch('connections.add', { kind: 'redcap', url, token }, { shell: 'desktop' });
if (!added.ok) throw new Error(added.error.message);
await core.dispatch('settings.update', { redcapBatchSize: Number(batchSize) }, { shell: 'desktop' });
const connectionId = (added.result as { id: string }).id;
const started = performance.now();
const reply = await core.dispatch('sync.start', { connectionId }, { shell: 'desktop' });
if (!reply.ok) throw new Error(reply.error.message);
const job = await core.services.jobs.settled((reply.result as { jobId: string }).jobId);
const ms = performance.now() - started;
if (job?.state !== 'succeeded' || job.result?.kind !== 'sync') throw new Error(`sync ${job?.state}: ${job?.error?.message}`);
await core.shutdown();
process.stdout.write(`${JSON.stringify({ ms, rows: job.result.rows, columns: job.result.columns, maxRssMb: process.resourceUsage().maxRSS / 1024, connectionId })}\n`);
