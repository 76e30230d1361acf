// The export CSVs (reference §8 and I-3): the detailed export, one row per label with the five
// confirmed columns first, and the wide patient export. Rows are generated lazily so a big project
// streams out without being built in memory.

import { DEPENDENT_VARIABLES, VARIABLES, confidenceOf } from './labeller.ts';
import type { Finding, Variable } from './labeller.ts';
import type { ExportSpec, NoteDigest, Project } from './store.ts';

export const DETAILED_COLUMNS = [
  'Name', 'Scope', 'Patient_id', 'Document_id', 'Value', 'Type', 'Note_title', 'Note_datetime', 'Raw_text', 'Confidence', 'Abstractor', 'Reviewed', 'Generation_id',
] as const;

const SCOPE_LABEL = { one_per_note: 'One Label Per Note', many_per_note: 'Many Labels Per Note', one_per_patient: 'One Label Per Patient' } as const;
const DEPENDENT_SCOPE = 'Patient-Level Dependent Variable';
const ABSTRACTOR = 'Brim LLM';

export function patientColumns(): string[] {
  return ['Patient_id', ...VARIABLES.filter((v) => v.scope === 'one_per_patient').map((v) => v.name), ...DEPENDENT_VARIABLES.map((d) => d.name)];
}

/** The labelled notes an export covers: the whole project, one upload's notes or one generation's. */
export function notesInScope(notes: Iterable<NoteDigest>, scopeTaskId: string | null): NoteDigest[] {
  const picked: NoteDigest[] = [];
  for (const note of notes) {
    if (note.labelledBy === null) continue;
    if (scopeTaskId === null || note.uploadTaskId === scopeTaskId || note.labelledBy === scopeTaskId) picked.push(note);
  }
  return picked;
}

export function hasAnythingToExport(project: Project, scopeTaskId: string | null): boolean {
  for (const notes of project.notes.values()) if (notesInScope(notes.values(), scopeTaskId).length > 0) return true;
  return false;
}

interface PatientLabel {
  value: string;
  source: NoteDigest | undefined;
  finding: Finding | undefined;
}

/** A one-per-patient variable takes the latest note that says something about it. */
function aggregate(variable: Variable, notes: readonly NoteDigest[]): PatientLabel {
  let best: NoteDigest | undefined;
  for (const note of notes) {
    if (note.findings[variable.name] === undefined) continue;
    if (best === undefined || note.datetime > best.datetime || (note.datetime === best.datetime && note.noteId > best.noteId)) best = note;
  }
  const finding = best?.findings[variable.name];
  return { value: finding?.value ?? variable.defaultValue, source: best, finding };
}

function patientLabels(notes: readonly NoteDigest[]): { labels: Map<string, PatientLabel>; values: Map<string, string> } {
  const labels = new Map<string, PatientLabel>();
  const values = new Map<string, string>();
  for (const variable of VARIABLES) {
    if (variable.scope !== 'one_per_patient') continue;
    const label = aggregate(variable, notes);
    labels.set(variable.name, label);
    values.set(variable.name, label.value);
  }
  return { labels, values };
}

function noteRows(note: NoteDigest, spec: ExportSpec): string[][] {
  const rows: string[][] = [];
  for (const variable of VARIABLES) {
    if (variable.scope === 'one_per_patient') continue;
    const finding = note.findings[variable.name];
    const values = finding === undefined ? [variable.defaultValue] : finding.value.split('\n');
    for (const value of values) {
      if (value === '' && !spec.includeNulls) continue;
      rows.push([
        variable.name, SCOPE_LABEL[variable.scope], note.personId, note.noteId, value, variable.type, note.title, note.datetime,
        finding?.evidence ?? (value === '' ? '' : note.firstSentence), confidenceOf(note.noteId, variable.name), ABSTRACTOR, 'false', note.labelledBy ?? '',
      ]);
    }
  }
  return rows;
}

/** Detailed export rows (header first) for the notes in scope. */
export function* detailedRows(project: Project, spec: ExportSpec, only?: { personId: string; noteId: string }): Generator<string[]> {
  yield [...DETAILED_COLUMNS];
  for (const [personId, byId] of project.notes) {
    if (only !== undefined && only.personId !== personId) continue;
    const notes = notesInScope(byId.values(), spec.scopeTaskId).filter((note) => only === undefined || note.noteId === only.noteId);
    if (notes.length === 0) continue;
    for (const note of notes) yield* noteRows(note, spec);
    const { labels, values } = patientLabels(notes);
    for (const [name, label] of labels) {
      if (label.value === '' && !spec.includeNulls) continue;
      const variable = VARIABLES.find((v) => v.name === name);
      yield [
        name, SCOPE_LABEL.one_per_patient, personId, '', label.value, variable?.type ?? 'text', label.source?.title ?? '', label.source?.datetime ?? '',
        label.finding?.evidence ?? '', confidenceOf(personId, name), ABSTRACTOR, 'false', label.source?.labelledBy ?? notes[0]?.labelledBy ?? '',
      ];
    }
    for (const dependent of DEPENDENT_VARIABLES) {
      yield [dependent.name, DEPENDENT_SCOPE, personId, '', dependent.decide(values), dependent.type, '', '', '', confidenceOf(personId, dependent.name), ABSTRACTOR, 'false', notes[0]?.labelledBy ?? ''];
    }
  }
}

/** Patient export rows (header first): one row per patient with labelled notes in scope. */
export function* patientRows(project: Project, spec: ExportSpec): Generator<string[]> {
  yield patientColumns();
  const perPatient = VARIABLES.filter((v) => v.scope === 'one_per_patient');
  for (const [personId, byId] of project.notes) {
    const notes = notesInScope(byId.values(), spec.scopeTaskId);
    if (notes.length === 0) continue;
    const { values } = patientLabels(notes);
    yield [personId, ...perPatient.map((v) => values.get(v.name) ?? ''), ...DEPENDENT_VARIABLES.map((d) => d.decide(values))];
  }
}
