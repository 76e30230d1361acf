// CSV → REDCap records for the app: planning and importing as jobs, plans kept here by id, the journal
// (import-journal.ts) as the record of what REDCap has. Cancelling an import stops it after the batch in
// flight; the journal keeps it resumable.

import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/contract/errors.ts';
import type { ImportEntryView, ImportPlanSummary } from '../../../shared/contract/imports.ts';
import type { Job, JobResult } from '../../../shared/contract/jobs.ts';
import type { CacheDirectory } from '../cache/cache-db.ts';
import type { DatasetViews } from '../cache/dataset-views.ts';
import type { ConnectionService } from '../connections/connection-service.ts';
import type { EventSink } from '../events.ts';
import type { Staging } from '../files/staging.ts';
import type { JobContext, JobRunner } from '../jobs/job-runner.ts';
import type { Settings } from '../settings/settings.ts';
import type { SyncService } from '../sync/sync-service.ts';
import { BrainstemImports } from './brainstem-import-service.ts';
import type { BrainstemUndoPreview } from './brainstem-import-undo.ts';
import { createImport, readImport, unfinishedImports } from './import-journal.ts';
import { listImports, rememberFileName } from './import-list.ts';
import { checkResumable, resumeImport, runImport, type ImportOutcome, type RunImportOptions } from './import-run.ts';
import { prepareUndo, previewUndo, undoImport, type UndoPreview } from './import-undo.ts';
import type { CellProblem } from './import-types.ts';
import { planPass } from './plan-read.ts';
import { PlanStore, type ImportPlanOptions, type StoredPlan } from './plan-store.ts';
import { cachedImportProject, planChanges, planSummary } from './plan-views.ts';
import { writeProblemsCsv } from './problems-csv.ts';

export interface ImportServiceDeps {
  connections: ConnectionService;
  cache: CacheDirectory;
  jobs: JobRunner;
  staging: Staging;
  sync: SyncService;
  settings: Settings;
  emit: EventSink;
  /** Open table views, dropped when a BrainSTEM import writes to their model. */
  views?: DatasetViews;
}

export class ImportService {
  private readonly deps: ImportServiceDeps;
  private readonly plans = new PlanStore();
  /** BrainSTEM connections' imports (same contract; plans, journal and runs of their own). */
  private readonly brainstem: BrainstemImports;
  /** importId → the job running it. */
  private readonly running = new Map<string, string>();
  private startupNotice: string | null = null;

  constructor(deps: ImportServiceDeps) {
    this.deps = deps;
    const exists = (connectionId: string): boolean => deps.settings.connections().some((c) => c.id === connectionId);
    this.brainstem = new BrainstemImports({ connections: deps.connections, cache: deps.cache, jobs: deps.jobs, staging: deps.staging, emit: deps.emit, exists, views: deps.views });
  }

  private isBrainstem(connectionId: string): boolean {
    return this.deps.connections.get(connectionId).kind === 'brainstem';
  }

  /** A REDCap connection's cache, or why an import cannot use it. */
  private redcapDb(connectionId: string): DatabaseSync {
    const connection = this.deps.connections.get(connectionId);
    if (connection.kind !== 'redcap') throw new AppError('VALIDATION', 'Imports go into REDCap projects; this is not a REDCap connection.');
    return this.deps.cache.db(connectionId);
  }

  private connectionName(connectionId: string): string {
    return this.deps.connections.get(connectionId).name;
  }

  /** Plans of removed connections go, with their staged files. */
  private prune(): void {
    const exists = (connectionId: string): boolean => this.deps.settings.connections().some((c) => c.id === connectionId);
    for (const gone of this.plans.removeWhere((plan) => !exists(plan.connectionId))) void this.releaseStage(gone);
  }

  private async releaseStage(plan: StoredPlan): Promise<void> {
    if (!this.plans.usesStage(plan.stageId)) await this.deps.staging.release(plan.stageId).catch(() => undefined);
  }

  private drop(planId: string, releaseFile: boolean): boolean {
    const plan = this.plans.remove(planId);
    if (plan && releaseFile) void this.releaseStage(plan);
    return plan !== null;
  }

  private getPlan(planId: string): StoredPlan {
    this.prune();
    return this.plans.get(planId);
  }

  // ---- planning

  plan(connectionId: string, stageId: string, options: ImportPlanOptions, model?: string): Job {
    if (this.isBrainstem(connectionId)) {
      if (model === undefined) throw new AppError('VALIDATION', 'Say which BrainSTEM model the rows go into (sessions, subjects, …).');
      return this.brainstem.plan(connectionId, stageId, model, options);
    }
    if (model !== undefined) throw new AppError('VALIDATION', 'REDCap imports go into the project\'s records; a model only applies to BrainSTEM connections.');
    const db = this.redcapDb(connectionId);
    cachedImportProject(db); // NOT_SYNCED now, not as a failed job
    const file = this.deps.staging.file(stageId);
    return this.startPlanJob(connectionId, stageId, file.fileName, options, null);
  }

