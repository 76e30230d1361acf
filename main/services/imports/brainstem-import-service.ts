// CSV → one BrainSTEM model's objects for the app, behind the same contract as REDCap imports
// (ImportService delegates here for BrainSTEM connections): planning and importing as jobs, plans kept
// here by id, the journal as the record of what BrainSTEM has. Cancelling an import stops it after the
// object in flight; the journal keeps it resumable.

import type { DatabaseSync } from 'node:sqlite';
import type { BrainstemPortalName } from '../../../shared/contract/connections.ts';
import { AppError } from '../../../shared/contract/errors.ts';
import type { ImportEntryView, ImportPlanSummary, plannedChangeSchema } from '../../../shared/contract/imports.ts';
import type { Job, JobResult } from '../../../shared/contract/jobs.ts';
import type { z } from 'zod';
import type { CacheDirectory } from '../cache/cache-db.ts';
import type { DatasetViews } from '../cache/dataset-views.ts';
import type { ConnectionService } from '../connections/connection-service.ts';
import type { EventSink } from '../events.ts';
import type { Staging } from '../files/staging.ts';
import type { JobContext, JobRunner } from '../jobs/job-runner.ts';
import { touchedStates, type Touched } from '../brainstem/cache-patch.ts';
import { modelPluralNoun } from '../brainstem/naming.ts';
import { importTarget } from './brainstem-import-journal.ts';
import { mappableBrainstemFields } from './brainstem-import-map.ts';
import { importableModel, planBrainstemPass, type BrainstemPlanPass } from './brainstem-import-plan.ts';
import { runBrainstemImport, type BrainstemRunContext } from './brainstem-import-run.ts';
import { previewBrainstemUndo, prepareBrainstemUndo, type BrainstemUndoPreview } from './brainstem-import-undo.ts';
import { writeBrainstemJournal } from './brainstem-import-journal.ts';
import { readImport, setImportState, undoFor } from './import-journal.ts';
import { listImports, rememberFileName } from './import-list.ts';
import type { CellProblem } from './import-types.ts';
import { PlanStore, type ImportPlanOptions } from './plan-store.ts';
import { writeProblemsCsv } from './problems-csv.ts';

type PlannedChange = z.infer<typeof plannedChangeSchema>;

export interface BrainstemImportDeps {
  connections: ConnectionService;
  cache: CacheDirectory;
  jobs: JobRunner;
  staging: Staging;
  emit: EventSink;
  /** Whether a connection still exists (plans of removed ones are dropped with their files). */
  exists: (connectionId: string) => boolean;
  /** Open table views over a changed model are dropped, so the grid shows each write. */
  views?: DatasetViews | undefined;
}

interface StoredBrainstemPlan extends BrainstemPlanPass {
  planId: string;
  connectionId: string;
  stageId: string;
  fileName: string;
  options: ImportPlanOptions;
}

export class BrainstemImports {
  private readonly deps: BrainstemImportDeps;
  private readonly plans = new PlanStore<StoredBrainstemPlan>();
  private readonly running = new Map<string, string>();

  constructor(deps: BrainstemImportDeps) {
    this.deps = deps;
  }

  hasPlan(planId: string): boolean {
    return this.plans.has(planId);
  }

  /** The cache and portal of a BrainSTEM connection; writes (and so imports) go through the private portal. */
  private target(connectionId: string): { db: DatabaseSync; portal: BrainstemPortalName } {
    const portal = this.deps.connections.brainstemPortal(connectionId);
    if (portal !== 'private') {
      throw new AppError('VALIDATION', 'Imports write to BrainSTEM through the private portal. Switch this connection to the private portal (signed in) to import.');
    }
    return { db: this.deps.cache.db(connectionId), portal };
  }

  private getPlan(planId: string): StoredBrainstemPlan {
    for (const gone of this.plans.removeWhere((plan) => !this.deps.exists(plan.connectionId))) void this.release(gone);
    return this.plans.get(planId);
  }

  private async release(plan: StoredBrainstemPlan): Promise<void> {
    if (!this.plans.usesStage(plan.stageId)) await this.deps.staging.release(plan.stageId).catch(() => undefined);
  }

  // ---- planning

  plan(connectionId: string, stageId: string, model: string, options: ImportPlanOptions): Job {
    const { db, portal } = this.target(connectionId);
    const name = importableModel(db, portal, model); // NOT_SYNCED now, not as a failed job
    return this.startPlanJob(connectionId, stageId, this.deps.staging.file(stageId).fileName, name, options, null);
  }

  replan(planId: string, options: ImportPlanOptions): Job {
    const previous = this.getPlan(planId);
    return this.startPlanJob(previous.connectionId, previous.stageId, previous.fileName, previous.plan.model, options, planId);
  }

