// Issue 9, part 1: every operation that talks to a server, against its sandbox, with each fault at the
// first, a middle and the last request. Every run must end complete and correct, or failed with a
// message that says what to do and a state from which the resume / retry completes correctly; every
// cache passes integrity_check; the server holds exactly the intended data. CI runs each fault once per
// operation (points rotate); `npm run test:long` runs the whole cross product.

import { afterAll, describe, it } from 'vitest';
import { DISK_FAULTS, runDiskCell, type ExportFormat } from './export-faults.ts';
import { FAULT_NAMES, FAULT_POINTS, type FaultName, type FaultPoint } from './fault-vocabulary.ts';
import { newTally, runCell, summaryLine } from './matrix-runner.ts';
import type { Operation } from './matrix-types.ts';
import { matrixOperations } from './matrix-operations.ts';

const LONG = process.env.CARREL_TEST_LONG === '1';
const tally = newTally();

// A stalled request costs the whole request timeout (5 s, the lowest Settings allow) before its retry:
// CI stalls the operations where a stall is most likely (big reads), the long run stalls every one.
const CI_TIMEOUT_OPERATIONS = new Set(['redcap sync', 'brim results fetch']);

function cells(operation: Operation): Array<[FaultName, FaultPoint]> {
  if (LONG) return FAULT_NAMES.flatMap((fault) => FAULT_POINTS.map((point): [FaultName, FaultPoint] => [fault, point]));
  return FAULT_NAMES
    .filter((fault) => fault !== 'timeout' || CI_TIMEOUT_OPERATIONS.has(operation.name))
    .map((fault, i): [FaultName, FaultPoint] => [fault, FAULT_POINTS[i % FAULT_POINTS.length]!]);
}

afterAll(() => {
  process.stdout.write(`\n${tally.cells.join('\n')}\n`);
  process.stdout.write(`\n${summaryLine(`fault matrix (${LONG ? 'long' : 'CI subset'})`, tally)}\n`);
});

describe.each(matrixOperations.map((operation) => [operation.name, operation] as const))('fault matrix: %s', (_name, operation) => {
  it.each(cells(operation))('%s at the %s request', async (fault, point) => {
    await runCell(operation, fault, point, tally);
  }, 120_000);
});

// Exports read the local cache: their faults are on the disk side. CI tries each disk fault once
// (formats alternate); the long run tries each with both formats.
const diskCells = DISK_FAULTS.flatMap((fault, i) => (LONG ? (['csv', 'xlsx'] as const) : [(['csv', 'xlsx'] as const)[i % 2]!]).map((format): [ExportFormat, typeof fault] => [format, fault]));

describe('fault matrix: export', () => {
  for (const [format, fault] of diskCells) {
    it(`${format} with the target folder ${fault}`, async () => {
      await runDiskCell(format, fault, tally);
    }, 120_000);
  }
});
