import type { ServiceKind } from '../../../shared/contract/common.ts';
import { AppError } from '../../../shared/contract/errors.ts';
import type { ExportRequest } from '../../../shared/contract/exports.ts';
import type { Job } from '../../../shared/contract/jobs.ts';
import type { DatasetColumn } from '../cache/dataset-columns.ts';
import { filterWords } from '../cache/view-sql.ts';
import type { ProjectStructure } from '../connectors/redcap/project-structure.ts';
import type { RecordRowsTap } from '../connectors/redcap/sync-records.ts';

/** What an export written during its sync needs from the first batch: the columns as the table will hold them. */
export interface FeedHead {
  columns: DatasetColumn[];
  expectedRecords: number;
  structure: ProjectStructure;
}

/**
 * Whether the export can be written from a full sync's rows as they arrive: the REDCap records as the
 * table stores them (any columns, raw or labels), in a delimited format. Filters, conditions, sorting,
 * the workbook and the statistics bundles are made from the cache after the sync.
 */
export function canWriteWhileSyncing(request: ExportRequest, service: ServiceKind): boolean {
  if (service !== 'redcap' || request.view.dataset !== 'records') return false;
  if (request.format !== 'csv' && request.format !== 'tsv') return false;
  if (request.scope === 'all') return true;
  return request.view.sort.length === 0 && filterWords(request.view.filter).length === 0 && (request.view.where ?? []).length === 0;
}

/** The sync job's failure as the export's own (it could not be made without the sync). */
export function syncFailure(job: Job): AppError {
  if (job.state === 'cancelled') return new AppError('CANCELLED', 'The sync before the export was cancelled, so nothing was exported.');
  const error = job.error ?? { code: 'INTERNAL' as const, message: job.message, retryable: false };
  return new AppError(error.code, `The sync before the export failed, so nothing was exported: ${error.message}`, { retryable: error.retryable, ...(error.details ? { details: error.details } : {}) });
}

/**
 * The rows a sync writes, handed to the export writer: the sync pushes (never waits, never throws), the
 * writer takes them in order. `first()` resolves with the columns once rows come, or null when the sync
 * ended without any (an incremental sync); a failed sync rejects both.
 */
export class RowFeed {
  private readonly batches: string[][][] = [];
  private head: FeedHead | null = null;
  private ended = false;
  private failure: unknown = null;
  private wake: (() => void) | null = null;

  readonly push: RecordRowsTap = (batch) => {
    if (this.ended || this.failure !== null) return;
    this.head ??= { columns: batch.columns, expectedRecords: batch.expectedRecords, structure: batch.structure };
    this.batches.push(batch.rows);
    this.notify();
  };

  end(): void {
    this.ended = true;
    this.notify();
  }

  fail(error: unknown): void {
    this.failure ??= error;
    this.notify();
  }

  async first(): Promise<FeedHead | null> {
    for (;;) {
      if (this.head) return this.head;
      if (this.failure !== null) throw this.failure;
      if (this.ended) return null;
      await this.next();
    }
  }

  async *chunks(): AsyncGenerator<string[][]> {
    for (;;) {
      // A failed sync stops the file at once: it would be removed anyway.
      if (this.failure !== null) throw this.failure;
      const batch = this.batches.shift();
      if (batch) {
        yield batch;
        continue;
      }
      if (this.ended) return;
      await this.next();
    }
  }

  private next(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
