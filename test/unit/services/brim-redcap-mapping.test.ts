// Mapping Brim variables to REDCap fields without servers: verdicts, value → code conversion, patient
// matching (unmatched, ambiguous, two patients on one record) and the CSV the import planner reads.

import { describe, expect, it } from 'vitest';
import type { BrimRedcapPair } from '../../../shared/contract/brim-redcap.ts';
import type { BrimPatients } from '../../../main/services/brim-redcap/brim-patients.ts';
import { foldLabels } from '../../../main/services/brim-redcap/brim-patients.ts';
import { inferType, variableFacts } from '../../../main/services/brim-redcap/brim-variables.ts';
import { automaticMapping, checkMapping, csvText } from '../../../main/services/brim-redcap/mapping-check.ts';
import { matchPatients } from '../../../main/services/brim-redcap/matching.ts';
import { matchChoice } from '../../../main/services/brim-redcap/value-convert.ts';
import type { ImportField, ImportProject } from '../../../main/services/imports/redcap-map-project.ts';

function field(name: string, type: string, extra: Partial<ImportField> = {}): ImportField {
  return { name, form: 'abstraction', type, label: name.replace(/_/g, ' '), validation: '', min: '', max: '', required: false, choices: [], ...extra };
}

function project(options: { longitudinal?: boolean; repeating?: boolean } = {}): ImportProject {
  const fields = [
    field('record_id', 'text', { form: 'enrollment', label: 'Record ID' }),
    field('mrn', 'text', { form: 'enrollment', label: 'Medical record number' }),
    field('smoking', 'radio', { label: 'Smoking status', choices: [['0', 'Never smoked'], ['1', 'Former smoker'], ['2', 'Current smoker']] }),
    field('metastatic', 'yesno', { label: 'Metastatic disease' }),
    field('confirmed', 'truefalse'),
    field('drugs', 'checkbox', { choices: [['1', 'Carboplatin'], ['2', 'Pemetrexed'], ['3', 'Docetaxel']] }),
    field('dx_date', 'text', { validation: 'date_mdy', label: 'Diagnosis date' }),
    field('seen_at', 'text', { validation: 'datetime_ymd' }),
    field('size_mm', 'text', { validation: 'integer' }),
    field('size_cm', 'text', { validation: 'number' }),
    field('comment', 'text'),
    field('notes', 'notes'),
    field('bmi', 'calc'),
  ];
  return {
    recordIdField: 'record_id',
    longitudinal: options.longitudinal ?? false,
    fields: new Map(fields.map((f) => [f.name, f])),
    forms: new Set(['enrollment', 'abstraction']),
    formLabels: new Map(),
    events: options.longitudinal ? new Map([['baseline_arm_1', 'Baseline (Arm 1)'], ['screening_arm_1', 'Screening (Arm 1)']]) : new Map(),
    eventAliases: new Map(),
    eventForms: options.longitudinal ? new Map([['baseline_arm_1', new Set(['enrollment', 'abstraction'])], ['screening_arm_1', new Set(['enrollment'])]]) : new Map(),
    repeatingForms: options.repeating ? new Map([['', new Set(['abstraction'])]]) : new Map(),
    repeatingEvents: new Set(),
    checkboxColumns: new Map([['drugs___1', { field: 'drugs', code: '1' }], ['drugs___2', { field: 'drugs', code: '2' }], ['drugs___3', { field: 'drugs', code: '3' }]]),
    requiredByForm: new Map(),
  };
}

/** Patients as [id, {variable: values}]. */
function source(patients: Array<[string, Record<string, string[]>]>, disagreements: Record<string, number> = {}): BrimPatients {
  const names = [...new Set(patients.flatMap(([, v]) => Object.keys(v)))];
  return {
    kind: 'patient',
    fetchedAt: '2026-12-01T10:00:00.000Z',
    variables: names.map((name) => ({ name, declaredType: null, scope: null })),
    patients: new Map(patients.map(([id, values]) => [id, new Map(names.map((n) => [n, values[n] ?? []]))])),
    disagreements: new Map(Object.entries(disagreements)),
  };
}

