// "Heart Failure Follow-up Study (demo)": a longitudinal project in development status with two
// arms, a form–event mapping in which not every form is on every event, a repeating instrument
// (adverse_events) and a repeating event (unscheduled_arm_1).
//
// Flat export, all events (42 columns): study_id, redcap_event_name, redcap_repeat_instrument,
// redcap_repeat_instance, then screening (7), demographics (5), vitals (10), labs (6),
// adverse_events (6) and completion (4), each ending with its <form>_complete.

import type { EventDef, FieldDef, ProjectDefinition } from './project-model.ts';

export const HEART_FAILURE_TITLE = 'Heart Failure Follow-up Study (demo)';

const screening: FieldDef[] = [
  { name: 'study_id', form: 'screening', type: 'text', label: 'Study ID' },
  { name: 'screen_date', form: 'screening', type: 'text', label: 'Screening date', validation: 'date_ymd', required: true },
  { name: 'initials', form: 'screening', type: 'text', label: 'Participant initials', validation: 'alpha_only', identifier: true },
  { name: 'age_at_screening', form: 'screening', type: 'text', label: 'Age at screening (years)', validation: 'integer', min: '18', max: '100' },
  { name: 'nyha_class', form: 'screening', type: 'dropdown', label: 'NYHA functional class', choices: '1, Class I | 2, Class II | 3, Class III | 4, Class IV' },
  { name: 'eligible', form: 'screening', type: 'yesno', label: 'Eligible for the study', required: true },
  { name: 'consent_date', form: 'screening', type: 'text', label: 'Date of consent', validation: 'date_mdy', branchingLogic: "[eligible] = '1'" },
];

const demographics: FieldDef[] = [
  { name: 'sex', form: 'demographics', type: 'radio', label: 'Sex', choices: '1, Female | 2, Male' },
  { name: 'ethnicity', form: 'demographics', type: 'dropdown', label: 'Ethnicity', choices: '1, Hispanic or Latino | 2, Not Hispanic or Latino | 3, Unknown or not reported' },
  { name: 'email', form: 'demographics', type: 'text', label: 'Email address', validation: 'email', identifier: true },
  { name: 'phone', form: 'demographics', type: 'text', label: 'Phone number', validation: 'phone', identifier: true },
];

const vitals: FieldDef[] = [
  { name: 'visit_date', form: 'vitals', type: 'text', label: 'Visit date', validation: 'date_dmy', required: true },
  { name: 'visit_time', form: 'vitals', type: 'text', label: 'Time of measurement', validation: 'time' },
  { name: 'weight_kg', form: 'vitals', type: 'text', label: 'Weight (kg)', validation: 'number_1dp', min: '35.0', max: '250.0' },
  { name: 'sbp', form: 'vitals', type: 'text', label: 'Systolic blood pressure (mmHg)', validation: 'integer', min: '70', max: '230' },
  { name: 'heart_rate', form: 'vitals', type: 'text', label: 'Heart rate (beats/min)', validation: 'integer', min: '35', max: '180' },
  {
    name: 'symptoms', form: 'vitals', type: 'checkbox', label: 'Symptoms since the last visit',
    choices: '1, Shortness of breath | 2, Ankle swelling | 3, Fatigue | 4, Chest pain',
  },
];

const labs: FieldDef[] = [
  { name: 'lab_datetime', form: 'labs', type: 'text', label: 'Date and time of blood draw', validation: 'datetime_seconds_ymd' },
  { name: 'potassium', form: 'labs', type: 'text', label: 'Potassium (mmol/L)', validation: 'number_2dp', min: '2.50', max: '7.00' },
  { name: 'creatinine', form: 'labs', type: 'text', label: 'Creatinine (mg/dL)', validation: 'number_2dp', min: '0.30', max: '8.00' },
  { name: 'ntprobnp', form: 'labs', type: 'text', label: 'NT-proBNP (pg/mL)', validation: 'integer' },
  { name: 'egfr', form: 'labs', type: 'calc', label: 'Estimated GFR, simplified (mL/min)', choices: 'round(90/[creatinine],0)' },
];

const adverseEvents: FieldDef[] = [
  { name: 'ae_term', form: 'adverse_events', type: 'text', label: 'Adverse event (term)', required: true },
  { name: 'ae_onset', form: 'adverse_events', type: 'text', label: 'Onset date', validation: 'date_ymd' },
  { name: 'ae_severity', form: 'adverse_events', type: 'radio', label: 'Severity', choices: '1, Mild | 2, Moderate | 3, Severe' },
  { name: 'ae_serious', form: 'adverse_events', type: 'yesno', label: 'Serious adverse event' },
  { name: 'ae_report', form: 'adverse_events', type: 'file', label: 'Supporting document' },
];

