import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { sqlColumn } from '../cache/dataset-columns.ts';
import { readDatasetState } from '../cache/dataset-state.ts';
import type { PlannedRow, RowKey } from './import-types.ts';
import type { ValidRow } from './redcap-validate.ts';

export function keyText(key: RowKey): string {
  return `${key.record}\u0000${key.event}\u0000${key.repeatInstrument}\u0000${key.repeatInstance}`;
}

/** The cached rows of some records, by key, holding only the columns an import writes. */
export interface CachedRows {
  rows: Map<string, Map<string, string>>;
  records: Set<string>;
}

/**
 * Reads cached record rows by record ID, a batch at a time through the record-ID index, so that a plan
 * holds only the rows of the file's current batch, never the whole table as objects.
 */
export class CachedRecordReader {
  private static readonly chunk = 500;
  private statementCache: StatementSync | null = null;
  private readonly db: DatabaseSync;
  private readonly table: string | null;
  private readonly keyIndexes: [number, number, number, number];
  private readonly wanted: Array<{ name: string; index: number }>;
  /** Columns the cache does not hold (e.g. redcap_data_access_group): their old values are unknown. */
  readonly unknown: string[];

  constructor(db: DatabaseSync, columns: readonly string[]) {
    this.db = db;
    const state = readDatasetState(db, 'records');
    this.table = state?.table ? state.table : null;
    const names = state?.columns.map((c) => c.name) ?? [];
    const at = (name: string): number => names.indexOf(name);
    this.keyIndexes = [0, at('redcap_event_name'), at('redcap_repeat_instrument'), at('redcap_repeat_instance')];
    this.wanted = columns.map((name) => ({ name, index: at(name) })).filter((c) => c.index >= 0);
    this.unknown = this.table ? columns.filter((name) => at(name) < 0) : [];
  }

  get hasCache(): boolean {
    return this.table !== null;
  }

  private statement(count: number): StatementSync {
    let statement = this.statementCache;
    if (!statement) {
      const select = [...this.keyIndexes.map((i) => (i < 0 ? "''" : sqlColumn(i))), ...this.wanted.map((c) => sqlColumn(c.index))].join(', ');
      statement = this.db.prepare(`SELECT ${select} FROM ${this.table!} WHERE ${sqlColumn(0)} IN (${Array.from({ length: count }, () => '?').join(', ')})`);
      statement.setReturnArrays(true);
      this.statementCache = statement;
    }
    return statement;
  }

  read(recordIds: readonly string[]): CachedRows {
    const rows = new Map<string, Map<string, string>>();
    const records = new Set<string>();
    if (!this.table) return { rows, records };
    const chunk = CachedRecordReader.chunk;
    for (let start = 0; start < recordIds.length; start += chunk) {
      const ids = recordIds.slice(start, start + chunk);
      // Padding with a repeated ID keeps one prepared statement for every chunk.
      while (ids.length < chunk) ids.push(ids[0]!);
      for (const cells of this.statement(ids.length).all(...ids) as unknown as string[][]) {
        const record = String(cells[0]);
        records.add(record);
        const key = keyText({ record, event: String(cells[1]), repeatInstrument: String(cells[2]), repeatInstance: String(cells[3]) });
        const values = new Map<string, string>();
        this.wanted.forEach((c, i) => values.set(c.name, String(cells[4 + i])));
        rows.set(key, values);
      }
    }
    return { rows, records };
  }
}

export interface RowDiff {
  /** null: the row would change nothing. */
  planned: PlannedRow | null;
  /** Values that would be erased (overwrite only). */
  blanked: number;
  existing: boolean;
}

/**
 * Compares one checked row with its cached row. Only values that differ are sent, so that fields the
 * file agrees on are not rewritten (and not logged in REDCap as changed). Blank cells erase a value only
 * under overwrite, as REDCap's `overwriteBehavior=overwrite` does; otherwise REDCap ignores them.
 */
export function diffRow(row: ValidRow, cached: ReadonlyMap<string, string> | undefined, overwrite: boolean): RowDiff {
  if (!cached || row.key.repeatInstance === 'new') {
    const values: Record<string, string> = {};
    for (const [name, value] of row.values) if (value !== '') values[name] = value;
    return { planned: { key: row.key, values, previous: null }, blanked: 0, existing: false };
  }
  const values: Record<string, string> = {};
  const previous: Record<string, string> = {};
  let blanked = 0;
  let changed = false;
  for (const [name, value] of row.values) {
    const old = cached.get(name);
    if (old === undefined) {
      // The cache does not know this column's value (a DAG): send it only when the file says something.
      if (value !== '') {
        values[name] = value;
        changed = true;
      }
      continue;
    }
    if (value === old) continue;
    if (value === '') {
      if (!overwrite) continue;
      blanked += 1;
    }
    values[name] = value;
    previous[name] = old;
    changed = true;
  }
  return { planned: changed ? { key: row.key, values, previous } : null, blanked, existing: true };
}
