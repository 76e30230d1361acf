// A CSV header onto a BrainSTEM model's fields: by field name, then by the label the catalogue (and the
// table's export) gives it. An `id` column says which rows update existing objects; read-only fields
// are recognised, reported once and never sent.

import type { BrainstemField } from '../../../shared/contract/brainstem.ts';
import type { ImportPlanSummary } from '../../../shared/contract/imports.ts';
import { fold } from '../cache/fold.ts';
import { brainstemFields } from '../connectors/brainstem/fields.ts';
import { modelLabel } from '../brainstem/naming.ts';
import type { CellProblem } from './import-types.ts';

export interface BrainstemColumn { index: number; column: string; field: BrainstemField }

export interface BrainstemHeader {
  /** The column holding object ids (rows with one update that object), if any. */
  idColumn: { index: number; column: string } | null;
  /** Columns that feed a writable field. */
  columns: BrainstemColumn[];
  /** Column → field name (`id` for the id column), or null when skipped, unknown or read-only. */
  mapping: Record<string, string | null>;
  /** How each column was matched, in the mapping screen's words. */
  how: Record<string, string>;
  problems: CellProblem[];
}

const squash = (text: string): string => fold(text).replace(/[\s_]+/g, '');

function headerProblem(column: string | null, field: string | null, code: string, message: string, severity: 'error' | 'warning' = 'error'): CellProblem {
  return { row: 0, column, field, severity, code, message };
}

/** The fields a file column can be mapped to on the mapping screen: the id and every writable field. */
export function mappableBrainstemFields(model: string): ImportPlanSummary['fields'] {
  return [
    { name: 'id', label: 'ID (update this object)', form: null },
    ...brainstemFields(model).filter((field) => !field.readOnly).map((field) => ({ name: field.name, label: field.label, form: null })),
  ];
}

/**
 * Maps a header. `override` (column → field name, or null to skip) wins over the automatic guess, so the
 * mapping screen can correct it.
 */
export function mapBrainstemHeader(model: string, header: readonly string[], override: Readonly<Record<string, string | null>> = {}): BrainstemHeader {
  const fields = brainstemFields(model);
  const byName = new Map(fields.map((field) => [field.name.toLowerCase(), field]));
  const byLabel = new Map<string, BrainstemField | null>();
  for (const field of fields) {
    const key = squash(field.label);
    const earlier = byLabel.get(key);
    byLabel.set(key, earlier === undefined || earlier === field ? field : null);
  }
  // The table's own label column ("Session") is computed by Carrel from the object's fields.
  const computedLabels = new Set(['label', squash(modelLabel(model))]);
  const result: BrainstemHeader = { idColumn: null, columns: [], mapping: {}, how: {}, problems: [] };
  const taken = new Map<string, string>();

  header.forEach((raw, index) => {
    const column = raw.trim();
    let target: BrainstemField | 'id' | undefined;
    let how = 'name';
    if (Object.hasOwn(override, column)) {
      const wanted = override[column];
      if (wanted === null || wanted === undefined) {
        result.mapping[column] = null;
        result.how[column] = 'skipped';
        return;
      }
      target = wanted === 'id' ? 'id' : byName.get(wanted.toLowerCase());
      how = 'chosen';
      if (!target) {
        result.problems.push(headerProblem(column, wanted, 'unknown-field', `A ${modelLabel(model).toLowerCase()} has no field "${wanted}". Choose another field for column "${column}" or skip it.`));
        result.mapping[column] = null;
        result.how[column] = 'unknown';
        return;
      }
    } else if (column.toLowerCase() === 'id' || squash(column) === 'id') {
      target = 'id';
    } else {
      target = byName.get(column.toLowerCase());
      if (!target) {
        target = byLabel.get(squash(column)) ?? undefined;
        how = 'label';
      }
    }
    if (!target) {
      result.mapping[column] = null;
      if (computedLabels.has(squash(column))) {
        result.how[column] = 'read-only';
        result.problems.push(headerProblem(column, null, 'read-only', `Column "${column}" is the readable label Carrel shows; it is not a field of its own and is not sent.`, 'warning'));
      } else {
        result.how[column] = 'unknown';
        result.problems.push(headerProblem(column, null, 'unknown-column', `Column "${column}" matches no field of a ${modelLabel(model).toLowerCase()}; it is skipped. Map it to a field if it holds one.`, 'warning'));
      }
      return;
    }
    const name = target === 'id' ? 'id' : target.name;
    const earlier = taken.get(name);
    if (earlier !== undefined) {
      result.problems.push(headerProblem(column, name, 'duplicate-column', `Columns "${earlier}" and "${column}" both go to ${name}. Skip one of them.`));
      result.mapping[column] = null;
      result.how[column] = 'skipped';
      return;
    }
    taken.set(name, column);
    if (target !== 'id' && target.readOnly) {
      result.mapping[column] = null;
      result.how[column] = 'read-only';
      result.problems.push(headerProblem(column, name, 'read-only', `"${target.label}" is set by BrainSTEM (read-only): column "${column}" is not sent.`, 'warning'));
      return;
    }
    result.mapping[column] = name;
    result.how[column] = how;
    if (target === 'id') result.idColumn = { index, column };
    else result.columns.push({ index, column, field: target });
  });
  return result;
}