  replan(planId: string, options: ImportPlanOptions): Job {
    if (this.brainstem.hasPlan(planId)) return this.brainstem.replan(planId, options);
    const previous = this.getPlan(planId);
    return this.startPlanJob(previous.connectionId, previous.stageId, previous.fileName, options, planId);
  }

  private startPlanJob(connectionId: string, stageId: string, fileName: string, options: ImportPlanOptions, replaces: string | null): Job {
    const spec = { kind: 'import-plan' as const, title: `Check ${fileName} for ${this.connectionName(connectionId)}`, connectionId, unit: 'rows' as const };
    return this.deps.jobs.start(spec, async (context) => {
      const db = this.redcapDb(connectionId);
      const { path } = this.deps.staging.file(stageId);
      const pass = await planPass(db, path, options, { signal: context.signal, onProgress: (rows) => context.progress(rows, null, `Checked ${rows.toLocaleString('en-US')} rows`) });
      const planId = PlanStore.newId();
      const stored: StoredPlan = { planId, connectionId, stageId, fileName, options, ...pass };
      // The replaced plan goes first, so that its (shared) staged file is not released on eviction.
      if (replaces !== null) this.plans.remove(replaces);
      for (const evicted of this.plans.add(stored)) void this.releaseStage(evicted);
      return { kind: 'import-plan', planId, rowsRead: pass.plan.rowsRead, rowsToSend: pass.plan.rows.length, errors: pass.errors };
    });
  }

  summary(planId: string): ImportPlanSummary {
    if (this.brainstem.hasPlan(planId)) return this.brainstem.summary(planId);
    const plan = this.getPlan(planId);
    return planSummary(plan, cachedImportProject(this.redcapDb(plan.connectionId)));
  }

  changes(planId: string, offset: number, limit: number, kind: 'all' | 'new' | 'changed'): ReturnType<typeof planChanges> {
    if (this.brainstem.hasPlan(planId)) return this.brainstem.changes(planId, offset, limit, kind);
    const plan = this.getPlan(planId);
    return planChanges(plan, cachedImportProject(this.redcapDb(plan.connectionId)).recordIdField, offset, limit, kind);
  }

  /** Every problem, not only the first 1,000 the plan keeps: the file is checked again to list them all. */
  async writeProblems(planId: string, path: string): Promise<void> {
    if (this.brainstem.hasPlan(planId)) return this.brainstem.writeProblems(planId, path);
    const plan = this.getPlan(planId);
    const problems: CellProblem[] = [];
    if (plan.errors + plan.warnings <= plan.problems.length) {
      problems.push(...plan.problems);
    } else {
      const { path: source } = this.deps.staging.file(plan.stageId);
      await planPass(this.redcapDb(plan.connectionId), source, plan.options, { onProblem: (problem) => problems.push(problem) });
    }
    await writeProblemsCsv(path, problems);
  }

  problemsFileName(planId: string): string {
    const name = (this.brainstem.hasPlan(planId) ? this.brainstem.fileName(planId) : this.getPlan(planId).fileName).replace(/\.[^.]*$/, '');
    return `${name || 'import'} - problems.csv`;
  }

  discard(planId: string): boolean {
    if (this.brainstem.hasPlan(planId)) return this.brainstem.discard(planId);
    return this.drop(planId, true);
  }

  // ---- importing

  start(planId: string): { job: Job; importId: string } {
    if (this.brainstem.hasPlan(planId)) return this.brainstem.start(planId);
    const plan = this.getPlan(planId);
    if (plan.errors > 0) {
      throw new AppError('VALIDATION', `The file still has ${plan.errors.toLocaleString('en-US')} ${plan.errors === 1 ? 'error' : 'errors'}. Correct the file or the mapping and check it again; nothing was sent.`);
    }
    if (plan.plan.rows.length === 0) throw new AppError('VALIDATION', 'Nothing to import: every row of the file matches what the project already holds.');
    const db = this.redcapDb(plan.connectionId);
    const project = cachedImportProject(db);
    const importId = createImport(db, plan.plan, { recordIdField: project.recordIdField, overwriteBehavior: plan.options.overwrite ? 'overwrite' : 'normal' });
    rememberFileName(db, importId, plan.fileName);
    this.drop(planId, true);
    const job = this.startRun(plan.connectionId, importId, `Import ${plan.fileName} into ${this.connectionName(plan.connectionId)}`, (db2, api, options) => runImport(db2, api, importId, options));
    return { job, importId };
  }

  resume(connectionId: string, importId: string): Job {
    if (this.isBrainstem(connectionId)) return this.brainstem.resume(connectionId, importId);
    const db = this.redcapDb(connectionId);
    const entry = readImport(db, importId);
    const existing = this.runningJob(importId);
    if (existing) return existing;
    if (entry.kind === 'undo' && entry.undoOf !== null) {
      const undoOf = entry.undoOf;
      return this.startRun(connectionId, importId, `Finish undoing an import in ${this.connectionName(connectionId)}`, (db2, api, options) => undoImport(db2, api, undoOf, options));
    }
    checkResumable(db, importId); // refused now, not as a failed job
    return this.startRun(connectionId, importId, `Resume import into ${this.connectionName(connectionId)}`, (db2, api, options) => resumeImport(db2, api, importId, options));
  }

