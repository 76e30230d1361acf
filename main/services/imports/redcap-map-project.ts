import { parseChoices } from '../connectors/redcap/columns.ts';
import type { ProjectStructure } from '../connectors/redcap/project-structure.ts';
import type { MetadataField } from '../connectors/redcap/schemas.ts';

/**
 * The project as an import sees it: fields by name, choices, which forms each event holds and which
 * repeat. Built once per plan from the cached structure, so that per-cell checks are map lookups.
 */
export interface ImportField {
  name: string;
  form: string;
  type: string;
  label: string;
  validation: string;
  min: string;
  max: string;
  required: boolean;
  /** Radio, dropdown, checkbox: code → label, in the dictionary's order. */
  choices: Array<[string, string]>;
}

export interface ImportProject {
  recordIdField: string;
  longitudinal: boolean;
  fields: Map<string, ImportField>;
  forms: Set<string>;
  formLabels: Map<string, string>;
  /** unique_event_name → label as REDCap's messages show it ("Baseline (Arm 1: Intervention)"). */
  events: Map<string, string>;
  /** unique_event_name → other texts a file may use for it: "Baseline (Arm 1)", and "Baseline" when one arm has it. */
  eventAliases: Map<string, string[]>;
  /** unique_event_name → forms designated for it. */
  eventForms: Map<string, Set<string>>;
  /** event → its repeating instruments (event '' in classic projects). */
  repeatingForms: Map<string, Set<string>>;
  /** Events that repeat as a whole. */
  repeatingEvents: Set<string>;
  /** Checkbox export column → field and code. */
  checkboxColumns: Map<string, { field: string; code: string }>;
  /** Required fields per form, for the new-record warning. */
  requiredByForm: Map<string, string[]>;
}

function text(field: MetadataField, key: string): string {
  const value = (field as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function plainText(label: string): string {
  return label.replace(/<[^>]*>/g, '').replace(/\s+/g, ' ').trim();
}

/** `armNames`: arm number → name, from the cached arms list (REDCap's event labels carry it). */
export function importProject(structure: ProjectStructure, armNames: ReadonlyMap<number, string> = new Map()): ImportProject {
  const fields = new Map<string, ImportField>();
  const checkboxColumns = new Map<string, { field: string; code: string }>();
  const requiredByForm = new Map<string, string[]>();
  const exportNames = new Map(structure.exportFieldNames.map((e) => [`${e.original_field_name}|${e.choice_value}`, e.export_field_name]));
  for (const field of structure.metadata) {
    const choices = ['radio', 'dropdown', 'checkbox'].includes(field.field_type) ? parseChoices(field.select_choices_or_calculations) : [];
    const entry: ImportField = {
      name: field.field_name,
      form: field.form_name,
      type: field.field_type,
      label: plainText(field.field_label),
      validation: field.text_validation_type_or_show_slider_number,
      min: text(field, 'text_validation_min'),
      max: text(field, 'text_validation_max'),
      required: field.required_field === 'y' || field.required_field === '1',
      choices,
    };
    fields.set(field.field_name, entry);
    if (field.field_type === 'checkbox') {
      for (const [code] of choices) {
        const column = exportNames.get(`${field.field_name}|${code}`) ?? `${field.field_name}___${code.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
        checkboxColumns.set(column, { field: field.field_name, code });
      }
    }
    if (entry.required && field !== structure.metadata[0]) requiredByForm.set(entry.form, [...(requiredByForm.get(entry.form) ?? []), entry.name]);
  }
  const forms = new Set(structure.metadata.map((f) => f.form_name));
  const arm = (n: number): string => (armNames.has(n) ? `Arm ${n}: ${armNames.get(n)}` : `Arm ${n}`);
  const events = new Map(structure.events.map((e) => [e.unique_event_name, `${e.event_name} (${arm(e.arm_num)})`]));
  const eventAliases = new Map(structure.events.map((e) => {
    const aliases = [`${e.event_name} (Arm ${e.arm_num})`];
    if (structure.events.filter((other) => other.event_name === e.event_name).length === 1) aliases.push(e.event_name);
    return [e.unique_event_name, aliases];
  }));
  const eventForms = new Map<string, Set<string>>();
  for (const fe of structure.formEvents) {
    const set = eventForms.get(fe.unique_event_name) ?? new Set<string>();
    set.add(fe.form);
    eventForms.set(fe.unique_event_name, set);
  }
  const repeatingForms = new Map<string, Set<string>>();
  const repeatingEvents = new Set<string>();
  for (const r of structure.repeating) {
    if (r.form_name === '') repeatingEvents.add(r.event_name);
    else repeatingForms.set(r.event_name, (repeatingForms.get(r.event_name) ?? new Set<string>()).add(r.form_name));
  }
  return {
    recordIdField: structure.metadata[0]!.field_name,
    longitudinal: structure.project.is_longitudinal,
    fields,
    forms,
    formLabels: new Map(structure.instruments.map((i) => [i.instrument_name, plainText(i.instrument_label)])),
    events,
    eventAliases,
    eventForms,
    repeatingForms,
    repeatingEvents,
    checkboxColumns,
    requiredByForm,
  };
}

/** Whether a form repeats on an event ('' in classic projects). */
export function isRepeatingForm(project: ImportProject, event: string, form: string): boolean {
  return project.repeatingForms.get(event)?.has(form) ?? false;
}
