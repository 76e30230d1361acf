import type { CellProblem, RowKey } from './import-types.ts';
import { checkboxColumnsOf, checkboxSetMessage, parseCheckboxSet } from './redcap-checkbox-set.ts';
import type { MappedColumn } from './redcap-map.ts';
import { isRepeatingForm, type ImportField, type ImportProject } from './redcap-map-project.ts';
import { outOfRange, serverToday, validateText, type DateFormat } from './redcap-validate-types.ts';

export interface ValidateOptions {
  dateFormat: DateFormat;
  /** Accept choice labels ("Female", "Yes", "Checked") and store their codes. */
  labelsToCodes: boolean;
  /** Unique DAG names when the cache knows them (null: not checked). */
  dags: ReadonlySet<string> | null;
  now?: Date;
}

/** A row that passed: its key and its values by REDCap column, as REDCap stores them ('' = blank in the file). */
export interface ValidRow { key: RowKey; values: Map<string, string> }

// REDCap's own texts (reference §1.3.1) where it has one; ours are worded like them.
export const messages = {
  invalidFormat: 'The value you provided could not be validated because it does not follow the expected format. Please try again.',
  invalidCategory: (field: string) => `The value is not a valid category for ${field}`,
  notDesignated: (field: string, eventLabel: string) =>
    `This field ('${field}') exists on an instrument that is not designated for the event named '${eventLabel}'. You are not allowed to import data for this field into this event.`,
  repeatColumnsMissing: (field: string, form: string) =>
    `This field ('${field}') exists on a Repeating Instrument named '${form}'. However, the fields 'redcap_repeat_instance' and/or 'redcap_repeat_instrument' for this row of data have no value, which are both required for importing data into a Repeating Instrument.`,
  notRepeatingInstrument: 'redcap_repeat_instrument must be the unique form name of a Repeating Instrument. It currently does not match the unique form name of any Repeating Instruments.',
  instanceNotAllowed: 'redcap_repeat_instance cannot have a value since this instrument or event is not a repeating instrument or repeating event, respectively. The redcap_repeat_instance field must be left blank for this row of data.',
  otherInstrument: (field: string, form: string) => `This field ('${field}') does not exist on the Repeating Instrument named '${form}' given in redcap_repeat_instrument, so it cannot be imported in this row of data.`,
  calcField: 'This field is a calculated field, so its value cannot be imported. Skip this column.',
  fileField: 'This field is a File Upload field, so its value cannot be imported here. Upload files one by one instead, or skip this column.',
  blankRecordId: 'The record ID cannot be blank. Fill it in or remove the row.',
  badEvent: (value: string) => `"${value}" is not an event of this project. Use the event's unique name (e.g. baseline_arm_1) or its label.`,
  badDag: (value: string) => `"${value}" is not a Data Access Group of this project. Use the group's unique name.`,
  outOfRange: (side: 'below' | 'above', bound: string) => `The value is ${side === 'below' ? 'below the minimum' : 'above the maximum'} (${bound}) set for this field; REDCap will accept it.`,
  required: (field: string) => `${field} is a required field and is blank for this new record.`,
};

const formStatus: Record<string, string> = { incomplete: '0', unverified: '1', complete: '2' };

export interface RowValidator {
  /** Checks one data row (1-based `row`); reports each problem; returns null when the row has an error. */
  validate(cells: readonly string[], row: number): ValidRow | null;
}

