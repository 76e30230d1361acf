import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { ServiceKind } from '../../../shared/contract/common.ts';
import { AppError } from '../../../shared/contract/errors.ts';
import type { ExportFormat, ExportRequest } from '../../../shared/contract/exports.ts';
import type { Job, JobResult } from '../../../shared/contract/jobs.ts';
import type { CacheDirectory } from '../cache/cache-db.ts';
import type { DatasetViews, View } from '../cache/dataset-views.ts';
import type { JobContext, JobRunner } from '../jobs/job-runner.ts';
import { aboutRows } from './export-about.ts';
import { exportColumns, isRedcapData } from './export-columns.ts';
import { writeAtomically } from './export-target.ts';
import type { ArrivingRows, ExportRows, WriterProgress } from './export-types.ts';
import { canWriteWhileSyncing, RowFeed, syncFailure, type FeedHead } from './export-during-sync.ts';
import { shownValue } from '../cache/dataset-rows.ts';
import { viewColumnIndexes } from '../cache/dataset-views.ts';
import type { RecordRowsTap } from '../connectors/redcap/sync-records.ts';
import { writeDelimited } from './csv-export.ts';
import { writeBundle } from './stats-export.ts';
import { writeXlsx } from './xlsx/xlsx-writer.ts';

/** Who asks, and about what: facts the handler knows from the connection and the shell. */
export interface ExportSource {
  /** The job's title ("Export Cohort to Excel"). */
  title: string;
  /** Desktop: the result names the saved path (for Show in folder); web: null, the browser downloads it. */
  revealPath: boolean;
  /** Web shell: a download is one file, so a statistics bundle becomes a ZIP. */
  oneFile: boolean;
  version: string;
  service: ServiceKind;
  serverUrl: string;
  project: { title: string; id: string | null };
}

const rowsPerChunk = 2000;

/** A view opened for an export: `shown` as the table shows it, `view` as written (bundles: raw codes). */
interface OpenedView {
  db: DatabaseSync;
  spec: ExportRequest['view'];
  shown: View;
  view: View;
}
const bundleFormats = new Set<ExportFormat>(['r', 'stata', 'spss']);

/** Statistics bundles need a data dictionary: REDCap records and reports only. Called before the save dialog too. */
export function assertExportable(request: ExportRequest, service: ServiceKind): void {
  if (bundleFormats.has(request.format) && !isRedcapData(service, request.view.dataset)) {
    throw new AppError('VALIDATION', 'R, Stata and SPSS files are made for REDCap records and reports, which have a data dictionary for their labels. Export this table as CSV or Excel instead.');
  }
}

/** A view's rows in order, read from the cache a chunk at a time while the writer streams them out. */
function viewRows(views: DatasetViews, db: DatabaseSync, view: View): ExportRows {
  return {
    total: view.rowids.length,
    *chunks() {
      for (let offset = 0; offset < view.rowids.length; offset += rowsPerChunk) yield views.rows(db, view, offset, rowsPerChunk);
    },
  };
}

/** `total` null: the number of rows is not known yet (an export written while its sync downloads several rows per record). */
function writerProgress(context: JobContext, total: number | null): WriterProgress {
  const count = (n: number): string => n.toLocaleString('en-US');
  return {
    throwIfCancelled: () => context.throwIfCancelled(),
    progress: (rows) => context.progress(rows, total, total === null ? `Written ${count(rows)} rows` : `Written ${count(rows)} of ${count(total)} rows`),
  };
}

/**
 * Export jobs: the table's view (or the whole dataset) from the cache to CSV, TSV, XLSX or a statistics
 * bundle, written under a temporary name and renamed when complete. The output path is chosen by the
 * shell (a save dialog, or the web shell's downloads folder).
 */
export class ExportService {
  private readonly deps: { cache: CacheDirectory; views: DatasetViews; jobs: JobRunner };
  private readonly outputs = new Map<string, string>();

  constructor(deps: ExportService['deps']) {
    this.deps = deps;
  }

