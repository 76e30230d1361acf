// "Cardiometabolic Cohort (demo)": a classic project shaped like a real observational cohort CRF.
// Flat export: 40 columns (record_id … laboratory_complete, checkboxes expanded). Medical history
// is a survey; exportSurveyFields adds redcap_survey_identifier and medical_history_timestamp.

import type { FieldDef, ProjectDefinition } from './project-model.ts';

export const CARDIOMETABOLIC_TITLE = 'Cardiometabolic Cohort (demo)';

const enrollment: FieldDef[] = [
  { name: 'record_id', form: 'enrollment', type: 'text', label: 'Record ID' },
  {
    name: 'mrn', form: 'enrollment', type: 'text', label: 'Medical record number (MRN)',
    note: '6 digits, keep leading zeros', identifier: true, required: true, annotation: '@NOMISSING',
  },
  { name: 'first_name', form: 'enrollment', type: 'text', label: 'First name', identifier: true, required: true, sectionHeader: 'Participant' },
  { name: 'last_name', form: 'enrollment', type: 'text', label: 'Last name', identifier: true, required: true },
  {
    name: 'dob', form: 'enrollment', type: 'text', label: 'Date of birth', validation: 'date_ymd',
    min: '1920-01-01', max: 'today', identifier: true, required: true,
  },
  {
    name: 'sex', form: 'enrollment', type: 'radio', label: 'Sex assigned at birth',
    choices: '1, Female | 2, Male | 3, Intersex', required: true, alignment: 'LH',
  },
  {
    name: 'race', form: 'enrollment', type: 'checkbox', label: 'Race (check all that apply)',
    choices: '1, American Indian or Alaska Native | 2, Asian | 3, Black or African American | 4, White | 5, Other, not listed',
  },
  { name: 'email', form: 'enrollment', type: 'text', label: 'Email address', validation: 'email', identifier: true, sectionHeader: 'Contact details' },
  { name: 'phone', form: 'enrollment', type: 'text', label: 'Phone number', validation: 'phone', identifier: true },
  { name: 'zip', form: 'enrollment', type: 'text', label: 'ZIP code', validation: 'zipcode', identifier: true },
  { name: 'consent_form', form: 'enrollment', type: 'file', label: 'Signed consent form (PDF)' },
];

const medicalHistory: FieldDef[] = [
  {
    name: 'smoking_status', form: 'medical_history', type: 'radio', label: 'Smoking status',
    choices: '0, Never smoked | 1, Former smoker | 2, Current smoker', required: true,
  },
  { name: 'diabetes', form: 'medical_history', type: 'yesno', label: 'History of diabetes mellitus', required: true },
  {
    name: 'diabetes_type', form: 'medical_history', type: 'dropdown', label: 'Type of diabetes',
    choices: '1, Type 1 | 2, Type 2 | 3, Gestational | 4, Other or unknown', branchingLogic: "[diabetes] = '1'",
  },
  { name: 'hypertension', form: 'medical_history', type: 'yesno', label: 'History of hypertension' },
  {
    name: 'conditions', form: 'medical_history', type: 'checkbox', label: 'Other diagnosed conditions (check all that apply)',
    choices: '1, Coronary artery disease | 2, Heart failure | 3, Stroke or TIA | 4, Chronic kidney disease',
  },
  {
    name: 'medications', form: 'medical_history', type: 'notes', label: 'Current medications',
    note: 'One per line: name, dose, frequency',
  },
];

const baselineVisit: FieldDef[] = [
  { name: 'visit_datetime', form: 'baseline_visit', type: 'text', label: 'Date and time of visit', validation: 'datetime_ymd', required: true },
  { name: 'height_cm', form: 'baseline_visit', type: 'text', label: 'Height (cm)', validation: 'number', min: '120', max: '220', sectionHeader: 'Anthropometrics' },
  { name: 'weight_kg', form: 'baseline_visit', type: 'text', label: 'Weight (kg)', validation: 'number_1dp', min: '35.0', max: '250.0' },
  {
    name: 'bmi', form: 'baseline_visit', type: 'calc', label: 'Body mass index (kg/m²)',
    choices: 'round([weight_kg]/(([height_cm]/100)^2),1)', note: 'Calculated from height and weight',
  },
  {
    name: 'bp_instructions', form: 'baseline_visit', type: 'descriptive', sectionHeader: 'Blood pressure',
    label: 'Measure blood pressure after the participant has rested, seated, for 5 minutes.',
  },
  { name: 'sbp', form: 'baseline_visit', type: 'text', label: 'Systolic blood pressure (mmHg)', validation: 'integer', min: '70', max: '250', required: true },
  { name: 'dbp', form: 'baseline_visit', type: 'text', label: 'Diastolic blood pressure (mmHg)', validation: 'integer', min: '40', max: '150', required: true },
  { name: 'visit_notes', form: 'baseline_visit', type: 'notes', label: 'Visit notes' },
];

const laboratory: FieldDef[] = [
  { name: 'lab_date', form: 'laboratory', type: 'text', label: 'Date of blood draw', validation: 'date_ymd' },
  { name: 'hba1c', form: 'laboratory', type: 'text', label: 'HbA1c (%)', validation: 'number_1dp', min: '4.0', max: '14.0' },
  { name: 'total_chol', form: 'laboratory', type: 'text', label: 'Total cholesterol (mg/dL)', validation: 'integer', min: '100', max: '400' },
  { name: 'hdl', form: 'laboratory', type: 'text', label: 'HDL cholesterol (mg/dL)', validation: 'integer', min: '20', max: '120' },
  { name: 'non_hdl', form: 'laboratory', type: 'calc', label: 'Non-HDL cholesterol (mg/dL)', choices: '[total_chol]-[hdl]' },
];

export function cardiometabolicProject(projectId: number): ProjectDefinition {
  return {
    info: {
      project_id: projectId,
      project_title: CARDIOMETABOLIC_TITLE,
      creation_time: '2023-02-14 09:41:07',
      production_time: '2023-03-01 14:05:32',
      in_production: 1,
      project_language: 'English',
      purpose: 2,
      purpose_other: '',
      project_notes: 'Observational cohort of adults with cardiometabolic risk factors. Synthetic data for the Carrel sandbox.',
      custom_record_label: '',
      secondary_unique_field: '',
      is_longitudinal: 0,
      has_repeating_instruments_or_events: 0,
      surveys_enabled: 1,
      scheduling_enabled: 0,
      record_autonumbering_enabled: 1,
      randomization_enabled: 0,
      ddp_enabled: 0,
      project_irb_number: 'IRB-2023-0117',
      project_grant_number: 'R01HL000000',
      project_pi_firstname: 'Adaeze',
      project_pi_lastname: 'Okafor',
      project_pi_email: 'adaeze.okafor@example.org',
      display_today_now_button: 1,
      missing_data_codes: '',
      external_modules: '',
      bypass_branching_erase_field_prompt: 0,
    },
    instruments: [
      { name: 'enrollment', label: 'Enrollment and Demographics' },
      // Participants fill this one in themselves, so it is enabled as a survey.
      { name: 'medical_history', label: 'Medical History', survey: true },
      { name: 'baseline_visit', label: 'Baseline Visit' },
      { name: 'laboratory', label: 'Laboratory Results' },
    ],
    fields: [...enrollment, ...medicalHistory, ...baselineVisit, ...laboratory],
    arms: [],
    events: [],
    formEvents: [],
    repeating: [],
  };
}
