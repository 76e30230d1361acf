import type { ColumnInfo, RecordDetail } from '../../../shared/contract/datasets.ts';
import { repeatKey, type ProjectDesign } from '../project/use-project-design.ts';

export interface FieldView {
  /** The REDCap field name (for a checkbox, without the `___code` suffix). */
  name: string;
  label: string;
  fieldType: string;
  raw: string;
  /** What the user reads: the label value, or the checked choices of a checkbox. */
  text: string;
}

export interface SectionRow {
  key: string;
  /** Unique event name ('' in classic projects) and repeat instance ('' where none): a file field's address. */
  event: string;
  instance: string;
  /** "Baseline (Arm 1) · #2", or '' where the record has a single row. */
  heading: string;
  status: string;
  hasData: boolean;
  fields: FieldView[];
}

export interface InstrumentSection {
  form: string;
  label: string;
  rows: SectionRow[];
  hasData: boolean;
}

const pseudoTypes = new Set(['event', 'repeat_instrument', 'repeat_instance', 'form_status']);
const choiceLabel = /^(.*) \(choice=(.*)\)$/;

interface RowContext {
  event: string;
  repeatInstrument: string;
  instance: string;
}

function designated(form: string, ctx: RowContext, design: ProjectDesign | null): boolean {
  if (ctx.repeatInstrument !== '') return ctx.repeatInstrument === form;
  if (!design) return true;
  if (design.formsByEvent && !design.formsByEvent.get(ctx.event)?.has(form)) return false;
  // A row with an instance but no instrument is an instance of a repeating event: all its forms.
  if (ctx.instance !== '') return true;
  return !design.repeatingForms.has(repeatKey(ctx.event, form));
}

/** The fields of one instrument in column order, checkbox columns folded into one field each. */
function formFields(columns: ColumnInfo[], form: string): Array<{ name: string; label: string; fieldType: string; indexes: number[]; choices: string[] }> {
  const fields: Array<{ name: string; label: string; fieldType: string; indexes: number[]; choices: string[] }> = [];
  columns.forEach((column, index) => {
    if (column.form !== form || column.isKey || pseudoTypes.has(column.fieldType)) return;
    const match = column.fieldType === 'checkbox' ? choiceLabel.exec(column.label) : null;
    const base = column.fieldType === 'checkbox' ? column.name.split('___')[0]! : column.name;
    const last = fields.at(-1);
    if (match && last?.name === base && last.fieldType === 'checkbox') {
      last.indexes.push(index);
      last.choices.push(match[2]!);
      return;
    }
    fields.push({ name: base, label: match ? match[1]! : column.label, fieldType: column.fieldType, indexes: [index], choices: match ? [match[2]!] : [] });
  });
  return fields;
}

/**
 * One record arranged as REDCap shows it: per instrument, the rows (event × repeat instance) where
 * that instrument is designated, each with its fields' values. Rows where the instrument has no data
 * yet are kept, so a file can be attached there too; a section without any data is marked as such.
 */
export function recordSections(detail: RecordDetail, design: ProjectDesign | null): InstrumentSection[] {
  const { columns } = detail;
  const at = (name: string): number => columns.findIndex((c) => c.name === name);
  const eventIndex = at('redcap_event_name');
  const instrumentIndex = at('redcap_repeat_instrument');
  const instanceIndex = at('redcap_repeat_instance');
  const multiArm = new Set(design?.events.map((e) => e.arm) ?? []).size > 1;
  const eventLabel = (unique: string): string => {
    const event = design?.events.find((e) => e.unique === unique);
    if (!event) return unique;
    return multiArm ? `${event.name} (Arm ${event.arm})` : event.name;
  };
  const contexts: RowContext[] = detail.rows.map((row) => ({
    event: eventIndex >= 0 ? (row.raw[eventIndex] ?? '') : '',
    repeatInstrument: instrumentIndex >= 0 ? (row.raw[instrumentIndex] ?? '') : '',
    instance: instanceIndex >= 0 ? (row.raw[instanceIndex] ?? '') : '',
  }));
  const single = detail.rows.length <= 1;

  const forms = [...new Set(columns.flatMap((c) => (c.form === null ? [] : [c.form])))];
  return forms.map((form) => {
    const fields = formFields(columns, form);
    const statusIndex = columns.findIndex((c) => c.form === form && c.fieldType === 'form_status');
    const rows: SectionRow[] = [];
    detail.rows.forEach((row, rowIndex) => {
      const ctx = contexts[rowIndex]!;
      if (!designated(form, ctx, design)) return;
      const values: FieldView[] = fields.map((field) => {
        if (field.fieldType === 'checkbox' && field.choices.length > 0) {
          const checked = field.indexes.filter((i) => row.raw[i] === '1');
          return { name: field.name, label: field.label, fieldType: field.fieldType, raw: checked.map((i) => columns[i]!.name).join(','), text: checked.map((i) => field.choices[field.indexes.indexOf(i)]!).join(', ') };
        }
        const index = field.indexes[0]!;
        return { name: field.name, label: field.label, fieldType: field.fieldType, raw: row.raw[index] ?? '', text: row.label[index] ?? '' };
      });
      const statusRaw = statusIndex >= 0 ? (row.raw[statusIndex] ?? '') : '';
      const hasData = values.some((v) => v.raw !== '') || statusRaw === '1' || statusRaw === '2';
      // Without the design, rows of other instruments cannot be told from empty ones: show data only.
      if (!design && !hasData && !single) return;
      const parts = [ctx.event ? eventLabel(ctx.event) : '', ctx.instance ? `#${ctx.instance}` : ''].filter(Boolean);
      rows.push({
        key: `${ctx.event}|${ctx.repeatInstrument}|${ctx.instance}`,
        event: ctx.event,
        instance: ctx.instance,
        heading: parts.join(' · '),
        status: hasData && statusIndex >= 0 ? (row.label[statusIndex] ?? '') : '',
        hasData,
        fields: values,
      });
    });
    const label = design?.instruments.find((i) => i.name === form)?.label ?? (columns[statusIndex]?.label.match(/^Complete\? \((.*)\)$/)?.[1] ?? form);
    return { form, label, rows, hasData: rows.some((r) => r.hasData) };
  }).filter((section) => section.rows.length > 0);
}