const index = new Map([
  ['mrn-1', new Set(['1'])],
  ['mrn-2', new Set(['2'])],
  ['mrn-3', new Set(['3'])],
  ['mrn-dup', new Set(['4', '5'])],
]);

function run(patients: Array<[string, Record<string, string[]>]>, mapping: BrimRedcapPair[], options: { longitudinal?: boolean; repeating?: boolean; event?: string; disagreements?: Record<string, number> } = {}) {
  const s = source(patients, options.disagreements);
  return checkMapping({ source: s, facts: variableFacts(s), project: project(options), mapping, index, event: options.event });
}

describe('Brim value → REDCap choice', () => {
  const choices: Array<[string, string]> = [['0', 'Never smoked'], ['1', 'Former smoker'], ['2', 'Current smoker']];
  it('matches labels ignoring case, spaces and a final full stop; then codes; then a close spelling', () => {
    expect(matchChoice('former  SMOKER.', choices, undefined)).toEqual({ value: 'former  SMOKER.', code: '1', how: 'label' });
    expect(matchChoice('2', choices, undefined)).toMatchObject({ code: '2', how: 'code' });
    expect(matchChoice('Never smoker', choices, undefined)).toMatchObject({ code: '0', how: 'similar' });
    expect(matchChoice('Unknown', choices, undefined)).toMatchObject({ code: null, how: 'none' });
    // Short words are never guessed.
    expect(matchChoice('Nev', choices, undefined)).toMatchObject({ how: 'none' });
  });
  it("takes the user's answer first: a choice, or blank", () => {
    expect(matchChoice('Unknown', choices, '0')).toMatchObject({ code: '0', how: 'chosen' });
    expect(matchChoice('Former smoker', choices, null)).toMatchObject({ code: null, how: 'blank' });
  });
  it('maps booleans onto yes/no and true/false choices by meaning', () => {
    expect(matchChoice('true', [['1', 'Yes'], ['0', 'No']], undefined)).toMatchObject({ code: '1', how: 'label' });
    expect(matchChoice('FALSE', [['1', 'Yes'], ['0', 'No']], undefined)).toMatchObject({ code: '0', how: 'label' });
    expect(matchChoice('no', [['1', 'True'], ['0', 'False']], undefined)).toMatchObject({ code: '0' });
  });
});

