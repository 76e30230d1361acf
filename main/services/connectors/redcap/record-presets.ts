import type { RecordPreset, ViewCondition } from '../../../../shared/contract/datasets.ts';
import type { DatasetColumn } from '../../cache/dataset-columns.ts';
import type { ProjectStructure } from './project-structure.ts';

const pseudo = new Set(['redcap_event_name', 'redcap_repeat_instrument', 'redcap_repeat_instance', 'redcap_data_access_group', 'redcap_survey_identifier']);

/**
 * The record views a REDCap user thinks in: the whole flat export, one instrument (on the events it is
 * designated for, without other instruments' columns), one event, and each repeating instrument's
 * instances. Computed from the cached structure and columns, so they work offline.
 */
export function recordPresets(structure: ProjectStructure, columns: DatasetColumn[]): RecordPreset[] {
  const names = new Set(columns.map((column) => column.name));
  const keyColumns = columns.filter((column) => column.isKey || pseudo.has(column.name)).map((column) => column.name);
  const longitudinal = names.has('redcap_event_name');
  const repeatingForms = new Set(structure.repeating.filter((entry) => entry.form_name !== '').map((entry) => entry.form_name));
  const repeatingEvents = new Set(structure.repeating.filter((entry) => entry.form_name === '').map((entry) => entry.event_name));
  const presets: RecordPreset[] = [{ id: 'all', title: 'All records (flat export)', kind: 'all', columns: null, where: [] }];

  for (const instrument of structure.instruments) {
    const form = instrument.instrument_name;
    const own = columns.filter((column) => column.form === form && !column.isKey).map((column) => column.name);
    const where: ViewCondition[] = [];
    if (names.has('redcap_repeat_instrument')) {
      // A repeating instrument's data sits in its instance rows; any other form's in the rows without one.
      where.push({ column: 'redcap_repeat_instrument', values: repeatingForms.has(form) ? [form] : [''] });
    }
    if (longitudinal) {
      const events = structure.formEvents.filter((entry) => entry.form === form).map((entry) => entry.unique_event_name);
      where.push({ column: 'redcap_event_name', values: [...new Set(events)] });
    }
    presets.push({
      id: `form:${form}`,
      title: instrument.instrument_label || form,
      kind: repeatingForms.has(form) ? 'repeating' : 'instrument',
      columns: [...keyColumns, ...own],
      where,
    });
  }

  for (const event of structure.events) {
    const forms = new Set(structure.formEvents.filter((entry) => entry.unique_event_name === event.unique_event_name).map((entry) => entry.form));
    const own = columns.filter((column) => column.form !== null && forms.has(column.form) && !column.isKey).map((column) => column.name);
    const arms = new Set(structure.events.map((e) => e.arm_num));
    presets.push({
      id: `event:${event.unique_event_name}`,
      title: `${event.event_name}${arms.size > 1 ? ` (Arm ${event.arm_num})` : ''}${repeatingEvents.has(event.unique_event_name) ? ' — repeating' : ''}`,
      kind: 'event',
      columns: [...keyColumns, ...own],
      where: [{ column: 'redcap_event_name', values: [event.unique_event_name] }],
    });
  }
  return presets;
}
