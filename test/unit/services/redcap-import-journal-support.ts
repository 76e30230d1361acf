// Shared by the import journal, resume and undo tests: a REDCap sandbox with a cache database, and a
// seeded plan of ~2,000 rows (every seeded record changed, as many new records) built from what the
// server holds, the way the diff engine builds it from the cache.

import { afterEach } from 'vitest';
import type { DatabaseSync } from 'node:sqlite';
import { CacheDirectory } from '../../../main/services/cache/cache-db.ts';
import { RedcapApi } from '../../../main/services/connectors/redcap/api.ts';
import { exportRecords } from '../../../main/services/connectors/redcap/methods/records.ts';
import { HttpClient } from '../../../main/services/http/http-client.ts';
import type { ImportPlan, PlannedRow } from '../../../main/services/imports/import-types.ts';
import { startRedcapSandbox, type RedcapSandbox } from '../../sandbox/redcap/index.ts';
import { seededRandom } from '../../helpers/seeded-random.ts';

export const CONNECTION = 'conn-import';
export const ID_FIELD = 'record_id';

export interface ImportBench {
  sandbox: RedcapSandbox;
  token: string;
  cache: CacheDirectory;
  db: DatabaseSync;
  /** An API whose client retries like the app's (fast backoff). */
  api: RedcapApi;
  /** An API that gives up after one attempt, so a fault reaches the import run. */
  fragileApi: RedcapApi;
}

const opened: Array<{ sandbox: RedcapSandbox; cache: CacheDirectory }> = [];
afterEach(async () => {
  for (const { sandbox, cache } of opened.splice(0)) {
    cache.closeAll();
    await sandbox.close();
  }
});

export function apiFor(sandbox: RedcapSandbox, token: string, maxAttempts = 4): RedcapApi {
  return new RedcapApi(new HttpClient((url, init) => fetch(url, init), { maxAttempts, baseDelayMs: 5, maxDelayMs: 20 }), sandbox.url, token);
}

/** A fresh sandbox (same seed every time, so two benches start from identical data) and a fresh cache. */
export async function importBench(userDataDir: string, records = 1000): Promise<ImportBench> {
  const sandbox = await startRedcapSandbox({ records, seed: 7 });
  const token = sandbox.projects.find((project) => !project.longitudinal)?.token ?? '';
  const cache = new CacheDirectory(userDataDir);
  opened.push({ sandbox, cache });
  return { sandbox, token, cache, db: cache.db(CONNECTION), api: apiFor(sandbox, token), fragileApi: apiFor(sandbox, token, 1) };
}

/** Every record on the server, as REDCap exports them, in a stable order: the thing tests compare. */
export async function serverSnapshot(api: RedcapApi): Promise<string> {
  const rows = (await exportRecords(api, {})).map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, String(value)])));
  rows.sort((a, b) => Number(a[ID_FIELD]) - Number(b[ID_FIELD]));
  return JSON.stringify(rows);
}

/** The shared seeded generator, under the name these tests use. */
export const seeded = seededRandom;

const firstNames = ['Ada', 'Bola', 'Chen', 'Dana', 'Émile', 'Farah', 'Gus', 'Hana', 'Ivo', 'Jun'];
const lastNames = ['Ng', 'Okafor', 'Ruiz', 'Smith', "O'Neil", 'Kowalski', 'Tanaka', 'Dubois'];

function key(record: string): PlannedRow['key'] {
  return { record, event: '', repeatInstrument: '', repeatInstance: '' };
}

/**
 * Changes names and phone of every existing record and adds `newRecords` new ones. `previous` comes from
 * the server's current values, as the diff engine would take it from a fresh cache.
 */
export async function seededPlan(api: RedcapApi, seed: number, newRecords = 1000): Promise<ImportPlan> {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const existing = await exportRecords(api, { fields: [ID_FIELD, 'first_name', 'last_name', 'phone'] });
  const rows: PlannedRow[] = existing.map((row) => {
    const values = { first_name: pick(firstNames), last_name: pick(lastNames), phone: `(919) 555-0${String(100 + Math.floor(random() * 899))}` };
    const previous = { first_name: String(row.first_name ?? ''), last_name: String(row.last_name ?? ''), phone: String(row.phone ?? '') };
    return { key: key(String(row[ID_FIELD])), values, previous };
  });
  const start = Math.max(0, ...existing.map((row) => Number(row[ID_FIELD]))) + 1;
  const added: string[] = [];
  for (let n = 0; n < newRecords; n += 1) {
    const record = String(start + n);
    added.push(record);
    const dob = `19${String(40 + Math.floor(random() * 60))}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`;
    rows.push({ key: key(record), values: { first_name: pick(firstNames), last_name: pick(lastNames), dob, sex: random() < 0.5 ? '1' : '2' }, previous: null });
  }
  return { rows, newRecords: added, changedRows: existing.length, unchangedRows: 0, blanked: 0, problems: [], problemCount: 0 };
}