  private startPlanJob(connectionId: string, stageId: string, fileName: string, model: string, options: ImportPlanOptions, replaces: string | null): Job {
    const spec = { kind: 'import-plan' as const, title: `Check ${fileName} for ${modelPluralNoun(model)}`, connectionId, unit: 'rows' as const };
    return this.deps.jobs.start(spec, async (context) => {
      const { db, portal } = this.target(connectionId);
      const { path } = this.deps.staging.file(stageId);
      const pass = await planBrainstemPass(db, portal, model, path, { overwrite: options.overwrite, ...(options.mapping ? { mapping: options.mapping } : {}) }, {
        signal: context.signal,
        onProgress: (rows) => context.progress(rows, null, `Checked ${rows.toLocaleString('en-US')} rows`),
      });
      const planId = PlanStore.newId();
      if (replaces !== null) this.plans.remove(replaces);
      for (const evicted of this.plans.add({ planId, connectionId, stageId, fileName, options, ...pass })) void this.release(evicted);
      return { kind: 'import-plan', planId, rowsRead: pass.plan.rowsRead, rowsToSend: pass.plan.ops.length, errors: pass.errors };
    });
  }

  summary(planId: string): ImportPlanSummary {
    const stored = this.getPlan(planId);
    const { plan } = stored;
    return {
      planId,
      connectionId: stored.connectionId,
      service: 'brainstem',
      model: plan.model,
      fileName: stored.fileName,
      rowsRead: plan.rowsRead,
      encoding: stored.encoding,
      delimiter: stored.delimiter,
      mapping: Object.entries(plan.header.mapping).map(([column, field]) => ({ column, field, how: plan.header.how[column] ?? 'unknown' })),
      fields: mappableBrainstemFields(plan.model),
      newRecords: plan.creates,
      changedRows: plan.updates,
      unchangedRows: plan.unchanged,
      blanked: plan.blanked,
      rowsToSend: plan.ops.length,
      errors: stored.errors,
      warnings: stored.warnings,
      problems: stored.problems,
      options: stored.options,
    };
  }

  changes(planId: string, offset: number, limit: number, kind: 'all' | 'new' | 'changed'): { total: number; rows: PlannedChange[] } {
    const ops = this.getPlan(planId).plan.ops.filter((op) => kind === 'all' || (op.action === 'create') === (kind === 'new'));
    return {
      total: ops.length,
      rows: ops.slice(offset, offset + limit).map((op) => ({ record: op.id ?? '', label: op.label, event: '', repeatInstrument: '', repeatInstance: '', kind: op.action === 'create' ? 'new' : 'changed', changes: op.changes })),
    };
  }

  async writeProblems(planId: string, path: string): Promise<void> {
    const stored = this.getPlan(planId);
    const problems: CellProblem[] = [];
    if (stored.errors + stored.warnings <= stored.problems.length) {
      problems.push(...stored.problems);
    } else {
      const { db, portal } = this.target(stored.connectionId);
      const options = { overwrite: stored.options.overwrite, ...(stored.options.mapping ? { mapping: stored.options.mapping } : {}) };
      await planBrainstemPass(db, portal, stored.plan.model, this.deps.staging.file(stored.stageId).path, options, { onProblem: (problem) => problems.push(problem) });
    }
    await writeProblemsCsv(path, problems);
  }

  fileName(planId: string): string {
    return this.getPlan(planId).fileName;
  }

  discard(planId: string): boolean {
    const plan = this.plans.remove(planId);
    if (plan) void this.release(plan);
    return plan !== null;
  }

  // ---- importing

  start(planId: string): { job: Job; importId: string } {
    const stored = this.getPlan(planId);
    if (stored.errors > 0) {
      throw new AppError('VALIDATION', `The file still has ${stored.errors.toLocaleString('en-US')} ${stored.errors === 1 ? 'error' : 'errors'}. Correct the file or the mapping and check it again; nothing was sent.`);
    }
    if (stored.plan.ops.length === 0) throw new AppError('VALIDATION', `Nothing to import: every row of the file matches what the ${modelPluralNoun(stored.plan.model)} already hold.`);
    const { db } = this.target(stored.connectionId);
    const importId = writeBrainstemJournal(db, { kind: 'import', model: stored.plan.model }, stored.plan.ops.map((op) => ({
      action: op.action, objectId: op.id, label: op.label, row: op.row, body: op.body, previous: op.action === 'update' ? op.previous : null,
    })));
    rememberFileName(db, importId, stored.fileName);
    this.discard(planId);
    const title = `Import ${stored.fileName} into ${modelPluralNoun(stored.plan.model)}`;
    return { job: this.startRun(stored.connectionId, importId, stored.plan.model, title, (context) => runBrainstemImport(context, importId)), importId };
  }

