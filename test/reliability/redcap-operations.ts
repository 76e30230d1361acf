// The REDCap operations of the fault matrix: sync, a journaled import, and file uploads into a record's
// file field and into the file repository, each on a fresh sandbox and a fresh user-data folder.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Core } from '../../main/ipc/core.ts';
import type { Job } from '../../shared/contract/jobs.ts';
import { redcapRecords } from '../helpers/redcap-truth.ts';
import { cachedRecordRows, recordingPorts, syncAndWait, testCore } from '../helpers/test-core.ts';
import { startRedcapSandbox, type RedcapSandbox } from '../sandbox/redcap/index.ts';
import { REDCAP_DEMO_TOKENS } from '../sandbox/redcap/seed-teams.ts';
import { MATRIX_TIMEOUT_SECONDS } from './fault-vocabulary.ts';
import { jobOutcome, type Operation, type OperationRun, type Outcome } from './matrix-types.ts';

const TOKEN = REDCAP_DEMO_TOKENS.cardiometabolic;
const RECORDS = 40;

interface RedcapBench {
  core: Core;
  sandbox: RedcapSandbox;
  connectionId: string;
  dir: string;
  call<T>(method: string, input: unknown): Promise<T>;
  requests(): number;
  close(): Promise<void>;
}

async function redcapBench(options: { synced: boolean }): Promise<RedcapBench> {
  const sandbox = await startRedcapSandbox({ records: RECORDS, longitudinalRecords: 2, seed: 3 });
  const dir = mkdtempSync(join(tmpdir(), 'carrel-faults-'));
  const { core } = await testCore(dir, recordingPorts(dir));
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const reply = await core.dispatch(method as 'app.info', input as Record<string, never>, { shell: 'desktop' });
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
    return reply.result as T;
  };
  const close = async (): Promise<void> => {
    await core.shutdown();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const added = await call<{ id: string }>('connections.add', { kind: 'redcap', url: sandbox.url, token: TOKEN });
    // Small batches, so a sync makes several record requests for faults to land in.
    await call('settings.update', { requestTimeoutSeconds: MATRIX_TIMEOUT_SECONDS, redcapBatchSize: 10 });
    if (options.synced) {
      const job = await syncAndWait(core, added.id, 'full');
      if (job.state !== 'succeeded') throw new Error(`setup sync ${job.state}: ${job.error?.message ?? ''}`);
    }
    const requests = (): number => Object.values(sandbox.stats()).reduce((sum, n) => sum + n, 0);
    return { core, sandbox, connectionId: added.id, dir, call, requests, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function settledJob(core: Core, jobId: string): Promise<Job> {
  const job = await core.services.jobs.settled(jobId);
  if (!job) throw new Error('the job vanished');
  return job;
}

/** A plain call as an outcome: what the upload queue shows for it. */
async function callOutcome(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    await run();
    return { state: 'succeeded', error: null };
  } catch (error) {
    const failure = error as { code?: string; message?: string };
    return { state: 'failed', error: { code: failure.code ?? 'UNKNOWN', message: failure.message ?? String(error) } };
  }
}

function expectEqual(what: string, actual: unknown, expected: unknown): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what} differs: got ${a.slice(0, 300)}… expected ${e.slice(0, 300)}…`);
}

/** The cache holds exactly what REDCap holds, row for row. */
async function cacheEqualsServer(bench: RedcapBench): Promise<void> {
  const truth = await redcapRecords(bench.sandbox.url, TOKEN);
  expectEqual('the cached records', await cachedRecordRows(bench.core, bench.connectionId), truth.map((record) => Object.values(record)));
}

function base(bench: RedcapBench): Pick<OperationRun, 'faults' | 'requests' | 'userDataDir' | 'close'> {
  return { faults: bench.sandbox.faults, requests: bench.requests, userDataDir: bench.dir, close: bench.close };
}

export const redcapSync: Operation = {
  name: 'redcap sync',
  service: 'redcap',
  async setup() {
    const bench = await redcapBench({ synced: false });
    const sync = async (): Promise<Outcome> => jobOutcome(await syncAndWait(bench.core, bench.connectionId, 'full'));
    return { ...base(bench), perform: sync, recover: sync, verify: () => cacheEqualsServer(bench) };
  },
};

export const IMPORT_NEW = 700;
const IMPORT_CHANGED = ['1', '2', '3', '4', '5'];

/** Five existing records changed and 700 new ones: two batches of at most 500 records. */
export function importCsv(): string {
  const rows = [
    'record_id,first_name,last_name',
    ...IMPORT_CHANGED.map((id) => `${id},Changed${id},Fault`),
    ...Array.from({ length: IMPORT_NEW }, (_, n) => `${30_000 + n},Given${n},Family${n}`),
  ];
  return `${rows.join('\r\n')}\r\n`;
}

/** Throws unless REDCap holds exactly what a clean import of `importCsv()` into `before` leaves: nothing lost, nothing doubled. */
export async function expectCleanImport(url: string, token: string, before: Array<Record<string, string>>): Promise<void> {
  const expected = new Map(before.map((row) => [row.record_id!, row]));
  for (const id of IMPORT_CHANGED) expected.set(id, { ...expected.get(id)!, first_name: `Changed${id}`, last_name: 'Fault' });
  const after = await redcapRecords(url, token);
  if (after.length !== before.length + IMPORT_NEW) throw new Error(`REDCap holds ${after.length} records, expected ${before.length + IMPORT_NEW}`);
  for (const row of after) {
    const id = row.record_id!;
    const want = expected.get(id);
    if (want !== undefined) expectEqual(`record ${id}`, row, want);
    else if (!(Number(id) >= 30_000 && row.first_name === `Given${Number(id) - 30_000}` && row.last_name === `Family${Number(id) - 30_000}`)) {
      throw new Error(`record ${id} is not what the import planned`);
    }
  }
}

export const redcapImport: Operation = {
  name: 'redcap import',
  service: 'redcap',
  async setup() {
    const bench = await redcapBench({ synced: true });
    const staged = await bench.core.services.staging.fromStream('fault-import.csv', Readable.from([Buffer.from(importCsv(), 'utf8')]));
    const { jobId } = await bench.call<{ jobId: string }>('imports.plan', { connectionId: bench.connectionId, stageId: staged.stageId, options: {} });
    const plan = await settledJob(bench.core, jobId);
    if (plan.result?.kind !== 'import-plan') throw new Error(`import plan ${plan.state}: ${plan.error?.message ?? ''}`);
    const planId = plan.result.planId;
    const before = await redcapRecords(bench.sandbox.url, TOKEN);
    let importId = '';
    return {
      ...base(bench),
      async perform() {
        const started = await bench.call<{ jobId: string; importId: string }>('imports.start', { planId });
        importId = started.importId;
        return jobOutcome(await settledJob(bench.core, started.jobId));
      },
      async recover() {
        // The journal must offer the interrupted import for resume, as the imports list shows it.
        const listed = await bench.call<Array<{ importId: string; state: string }>>('imports.list', { connectionId: bench.connectionId });
        const entry = listed.find((item) => item.importId === importId);
        if (entry?.state !== 'interrupted') throw new Error(`the failed import is listed as ${entry?.state ?? 'missing'}, not interrupted`);
        const { jobId: resumed } = await bench.call<{ jobId: string }>('imports.resume', { connectionId: bench.connectionId, importId });
        return jobOutcome(await settledJob(bench.core, resumed));
      },
      // Exactly a clean import: the untouched records as before, the changed and new ones as planned, no extra.
      verify: () => expectCleanImport(bench.sandbox.url, TOKEN, before),
    };
  },
};

const FILE_BYTES = Buffer.from('%PDF-1.4\n% consent form scanned for the fault matrix\n' + 'x'.repeat(20_000) + '\n%%EOF\n', 'utf8');

async function stageFile(bench: RedcapBench, name: string): Promise<string> {
  return (await bench.core.services.staging.fromStream(name, Readable.from([FILE_BYTES]))).stageId;
}

async function exportFileBytes(bench: RedcapBench, record: string, field: string): Promise<Buffer> {
  const body = new URLSearchParams({ token: TOKEN, content: 'file', action: 'export', record, field, returnFormat: 'json' });
  const response = await fetch(bench.sandbox.url, { method: 'POST', body });
  if (!response.ok) throw new Error(`the sandbox has no file in record ${record}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

