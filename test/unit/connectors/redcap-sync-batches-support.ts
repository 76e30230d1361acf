// For the record-batch tests: a RedcapClient stand-in for forEachBatch (record tables after seeded
// delays, counting what is outstanding; failures, short answers and cancellation on demand), and the
// AppError a promise rejects with.
import type { RedcapClient } from '../../../main/services/connectors/redcap/client.ts';
import type { CsvTable } from '../../../main/services/connectors/redcap/csv-row.ts';
import { AppError, isAppError } from '../../../shared/contract/errors.ts';
import { seededRandom } from '../../helpers/seeded-random.ts';

export interface FakeOptions {
  ids: string[];
  seed: number;
  /** Milliseconds of delay for a request, given the batch's first ID and the attempt (default: 0–12 ms at random). */
  delay?: (firstId: string, attempt: number) => number | undefined;
  /** An error to answer a request with, instead of records. */
  failure?: (firstId: string, attempt: number) => Error | undefined;
  /** IDs to leave out of an answer. */
  drop?: (firstId: string, attempt: number) => ReadonlyArray<string>;
  /** Like the HTTP client: an aborted request rejects at once with CANCELLED (default true). */
  honourSignal?: boolean;
  /** The project's ID list when asked again (default: `ids`). */
  listed?: string[];
}

/** A RedcapClient stand-in that answers record exports after small seeded delays and counts what is outstanding. */
export function fakeClient(options: FakeOptions) {
  const random = seededRandom(options.seed);
  const attempts = new Map<string, number>();
  const stats = { calls: 0, outstanding: 0, maxOutstanding: 0, idLists: 0, signals: [] as AbortSignal[], asked: [] as string[][] };
  const client = {
    async recordIds(_idField: string, _extra: { signal?: AbortSignal } = {}): Promise<string[]> {
      stats.idLists++;
      return [...(options.listed ?? options.ids)];
    },
    exportRecordTable({ records, signal }: { records?: string[]; signal?: AbortSignal }): Promise<CsvTable> {
      const ids = records ?? [];
      const first = ids[0] ?? '';
      const attempt = (attempts.get(first) ?? 0) + 1;
      attempts.set(first, attempt);
      stats.calls++;
      stats.asked.push([...ids]);
      if (signal) stats.signals.push(signal);
      stats.outstanding++;
      stats.maxOutstanding = Math.max(stats.maxOutstanding, stats.outstanding);
      const wait = options.delay?.(first, attempt) ?? Math.floor(random() * 13);
      return new Promise<CsvTable>((resolve, reject) => {
        let settled = false;
        const finish = (result: () => void): void => {
          if (settled) return;
          settled = true;
          stats.outstanding--;
          signal?.removeEventListener('abort', onAbort);
          result();
        };
        const onAbort = (): void => finish(() => reject(new AppError('CANCELLED', 'Cancelled.')));
        if (options.honourSignal !== false && signal) {
          if (signal.aborted) return onAbort();
          signal.addEventListener('abort', onAbort);
        }
        setTimeout(() => {
          const failure = options.failure?.(first, attempt);
          if (failure) return finish(() => reject(failure));
          const dropped = new Set(options.drop?.(first, attempt) ?? []);
          finish(() => resolve({ fields: ['record_id', 'value'], rows: ids.filter((id) => !dropped.has(id)).map((id) => [id, `value ${id}`]) }));
        }, wait);
      });
    },
  };
  return { client: client as unknown as RedcapClient, stats };
}

/** The AppError a promise rejects with (anything else, or no rejection, fails the test). */
export async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return error as AppError;
    throw error;
  }
  throw new Error('expected a rejection');
}
