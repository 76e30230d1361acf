import type { CellProblem } from './import-types.ts';
import { checkboxColumnsOf } from './redcap-checkbox-set.ts';
import { plainText, type ImportField, type ImportProject } from './redcap-map-project.ts';

/** What one file column feeds. `name` is the REDCap flat-export column it becomes. */
export type ColumnTarget =
  | { kind: 'record'; name: string }
  | { kind: 'event'; name: 'redcap_event_name' }
  | { kind: 'repeatInstrument'; name: 'redcap_repeat_instrument' }
  | { kind: 'repeatInstance'; name: 'redcap_repeat_instance' }
  | { kind: 'dag'; name: 'redcap_data_access_group' }
  | { kind: 'field'; name: string; field: ImportField }
  | { kind: 'checkbox'; name: string; field: ImportField; code: string }
  /** A column for the whole checkbox field (`name` = the field's name): its cells list the checked choices. */
  | { kind: 'checkboxSet'; name: string; field: ImportField }
  | { kind: 'complete'; name: string; form: string };

export interface MappedColumn { index: number; column: string; target: ColumnTarget }

export interface HeaderMapping {
  columns: MappedColumn[];
  /** Column (as named in the file) → REDCap column, or null when skipped or not recognised. */
  mapping: Record<string, string | null>;
  /** Columns that matched nothing (skipped on purpose are not listed). */
  unmapped: string[];
  problems: CellProblem[];
}

/** Case- and space-insensitive, as users retype labels. */
function folded(text: string): string {
  return plainText(text).toLowerCase().replace(/\s+/g, '');
}

/** Every column an import may write, by its REDCap name. */
function targetsByName(project: ImportProject): Map<string, ColumnTarget> {
  const targets = new Map<string, ColumnTarget>();
  for (const field of project.fields.values()) {
    if (field.name === project.recordIdField) targets.set(field.name, { kind: 'record', name: field.name });
    else if (field.type === 'checkbox') targets.set(field.name, { kind: 'checkboxSet', name: field.name, field });
    else if (field.type !== 'descriptive') targets.set(field.name, { kind: 'field', name: field.name, field });
  }
  for (const [name, { field, code }] of project.checkboxColumns) targets.set(name, { kind: 'checkbox', name, field: project.fields.get(field)!, code });
  for (const form of project.forms) targets.set(`${form}_complete`, { kind: 'complete', name: `${form}_complete`, form });
  if (project.longitudinal) targets.set('redcap_event_name', { kind: 'event', name: 'redcap_event_name' });
  if (project.repeatingForms.size > 0 || project.repeatingEvents.size > 0) {
    targets.set('redcap_repeat_instrument', { kind: 'repeatInstrument', name: 'redcap_repeat_instrument' });
    targets.set('redcap_repeat_instance', { kind: 'repeatInstance', name: 'redcap_repeat_instance' });
  }
  targets.set('redcap_data_access_group', { kind: 'dag', name: 'redcap_data_access_group' });
  return targets;
}

/** Labels a header may carry instead of a name: field labels, REDCap's label-export headers. Ambiguous labels are dropped. */
function targetsByLabel(project: ImportProject, targets: Map<string, ColumnTarget>): Map<string, ColumnTarget | null> {
  const byLabel = new Map<string, ColumnTarget | null>();
  const add = (label: string, target: ColumnTarget | undefined): void => {
    if (!target || !label) return;
    const key = folded(label);
    const existing = byLabel.get(key);
    byLabel.set(key, existing === undefined || existing?.name === target.name ? target : null);
  };
  for (const target of targets.values()) {
    if (target.kind === 'field' || target.kind === 'record' || target.kind === 'checkboxSet') add(project.fields.get(target.name)!.label, target);
    if (target.kind === 'checkbox') add(`${target.field.label} (choice=${target.field.choices.find(([c]) => c === target.code)?.[1] ?? ''})`, target);
  }
  add('Event Name', targets.get('redcap_event_name'));
  add('Repeat Instrument', targets.get('redcap_repeat_instrument'));
  add('Repeat Instance', targets.get('redcap_repeat_instance'));
  add('Data Access Group', targets.get('redcap_data_access_group'));
  return byLabel;
}