  /** What undoing would do; an import that stopped halfway is undoable too (what REDCap got is reverted). */
  previewUndo(connectionId: string, importId: string): UndoPreview | BrainstemUndoPreview {
    if (this.isBrainstem(connectionId)) return this.brainstem.previewUndo(connectionId, importId);
    this.refuseWhileRunning(importId);
    return previewUndo(this.redcapDb(connectionId), importId);
  }

  /** An import job still sending batches would race its own undo. */
  private refuseWhileRunning(importId: string): void {
    if (this.runningJob(importId)?.state === 'running') {
      throw new AppError('CONFLICT', 'This import is still running. Cancel it first (it stops after the batch in flight), then undo it.', { details: { importId } });
    }
  }

  undo(connectionId: string, importId: string): { job: Job; importId: string } {
    if (this.isBrainstem(connectionId)) return this.brainstem.undo(connectionId, importId);
    const db = this.redcapDb(connectionId);
    this.refuseWhileRunning(importId);
    const undoId = prepareUndo(db, importId);
    const existing = this.runningJob(undoId);
    if (existing) return { job: existing, importId: undoId };
    const job = this.startRun(connectionId, undoId, `Undo an import in ${this.connectionName(connectionId)}`, (db2, api, options) => undoImport(db2, api, importId, options));
    return { job, importId: undoId };
  }

  list(connectionId: string): ImportEntryView[] {
    if (this.isBrainstem(connectionId)) return this.brainstem.list(connectionId);
    return listImports(this.redcapDb(connectionId), (importId) => this.running.get(importId) ?? null);
  }

  private runningJob(importId: string): Job | null {
    const jobId = this.running.get(importId);
    return jobId ? this.deps.jobs.get(jobId) : null;
  }

  /** One job per journaled import; afterwards the cache is synced, since REDCap now holds other values. */
  private startRun(connectionId: string, importId: string, title: string, run: (db: DatabaseSync, api: Parameters<typeof runImport>[1], options: RunImportOptions) => Promise<ImportOutcome>): Job {
    const job = this.deps.jobs.start({ kind: 'import', title, connectionId, unit: 'rows' }, async (context: JobContext): Promise<JobResult> => {
      const db = this.redcapDb(connectionId);
      let confirmed = 0;
      // Cancel stops after the batch in flight, not in the middle of it: REDCap then confirms what it got
      // and the resume has no uncertain batch to check.
      const stop = new AbortController();
      try {
        const client = await this.deps.connections.redcapClient(connectionId);
        await run(db, client.api, {
          signal: stop.signal,
          onProgress: (p) => {
            confirmed = p.batchesDone;
            context.progress(p.rowsDone, p.rowsTotal, `${p.batchesDone} of ${p.batchesTotal} batches confirmed by REDCap`);
            if (context.signal.aborted) stop.abort();
          },
        });
      } finally {
        this.running.delete(importId);
        if (confirmed > 0) this.syncAfterImport(connectionId);
      }
      const entry = readImport(db, importId);
      const counts = this.list(connectionId).find((e) => e.importId === importId);
      return { kind: 'import', importId, state: entry.state, confirmedRows: counts?.confirmedRows ?? 0, rows: counts?.rows ?? 0 };
    });
    if (job.state === 'running') this.running.set(importId, job.id);
    return job;
  }

  /**
   * The journal marks `imports.syncNeeded`; an incremental sync reads back exactly the changed records
   * (with what REDCap derived from them), so the tables show the truth again.
   */
  private syncAfterImport(connectionId: string): void {
    try {
      this.deps.sync.start(connectionId, 'auto');
    } catch {
      // The connection was removed meanwhile, or it cannot sync now: the next sync picks the changes up.
    }
  }

  // ---- startup

  /** Unfinished imports stay as they are, to be resumed from the list; the first window hears of them once. */
  findInterrupted(): void {
    const names: string[] = [];
    for (const connection of this.deps.settings.connections().filter((c) => c.kind === 'redcap' || c.kind === 'brainstem')) {
      if (!this.deps.cache.has(connection.id)) continue;
      if (unfinishedImports(this.deps.cache.db(connection.id)).length > 0) names.push(connection.name);
    }
    if (names.length === 0) return;
    this.startupNotice = names.length === 1
      ? `An import into ${names[0]} was interrupted; open the project to resume it.`
      : `Imports into ${names.join(', ')} were interrupted; open each project to resume them.`;
  }

  /** Emits the startup notice once, when the first window is listening. */
  deliverStartupNotice(): void {
    if (this.startupNotice === null) return;
    const message = this.startupNotice;
    this.startupNotice = null;
    this.deps.emit('app.notice', { level: 'warning', message });
  }
}
