import type { DatasetColumn } from '../../cache/dataset-columns.ts';
import type { ExportFieldName, Instrument, MetadataField, RedcapProjectInfo } from './schemas.ts';

const numericValidations = /^(integer|int|number|float|number_\d+dp|number_comma_decimal|number_\d+dp_comma_decimal)$/;
const formStatus = { '0': 'Incomplete', '1': 'Unverified', '2': 'Complete' };

/** `1, Female | 2, Male` → [['1','Female'], ['2','Male']]; codes are what precedes the first comma. */
export function parseChoices(text: string): Array<[string, string]> {
  if (!text.trim()) return [];
  const out: Array<[string, string]> = [];
  for (const part of text.split('|')) {
    const comma = part.indexOf(',');
    if (comma < 0) continue;
    const code = part.slice(0, comma).trim();
    if (code) out.push([code, part.slice(comma + 1).trim()]);
  }
  return out;
}

function plainLabel(label: string): string {
  // Field labels may carry HTML and piping; the header shows text.
  return label.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();
}

function valueLabels(field: MetadataField): Record<string, string> | undefined {
  switch (field.field_type) {
    case 'radio':
    case 'dropdown':
      return Object.fromEntries(parseChoices(field.select_choices_or_calculations));
    case 'yesno':
      return { '1': 'Yes', '0': 'No' };
    case 'truefalse':
      return { '1': 'True', '0': 'False' };
    default:
      return undefined;
  }
}

function isNumeric(field: MetadataField): boolean {
  if (field.field_type === 'calc' || field.field_type === 'slider') return true;
  return field.field_type === 'text' && numericValidations.test(field.text_validation_type_or_show_slider_number);
}

/**
 * The columns of REDCap's flat export, in REDCap's order: record ID, the event/repeat pseudo-fields,
 * then per instrument its fields (checkboxes expanded to `field___code`) and `<form>_complete`.
 */
export function redcapColumns(input: {
  project: RedcapProjectInfo;
  metadata: MetadataField[];
  instruments: Instrument[];
  exportFieldNames: ExportFieldName[];
  /** Longitudinal projects: label mode shows "Baseline (Arm 1)" for `baseline_arm_1`, as REDCap's label export does. */
  events?: ReadonlyArray<{ unique_event_name: string; event_name: string; arm_num: number }>;
}): DatasetColumn[] {
  const { project, metadata, instruments, exportFieldNames } = input;
  const eventLabels = Object.fromEntries((input.events ?? []).map((e) => [e.unique_event_name, `${e.event_name} (Arm ${e.arm_num})`]));
  const instrumentLabels = Object.fromEntries(instruments.map((i) => [i.instrument_name, plainLabel(i.instrument_label)]));
  const labelled = (labels: Record<string, string>): { valueLabels?: Record<string, string> } => (Object.keys(labels).length > 0 ? { valueLabels: labels } : {});
  const recordIdField = metadata[0]!;
  const columns: DatasetColumn[] = [];
  const base = (field: MetadataField): Omit<DatasetColumn, 'name' | 'label'> => ({
    fieldType: field.field_type,
    form: field.form_name,
    numeric: isNumeric(field),
    isKey: field.field_name === recordIdField.field_name,
  });

  columns.push({ name: recordIdField.field_name, label: plainLabel(recordIdField.field_label) || 'Record ID', ...base(recordIdField), isKey: true });
  if (project.is_longitudinal) {
    columns.push({ name: 'redcap_event_name', label: 'Event Name', fieldType: 'event', form: null, numeric: false, isKey: false, ...labelled(eventLabels) });
  }
  if (project.has_repeating_instruments_or_events) {
    columns.push({ name: 'redcap_repeat_instrument', label: 'Repeat Instrument', fieldType: 'repeat_instrument', form: null, numeric: false, isKey: false, ...labelled(instrumentLabels) });
    columns.push({ name: 'redcap_repeat_instance', label: 'Repeat Instance', fieldType: 'repeat_instance', form: null, numeric: true, isKey: false });
  }

  const exportNamesByField = new Map<string, ExportFieldName[]>();
  for (const entry of exportFieldNames) {
    const list = exportNamesByField.get(entry.original_field_name) ?? [];
    list.push(entry);
    exportNamesByField.set(entry.original_field_name, list);
  }

  const formOrder = instruments.length > 0 ? instruments.map((i) => i.instrument_name) : [...new Set(metadata.map((f) => f.form_name))];
  for (const form of formOrder) {
    for (const field of metadata) {
      if (field.form_name !== form || field === recordIdField || field.field_type === 'descriptive') continue;
      const label = plainLabel(field.field_label) || field.field_name;
      if (field.field_type === 'checkbox') {
        const exportNames = exportNamesByField.get(field.field_name) ?? [];
        for (const [code, choice] of parseChoices(field.select_choices_or_calculations)) {
          const name = exportNames.find((e) => e.choice_value === code)?.export_field_name ?? `${field.field_name}___${code.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
          columns.push({ name, label: `${label} (choice=${choice})`, ...base(field), numeric: false, valueLabels: { '0': 'Unchecked', '1': 'Checked' } });
        }
        continue;
      }
      const labels = valueLabels(field);
      columns.push({ name: field.field_name, label, ...base(field), ...(labels ? { valueLabels: labels } : {}) });
    }
    const instrumentLabel = instruments.find((i) => i.instrument_name === form)?.instrument_label ?? form;
    columns.push({ name: `${form}_complete`, label: `Complete? (${plainLabel(instrumentLabel)})`, fieldType: 'form_status', form, numeric: false, isKey: false, valueLabels: formStatus });
  }
  return columns;
}