export function rowValidator(project: ImportProject, columns: readonly MappedColumn[], options: ValidateOptions, report: (problem: CellProblem) => void): RowValidator {
  const eventByText = new Map<string, string>();
  for (const [name, label] of project.events) {
    for (const text of [name, label, ...(project.eventAliases.get(name) ?? [])]) eventByText.set(text.toLowerCase(), name);
  }
  const formByText = new Map<string, string>();
  for (const form of project.forms) formByText.set(form.toLowerCase(), form);
  for (const [form, label] of project.formLabels) if (!formByText.has(label.toLowerCase())) formByText.set(label.toLowerCase(), form);
  const today = serverToday(options.now ?? new Date());
  const pick = (kind: MappedColumn['target']['kind']): MappedColumn | undefined => columns.find((c) => c.target.kind === kind);
  const recordColumn = pick('record');
  const eventColumn = pick('event');
  const instrumentColumn = pick('repeatInstrument');
  const instanceColumn = pick('repeatInstance');
  const dagColumn = pick('dag');
  const valueColumns = columns.filter((c) => ['field', 'checkbox', 'checkboxSet', 'complete'].includes(c.target.kind));
  const setColumns = new Map(columns.flatMap((c) => (c.target.kind === 'checkboxSet' ? [[c.target.name, checkboxColumnsOf(project, c.target.name)] as const] : [])));

  function choiceCode(field: ImportField, value: string): string | undefined {
    if (field.type === 'yesno' || field.type === 'truefalse') {
      if (value === '0' || value === '1') return value;
      if (!options.labelsToCodes) return undefined;
      const lower = value.toLowerCase();
      const [yes, no] = field.type === 'yesno' ? ['yes', 'no'] : ['true', 'false'];
      return lower === yes ? '1' : lower === no ? '0' : undefined;
    }
    const exact = field.choices.find(([code]) => code === value);
    if (exact) return exact[0];
    if (!options.labelsToCodes) return undefined;
    const lower = value.toLowerCase();
    return field.choices.find(([, label]) => label.toLowerCase() === lower)?.[0];
  }

  return {
    validate(cells, row) {
      let failed = false;
      const problem = (column: MappedColumn | undefined, field: string | null, code: string, message: string, severity: 'error' | 'warning' = 'error'): void => {
        if (severity === 'error') failed = true;
        report({ row, column: column?.column ?? null, field, severity, code, message });
      };
      const cell = (column: MappedColumn | undefined): string => (column ? (cells[column.index] ?? '').trim() : '');

      const record = cell(recordColumn);
      if (record === '') problem(recordColumn, project.recordIdField, 'blank-record-id', messages.blankRecordId);
      let event = '';
      if (project.longitudinal) {
        const raw = cell(eventColumn);
        event = eventByText.get(raw.toLowerCase()) ?? '';
        if (event === '') problem(eventColumn, 'redcap_event_name', 'invalid-event', messages.badEvent(raw));
      }
      let repeatInstrument = '';
      const rawInstrument = cell(instrumentColumn);
      if (rawInstrument !== '') {
        repeatInstrument = formByText.get(rawInstrument.toLowerCase()) ?? rawInstrument;
        if (!isRepeatingForm(project, event, repeatInstrument)) problem(instrumentColumn, 'redcap_repeat_instrument', 'not-repeating', messages.notRepeatingInstrument);
      }
      const repeatingEvent = project.repeatingEvents.has(event);
      let repeatInstance = cell(instanceColumn);
      if (repeatInstance !== '') {
        if (repeatInstrument === '' && !repeatingEvent) problem(instanceColumn, 'redcap_repeat_instance', 'instance-not-allowed', messages.instanceNotAllowed);
        else if (repeatInstance !== 'new' && !/^[1-9]\d*$/.test(repeatInstance)) problem(instanceColumn, 'redcap_repeat_instance', 'invalid-format', messages.invalidFormat);
      } else if (repeatInstrument !== '' || repeatingEvent) {
        repeatInstance = '1';
      }

      const values = new Map<string, string>();
      const dag = cell(dagColumn);
      if (dagColumn && dag !== '') {
        if (options.dags && !options.dags.has(dag)) problem(dagColumn, 'redcap_data_access_group', 'invalid-dag', messages.badDag(dag));
        else values.set('redcap_data_access_group', dag);
      }
      const eventLabel = project.events.get(event) ?? event;
      for (const column of valueColumns) {
        const target = column.target;
        const raw = cell(column);
        const form = target.kind === 'complete' ? target.form : target.kind === 'field' || target.kind === 'checkbox' || target.kind === 'checkboxSet' ? target.field.form : '';
        const fieldName = target.kind === 'checkbox' ? target.field.name : target.name;
        const setOf = target.kind === 'checkboxSet' ? (setColumns.get(target.name) ?? []) : null;
        if (raw === '') {
          if (target.kind === 'field' && (target.field.type === 'calc' || target.field.type === 'file' || target.field.type === 'descriptive')) continue;
          if (setOf) setOf.forEach(({ column: name }) => values.set(name, ''));
          else values.set(target.name, '');
          continue;
        }
        let checked: ReadonlySet<string> | null = null;
        if (target.kind === 'checkboxSet') {
          const parsed = parseCheckboxSet(target.field, raw);
          if (!parsed.ok) {
            problem(column, target.name, 'invalid-category', checkboxSetMessage(target.field, parsed.unknown));
            continue;
          }
          checked = parsed.checked;
        }
        // Exports fill unchecked boxes with 0 on every row: that says nothing about where the row lives.
        const trivial = (target.kind === 'checkbox' && raw === '0') || (checked !== null && checked.size === 0);
        if (!trivial) {
          if (project.longitudinal && event !== '' && !project.eventForms.get(event)?.has(form)) {
            problem(column, fieldName, 'not-designated', messages.notDesignated(fieldName, eventLabel));
            continue;
          }
          if (repeatInstrument === '' && !repeatingEvent && isRepeatingForm(project, event, form)) {
            problem(column, fieldName, 'repeat-columns-missing', messages.repeatColumnsMissing(fieldName, form));
            continue;
          }
          if (repeatInstrument !== '' && form !== repeatInstrument) {
            problem(column, fieldName, 'other-instrument', messages.otherInstrument(fieldName, repeatInstrument));
            continue;
          }
        }
        if (setOf && checked) {
          // The cell names the whole set: the choices it does not list are unchecked.
          for (const { column: name, code } of setOf) values.set(name, checked.has(code) ? '1' : '0');
          continue;
        }
        const stored = storedValue(target, raw, column);
        if (stored !== undefined) values.set(target.name, stored);
      }

      function storedValue(target: MappedColumn['target'], raw: string, column: MappedColumn): string | undefined {
        if (target.kind === 'complete') {
          const code = /^[012]$/.test(raw) ? raw : options.labelsToCodes ? formStatus[raw.toLowerCase()] : undefined;
          if (code === undefined) problem(column, target.name, 'invalid-category', messages.invalidCategory(target.name));
          return code;
        }
        if (target.kind === 'checkbox') {
          const lower = raw.toLowerCase();
          const code = raw === '0' || raw === '1' ? raw : options.labelsToCodes && lower === 'checked' ? '1' : options.labelsToCodes && lower === 'unchecked' ? '0' : undefined;
          if (code === undefined) problem(column, target.name, 'invalid-category', messages.invalidCategory(target.name));
          return code;
        }
        if (target.kind !== 'field') return undefined;
        const field = target.field;
        switch (field.type) {
          case 'calc':
            problem(column, field.name, 'not-importable', messages.calcField);
            return undefined;
          case 'file':
            problem(column, field.name, 'not-importable', messages.fileField);
            return undefined;
          case 'descriptive':
            return undefined;
          case 'radio':
          case 'dropdown':
          case 'yesno':
          case 'truefalse': {
            const code = choiceCode(field, raw);
            if (code === undefined) problem(column, field.name, 'invalid-category', messages.invalidCategory(field.name));
            return code;
          }
          case 'slider':
            if (/^\d+$/.test(raw) && Number(raw) <= 100) return raw;
            problem(column, field.name, 'invalid-format', messages.invalidFormat);
            return undefined;
          case 'text': {
            if (!field.validation) return raw;
            const stored = validateText(field.validation, raw, options.dateFormat);
            if (stored === undefined) {
              problem(column, field.name, 'invalid-format', messages.invalidFormat);
              return undefined;
            }
            const side = outOfRange(field.validation, stored, field.min, field.max, today);
            if (side) problem(column, field.name, 'out-of-range', messages.outOfRange(side, side === 'below' ? field.min : field.max), 'warning');
            return stored;
          }
          default:
            return raw;
        }
      }

      if (failed) return null;
      return { key: { record, event, repeatInstrument, repeatInstance }, values };
    },
  };
}