describe('verdicts', () => {
  it('an option with no choice is an error naming it and the choices; leaving it blank makes the pair importable', () => {
    const patients: Array<[string, Record<string, string[]>]> = [['MRN-1', { smoking_status: ['Former smoker'] }], ['MRN-2', { smoking_status: ['Unknown'] }]];
    const first = run(patients, [{ variable: 'smoking_status', field: 'smoking' }]);
    expect(first.check.verdicts[0]).toMatchObject({ verdict: 'error', messages: ["Brim option 'Unknown' has no REDCap choice in smoking (choices: Never smoked, Former smoker, Current smoker). Choose a choice for it, or leave it blank."] });
    expect(first.check.ready).toBe(false);
    const fixed = run(patients, [{ variable: 'smoking_status', field: 'smoking', values: { Unknown: null } }]);
    expect(fixed.check.verdicts[0]).toMatchObject({ verdict: 'ok', messages: ["'Unknown' is left blank."] });
    expect(fixed.rows).toEqual([['1', '1']]);
  });

  it('dates: datetimes into a date field lose their time (a warning); dates into a datetime field are an error', () => {
    const patients: Array<[string, Record<string, string[]>]> = [['mrn-1', { dx: ['2024-03-05 14:30:00'] }], ['mrn-2', { dx: ['2023-11-30'] }]];
    const toDate = run(patients, [{ variable: 'dx', field: 'dx_date' }]);
    expect(toDate.check.verdicts[0]).toMatchObject({ verdict: 'warning', messages: ["dx_date holds a date only: the time of day in Brim's values is dropped."] });
    // Always YYYY-MM-DD, whatever the field's display format (date_mdy): the plan reads the file as YMD.
    expect(toDate.rows).toEqual([['1', '2024-03-05'], ['2', '2023-11-30']]);
    const toDatetime = run(patients, [{ variable: 'dx', field: 'seen_at' }]);
    expect(toDatetime.check.verdicts[0]).toMatchObject({ verdict: 'error', messages: ["seen_at takes a date and time; Brim's '2023-11-30' is not."] });
    expect(run([['mrn-1', { dx: ['2024-03-05T14:30:00Z'] }]], [{ variable: 'dx', field: 'seen_at' }]).rows).toEqual([['1', '2024-03-05 14:30']]);
  });

  it('numbers: decimals into an integer field are an error; into a number field they are fine', () => {
    const patients: Array<[string, Record<string, string[]>]> = [['mrn-1', { size: ['3.2'] }], ['mrn-2', { size: ['18'] }]];
    expect(run(patients, [{ variable: 'size', field: 'size_mm' }]).check.verdicts[0]).toMatchObject({ verdict: 'error', messages: ["size_mm takes a whole number; Brim's '3.2' is not."] });
    expect(run(patients, [{ variable: 'size', field: 'size_cm' }]).check.verdicts[0]).toMatchObject({ verdict: 'ok', messages: [] });
  });

  it('several values per patient: one per line in notes, commas in text (a warning), every choice in a checkbox, an error in a radio', () => {
    const patients: Array<[string, Record<string, string[]>]> = [['mrn-1', { meds: ['Carboplatin', 'pemetrexed'] }], ['mrn-2', { meds: ['Docetaxel'] }]];
    const notes = run(patients, [{ variable: 'meds', field: 'notes' }]);
    expect(notes.check.verdicts[0]!.verdict).toBe('ok');
    expect(notes.rows).toEqual([['1', 'Carboplatin\npemetrexed'], ['2', 'Docetaxel']]);
    const text = run(patients, [{ variable: 'meds', field: 'comment' }]);
    expect(text.check.verdicts[0]!.verdict).toBe('warning');
    expect(text.rows[0]).toEqual(['1', 'Carboplatin, pemetrexed']);
    const checkbox = run(patients, [{ variable: 'meds', field: 'drugs' }]);
    expect(checkbox.header).toEqual(['record_id', 'drugs___1', 'drugs___2', 'drugs___3']);
    // Brim's list is the whole answer: choices it does not name are unchecked.
    expect(checkbox.rows).toEqual([['1', '1', '1', '0'], ['2', '0', '0', '1']]);
    expect(run(patients, [{ variable: 'meds', field: 'smoking' }]).check.verdicts[0]!.messages).toContain('Some patients have several values, but smoking holds one choice. Map this variable to a checkbox or text field instead.');
  });

  it('notes that disagree are a warning, not an error (the latest note was kept when folding)', () => {
    const checked = run([['mrn-1', { size: ['2.5'] }]], [{ variable: 'size', field: 'size_cm' }], { disagreements: { size: 1 } });
    expect(checked.check.verdicts[0]).toMatchObject({ verdict: 'warning', messages: ["Brim's notes disagree for 1 patient; the latest note's value is written."] });
  });

  it('refuses calculated fields, a field used twice, a missing event and forms the event lacks or that repeat', () => {
    const patients: Array<[string, Record<string, string[]>]> = [['mrn-1', { a: ['1'], b: ['2'] }]];
    expect(run(patients, [{ variable: 'a', field: 'bmi' }]).check.problems[0]).toContain('bmi is not a field Brim values can go into');
    expect(run(patients, [{ variable: 'a', field: 'comment' }, { variable: 'b', field: 'comment' }]).check.problems).toContain('comment is mapped from more than one Brim variable; keep one.');
    expect(run(patients, [{ variable: 'a', field: 'comment' }], { longitudinal: true }).check.problems).toContain('Choose the event the values go into: this project is longitudinal.');
    const wrongEvent = run(patients, [{ variable: 'a', field: 'comment' }], { longitudinal: true, event: 'screening_arm_1' });
    expect(wrongEvent.check.verdicts[0]).toMatchObject({ verdict: 'error', messages: ['comment is on the form abstraction, which the event screening_arm_1 does not have.'] });
    const good = run(patients, [{ variable: 'a', field: 'comment' }], { longitudinal: true, event: 'baseline_arm_1' });
    expect(good.header).toEqual(['record_id', 'redcap_event_name', 'comment']);
    expect(good.rows).toEqual([['1', 'baseline_arm_1', '1']]);
    expect(run(patients, [{ variable: 'a', field: 'comment' }], { repeating: true }).check.verdicts[0]!.verdict).toBe('error');
  });
});