const completion: FieldDef[] = [
  { name: 'completion_date', form: 'completion', type: 'text', label: 'Date of study completion or withdrawal', validation: 'date_ymd' },
  { name: 'study_status', form: 'completion', type: 'radio', label: 'Status', choices: '1, Completed | 2, Withdrew consent | 3, Lost to follow-up | 4, Died' },
  { name: 'completion_notes', form: 'completion', type: 'notes', label: 'Notes' },
];

function event(uniqueName: string, name: string, armNum: number, eventId: number, dayOffset: number): EventDef {
  return { uniqueName, name, armNum, eventId, customLabel: '', dayOffset, offsetMin: 0, offsetMax: 0 };
}

export const HEART_FAILURE_EVENTS: readonly EventDef[] = [
  event('screening_arm_1', 'Screening', 1, 5101, 0),
  event('baseline_arm_1', 'Baseline', 1, 5102, 14),
  event('month_3_arm_1', 'Month 3', 1, 5103, 90),
  event('month_6_arm_1', 'Month 6', 1, 5104, 180),
  event('unscheduled_arm_1', 'Unscheduled visit', 1, 5105, 0),
  event('screening_arm_2', 'Screening', 2, 5201, 0),
  event('baseline_arm_2', 'Baseline', 2, 5202, 14),
];

const MAPPING: Record<string, readonly string[]> = {
  screening_arm_1: ['screening'],
  baseline_arm_1: ['demographics', 'vitals', 'labs', 'adverse_events'],
  month_3_arm_1: ['vitals', 'adverse_events'],
  month_6_arm_1: ['vitals', 'labs', 'adverse_events', 'completion'],
  unscheduled_arm_1: ['vitals'],
  screening_arm_2: ['screening'],
  baseline_arm_2: ['demographics', 'vitals', 'labs', 'adverse_events', 'completion'],
};

export function heartFailureProject(projectId: number): ProjectDefinition {
  return {
    info: {
      project_id: projectId,
      project_title: HEART_FAILURE_TITLE,
      creation_time: '2023-09-18 10:12:44',
      production_time: '',
      in_production: 0,
      project_language: 'English',
      purpose: 2,
      purpose_other: '',
      project_notes: 'Two-arm follow-up of adults with chronic heart failure. Synthetic data for the Carrel sandbox.',
      custom_record_label: '',
      secondary_unique_field: '',
      is_longitudinal: 1,
      has_repeating_instruments_or_events: 1,
      surveys_enabled: 0,
      scheduling_enabled: 0,
      record_autonumbering_enabled: 1,
      randomization_enabled: 0,
      ddp_enabled: 0,
      project_irb_number: 'IRB-2023-0542',
      project_grant_number: 'R01HL111111',
      project_pi_firstname: 'Mei',
      project_pi_lastname: 'Chen',
      project_pi_email: 'mei.chen@example.org',
      display_today_now_button: 1,
      missing_data_codes: '',
      external_modules: '',
      bypass_branching_erase_field_prompt: 0,
    },
    instruments: [
      { name: 'screening', label: 'Screening' },
      { name: 'demographics', label: 'Demographics' },
      { name: 'vitals', label: 'Vital Signs' },
      { name: 'labs', label: 'Laboratory' },
      { name: 'adverse_events', label: 'Adverse Events' },
      { name: 'completion', label: 'Study Completion' },
    ],
    fields: [...screening, ...demographics, ...vitals, ...labs, ...adverseEvents, ...completion],
    arms: [{ num: 1, name: 'Intervention' }, { num: 2, name: 'Observation' }],
    events: HEART_FAILURE_EVENTS,
    formEvents: Object.entries(MAPPING).flatMap(([uniqueName, forms]) => forms.map((form) => ({ event: uniqueName, form }))),
    repeating: [
      { event: 'baseline_arm_1', form: 'adverse_events', customLabel: '[ae_term]' },
      { event: 'month_3_arm_1', form: 'adverse_events', customLabel: '[ae_term]' },
      { event: 'month_6_arm_1', form: 'adverse_events', customLabel: '[ae_term]' },
      { event: 'unscheduled_arm_1', form: '' },
      { event: 'baseline_arm_2', form: 'adverse_events', customLabel: '[ae_term]' },
    ],
  };
}