  start(request: ExportRequest, target: string, source: ExportSource): Job {
    assertExportable(request, source.service);
    const { jobs } = this.deps;
    // The view is computed now, so the file holds exactly the rows the user saw when they clicked Export.
    const opened = this.openView(request);
    const job = jobs.start({ kind: 'export', title: source.title, connectionId: request.view.connectionId, unit: 'rows' }, (context) => this.writeView(request, target, source, opened, context));
    this.outputs.set(job.id, target);
    return job;
  }

  /**
   * Syncs the connection, then exports. When that sync downloads every record (the first sync, or one
   * after the project changed) and the export is the records as stored (CSV or TSV, no filter, no sort,
   * no conditions), the file is written while the records arrive instead of read back from the cache
   * afterwards; it holds exactly what the cache then holds, and is only put in place once the sync has
   * succeeded. Otherwise (an incremental sync, a sync already running, another format) the export is
   * made from the cache when the sync has finished. Cancelling the export cancels the sync.
   * `startSync` starts (or joins) the sync job, telling `onRecordRows` the rows it writes.
   */
  startWithSync(request: ExportRequest, target: string, source: ExportSource, startSync: (onRecordRows: RecordRowsTap) => Job): Job {
    assertExportable(request, source.service);
    const { jobs } = this.deps;
    const streamable = canWriteWhileSyncing(request, source.service);
    const job = jobs.start({ kind: 'export', title: source.title, connectionId: request.view.connectionId, unit: 'rows' }, async (context) => {
      const feed = new RowFeed();
      context.progress(0, null, 'Syncing first…');
      const sync = startSync(streamable ? (batch) => feed.push(batch) : () => undefined);
      const cancelSync = (): void => void jobs.cancel(sync.id);
      context.signal.addEventListener('abort', cancelSync);
      const settled = jobs.settled(sync.id).then((ended) => {
        if (ended?.state === 'succeeded') feed.end();
        else feed.fail(ended ? syncFailure(ended) : new AppError('INTERNAL', 'The sync before the export was lost.'));
      });
      try {
        const head = await feed.first();
        if (head) return await this.writeArriving(request, target, source, head, feed, context);
        await settled;
        return await this.writeView(request, target, source, this.openView(request), context);
      } finally {
        context.signal.removeEventListener('abort', cancelSync);
      }
    });
    this.outputs.set(job.id, target);
    return job;
  }

  private openView(request: ExportRequest): OpenedView {
    const { cache, views } = this.deps;
    const connectionId = request.view.connectionId;
    const db = cache.db(connectionId);
    const spec = request.scope === 'all' ? { connectionId, dataset: request.view.dataset, mode: request.view.mode, sort: [], filter: '' } : request.view;
    const shown = views.open(db, connectionId, spec);
    // Bundles hold raw codes (the script adds the labels) for the same rows in the same order.
    const view: View = bundleFormats.has(request.format) ? { ...shown, query: { ...shown.query, mode: 'raw' } } : shown;
    return { db, spec, shown, view };
  }

  /** Writes an opened view's export, then closes the view. */
  private async writeView(request: ExportRequest, target: string, source: ExportSource, opened: OpenedView, context: JobContext): Promise<JobResult> {
    try {
      return await this.writeOpenedView(request, target, source, opened, context);
    } finally {
      this.deps.views.close(opened.shown.id);
    }
  }