/** Required fields left blank on a new record's forms: warnings, since REDCap imports them anyway. */
export function requiredWarnings(project: ImportProject, columns: readonly MappedColumn[], valid: ValidRow, row: number, report: (problem: CellProblem) => void): void {
  const forms = new Set<string>();
  for (const column of columns) {
    const t = column.target;
    if (t.kind === 'checkboxSet') {
      if (checkboxColumnsOf(project, t.name).some(({ column }) => valid.values.get(column) === '1')) forms.add(t.field.form);
      continue;
    }
    const value = valid.values.get(t.name);
    if (value === undefined || value === '' || (t.kind === 'checkbox' && value === '0')) continue;
    if (t.kind === 'field' || t.kind === 'checkbox') forms.add(t.field.form);
  }
  const byField = new Map(columns.map((c) => [c.target.kind === 'checkbox' ? c.target.field.name : c.target.name, c]));
  for (const form of forms) {
    for (const name of project.requiredByForm.get(form) ?? []) {
      const field = project.fields.get(name)!;
      const filled = field.type === 'checkbox'
        ? checkboxColumnsOf(project, name).some(({ column }) => valid.values.get(column) === '1')
        : (valid.values.get(name) ?? '') !== '';
      if (!filled) report({ row, column: byField.get(name)?.column ?? null, field: name, severity: 'warning', code: 'required', message: messages.required(name) });
    }
  }
}
