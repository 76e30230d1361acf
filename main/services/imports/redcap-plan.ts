import type { DatabaseSync } from 'node:sqlite';
import { AppError } from '../../../shared/contract/errors.ts';
import { sqlColumn } from '../cache/dataset-columns.ts';
import { readDatasetState } from '../cache/dataset-state.ts';
import { datasetTable } from '../cache/dataset-writer.ts';
import { cachedStructure } from '../connectors/redcap/overview.ts';
import type { CellProblem, ImportPlan, PlannedRow } from './import-types.ts';
import { CachedRecordReader, diffRow, keyText } from './redcap-diff.ts';
import { mapHeader, writtenColumns } from './redcap-map.ts';
import { importProject } from './redcap-map-project.ts';
import { requiredWarnings, rowValidator, type ValidRow } from './redcap-validate.ts';
import type { DateFormat } from './redcap-validate-types.ts';

/** A data row: its cells, or the delimited-file reader's row with its own 1-based number (blank lines count there). */
export type PlanRow = readonly string[] | { row: number; cells: readonly string[] };

/** What a plan reads: a header and its data rows (`openDelimitedFile` gives `header` and `rows()`; tests pass arrays). */
export interface PlanSource {
  header: readonly string[];
  rows: AsyncIterable<PlanRow> | Iterable<PlanRow>;
}

export interface PlanOptions {
  dateFormat?: DateFormat;
  labelsToCodes?: boolean;
  /** REDCap's overwriteBehavior=overwrite: blank cells erase values. */
  overwrite?: boolean;
  /** Column → REDCap column, or null to skip it; wins over the automatic mapping. */
  mapping?: Readonly<Record<string, string | null>>;
  signal?: AbortSignal;
  /** Called every batch with the data rows read so far. */
  onProgress?: (rowsRead: number) => void;
  /** Every problem, also past the first `maxListedProblems` the plan keeps (for a full problems report). */
  onProblem?: (problem: CellProblem) => void;
  /** For range checks against "today"; tests pin it. */
  now?: Date;
}

export interface RedcapImportPlan extends ImportPlan {
  mapping: Record<string, string | null>;
  unmapped: string[];
  /** Data rows read from the file. */
  rowsRead: number;
}

/** A screen lists the first problems; the count says how many there are in all. */
export const maxListedProblems = 1000;
const batchRows = 1000;

/** Some columns of a small cached list (DAGs, arms), or null when it was not synced or not allowed. */
function cachedList(db: DatabaseSync, dataset: 'dags' | 'arms', names: readonly string[]): string[][] | null {
  const state = readDatasetState(db, dataset);
  const indexes = names.map((name) => state?.columns.findIndex((c) => c.name === name) ?? -1);
  if (!state?.table || indexes.some((i) => i < 0)) return null;
  const statement = db.prepare(`SELECT ${indexes.map(sqlColumn).join(', ')} FROM ${datasetTable(dataset)}`);
  statement.setReturnArrays(true);
  return (statement.all() as unknown as unknown[][]).map((row) => row.map(String));
}

/**
 * Plans a CSV import into REDCap records from the offline cache alone: maps the header, checks every
 * value against the data dictionary, and compares each row with the cached one. Nothing is sent; the
 * plan says what an import would do and carries the old values so that it can be undone.
 */
