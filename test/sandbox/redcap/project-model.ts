// The shape of a REDCap project as the API exposes it. A classic project has no arms, events or
// repeating instruments; the same model carries them for longitudinal and repeating projects.
// ProjectSchema (project-schema.ts) derives the lookups everything else uses.

export type FieldType =
  | 'text' | 'notes' | 'calc' | 'dropdown' | 'radio' | 'checkbox' | 'yesno' | 'truefalse' | 'file'
  | 'slider' | 'descriptive' | 'sql';

export interface FieldDef {
  name: string;
  form: string;
  type: FieldType;
  label: string;
  /** Raw `select_choices_or_calculations`: `1, Female | 2, Male`, or a calc formula. */
  choices?: string;
  validation?: string;
  min?: string;
  max?: string;
  identifier?: boolean;
  required?: boolean;
  sectionHeader?: string;
  note?: string;
  branchingLogic?: string;
  alignment?: string;
  questionNumber?: string;
  matrixGroup?: string;
  matrixRanking?: string;
  annotation?: string;
}

export interface InstrumentDef {
  name: string;
  label: string;
  /** Enabled as a survey: it gets survey links, codes, a participant list and `<form>_timestamp`. */
  survey?: boolean;
}

export interface ArmDef {
  num: number;
  name: string;
}

export interface EventDef {
  uniqueName: string;
  name: string;
  armNum: number;
  eventId: number;
  customLabel: string;
  dayOffset?: number;
  offsetMin?: number;
  offsetMax?: number;
}

/** `content=project` keys, in REDCap's order; 0/1 flags are numbers on the wire. */
export interface ProjectInfo {
  project_id: number;
  project_title: string;
  creation_time: string;
  production_time: string;
  in_production: number;
  project_language: string;
  purpose: number;
  purpose_other: string;
  project_notes: string;
  custom_record_label: string;
  secondary_unique_field: string;
  is_longitudinal: number;
  has_repeating_instruments_or_events: number;
  surveys_enabled: number;
  scheduling_enabled: number;
  record_autonumbering_enabled: number;
  randomization_enabled: number;
  ddp_enabled: number;
  project_irb_number: string;
  project_grant_number: string;
  project_pi_firstname: string;
  project_pi_lastname: string;
  project_pi_email: string;
  display_today_now_button: number;
  missing_data_codes: string;
  external_modules: string;
  bypass_branching_erase_field_prompt: number;
}

export interface ProjectDefinition {
  info: ProjectInfo;
  instruments: readonly InstrumentDef[];
  fields: readonly FieldDef[];
  arms: readonly ArmDef[];
  events: readonly EventDef[];
  formEvents: ReadonlyArray<{ event: string; form: string }>;
  /** `form` blank = the whole event repeats; `event` blank in classic projects. */
  repeating: ReadonlyArray<{ event: string; form: string; customLabel?: string }>;
}

export interface Choice {
  code: string;
  label: string;
}

export const COMPLETE_CHOICES: readonly Choice[] = [
  { code: '0', label: 'Incomplete' },
  { code: '1', label: 'Unverified' },
  { code: '2', label: 'Complete' },
];

export function parseChoices(field: FieldDef): Choice[] {
  if (field.type === 'yesno') return [{ code: '1', label: 'Yes' }, { code: '0', label: 'No' }];
  if (field.type === 'truefalse') return [{ code: '1', label: 'True' }, { code: '0', label: 'False' }];
  if (field.type !== 'radio' && field.type !== 'dropdown' && field.type !== 'checkbox') return [];
  return (field.choices ?? '').split('|').flatMap((entry) => {
    const comma = entry.indexOf(',');
    if (comma < 0) return [];
    return [{ code: entry.slice(0, comma).trim(), label: entry.slice(comma + 1).trim() }];
  });
}

/** `race` + `2` → `race___2`; characters other than letters, digits and `_` become `_`. */
export function checkboxColumn(field: string, code: string): string {
  return `${field}___${code.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}

export function completeField(form: string): string {
  return `${form}_complete`;
}
