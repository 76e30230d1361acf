import type { DatabaseSync } from 'node:sqlite';
import type { ServiceKind } from '../../../shared/contract/common.ts';
import type { ValueMode } from '../../../shared/contract/datasets.ts';
import { sqlColumn, type DatasetColumn } from '../cache/dataset-columns.ts';
import { parseChoices } from '../connectors/redcap/columns.ts';
import { cachedStructure } from '../connectors/redcap/overview.ts';
import type { ProjectStructure } from '../connectors/redcap/project-structure.ts';
import type { MetadataField } from '../connectors/redcap/schemas.ts';
import type { DictionaryEntry, ExportCellKind, ExportColumn } from './export-types.ts';

/** The columns being exported and where their values live. */
export interface ColumnSource {
  db: DatabaseSync;
  service: ServiceKind;
  dataset: string;
  table: string;
  columns: ReadonlyArray<DatasetColumn>;
  /** Each column's position in the dataset table (its SQL column `c<index>`). */
  columnIndexes: ReadonlyArray<number>;
  mode: ValueMode;
  /**
   * Check the cached values (a pass over the whole table) so that a numeric column holding "007" or a
   * 17-digit code becomes text. XLSX cells and the statistics scripts' column types need it; CSV and TSV,
   * whose cells carry no type, do not, and a million-row CSV should not pay for it.
   */
  scanValues: boolean;
  /** The project structure, when the cache does not hold it yet (an export written while its first sync downloads). */
  structure?: ProjectStructure;
}

/** Records and saved reports: the datasets REDCap's own exports (and its statistics bundles) cover. */
export function isRedcapData(service: ServiceKind, dataset: string): boolean {
  return service === 'redcap' && (dataset === 'records' || dataset.startsWith('report_'));
}

const integerCodes = /^(0|-?[1-9][0-9]*)$/;
const choiceTypes = new Set(['radio', 'dropdown', 'checkbox', 'yesno', 'truefalse']);

function plain(label: string): string {
  return label.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();
}

/** A REDCap field's kind from its type and text validation (dates are Y-M-D in the API and the cache). */
function redcapKind(field: MetadataField | undefined, column: DatasetColumn, codes: ReadonlyArray<string>): ExportCellKind {
  if (column.fieldType === 'repeat_instance' || column.fieldType === 'form_status') return 'integer';
  if (!field) return column.numeric ? 'number' : 'text';
  if (choiceTypes.has(field.field_type)) return codes.length > 0 && codes.every((code) => integerCodes.test(code)) ? 'integer' : 'text';
  if (field.field_type === 'calc' || field.field_type === 'slider') return 'number';
  if (field.field_type !== 'text') return 'text';
  const validation = field.text_validation_type_or_show_slider_number;
  if (validation === 'integer' || validation === 'int') return 'integer';
  if (/^(number|float|number_\d+dp)$/.test(validation)) return 'number';
  if (validation.startsWith('date_')) return 'date';
  if (validation.startsWith('datetime_')) return 'datetime';
  if (validation === 'time' || validation === 'time_hh_mm_ss') return 'time';
  return 'text';
}

/** Choices in the project's order (value labels are an object, whose integer keys JavaScript reorders). */
function redcapChoices(field: MetadataField | undefined, column: DatasetColumn): Array<{ code: string; label: string }> {
  if (field?.field_type === 'checkbox') return [{ code: '0', label: 'Unchecked' }, { code: '1', label: 'Checked' }];
  if (field && (field.field_type === 'radio' || field.field_type === 'dropdown')) {
    return parseChoices(field.select_choices_or_calculations).map(([code, label]) => ({ code, label: plain(label) }));
  }
  if (field?.field_type === 'yesno') return [{ code: '1', label: 'Yes' }, { code: '0', label: 'No' }];
  if (field?.field_type === 'truefalse') return [{ code: '1', label: 'True' }, { code: '0', label: 'False' }];
  if (column.fieldType === 'form_status') return [{ code: '0', label: 'Incomplete' }, { code: '1', label: 'Unverified' }, { code: '2', label: 'Complete' }];
  return Object.entries(column.valueLabels ?? {}).map(([code, label]) => ({ code, label }));
}

/** Which metadata field an export column comes from: its own name, or a checkbox's `field___code`. */
function fieldIndex(metadata: ReadonlyArray<MetadataField>, exportNames: ReadonlyArray<{ original_field_name: string; export_field_name: string }>): (name: string) => MetadataField | undefined {
  const byName = new Map(metadata.map((field) => [field.field_name, field]));
  const checkbox = new Map(exportNames.map((e) => [e.export_field_name, e.original_field_name]));
  return (name) => {
    const direct = byName.get(name);
    if (direct) return direct;
    const original = checkbox.get(name) ?? (name.includes('___') ? name.slice(0, name.lastIndexOf('___')) : undefined);
    const field = original ? byName.get(original) : undefined;
    return field?.field_type === 'checkbox' ? field : undefined;
  };
}