export async function planRedcapImport(db: DatabaseSync, source: PlanSource, options: PlanOptions = {}): Promise<RedcapImportPlan> {
  const structure = cachedStructure(db);
  if (!structure) throw new AppError('NOT_SYNCED', 'This project has not been synced yet. Sync it first, so that Carrel can check the file against its data dictionary and records.');
  const arms = cachedList(db, 'arms', ['arm_num', 'name']);
  const project = importProject(structure, new Map((arms ?? []).map(([num, name]) => [Number(num), name!])));
  const dags = cachedList(db, 'dags', ['unique_group_name']);
  const header = mapHeader(project, source.header, options.mapping);
  const problems: CellProblem[] = [];
  let problemCount = 0;
  const report = (problem: CellProblem): void => {
    problemCount += 1;
    options.onProblem?.(problem);
    if (problems.length < maxListedProblems) problems.push(problem);
  };
  header.problems.forEach(report);
  const validator = rowValidator(project, header.columns, { dateFormat: options.dateFormat ?? 'YMD', labelsToCodes: options.labelsToCodes ?? false, dags: dags ? new Set(dags.map(([name]) => name!)) : null, ...(options.now ? { now: options.now } : {}) }, report);
  // Only the columns a row may write are read back from the cache; the key columns come with every row.
  const written = header.columns.filter((c) => c.target.kind !== 'record' && c.target.kind !== 'event' && c.target.kind !== 'repeatInstrument' && c.target.kind !== 'repeatInstance');
  const reader = new CachedRecordReader(db, written.flatMap((c) => writtenColumns(project, c.target)));
  if (reader.unknown.includes('redcap_data_access_group')) {
    report({ row: 0, column: header.columns.find((c) => c.target.kind === 'dag')!.column, field: 'redcap_data_access_group', severity: 'warning', code: 'dag-unknown', message: 'The offline cache does not hold the Data Access Group of existing records: rows that name one will be assigned to it.' });
  }
  const fatal = header.problems.some((p) => p.severity === 'error' && p.row === 0 && (p.code === 'no-record-id' || p.code === 'no-event'));

  const rows: PlannedRow[] = [];
  const newRecords: string[] = [];
  const newRecordSet = new Set<string>();
  const seen = new Set<string>();
  let changedRows = 0;
  let unchangedRows = 0;
  let blanked = 0;
  let rowsRead = 0;
  let batch: Array<{ row: number; valid: ValidRow }> = [];

  const flush = (): void => {
    if (batch.length === 0) return;
    const cached = reader.read([...new Set(batch.map((b) => b.valid.key.record))]);
    for (const { row, valid } of batch) {
      const diff = diffRow(valid, cached.rows.get(keyText(valid.key)), options.overwrite ?? false);
      blanked += diff.blanked;
      if (!diff.existing) {
        requiredWarnings(project, header.columns, valid, row, report);
        if (!cached.records.has(valid.key.record) && !newRecordSet.has(valid.key.record)) {
          newRecordSet.add(valid.key.record);
          newRecords.push(valid.key.record);
        }
      }
      if (diff.planned) {
        rows.push(diff.planned);
        if (diff.existing) changedRows += 1;
      } else {
        unchangedRows += 1;
      }
    }
    batch = [];
    options.onProgress?.(rowsRead);
  };

  for await (const item of source.rows) {
    rowsRead += 1;
    if (fatal) continue;
    const [row, cells] = 'cells' in item ? [item.row, item.cells] : [rowsRead, item];
    const valid = validator.validate(cells, row);
    if (!valid) continue;
    if (valid.key.repeatInstance !== 'new') {
      const key = keyText(valid.key);
      if (seen.has(key)) {
        report({ row, column: null, field: null, severity: 'error', code: 'duplicate-row', message: `Another row of the file already holds record "${valid.key.record}"${valid.key.event ? ` in ${valid.key.event}` : ''}${valid.key.repeatInstance ? `, instance ${valid.key.repeatInstance}` : ''}. Merge the two rows.` });
        continue;
      }
      seen.add(key);
    }
    batch.push({ row, valid });
    if (batch.length >= batchRows) {
      if (options.signal?.aborted) throw new AppError('CANCELLED', 'The import check was cancelled.');
      flush();
      // Let cancellation and other work in main run between batches.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  if (options.signal?.aborted) throw new AppError('CANCELLED', 'The import check was cancelled.');
  flush();
  options.onProgress?.(rowsRead);
  return { rows, newRecords, changedRows, unchangedRows, blanked, problems, problemCount, mapping: header.mapping, unmapped: header.unmapped, rowsRead };
}