  private async writeOpenedView(request: ExportRequest, target: string, source: ExportSource, opened: OpenedView, context: JobContext): Promise<JobResult> {
    const { views } = this.deps;
    const { db, spec, view } = opened;
    const bundle = bundleFormats.has(request.format);
    const state = views.state(db, request.view.dataset);
    const typed = exportColumns({ db, service: source.service, dataset: request.view.dataset, table: view.table, columns: view.columns, columnIndexes: view.columnIndexes, mode: view.query.mode, scanValues: request.format !== 'csv' && request.format !== 'tsv' });
    const about = aboutRows({
      version: source.version,
      service: source.service,
      serverUrl: source.serverUrl,
      project: source.project,
      dataset: { name: request.view.dataset, title: state?.title ?? request.view.dataset },
      scope: request.scope,
      format: request.format,
      mode: view.query.mode,
      header: bundle ? 'names' : request.header,
      columns: typed.columns,
      filter: spec.filter,
      where: spec.where ?? [],
      sort: spec.sort,
      lastSyncedAt: view.lastSyncedAt,
      exportedAt: new Date(),
      rows: view.rowids.length,
      datasetRows: view.unfilteredTotal,
    });
    const rows = viewRows(views, db, view);
    const progress = writerProgress(context, rows.total);
    context.progress(0, rows.total, 'Writing…');
    let outcome: { rows: number; notes: string[]; companions?: string[] };
    if (bundle) {
      outcome = await writeBundle({ format: request.format as 'r' | 'stata' | 'spss', target, zip: source.oneFile, columns: typed.columns, dictionary: typed.dictionary, rows, about }, progress);
    } else if (request.format === 'xlsx') {
      const input = { columns: typed.columns, rows, header: request.header, dictionary: typed.dictionary, about, overflow: request.xlsxOverflow };
      outcome = await writeAtomically([target], ([partial]) => writeXlsx(partial!, input, progress));
    } else {
      const delimiter = request.format === 'tsv' ? '\t' : request.delimiter;
      const input = { columns: typed.columns, rows, header: request.header, delimiter, bom: request.bom, neutralise: true };
      outcome = await writeAtomically([target], ([partial]) => writeDelimited(partial!, input, progress));
    }
    const { size } = await stat(target);
    return { kind: 'file', fileName: basename(target), path: source.revealPath ? target : null, bytes: size, rows: outcome.rows, companions: outcome.companions ?? [], notes: outcome.notes };
  }

  /** The CSV or TSV of a full sync's records as they arrive (see startWithSync). */
  private async writeArriving(request: ExportRequest, target: string, source: ExportSource, head: FeedHead, feed: RowFeed, context: JobContext): Promise<JobResult> {
    const db = this.deps.cache.db(request.view.connectionId);
    const all = head.columns;
    const columnIndexes = viewColumnIndexes(all, request.scope === 'view' ? request.view.columns : undefined);
    const mode = request.view.mode;
    const columns = columnIndexes.map((index) => all[index]!);
    const typed = exportColumns({ db, service: 'redcap', dataset: 'records', table: '', columns, columnIndexes, mode, scanValues: false, structure: head.structure });
    const whole = columnIndexes.length === all.length && columnIndexes.every((index, position) => index === position);
    const shown = (row: string[]): string[] => columnIndexes.map((index) => (mode === 'label' ? shownValue(all[index]!, row[index]!) : row[index]!));
    const rows: ArrivingRows = {
      total: head.expectedRecords,
      async *chunks() {
        for await (const batch of feed.chunks()) yield whole && mode === 'raw' ? batch : batch.map(shown);
      },
    };
    // One row per record in a classic project; a longitudinal or repeating one has more, not known yet.
    const oneRowPerRecord = !head.structure.project.is_longitudinal && !head.structure.project.has_repeating_instruments_or_events;
    const progress = writerProgress(context, oneRowPerRecord ? rows.total : null);
    const delimiter = request.format === 'tsv' ? '\t' : request.delimiter;
    const input = { columns: typed.columns, rows, header: request.header, delimiter, bom: request.bom, neutralise: true };
    const outcome = await writeAtomically([target], ([partial]) => writeDelimited(partial!, input, progress));
    const { size } = await stat(target);
    return { kind: 'file', fileName: basename(target), path: source.revealPath ? target : null, bytes: size, rows: outcome.rows, companions: [], notes: outcome.notes };
  }

  /** Where a finished export job wrote its file (main-side only; the web shell never shows this path). */
  outputOf(jobId: string): string | null {
    return this.outputs.get(jobId) ?? null;
  }
}
