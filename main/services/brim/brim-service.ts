import { rm } from 'node:fs/promises';
import type { BrimOverview, PreflightReport } from '../../../shared/contract/brim.ts';
import type { DatasetSummary } from '../../../shared/contract/datasets.ts';
import { AppError } from '../../../shared/contract/errors.ts';
import type { Job } from '../../../shared/contract/jobs.ts';
import type { CacheDirectory } from '../cache/cache-db.ts';
import type { DatasetViews } from '../cache/dataset-views.ts';
import type { ConnectionService } from '../connections/connection-service.ts';
import type { BrimClient } from '../connectors/brim/client.ts';
import type { EventSink } from '../events.ts';
import type { Staging } from '../files/staging.ts';
import type { JobRunner } from '../jobs/job-runner.ts';
import type { Logger } from '../log/logger.ts';
import { brimPollSchedule, followAndRecord, type PollSchedule } from './follow.ts';
import { runPreflight } from './preflight-job.ts';
import { PreflightReports } from './preflight-reports.ts';
import { appendQueueCsv } from './queue-cache.ts';
import { brimQueueDataset, brimResultDatasets } from './results-cache.ts';
import { runFetchResults, type ResultsRequest } from './results-job.ts';
import { BrimTaskHistory } from './task-history.ts';
import { runUpload, taskResult, type BrimUploadRequest } from './upload-job.ts';

export interface BrimServiceDeps {
  connections: ConnectionService;
  cache: CacheDirectory;
  views: DatasetViews;
  jobs: JobRunner;
  staging: Staging;
  emit: EventSink;
  log: Logger;
}

const uploadTitles: Record<BrimUploadRequest['kind'], string> = {
  'notes-upload': 'Upload notes',
  'structured-upload': 'Upload structured data',
  'resource-upload': 'Upload a reference document',
};

/**
 * Brim in main: pre-flight, uploads, generation, task watching, results and the single-note queue, each
 * long step a job. Tasks are remembered per connection (BrimTaskHistory); results land in the cache as
 * `brim_detailed`, `brim_patient` and `brim_queue`, which every table, filter and export then works on.
 */
export class BrimService {
  private readonly deps: BrimServiceDeps;
  private readonly reports = new PreflightReports();
  /** Brim's own schedule; tests and the bench shorten it (the sandbox's tasks take a fraction of a second). */
  pollSchedule: PollSchedule = brimPollSchedule;

  constructor(deps: BrimServiceDeps) {
    this.deps = deps;
  }

  history(connectionId: string): BrimTaskHistory {
    return new BrimTaskHistory(this.deps.cache.db(connectionId));
  }

  async overview(connectionId: string): Promise<BrimOverview> {
    const { connections, cache, jobs } = this.deps;
    const connection = connections.brim.get(connectionId);
    const db = cache.db(connectionId);
    // A job id outlives its job only in the database (after a restart, or once pruned): show it only while it runs.
    const tasks = this.history(connectionId).list().map((task) => (task.jobId && jobs.get(task.jobId)?.state === 'running' ? task : { ...task, jobId: null }));
    const names = new Set<string>([...Object.values(brimResultDatasets), brimQueueDataset]);
    const datasets: DatasetSummary[] = this.deps.views
      .allStates(db)
      .filter((state) => names.has(state.name))
      .map((state) => ({
        name: state.name,
        title: state.title,
        group: state.group,
        rowCount: state.rowCount,
        columnCount: state.columns.length,
        lastSyncedAt: state.lastSyncedAt,
        availability: state.availability,
        note: state.note,
      }));
    return { connection: await connections.summary(connection), tasks, datasets };
  }

  preflight(input: { connectionId: string | null; stageId: string; writeFixedCopy: boolean }): Job {
    if (input.connectionId !== null) this.deps.connections.brim.get(input.connectionId);
    const file = this.deps.staging.file(input.stageId);
    const job = this.deps.jobs.start({ kind: 'preflight', title: `Check ${file.fileName}`, connectionId: input.connectionId, unit: 'bytes' }, async (context) => {
      const { result, report } = await runPreflight({ staging: this.deps.staging, stageId: input.stageId, writeFixedCopy: input.writeFixedCopy, context });
      this.reports.put(context.id, report);
      return result;
    });
    return job;
  }

  preflightReport(jobId: string): PreflightReport {
    return this.reports.get(jobId);
  }

  upload(connectionId: string, request: BrimUploadRequest): Job {
    const connection = this.deps.connections.brim.get(connectionId);
    if (request.kind === 'resource-upload') this.refuseIfOff(connectionId, 'resourceUpload');
    const file = this.deps.staging.file(request.stageId);
    return this.deps.jobs.start({ kind: 'upload', title: `${uploadTitles[request.kind]}: ${file.fileName}`, connectionId, unit: 'bytes' }, async (context) => {
      const client = await this.client(connectionId);
      const run = () =>
        runUpload({
          client,
          request,
          file,
          history: this.history(connectionId),
          context,
          schedule: this.pollSchedule,
          onSent: () => this.deps.staging.release(request.stageId),
        });
      const result = request.kind === 'resource-upload' ? await this.deps.connections.brim.withCapability(connectionId, 'resourceUpload', run) : await run();
      this.deps.log.info('brim: upload finished', { id: connection.id, kind: request.kind, bytes: file.bytes });
      return result;
    });
  }

