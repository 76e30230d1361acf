// Per-row checks of a record import, with REDCap's messages (reference §1.3.1): validation types,
// choices, event designation, repeating rules, calc and file fields. Every problem of every row is
// collected, because REDCap reports them all at once.

import { INVENTED_MESSAGES, ROW_MESSAGES } from './errors.ts';
import type { ImportColumn, ImportRow } from './import-rows.ts';
import type { ProjectPeople } from './project-people.ts';
import type { ProjectSchema } from './project-schema.ts';
import { validateValue } from './validation-types.ts';
import type { DateOrder } from './validation-types.ts';

export interface RowProblem {
  record: string;
  field: string;
  value: string;
  message: string;
}

/** A row that passed, with values ready to store (dates normalised; blanks kept for overwrite). */
export interface CheckedRow {
  row: ImportRow;
  /** 0 for rows that do not repeat; `new` is resolved when the row is applied. */
  instance: number | 'new';
  values: Map<string, string>;
}

/** `"record","field","value","message"`, the line REDCap writes per problem. */
export function problemLine(problem: RowProblem): string {
  return [problem.record, problem.field, problem.value, problem.message].map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',');
}

const COMPLETE_CODES = new Set(['0', '1', '2']);

function checkValue(schema: ProjectSchema, column: ImportColumn, value: string, order: DateOrder): { value: string } | { message: string } {
  if (column.kind === 'complete') return COMPLETE_CODES.has(value) ? { value } : { message: ROW_MESSAGES.invalidCategory(column.name) };
  if (column.kind === 'checkbox') return value === '0' || value === '1' ? { value } : { message: ROW_MESSAGES.invalidCategory(column.name) };
  const field = schema.field(column.name);
  if (field === undefined) return { value };
  switch (field.type) {
    case 'calc':
      return { message: INVENTED_MESSAGES.calcField };
    case 'file':
      return { message: INVENTED_MESSAGES.fileField };
    case 'radio':
    case 'dropdown':
    case 'yesno':
    case 'truefalse':
      return schema.choices(field.name).some((choice) => choice.code === value) ? { value } : { message: ROW_MESSAGES.invalidCategory(field.name) };
    case 'slider':
      return /^\d+$/.test(value) && Number(value) <= 100 ? { value } : { message: ROW_MESSAGES.invalidFormat };
    case 'text': {
      if (field.validation === undefined || field.validation === '') return { value };
      const stored = validateValue(field.validation, value.trim(), order);
      return stored === undefined ? { message: ROW_MESSAGES.invalidFormat } : { value: stored };
    }
    default:
      return { value };
  }
}

export function checkRows(
  schema: ProjectSchema, people: ProjectPeople, rows: readonly ImportRow[], columns: ReadonlyMap<string, ImportColumn>, order: DateOrder,
): { problems: RowProblem[]; checked: CheckedRow[] } {
  const problems: RowProblem[] = [];
  const checked: CheckedRow[] = [];
  const recordIdField = schema.recordIdField.name;
  for (const row of rows) {
    const before = problems.length;
    const problem = (field: string, value: string, message: string): void => {
      problems.push({ record: row.record, field, value, message });
    };
    if (row.record === '') problem(recordIdField, '', INVENTED_MESSAGES.blankRecordId);
    if (row.dag !== undefined && people.dag(row.dag) === undefined) problem('redcap_data_access_group', row.dag, ROW_MESSAGES.invalidCategory('redcap_data_access_group'));
    const { event, repeatInstrument } = row;
    if (repeatInstrument !== '' && !schema.isRepeatingForm(event, repeatInstrument)) {
      problem('redcap_repeat_instrument', repeatInstrument, ROW_MESSAGES.notRepeatingInstrument);
    }
    const repeatingEvent = schema.isRepeatingEvent(event);
    let instance: number | 'new' = 0;
    if (row.repeatInstance !== '') {
      if (repeatInstrument === '' && !repeatingEvent) problem('redcap_repeat_instance', row.repeatInstance, ROW_MESSAGES.instanceNotAllowed);
      else if (row.repeatInstance === 'new') instance = 'new';
      else if (/^[1-9]\d*$/.test(row.repeatInstance)) instance = Number(row.repeatInstance);
      else problem('redcap_repeat_instance', row.repeatInstance, ROW_MESSAGES.invalidFormat);
    } else if (repeatInstrument !== '' || repeatingEvent) {
      instance = 1;
    }

    const values = new Map<string, string>();
    for (const [name, raw] of Object.entries(row.values)) {
      const column = columns.get(name);
      if (column === undefined || column.kind === 'ignored' || name === recordIdField) continue;
      if (raw.trim() === '') {
        values.set(name, '');
        continue;
      }
      // An unchecked box says nothing about where the row lives: exports fill 0 everywhere.
      const trivial = column.kind === 'checkbox' && raw.trim() === '0';
      if (!trivial) {
        if (schema.isLongitudinal && !schema.isDesignated(event, column.form)) {
          problem(name, raw, ROW_MESSAGES.notDesignated(name, schema.eventFullLabel(event)));
          continue;
        }
        if (repeatInstrument === '' && !repeatingEvent && schema.isRepeatingForm(event, column.form)) {
          problem(name, raw, ROW_MESSAGES.repeatColumnsMissing(name, column.form));
          continue;
        }
        if (repeatInstrument !== '' && column.form !== repeatInstrument) {
          problem(name, raw, INVENTED_MESSAGES.otherInstrument(name, repeatInstrument));
          continue;
        }
      }
      const result = checkValue(schema, column, raw, order);
      if ('message' in result) problem(name, raw, result.message);
      else values.set(name, result.value);
    }
    if (problems.length === before) checked.push({ row, instance, values });
  }
  return { problems, checked };
}
