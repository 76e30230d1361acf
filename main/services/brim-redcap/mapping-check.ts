// A mapping judged as a whole: per-pair verdicts, the problems of the mapping itself (a field used twice,
// no event in a longitudinal project, a repeating form), the patient ↔ record matches, and the CSV rows
// the import planner will read.

import type { BrimRedcapCheck, BrimRedcapPair } from '../../../shared/contract/brim-redcap.ts';
import { csvLine } from '../files/csv-format.ts';
import { isRepeatingForm, type ImportProject } from '../imports/redcap-map-project.ts';
import type { BrimPatients } from './brim-patients.ts';
import type { VariableFacts } from './brim-variables.ts';
import { matchPatients } from './matching.ts';
import { normalise, pairConverter, type PairConverter } from './value-convert.ts';
import { isTarget } from './redcap-targets.ts';

const shownIds = 10;

export interface MappingInput {
  source: BrimPatients;
  facts: ReadonlyMap<string, VariableFacts>;
  project: ImportProject;
  mapping: readonly BrimRedcapPair[];
  /** Match-field value → records (see recordIndex). */
  index: ReadonlyMap<string, ReadonlySet<string>>;
  event: string | undefined;
}

export interface CheckedMapping {
  check: BrimRedcapCheck;
  /** The CSV's header and rows (record ID first), for the matched patients with something to write. */
  header: string[];
  rows: string[][];
}

/** Same name, else same label (case-insensitive), each field used once. */
export function automaticMapping(facts: ReadonlyMap<string, VariableFacts>, project: ImportProject): BrimRedcapPair[] {
  const used = new Set<string>();
  const pairs: BrimRedcapPair[] = [];
  for (const name of facts.keys()) {
    const key = normalise(name.replace(/_/g, ' '));
    const fields = [...project.fields.values()].filter((f) => isTarget(project, f.name) && !used.has(f.name));
    const field = fields.find((f) => f.name.toLowerCase() === name.toLowerCase()) ?? fields.find((f) => normalise(f.label) === key || normalise(f.name.replace(/_/g, ' ')) === key);
    if (!field) continue;
    used.add(field.name);
    pairs.push({ variable: name, field: field.name });
  }
  return pairs;
}

export function checkMapping(input: MappingInput): CheckedMapping {
  const { source, facts, project, mapping, index } = input;
  const problems: string[] = [];
  const event = input.event ?? '';
  if (project.longitudinal && !project.events.has(event)) problems.push('Choose the event the values go into: this project is longitudinal.');
  const converters: Array<{ pair: BrimRedcapPair; converter: PairConverter }> = [];
  const seenFields = new Set<string>();
  for (const pair of mapping) {
    const fact = facts.get(pair.variable);
    const field = isTarget(project, pair.field);
    if (!fact) {
      problems.push(`The Brim results have no variable ${pair.variable}; fetch them again or remove it from the mapping.`);
      continue;
    }
    if (!field) {
      problems.push(`${pair.field} is not a field Brim values can go into (it is missing, calculated, a file or the record ID).`);
      continue;
    }
    if (seenFields.has(field.name)) problems.push(`${field.name} is mapped from more than one Brim variable; keep one.`);
    seenFields.add(field.name);
    const converter = pairConverter(project, field, fact, pair.values ?? {}, source.disagreements.get(pair.variable) ?? 0);
    if (project.longitudinal && project.events.has(event) && !project.eventForms.get(event)?.has(field.form)) {
      converter.verdict.verdict = 'error';
      converter.verdict.messages.unshift(`${field.name} is on the form ${field.form}, which the event ${event} does not have.`);
    } else if (isRepeatingForm(project, project.longitudinal ? event : '', field.form)) {
      converter.verdict.verdict = 'error';
      converter.verdict.messages.unshift(`${field.name} is on a repeating form (${field.form}); Carrel writes one value per record, so it cannot go there.`);
    }
    converters.push({ pair, converter });
  }

  const match = matchPatients(source.patients.keys(), index);
  const columns: string[] = [];
  const rows: string[][] = [];
  const byColumn = new Map<string, number>();
  const cellsOf: Array<[string, Map<string, string>]> = [];
  for (const [patient, record] of match.matched) {
    const values = source.patients.get(patient)!;
    const cells = new Map<string, string>();
    for (const { pair, converter } of converters) for (const [column, value] of converter.cells(values.get(pair.variable) ?? [])) cells.set(column, value);
    if (cells.size === 0) continue;
    for (const column of cells.keys()) if (!byColumn.has(column)) byColumn.set(column, byColumn.size);
    cellsOf.push([record, cells]);
  }
  // Columns in the mapping's order, whichever patient first had a value for them.
  for (const { converter } of converters) {
    for (const column of byColumn.keys()) if (column === converter.verdict.field || column.startsWith(`${converter.verdict.field}___`)) if (!columns.includes(column)) columns.push(column);
  }
  const keyColumns = project.longitudinal ? [project.recordIdField, 'redcap_event_name'] : [project.recordIdField];
  for (const [record, cells] of cellsOf) rows.push([record, ...(project.longitudinal ? [event] : []), ...columns.map((c) => cells.get(c) ?? '')]);

  const verdicts = converters.map((c) => c.converter.verdict);
  const ready = problems.length === 0 && verdicts.length > 0 && verdicts.every((v) => v.verdict !== 'error') && rows.length > 0;
  return {
    check: {
      verdicts,
      problems,
      patients: source.patients.size,
      matched: match.matched.size,
      unmatched: match.unmatched.length,
      unmatchedIds: match.unmatched.slice(0, shownIds),
      ambiguous: match.ambiguous.length,
      ambiguousIds: match.ambiguous.slice(0, shownIds),
      rowsToWrite: rows.length,
      ready,
    },
    header: [...keyColumns, ...columns],
    rows,
  };
}

export function csvText(checked: CheckedMapping): string {
  return [checked.header, ...checked.rows].map((row) => csvLine(row, ',')).join('');
}
