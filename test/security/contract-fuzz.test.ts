import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, methods, type MethodName } from '../../shared/contract/index.ts';
import { fuzzBudget, prototypesSnapshot, report } from './fuzz-settings.ts';
import { folderSnapshot, startWorld, type World } from './world.ts';
import { mutantsOf, pick, prng, type Mutant } from './zod-fuzz.ts';

/**
 * Issue 9.3: every contract method, fed malformed payloads generated from its own input schema, on a
 * core with real, synced connections to all three sandboxes. A refused input must come back as
 * VALIDATION and leave no trace: no file changed in the user-data folder, no request to any server, no
 * event. An input the schema happens to accept may run, but must end in a known error code, never
 * INTERNAL. Nothing may reach Object.prototype.
 */

/** Methods that only read: their inputs name the real connections, so fuzzed values reach real data. */
const readOnly = new Set<string>([
  'connections.ping', 'project.overview', 'records.openView', 'records.detail', 'recordFiles.targets', 'recordFiles.match',
  'brainstem.overview', 'brainstem.record', 'brainstem.search', 'brim.overview', 'brim.queuePeek', 'brim.queueErrors',
  'imports.list', 'imports.previewUndo', 'app.info', 'settings.get', 'connections.list', 'jobs.list', 'app.diagnostics',
]);

const missingConnection = 'fuzz-missing-connection';

/**
 * Whether an input the schema accepts may be run: read-only methods always; any other method only when
 * its input names a connection, job, plan… that does not exist (so it ends in NOT_FOUND). A method that
 * acts on everything at once (`cache.clearAll`) or changes preferences is not run with accepted input:
 * it would change the world under the methods fuzzed after it.
 */
function mayRun(method: string, sample: unknown): boolean {
  if (readOnly.has(method)) return true;
  const real = new Set(Object.values(world.ids));
  const ids: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (/Id$/.test(key) && typeof inner === 'string') ids.push(inner);
        else walk(inner);
      }
    }
  };
  walk(sample);
  return ids.length > 0 && ids.every((id) => !real.has(id));
}

let world: World;
const counts = { methods: 0, inputs: 0, refused: 0, accepted: 0, skipped: 0, failures: 0, badFiles: 0 };
const budget = fuzzBudget();

beforeAll(async () => {
  world = await startWorld();
}, 120_000);

afterAll(async () => {
  await world?.close();
  report('contract fuzz', `${counts.methods} methods, ${counts.inputs} inputs (${counts.refused} refused, ${counts.accepted} schema-valid ran, ${counts.skipped} schema-valid not run), ${counts.failures} failures, ${counts.badFiles} bad CSV files planned and pre-flighted, seed ${budget.seed}`);
});

function hintFor(method: string): (key: string) => string | undefined {
  const family = method.startsWith('brainstem.') ? 'brainstem' : method.startsWith('brim.') ? 'brim' : 'redcap';
  return (key) => {
    if (!/connectionId$/i.test(key)) return key === 'url' ? 'http://127.0.0.1:1/api/' : undefined;
    // Anything that writes gets an id that names nothing, so an accepted input cannot change real data.
    if (!readOnly.has(method)) return missingConnection;
    if (key === 'brimConnectionId') return world.ids.brim;
    if (key === 'redcapConnectionId') return world.ids.redcap;
    return world.ids[family];
  };
}

function inputsFor(method: MethodName, seed: number): { sample: unknown; inputs: Mutant[] } {
  const { sample, mutants } = mutantsOf(methods[method].input, hintFor(method));
  if (budget.perMethod === Infinity) return { sample, inputs: mutants };
  // Always the top-level prototype-pollution keys, then a seeded sample of the rest.
  const always = mutants.filter((m) => m.label === '(top) + own key __proto__' || m.label === '(top) + own key constructor');
  const rest = mutants.filter((m) => !always.includes(m));
  return { sample, inputs: [...always, ...pick(rest, budget.perMethod, prng(seed))] };
}