/** `race___asian` or `race___2` → the checkbox column for that choice. */
function checkboxBySuffix(project: ImportProject, header: string, targets: Map<string, ColumnTarget>): ColumnTarget | undefined {
  const split = header.indexOf('___');
  if (split <= 0) return undefined;
  const field = project.fields.get(header.slice(0, split).toLowerCase());
  if (field?.type !== 'checkbox') return undefined;
  const suffix = header.slice(split + 3).toLowerCase().replace(/[^a-z0-9]/g, '');
  const choice = field.choices.find(([code, label]) => code.toLowerCase().replace(/[^a-z0-9]/g, '') === suffix || label.toLowerCase().replace(/[^a-z0-9]/g, '') === suffix);
  if (!choice) return undefined;
  return [...targets.values()].find((t) => t.kind === 'checkbox' && t.field === field && t.code === choice[0]);
}

function problem(column: string | null, field: string | null, code: string, message: string, severity: 'error' | 'warning' = 'error'): CellProblem {
  return { row: 0, column, field, severity, code, message };
}

/**
 * Maps a file's header to REDCap columns: by name, then checkbox suffix, then label. `override` (column →
 * REDCap column, or null to skip) wins over all of it, so that a screen can correct the guess.
 */
export function mapHeader(project: ImportProject, header: readonly string[], override: Readonly<Record<string, string | null>> = {}): HeaderMapping {
  const targets = targetsByName(project);
  const lowerTargets = new Map([...targets].map(([name, t]) => [name.toLowerCase(), t]));
  const byLabel = targetsByLabel(project, targets);
  const columns: MappedColumn[] = [];
  const mapping: Record<string, string | null> = {};
  const unmapped: string[] = [];
  const problems: CellProblem[] = [];
  const taken = new Map<string, string>();

  header.forEach((raw, index) => {
    const column = raw.trim();
    let target: ColumnTarget | undefined;
    if (Object.hasOwn(override, column)) {
      const wanted = override[column];
      if (wanted === null || wanted === undefined) {
        mapping[column] = null;
        return;
      }
      target = targets.get(wanted);
      if (!target) {
        const type = project.fields.get(wanted)?.type;
        const message = type === 'descriptive'
            ? `"${wanted}" is a descriptive text field: it holds no data. Skip column "${column}".`
            : `The project has no field "${wanted}". Choose another field for column "${column}" or skip it.`;
        problems.push(problem(column, wanted, type === 'descriptive' ? 'not-importable' : 'unknown-field', message));
        mapping[column] = null;
        return;
      }
    } else {
      target = lowerTargets.get(column.toLowerCase()) ?? checkboxBySuffix(project, column, targets) ?? byLabel.get(folded(column)) ?? undefined;
    }
    if (!target) {
      const field = project.fields.get(column.toLowerCase());
      if (field?.type === 'descriptive') problems.push(problem(column, field.name, 'not-importable', `"${field.name}" is a descriptive text field: it holds no data. Skip column "${column}".`));
      mapping[column] = null;
      unmapped.push(column);
      return;
    }
    const earlier = taken.get(target.name);
    if (earlier !== undefined) {
      problems.push(problem(column, target.name, 'duplicate-column', `Columns "${earlier}" and "${column}" both go to ${target.name}. Skip one of them.`));
      mapping[column] = null;
      return;
    }
    taken.set(target.name, column);
    mapping[column] = target.name;
    columns.push({ index, column, target });
  });

  // A whole-field column and a column of one of its choices would both set that choice.
  for (const set of columns.filter((c) => c.target.kind === 'checkboxSet')) {
    const single = columns.find((c) => c.target.kind === 'checkbox' && c.target.field.name === set.target.name);
    if (single) problems.push(problem(single.column, set.target.name, 'duplicate-column', `Column "${set.column}" lists every choice of ${set.target.name}, and column "${single.column}" sets one of them too. Skip one of them.`));
  }
  if (!columns.some((c) => c.target.kind === 'record')) {
    problems.push(problem(null, project.recordIdField, 'no-record-id', `The file has no column for the record ID (${project.recordIdField}). Add one, or map the column that holds it.`));
  }
  if (project.longitudinal && !columns.some((c) => c.target.kind === 'event')) {
    problems.push(problem(null, 'redcap_event_name', 'no-event', 'This is a longitudinal project: the file needs a redcap_event_name column saying which event each row belongs to.'));
  }
  return { columns, mapping, unmapped, problems };
}

/** The REDCap columns a mapped column writes: one, or every choice of a checkbox field. */
export function writtenColumns(project: ImportProject, target: ColumnTarget): string[] {
  return target.kind === 'checkboxSet' ? checkboxColumnsOf(project, target.name).map((c) => c.column) : [target.name];
}