  resume(connectionId: string, importId: string): Job {
    const { db } = this.target(connectionId);
    const entry = readImport(db, importId);
    const model = this.modelOf(db, importId);
    const existing = this.runningJob(importId);
    if (existing) return existing;
    if (entry.state === 'done' || entry.state === 'undone') throw new AppError('CONFLICT', entry.state === 'done' ? 'This import already finished.' : 'This import was undone; import the file again instead.');
    if (entry.kind === 'undo' && entry.undoOf !== null) return this.startUndoRun(connectionId, importId, entry.undoOf, model);
    // An import whose undo has begun is not sent again: finishing the undo is what is left to do.
    if (undoFor(db, importId)) throw new AppError('CONFLICT', 'This import is being undone. Resume its undo from the imports list instead.', { details: { importId } });
    return this.startRun(connectionId, importId, model, `Resume import into ${modelPluralNoun(model)}`, (context) => runBrainstemImport(context, importId));
  }

  previewUndo(connectionId: string, importId: string): BrainstemUndoPreview {
    const { db } = this.target(connectionId);
    this.refuseWhileRunning(importId);
    this.modelOf(db, importId);
    return previewBrainstemUndo(db, importId);
  }

  undo(connectionId: string, importId: string): { job: Job; importId: string } {
    const { db } = this.target(connectionId);
    const model = this.modelOf(db, importId);
    this.refuseWhileRunning(importId);
    const undoId = prepareBrainstemUndo(db, importId, model);
    const existing = this.runningJob(undoId);
    if (existing) return { job: existing, importId: undoId };
    return { job: this.startUndoRun(connectionId, undoId, importId, model), importId: undoId };
  }

  list(connectionId: string): ImportEntryView[] {
    this.deps.connections.getBrainstem(connectionId);
    return listImports(this.deps.cache.db(connectionId), (importId) => this.running.get(importId) ?? null);
  }

  private modelOf(db: DatabaseSync, importId: string): string {
    const target = importTarget(db, importId);
    if (target.service !== 'brainstem' || target.model === null) throw new AppError('NOT_FOUND', 'This import is not a BrainSTEM import of this connection.');
    return target.model;
  }

  /** A run still sending objects would race its own undo. */
  private refuseWhileRunning(importId: string): void {
    if (this.runningJob(importId)?.state === 'running') {
      throw new AppError('CONFLICT', 'This import is still running. Cancel it first (it stops after the object in flight), then undo it.', { details: { importId } });
    }
  }

  private runningJob(importId: string): Job | null {
    const jobId = this.running.get(importId);
    return jobId ? this.deps.jobs.get(jobId) : null;
  }

  private startUndoRun(connectionId: string, undoId: string, importId: string, model: string): Job {
    return this.startRun(connectionId, undoId, model, `Undo an import into ${modelPluralNoun(model)}`, async (context) => {
      const outcome = await runBrainstemImport(context, undoId);
      setImportState(context.db, importId, 'undone');
      return outcome;
    });
  }

  /** One job per journaled import or undo; each write patches the cache, and the open tables hear of it. */
  private startRun(connectionId: string, importId: string, model: string, title: string, run: (context: BrainstemRunContext) => Promise<unknown>): Job {
    const job = this.deps.jobs.start({ kind: 'import', title, connectionId, unit: 'rows' }, async (context: JobContext): Promise<JobResult> => {
      const { db, portal } = this.target(connectionId);
      // Cancel stops after the object in flight, not in the middle of its request.
      const stop = new AbortController();
      try {
        const client = await this.deps.connections.brainstemClient(connectionId);
        await run({
          client, db, portal, model, signal: stop.signal,
          onProgress: (p) => {
            context.progress(p.done, p.total, `${p.done} of ${p.total} objects confirmed by BrainSTEM${p.refused > 0 ? `, ${p.refused} refused` : ''}`);
            if (context.signal.aborted) stop.abort();
          },
          onTouched: (touched) => this.changed(connectionId, db, touched),
        });
      } finally {
        this.running.delete(importId);
      }
      const entry = this.list(connectionId).find((e) => e.importId === importId);
      return { kind: 'import', importId, state: entry?.state ?? 'done', confirmedRows: entry?.confirmedRows ?? 0, rows: entry?.rows ?? 0 };
    });
    if (job.state === 'running') this.running.set(importId, job.id);
    return job;
  }

  private changed(connectionId: string, db: DatabaseSync, touched: Touched): void {
    for (const state of touchedStates(db, touched)) {
      this.deps.views?.invalidate(connectionId, state.dataset);
      this.deps.emit('dataset.changed', { connectionId, ...state });
    }
  }
}