describe('contract fuzz: every method refuses malformed input and stays unharmed', () => {
  const names = Object.keys(methods) as MethodName[];
  it.each(names.map((name, index) => ({ name, index })))('$name', async ({ name, index }) => {
    counts.methods++;
    const prototypes = prototypesSnapshot();
    const { sample, inputs } = inputsFor(name, budget.seed * 1000 + index);
    const runAccepted = mayRun(name, sample);
    for (const { label, input } of inputs) {
      counts.inputs++;
      const valid = methods[name].input.safeParse(input).success;
      if (valid && !runAccepted) {
        counts.skipped++;
        continue;
      }
      const files = valid ? '' : folderSnapshot(world.userDataDir);
      const server = valid ? '' : world.serverRequests();
      const eventCount = world.events.length;
      let reply: Awaited<ReturnType<World['reply']>>;
      try {
        reply = await world.core.dispatch(name, input, { shell: 'desktop' });
      } catch (error) {
        counts.failures++;
        throw new Error(`${name} with ${label} threw across the dispatcher: ${String(error)}`);
      }
      const where = `${name} with ${label}`;
      try {
        expect(prototypesSnapshot(), `${where}: prototypes`).toBe(prototypes);
        if (valid) {
          counts.accepted++;
          if (!reply.ok) {
            expect(errorCodes, where).toContain(reply.error.code);
            expect(reply.error.code, `${where}: ${reply.error.message}`).not.toBe('INTERNAL');
          }
        } else {
          counts.refused++;
          expect(reply, where).toMatchObject({ ok: false, error: { code: 'VALIDATION', retryable: false } });
          expect(reply.ok ? '' : reply.error.message.length, `${where}: the message echoes the input`).toBeLessThan(1000);
          expect(folderSnapshot(world.userDataDir), `${where}: the user-data folder changed`).toBe(files);
          expect(world.serverRequests(), `${where}: a server was called`).toBe(server);
          expect(world.events.length, `${where}: an event was sent`).toBe(eventCount);
        }
      } catch (error) {
        counts.failures++;
        throw error;
      }
    }
    // Still healthy afterwards: the saved connections are all there.
    const list = await world.core.dispatch('connections.list', {}, { shell: 'desktop' });
    expect(list.ok && (list.result as unknown[]).length).toBeGreaterThanOrEqual(3);
  });
});

const badCsvDir = join(import.meta.dirname, '../fixtures/bad-csv');
const badCsvFiles = readdirSync(badCsvDir).filter((name) => name !== 'README.md').sort();

/** Only the staging copy and the log may change while a file is planned or pre-flighted. */
function withoutStagingAndLogs(snapshot: string): string {
  return snapshot.split('\n').filter((line) => !/^\/(staging|logs)\//.test(line)).join('\n');
}

describe('the bad-CSV corpus through the contract: planned as a REDCap import and pre-flighted as Brim notes', () => {
  it.each(badCsvFiles)('%s', async (file) => {
    counts.badFiles++;
    const prototypes = prototypesSnapshot();
    const staged = await world.core.dispatch('files.stagePath', { path: join(badCsvDir, file) }, { shell: 'desktop' });
    if (!staged.ok) {
      expect(staged.error.code, `${file}: ${staged.error.message}`).not.toBe('INTERNAL');
      return;
    }
    const { stageId } = staged.result as { stageId: string };
    const files = withoutStagingAndLogs(folderSnapshot(world.userDataDir));
    const server = world.serverRequests();
    for (const [method, input] of [
      ['imports.plan', { connectionId: world.ids.redcap, stageId }],
      ['brim.preflight', { connectionId: world.ids.brim, stageId }],
    ] as const) {
      const started = await world.core.dispatch(method, input, { shell: 'desktop' });
      expect(started.ok ? 'ok' : started.error.code, `${file} ${method}: ${started.ok ? '' : started.error.message}`).not.toBe('INTERNAL');
      if (!started.ok) continue;
      const job = await world.core.services.jobs.settled((started.result as { jobId: string }).jobId);
      expect(job, `${file} ${method}`).toBeTruthy();
      if (job!.error) expect(job!.error.code, `${file} ${method}: ${job!.error.message}`).not.toBe('INTERNAL');
    }
    expect(world.serverRequests(), `${file}: planning or pre-flighting called a server`).toBe(server);
    expect(withoutStagingAndLogs(folderSnapshot(world.userDataDir)), `${file}: files changed`).toBe(files);
    expect(prototypesSnapshot()).toBe(prototypes);
  });
});
