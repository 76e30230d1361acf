// Runs one cell of the fault matrix (operation × fault × point) and keeps the tally the suite prints.

import { corruptCaches } from './cache-integrity.ts';
import { faultSpec, pointIndex, type FaultName, type FaultPoint } from './fault-vocabulary.ts';
import { ACTIONABLE, type Operation, type OperationRun, type Outcome } from './matrix-types.ts';

export interface Tally {
  runs: number;
  faultsInjected: number;
  /** Runs whose job completed correctly despite the fault. */
  survived: number;
  /** Runs that failed with an actionable message and then recovered (resume / retry) to the correct state. */
  failedCleanly: number;
  /** Runs after which the server or the cache did not hold the intended data (must stay 0). */
  dataLost: number;
  corruptCaches: number;
  /** One line per run: operation, fault, point and how it ended (printed with the summary). */
  cells: string[];
}

export function newTally(): Tally {
  return { runs: 0, faultsInjected: 0, survived: 0, failedCleanly: 0, dataLost: 0, corruptCaches: 0, cells: [] };
}

export function summaryLine(label: string, tally: Tally): string {
  return `${label}: runs ${tally.runs}, faults injected ${tally.faultsInjected}, survived ${tally.survived}, failed cleanly and recovered ${tally.failedCleanly}, data lost ${tally.dataLost}, corrupt caches ${tally.corruptCaches}`;
}

/** Requests a clean run of each operation makes, measured once per operation (also proves the clean run correct). */
const cleanRequests = new Map<string, number>();

async function withRun<T>(operation: Operation, body: (run: OperationRun) => Promise<T>): Promise<T> {
  const run = await operation.setup();
  try {
    return await body(run);
  } finally {
    await run.close();
  }
}

export async function requestsOfCleanRun(operation: Operation): Promise<number> {
  const known = cleanRequests.get(operation.name);
  if (known !== undefined) return known;
  const count = await withRun(operation, async (run) => {
    const before = run.requests();
    const outcome = await run.perform();
    if (outcome.state !== 'succeeded') throw new Error(`a clean ${operation.name} ${outcome.state}: ${outcome.error?.message ?? ''}`);
    await run.verify(outcome);
    return run.requests() - before;
  });
  cleanRequests.set(operation.name, count);
  return count;
}

function checkIntegrity(run: OperationRun, tally: Tally): void {
  const { corrupt } = corruptCaches(run.userDataDir);
  if (corrupt.length > 0) {
    tally.corruptCaches += corrupt.length;
    throw new Error(`integrity_check failed: ${corrupt.join(' | ')}`);
  }
}

async function verified(run: OperationRun, outcome: Outcome, tally: Tally, when: string): Promise<void> {
  try {
    await run.verify(outcome);
  } catch (error) {
    tally.dataLost++;
    throw new Error(`${when}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * One cell: a fresh setup, the fault at the point, the job; then integrity, and either the correct state
 * or an actionable failure whose recovery (with the fault gone) reaches the correct state.
 */
export async function runCell(operation: Operation, fault: FaultName, point: FaultPoint, tally: Tally): Promise<Outcome> {
  const requests = await requestsOfCleanRun(operation);
  tally.runs++;
  const cell = `${operation.name} × ${fault} @ ${point} (request ${pointIndex(point, requests) + 1}/${requests})`;
  try {
    const outcome = await runOne(operation, fault, point, requests, tally);
    tally.cells.push(`${cell}: ${outcome.state === 'succeeded' ? 'survived' : `failed (${outcome.error?.code ?? ''}), recovered`}`);
    return outcome;
  } catch (error) {
    tally.cells.push(`${cell}: BROKEN: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}

async function runOne(operation: Operation, fault: FaultName, point: FaultPoint, requests: number, tally: Tally): Promise<Outcome> {
  return withRun(operation, async (run) => {
    run.faults.add(faultSpec(fault, pointIndex(point, requests)));
    tally.faultsInjected++;
    const outcome = await run.perform();
    run.faults.clear();
    checkIntegrity(run, tally);
    if (outcome.state === 'succeeded') {
      await verified(run, outcome, tally, 'after a run that reported success');
      tally.survived++;
      return outcome;
    }
    const message = outcome.error?.message ?? '';
    if (outcome.state !== 'failed' || !ACTIONABLE.test(message)) {
      throw new Error(`the run ended ${outcome.state} without an actionable message: "${message}" (${outcome.error?.code ?? 'no code'})`);
    }
    // The user tries again once the server is back (a restarted server refuses connections for a moment).
    if (fault === 'server-restart') await new Promise((resolve) => setTimeout(resolve, 800));
    const recovered = await run.recover(outcome);
    checkIntegrity(run, tally);
    if (recovered.state !== 'succeeded') throw new Error(`recovery after "${message}" ended ${recovered.state}: ${recovered.error?.message ?? ''}`);
    await verified(run, recovered, tally, `after recovering from "${message}"`);
    tally.failedCleanly++;
    return outcome;
  });
}
