// Import plans live in main, by id: a plan holds every planned row (old and new values), which is far
// too much to send over IPC, and the import is started from it later by id.

import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '../../../shared/contract/errors.ts';
import type { importPlanOptionsSchema } from '../../../shared/contract/imports.ts';
import type { CellProblem } from './import-types.ts';
import type { RedcapImportPlan } from './redcap-plan.ts';

export type ImportPlanOptions = z.output<typeof importPlanOptionsSchema>;

export interface StoredPlan {
  planId: string;
  connectionId: string;
  stageId: string;
  fileName: string;
  options: ImportPlanOptions;
  plan: RedcapImportPlan;
  encoding: string;
  delimiter: string;
  /** File problems and plan problems together, the first 1,000. */
  problems: CellProblem[];
  errors: number;
  warnings: number;
}

/** What the store needs of a plan (BrainSTEM imports keep their own kind of plan in a store of their own). */
export interface PlanKey { planId: string; connectionId: string; stageId: string }

/** Plans are large (every row to send, with its old values): only the newest few are kept. */
export const maxPlans = 4;

export class PlanStore<P extends PlanKey = StoredPlan> {
  private readonly plans = new Map<string, P>();

  static newId(): string {
    return randomBytes(9).toString('base64url');
  }

  /** Adds a plan; returns the plans pushed out to make room. */
  add(plan: P): P[] {
    this.plans.set(plan.planId, plan);
    const evicted: P[] = [];
    for (const [id, old] of this.plans) {
      if (this.plans.size <= maxPlans) break;
      this.plans.delete(id);
      evicted.push(old);
    }
    return evicted;
  }

  get(planId: string): P {
    const plan = this.plans.get(planId);
    if (!plan) throw new AppError('NOT_FOUND', 'This import check is no longer available (it was imported, discarded, or replaced by a newer one). Check the file again.');
    return plan;
  }

  has(planId: string): boolean {
    return this.plans.has(planId);
  }

  remove(planId: string): P | null {
    const plan = this.plans.get(planId) ?? null;
    this.plans.delete(planId);
    return plan;
  }

  /** Plans of connections that no longer exist; removed from the store. */
  removeWhere(test: (plan: P) => boolean): P[] {
    const gone = [...this.plans.values()].filter(test);
    for (const plan of gone) this.plans.delete(plan.planId);
    return gone;
  }

  usesStage(stageId: string): boolean {
    return [...this.plans.values()].some((plan) => plan.stageId === stageId);
  }
}
