// One planning pass over a staged file: read it (encoding, delimiter, broken rows), then map, check and
// compare it with the cache. Run for a plan, and again for the full problems report.

import type { DatabaseSync } from 'node:sqlite';
import { openDelimitedFile } from './delimited-source.ts';
import type { CellProblem } from './import-types.ts';
import { maxListedProblems, planRedcapImport, type RedcapImportPlan } from './redcap-plan.ts';
import type { ImportPlanOptions } from './plan-store.ts';

export interface PlanPass {
  plan: RedcapImportPlan;
  encoding: string;
  delimiter: string;
  /** The first problems of the file and of the plan together. */
  problems: CellProblem[];
  errors: number;
  warnings: number;
}

export interface PlanPassHooks {
  signal?: AbortSignal;
  onProgress?: (rowsRead: number) => void;
  /** Every problem, however many (the pass itself keeps the first 1,000). */
  onProblem?: (problem: CellProblem) => void;
}

export async function planPass(db: DatabaseSync, path: string, options: ImportPlanOptions, hooks: PlanPassHooks = {}): Promise<PlanPass> {
  const problems: CellProblem[] = [];
  let errors = 0;
  let warnings = 0;
  const seen = (problem: CellProblem): void => {
    if (problem.severity === 'error') errors += 1;
    else warnings += 1;
    if (problems.length < maxListedProblems) problems.push(problem);
    hooks.onProblem?.(problem);
  };
  const source = await openDelimitedFile(path, { ...(hooks.signal ? { signal: hooks.signal } : {}), onProblem: seen });
  const plan = await planRedcapImport(db, { header: source.header, rows: source.rows() }, {
    dateFormat: options.dateFormat,
    labelsToCodes: options.labelsToCodes,
    overwrite: options.overwrite,
    ...(options.mapping ? { mapping: options.mapping } : {}),
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
    onProblem: seen,
  });
  problems.sort((a, b) => a.row - b.row);
  return { plan, encoding: source.encoding, delimiter: source.delimiter, problems, errors, warnings };
}
