// Exports fail on the disk side, not the network: the target folder is gone or read-only, before the
// export starts or while it writes. Every such run must fail with a message that says what to do, leave
// nothing under the target name (a hidden `.partial` at most, where the folder forbids removing it),
// keep the cache intact, and a second export once the folder is fine must equal a clean one.

import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Core } from '../../main/ipc/core.ts';
import type { Job } from '../../shared/contract/jobs.ts';
import { recordingPorts, syncAndWait, testCore } from '../helpers/test-core.ts';
import { startRedcapSandbox, type RedcapSandbox } from '../sandbox/redcap/index.ts';
import { REDCAP_DEMO_TOKENS } from '../sandbox/redcap/seed-teams.ts';
import { corruptCaches } from './cache-integrity.ts';
import type { Tally } from './matrix-runner.ts';

export type DiskFault = 'folder-missing' | 'folder-removed-mid-way' | 'read-only' | 'read-only-mid-way';
export const DISK_FAULTS: readonly DiskFault[] = ['folder-missing', 'folder-removed-mid-way', 'read-only', 'read-only-mid-way'];
export type ExportFormat = 'csv' | 'xlsx';

const FILE_ACTION = /choose another|try again|export again|free some space/i;

/**
 * Read-only for everyone, root included: root ignores permission bits, so as root the folder is made
 * immutable instead (ext4 and most Linux file systems; `chattr` is in e2fsprogs).
 */
function setReadOnly(dir: string, readOnly: boolean): void {
  if (process.getuid?.() === 0) execFileSync('chattr', [readOnly ? '+i' : '-i', dir]);
  else chmodSync(dir, readOnly ? 0o500 : 0o700);
}

interface ExportBench {
  core: Core;
  sandbox: RedcapSandbox;
  connectionId: string;
  dir: string;
  close(): Promise<void>;
}

async function exportBench(): Promise<ExportBench> {
  const sandbox = await startRedcapSandbox({ records: 1500, longitudinalRecords: 2, seed: 5 });
  const dir = mkdtempSync(join(tmpdir(), 'carrel-export-faults-'));
  const { core } = await testCore(dir, recordingPorts(dir));
  const close = async (): Promise<void> => {
    await core.shutdown();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const added = await core.dispatch('connections.add', { kind: 'redcap', url: sandbox.url, token: REDCAP_DEMO_TOKENS.cardiometabolic }, { shell: 'desktop' });
  if (!added.ok) throw new Error(added.error.message);
  const connectionId = (added.result as { id: string }).id;
  const job = await syncAndWait(core, connectionId, 'full');
  if (job.state !== 'succeeded') throw new Error(`setup sync ${job.state}`);
  return { core, sandbox, connectionId, dir, close };
}

async function exportTo(bench: ExportBench, target: string, format: ExportFormat, duringWrite?: () => void): Promise<Job> {
  (bench.core.services.ports as ReturnType<typeof recordingPorts>).nextSavePath = target;
  // The fault lands once the export has claimed its hidden partial file and is writing rows into it.
  const watcher = duringWrite === undefined ? undefined : watch(dirname(target), (_event, file) => {
    if (file === null || !file.endsWith('.partial')) return;
    watcher?.close();
    duringWrite();
  });
  try {
    const view = { connectionId: bench.connectionId, dataset: 'records', mode: 'raw', sort: [], filter: '' };
    const reply = await bench.core.dispatch('export.start', { view, format, header: 'names', bom: false }, { shell: 'desktop' });
    if (!reply.ok) throw new Error(reply.error.message);
    return (await bench.core.services.jobs.settled((reply.result as { jobId: string }).jobId))!;
  } finally {
    watcher?.close();
  }
}

/** A clean export of the same view: the bytes every recovered export must equal (CSV), or its row count (XLSX). */
const clean = new Map<ExportFormat, { bytes: Buffer; rows: number }>();

function sameExport(format: ExportFormat, path: string, job: Job): void {
  const result = job.result;
  if (result?.kind !== 'file') throw new Error(`the export reported ${JSON.stringify(result)}`);
  const expected = clean.get(format)!;
  if (result.rows !== expected.rows) throw new Error(`the export wrote ${result.rows} rows, a clean one ${expected.rows}`);
  if (format === 'csv' && !readFileSync(path).equals(expected.bytes)) throw new Error('the recovered CSV differs from a clean export');
  if (format === 'xlsx' && readFileSync(path).subarray(0, 2).toString('latin1') !== 'PK') throw new Error('the recovered XLSX is not a workbook');
}

export async function runDiskCell(format: ExportFormat, fault: DiskFault, tally: Tally): Promise<void> {
  const bench = await exportBench();
  const folder = join(bench.dir, 'exports');
  const name = `records.${format}`;
  const target = join(folder, name);
  let readOnly = false;
  const cell = `export ${format} × ${fault}`;
  tally.runs++;
  try {
    if (!clean.has(format)) {
      mkdirSync(join(bench.dir, 'clean'));
      const job = await exportTo(bench, join(bench.dir, 'clean', name), format);
      if (job.result?.kind !== 'file') throw new Error(`a clean export ${job.state}: ${job.error?.message ?? ''}`);
      clean.set(format, { bytes: readFileSync(join(bench.dir, 'clean', name)), rows: job.result.rows });
    }
    mkdirSync(folder);
    const makeReadOnly = (): void => {
      setReadOnly(folder, true);
      readOnly = true;
    };
    if (fault === 'read-only') makeReadOnly();
    if (fault === 'folder-missing') rmSync(folder, { recursive: true });
    const during = fault === 'folder-removed-mid-way' ? () => rmSync(folder, { recursive: true }) : fault === 'read-only-mid-way' ? makeReadOnly : undefined;
    tally.faultsInjected++;
    const job = await exportTo(bench, target, format, during);

    const { corrupt } = corruptCaches(bench.dir);
    if (corrupt.length > 0) {
      tally.corruptCaches += corrupt.length;
      throw new Error(`integrity_check failed: ${corrupt.join(' | ')}`);
    }
    if (job.state === 'succeeded') throw new Error('the export reported success although its folder was unusable');
    if (!FILE_ACTION.test(job.error?.message ?? '')) throw new Error(`the export failed without saying what to do: "${job.error?.message ?? ''}"`);
    const left = existsSync(folder) ? readdirSync(folder) : [];
    if (left.some((entry) => !(entry.startsWith('.') && entry.endsWith('.partial')))) throw new Error(`the failed export left ${left.join(', ')} in the folder`);

    // The user fixes the folder and exports again: the file equals a clean export.
    if (readOnly) setReadOnly(folder, false);
    readOnly = false;
    mkdirSync(folder, { recursive: true });
    const again = await exportTo(bench, target, format);
    if (again.state !== 'succeeded') throw new Error(`the second export ${again.state}: ${again.error?.message ?? ''}`);
    try {
      sameExport(format, target, again);
    } catch (error) {
      tally.dataLost++;
      throw error;
    }
    tally.failedCleanly++;
    tally.cells.push(`${cell}: failed (${job.error?.code ?? ''}: ${job.error?.message ?? ''}), exported again${left.length > 0 ? `; left ${left.length} hidden .partial` : ''}`);
  } catch (error) {
    tally.cells.push(`${cell}: BROKEN: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  } finally {
    if (readOnly) setReadOnly(folder, false);
    await bench.close();
  }
}