type Check = 'digits' | 'date' | 'datetime';

/**
 * One pass over the cached table: for each column, whether a value breaks the kind the dictionary
 * suggests — a leading zero or more than 15 digits (a number cell would lose them), or a value that is
 * not a Y-M-D date (datetime). Values are checked across the whole dataset, not only the view, so the
 * same column exports the same way whatever is filtered.
 */
function violations(db: DatabaseSync, table: string, checks: ReadonlyArray<{ index: number; check: Check }>): boolean[] {
  if (checks.length === 0) return [];
  const expressions = checks.map(({ index, check }) => {
    const c = sqlColumn(index);
    // Cheap tests first: most cells are short numbers that start with 1-9.
    if (check === 'digits') return `max(CASE WHEN length(${c}) > 15 THEN length(replace(replace(${c}, '-', ''), '.', '')) > 15 WHEN ${c} < '0' THEN ${c} GLOB '-0[0-9]*' WHEN ${c} < '1' THEN ${c} GLOB '0[0-9]*' ELSE 0 END)`;
    if (check === 'date') return `max(${c} != '' AND ${c} NOT GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]')`;
    return `max(${c} != '' AND ${c} NOT GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]' AND ${c} NOT GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]')`;
  });
  const statement = db.prepare(`SELECT ${expressions.join(', ')} FROM ${table}`);
  statement.setReturnArrays(true);
  const row = statement.get() as unknown as Array<number | null>;
  return checks.map((_, i) => row[i] === 1);
}

/** Date-like names of non-REDCap tables (BrainSTEM `date_of_birth`, logging `timestamp`): typed only when every value parses. */
const dateName = /(^|_)(date|dob)($|_)/i;
const datetimeName = /(^|_)(datetime|timestamp)$/i;

function otherKind(column: DatasetColumn): { kind: ExportCellKind; check: Check | null } {
  if (column.numeric) return { kind: 'number', check: 'digits' };
  if (column.isKey) return { kind: 'id', check: null };
  if (column.fieldType === 'datetime' || datetimeName.test(column.name)) return { kind: 'datetime', check: 'datetime' };
  if (column.fieldType === 'date' || dateName.test(column.name)) return { kind: 'date', check: 'date' };
  return { kind: 'text', check: null };
}

/**
 * Typed columns and their dictionary for an export. REDCap records and reports take their kinds from
 * the cached data dictionary; other tables from the column descriptions. A value in label mode is a
 * label, so labelled columns are text there.
 */
export function exportColumns(source: ColumnSource): { columns: ExportColumn[]; dictionary: DictionaryEntry[] } {
  const { db, columns, mode } = source;
  const structure = isRedcapData(source.service, source.dataset) ? (source.structure ?? cachedStructure(db)) : null;
  const fieldOf = structure ? fieldIndex(structure.metadata, structure.exportFieldNames) : () => undefined;
  const recordId = structure?.metadata[0]?.field_name;

  const typed: Array<{ column: DatasetColumn; index: number; kind: ExportCellKind; check: Check | null; entry: DictionaryEntry }> = columns.map((column, position) => {
    const index = source.columnIndexes[position]!;
    const field = fieldOf(column.name);
    const labelled = mode === 'label' && column.valueLabels !== undefined && Object.keys(column.valueLabels).length > 0;
    if (structure) {
      const choices = redcapChoices(field, column);
      let kind: ExportCellKind = column.name === recordId || column.isKey ? 'id' : redcapKind(field, column, choices.map((c) => c.code));
      if (labelled) kind = 'text';
      const entry: DictionaryEntry = {
        field: column.name,
        label: column.label,
        type: field?.field_type ?? column.fieldType,
        validation: field?.field_type === 'text' ? field.text_validation_type_or_show_slider_number : '',
        choices,
        form: field?.form_name ?? column.form,
      };
      return { column, index, kind, check: kind === 'integer' || kind === 'number' ? 'digits' : null, entry };
    }
    const guess = labelled ? { kind: 'text' as const, check: null } : otherKind(column);
    const entry: DictionaryEntry = { field: column.name, label: column.label, type: column.fieldType, validation: '', choices: [], form: column.form };
    return { column, index, ...guess, entry };
  });

  const checks = source.scanValues ? typed.flatMap((t) => (t.check ? [{ index: t.index, check: t.check }] : [])) : [];
  const broken = violations(db, source.table, checks);
  let next = 0;
  return {
    columns: typed.map((t) => {
      let kind = t.kind;
      if (t.check && source.scanValues && broken[next++]) kind = t.check === 'digits' ? 'id' : 'text';
      return { name: t.column.name, label: t.column.label, kind };
    }),
    dictionary: typed.map((t) => t.entry),
  };
}