  /** Starts a generation (an inferred endpoint: refused at once when the server lacks it), then follows it as a job. */
  async generate(connectionId: string, request: { patientIds?: string[] | undefined; variableNames?: string[] | undefined; overwriteReviewed?: boolean | undefined }): Promise<Job> {
    const client = await this.client(connectionId);
    const taskId = await this.deps.connections.brim.withCapability(connectionId, 'generate', () => client.generate(request));
    // Into the history at once: Brim has started it, even if its first status answer is slow to come.
    this.history(connectionId).record({ taskId, kind: 'generation', state: 'waiting' });
    const who = request.patientIds?.length ? `${request.patientIds.length} patient${request.patientIds.length === 1 ? '' : 's'}` : 'all patients';
    const job = this.follow(connectionId, taskId, { kind: 'generation', title: `Generate labels for ${who}`, client, label: 'Brim is generating labels' });
    return job;
  }

  /** Follows a task (one Carrel started, or any id the user has) until it ends; cancelling stops watching only. */
  watch(connectionId: string, taskId: string): Job {
    this.deps.connections.brim.get(connectionId);
    const known = this.history(connectionId).get(taskId);
    return this.follow(connectionId, taskId, { kind: known?.kind ?? 'generation', title: `Watch Brim task ${taskId.slice(0, 8)}`, client: null, label: 'Brim task' });
  }

  fetchResults(connectionId: string, request: ResultsRequest): Job {
    this.deps.connections.brim.get(connectionId);
    const running = this.deps.jobs.running('results', connectionId);
    if (running) throw new AppError('CONFLICT', 'Results are already being fetched for this project. Wait for that to finish (or cancel it) first.');
    const title = `Fetch ${request.kind === 'patient' ? 'patient-level' : 'detailed'} results`;
    return this.deps.jobs.start({ kind: 'results', title, connectionId, unit: 'steps' }, async (context) => {
      const client = await this.client(connectionId);
      const db = this.deps.cache.db(connectionId);
      try {
        const { result, file } = await runFetchResults({ client, db, request, scratchPath: this.deps.staging.scratchPath(), history: this.history(connectionId), context, schedule: this.pollSchedule });
        this.deps.connections.brim.rememberResultsPayload(connectionId, file.payload);
        return result;
      } finally {
        this.datasetChanged(connectionId, brimResultDatasets[request.kind]);
      }
    });
  }

  async invite(connectionId: string, email: string): Promise<{ invited: boolean; message: string }> {
    const client = await this.client(connectionId);
    return client.invite(email);
  }

  async queuePeek(connectionId: string): Promise<{ next: { taskId: string; patientId: string; noteId: string; completedAt: string | null } | null }> {
    const client = await this.client(connectionId);
    return { next: await this.deps.connections.brim.withCapability(connectionId, 'singleNote', () => client.queuePeek()) };
  }

  /** Takes the oldest finished single-note result from Brim's queue and adds its labels to `brim_queue`. */
  async queuePop(connectionId: string): Promise<{ dataset: string | null; rows: number }> {
    const client = await this.client(connectionId);
    const scratch = this.deps.staging.scratchPath();
    try {
      const popped = await this.deps.connections.brim.withCapability(connectionId, 'singleNote', () => client.queuePopAndExport(scratch, true));
      if (!popped) return { dataset: null, rows: 0 };
      const { added } = await appendQueueCsv(this.deps.cache.db(connectionId), popped.path);
      this.datasetChanged(connectionId, brimQueueDataset);
      return { dataset: brimQueueDataset, rows: added };
    } finally {
      await rm(scratch, { force: true });
      await rm(`${scratch}.part`, { force: true });
    }
  }

  async queueErrors(connectionId: string): Promise<Array<{ taskId: string; patientId: string; noteId: string; message: string; failedAt: string | null }>> {
    const client = await this.client(connectionId);
    return this.deps.connections.brim.withCapability(connectionId, 'singleNote', () => client.queueErrors());
  }

  private follow(connectionId: string, taskId: string, what: { kind: 'generation' | 'notes-upload' | 'structured-upload' | 'resource-upload' | 'export'; title: string; client: BrimClient | null; label: string }): Job {
    return this.deps.jobs.start({ kind: 'task', title: what.title, connectionId, unit: 'steps' }, async (context) => {
      const client = what.client ?? (await this.client(connectionId));
      const history = this.history(connectionId);
      const known = history.get(taskId);
      // A task id Carrel has not seen is asked about once before it joins the history, so a mistyped id
      // fails the job (Brim's 404) without leaving an entry behind.
      const first = known ? null : await client.taskStatus(taskId, { signal: context.signal });
      history.record({ taskId, kind: known?.kind ?? what.kind, state: first?.state ?? known!.state, message: first?.message ?? null, jobId: context.id });
      const status = await followAndRecord({ client, taskId, history, context, schedule: this.pollSchedule, step: { done: 0, total: 1, label: what.label } });
      return taskResult(status, history.get(taskId)?.childTaskId ?? null);
    });
  }

  private async client(connectionId: string): Promise<BrimClient> {
    return this.deps.connections.brim.client(this.deps.connections.brim.get(connectionId));
  }

  private refuseIfOff(connectionId: string, capability: 'resourceUpload' | 'generate' | 'singleNote'): void {
    const state = this.deps.connections.brim.info(this.deps.connections.brim.get(connectionId)).capabilities[capability];
    if (state.state === 'no') throw new AppError('UNSUPPORTED', state.note ?? 'This server does not offer this.', { details: { capability } });
  }

  private datasetChanged(connectionId: string, dataset: string): void {
    this.deps.views.invalidate(connectionId, dataset);
    const state = this.deps.views.state(this.deps.cache.db(connectionId), dataset);
    if (state) this.deps.emit('dataset.changed', { connectionId, dataset, rowCount: state.rowCount, lastSyncedAt: state.lastSyncedAt });
  }
}