export const redcapFileField: Operation = {
  name: 'redcap file field upload',
  service: 'redcap',
  async setup() {
    const bench = await redcapBench({ synced: true });
    const stageId = await stageFile(bench, 'consent-7.pdf');
    const upload = (): Promise<Outcome> => callOutcome(() => bench.call('recordFiles.upload', { connectionId: bench.connectionId, recordId: '7', field: 'consent_form', stageId }));
    return {
      ...base(bench),
      perform: upload,
      recover: upload,
      async verify() {
        if (!(await exportFileBytes(bench, '7', 'consent_form')).equals(FILE_BYTES)) throw new Error('the file in record 7 is not the uploaded one');
        await cacheEqualsServer(bench);
      },
    };
  },
};

export const redcapRepository: Operation = {
  name: 'redcap repository upload',
  service: 'redcap',
  async setup() {
    const bench = await redcapBench({ synced: true });
    const name = 'fault-matrix-protocol.pdf';
    const stageId = await stageFile(bench, name);
    const upload = (): Promise<Outcome> => callOutcome(() => bench.call('repository.upload', { connectionId: bench.connectionId, folderId: null, stageId }));
    return {
      ...base(bench),
      perform: upload,
      recover: upload,
      async verify() {
        const documents = [...bench.sandbox.projectByToken(TOKEN)!.repository.documents.values()].filter((document) => document.name === name);
        if (documents.length !== 1) throw new Error(`the repository holds ${documents.length} copies of ${name}, expected exactly 1`);
        if (!documents[0]!.data.equals(FILE_BYTES)) throw new Error('the repository document is not the uploaded file');
      },
    };
  },
};
