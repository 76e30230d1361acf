import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/ipc/core.ts';
import { createLogger } from '../../../main/services/log/logger.ts';
import { openConfStore } from '../../../main/services/settings/conf-store.ts';
import type { Job } from '../../../shared/contract/jobs.ts';
import { startRedcapSandbox, type RedcapSandbox } from '../../sandbox/redcap/index.ts';
import { REDCAP_DEMO_TOKENS } from '../../sandbox/redcap/seed-teams.ts';
import { FakeKeychain, recordingPorts, syncAndWait } from '../../helpers/test-core.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

// Private data at rest: record values never reach the logs, and exports land only where the user chose.

const tempDir = useTempDirs();
let sandbox: RedcapSandbox | null = null;
let core: Core | null = null;
afterEach(async () => {
  await core?.shutdown();
  await sandbox?.close();
  core = null;
  sandbox = null;
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

async function call<T>(method: string, input: unknown): Promise<T> {
  const reply = await core!.dispatch(method, input, { shell: 'desktop' });
  if (!reply.ok) throw new Error(`${method}: ${reply.error.message}`);
  return reply.result as T;
}

async function settled(jobId: string): Promise<Job> {
  return (await core!.services.jobs.settled(jobId))!;
}

it('sync, import (with a refused row) and export leave no record value in the log files', async () => {
  sandbox = await startRedcapSandbox({ records: 30, longitudinalRecords: 5 });
  const dir = tempDir();
  const saves = tempDir();
  core = await createCore({
    userDataDir: dir,
    version: 'test',
    fetch: (url, init) => fetch(url, init),
    store: openConfStore(dir),
    keychain: () => new FakeKeychain(),
    ports: recordingPorts(saves),
    // The most talkative level: whatever a developer would turn on to debug a user's problem.
    log: createLogger({ dir: join(dir, 'logs'), level: 'debug' }),
  });
  const added = await call<{ id: string }>('connections.add', { kind: 'redcap', url: sandbox.url, token: REDCAP_DEMO_TOKENS.cardiometabolic });
  expect((await syncAndWait(core, added.id)).state).toBe('succeeded');

  const secrets = ['Zephyrine', 'Quillfeather-Ottoway', 'Xylograph-not-a-date'];
  const text = ['record_id,first_name,last_name,dob', `9301,${secrets[0]},${secrets[1]},1980-02-03`, `9302,Ada,${secrets[1]},${secrets[2]}`].join('\r\n') + '\r\n';
  const plan = async (csv: string): Promise<Job> => {
    const { stageId } = await core!.services.staging.fromStream('people.csv', Readable.from([Buffer.from(csv, 'utf8')]));
    return settled((await call<{ jobId: string }>('imports.plan', { connectionId: added.id, stageId, options: {} })).jobId);
  };
  // First with a refused value (the problems path), then corrected and imported.
  const refused = await plan(text);
  expect(refused.result).toMatchObject({ errors: 1 });
  await call('imports.discardPlan', { planId: (refused.result as { planId: string }).planId });
  const accepted = await plan(text.replace(secrets[2]!, '1979-12-31'));
  expect(accepted.result).toMatchObject({ errors: 0 });
  const planId = (accepted.result as { planId: string }).planId;
  const imported = await settled((await call<{ jobId: string }>('imports.start', { planId })).jobId);
  expect(imported.state).toBe('succeeded');
  expect((await syncAndWait(core, added.id)).state).toBe('succeeded');

  const tempBefore = new Set(readdirSync(tmpdir()));
  const exported = await settled(
    (await call<{ jobId: string }>('export.start', { view: { connectionId: added.id, dataset: 'records', mode: 'raw', sort: [], filter: '' }, format: 'csv', header: 'names', bom: false })).jobId,
  );
  expect(exported.state).toBe('succeeded');
  await core.shutdown();
  core = null;

  // The export is where the user chose, alone (no partial or temporary file left beside it)…
  const saved = filesUnder(saves);
  expect(saved).toHaveLength(1);
  expect(readFileSync(saved[0]!, 'utf8')).toContain(secrets[0]);
  // …and no copy of it was written anywhere else: not in the user-data folder, not in the temp folder.
  for (const file of filesUnder(dir).filter((path) => !path.includes(`${join(dir, 'cache')}/`))) {
    const content = readFileSync(file);
    for (const secret of secrets) expect(content.includes(secret), `${secret} in ${file}`).toBe(false);
  }
  const newTemp = readdirSync(tmpdir()).filter((name) => !tempBefore.has(name) && !name.startsWith('carrel-test-'));
  for (const name of newTemp) {
    const path = join(tmpdir(), name);
    if (!statSync(path, { throwIfNoEntry: false })?.isFile()) continue;
    for (const secret of secrets) expect(readFileSync(path).includes(secret), `${secret} in ${path}`).toBe(false);
  }

  const logs = filesUnder(join(dir, 'logs'));
  expect(logs.length).toBeGreaterThan(0);
  const logText = logs.map((file) => readFileSync(file, 'utf8')).join('\n');
  expect(logText).toContain('connection added');
  for (const secret of secrets) expect(logText).not.toContain(secret);
}, 90_000);