describe('patients → records', () => {
  it('matches trimmed and case-insensitively; reports unmatched and ambiguous patients and leaves them out', () => {
    const match = matchPatients([' MRN-1 ', 'mrn-2', 'mrn-9', 'mrn-dup'], index);
    expect([...match.matched]).toEqual([[' MRN-1 ', '1'], ['mrn-2', '2']]);
    expect(match.unmatched).toEqual(['mrn-9']);
    expect(match.ambiguous).toEqual(['mrn-dup']);
  });
  it('two patients on one record are both left out, since neither can be told right', () => {
    const match = matchPatients(['mrn-3', 'MRN-3', 'mrn-1'], index);
    expect([...match.matched.keys()]).toEqual(['mrn-1']);
    expect(match.ambiguous.sort()).toEqual(['MRN-3', 'mrn-3']);
  });
  it('the check counts them and writes only matched patients with a value', () => {
    const checked = run([['mrn-1', { c: ['a'] }], ['mrn-2', { c: [] }], ['mrn-9', { c: ['x'] }], ['mrn-dup', { c: ['y'] }]], [{ variable: 'c', field: 'comment' }]);
    expect(checked.check).toMatchObject({ patients: 4, matched: 2, unmatched: 1, unmatchedIds: ['mrn-9'], ambiguous: 1, ambiguousIds: ['mrn-dup'], rowsToWrite: 1, ready: true });
  });
});

describe('the CSV and the automatic mapping', () => {
  it('writes the record ID column first, one column per mapped field, quoting what needs it', () => {
    const checked = run(
      [['mrn-1', { smoking_status: ['Current smoker'], metastasis: ['true'], note: ['said "no", then yes'] }], ['mrn-2', { smoking_status: ['Never smoked'], metastasis: ['false'], note: [] }]],
      [{ variable: 'smoking_status', field: 'smoking' }, { variable: 'metastasis', field: 'metastatic' }, { variable: 'note', field: 'comment' }],
    );
    expect(csvText(checked)).toBe('record_id,smoking,metastatic,comment\r\n1,2,1,"said ""no"", then yes"\r\n2,0,0,\r\n');
  });
  it('pairs variables with fields of the same name or label, each field once, never calculated ones', () => {
    const s = source([['mrn-1', { Smoking: ['x'], diagnosis_date: ['2024-01-01'], metastatic_disease: ['true'], bmi: ['20'], other: ['y'] }]]);
    expect(automaticMapping(variableFacts(s), project())).toEqual([
      { variable: 'Smoking', field: 'smoking' },
      { variable: 'diagnosis_date', field: 'dx_date' },
      { variable: 'metastatic_disease', field: 'metastatic' },
    ]);
  });
});

describe('reading Brim values', () => {
  it('infers the narrowest type', () => {
    expect(inferType(['true', 'False'])).toBe('boolean');
    expect(inferType(['1', '-2'])).toBe('integer');
    expect(inferType(['1', '2.5'])).toBe('float');
    expect(inferType(['2024-01-02'])).toBe('date');
    expect(inferType(['2024-01-02', '2024-01-02 10:00:00'])).toBe('datetime');
    expect(inferType(['Adenocarcinoma', '1'])).toBe('text');
  });
  it('folds detailed labels: the latest note for one-per-note, every distinct value for many-per-note', () => {
    const labels = [
      { value: '3.2', document: 'N1', datetime: '2024-01-05 10:00:00' },
      { value: '4.5', document: 'N2', datetime: '2024-03-01 09:00:00' },
      { value: '3.2', document: 'N3', datetime: '2023-12-01 09:00:00' },
    ];
    expect(foldLabels(labels, 'One Label Per Note')).toEqual({ values: ['4.5'], disagreed: true });
    expect(foldLabels(labels, 'Many Labels Per Note')).toEqual({ values: ['3.2', '4.5'], disagreed: false });
    expect(foldLabels([], 'One Label Per Patient')).toEqual({ values: [], disagreed: false });
  });
});
