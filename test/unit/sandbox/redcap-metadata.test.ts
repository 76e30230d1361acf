import { describe, expect, it } from 'vitest';
import { csvObjects, jsonArray, parseCsv, post, useSandbox } from './redcap-http.ts';

const METADATA_KEYS = [
  'field_name', 'form_name', 'section_header', 'field_type', 'field_label', 'select_choices_or_calculations',
  'field_note', 'text_validation_type_or_show_slider_number', 'text_validation_min', 'text_validation_max',
  'identifier', 'branching_logic', 'required_field', 'custom_alignment', 'question_number',
  'matrix_group_name', 'matrix_ranking', 'field_annotation',
];

const PROJECT_KEYS = [
  'project_id', 'project_title', 'creation_time', 'production_time', 'in_production', 'project_language', 'purpose',
  'purpose_other', 'project_notes', 'custom_record_label', 'secondary_unique_field', 'is_longitudinal',
  'has_repeating_instruments_or_events', 'surveys_enabled', 'scheduling_enabled', 'record_autonumbering_enabled',
  'randomization_enabled', 'ddp_enabled', 'project_irb_number', 'project_grant_number', 'project_pi_firstname',
  'project_pi_lastname', 'project_pi_email', 'display_today_now_button', 'missing_data_codes', 'external_modules',
  'bypass_branching_erase_field_prompt',
];

describe('REDCap sandbox: project metadata', () => {
  const sandbox = useSandbox({ records: 10 });

  it('answers version as plain text', async () => {
    const reply = await post(sandbox(), [['content', 'version']]);
    expect([reply.status, reply.contentType, reply.text]).toEqual([200, 'text/plain; charset=utf-8', '14.1.5']);
  });

  it('exports the data dictionary with 18 keys in order, record ID first, no _complete rows', async () => {
    const metadata = jsonArray((await post(sandbox(), [['content', 'metadata'], ['format', 'json']])).text);
    for (const row of metadata) {
      expect(Object.keys(row)).toEqual(METADATA_KEYS);
      for (const value of Object.values(row)) expect(typeof value).toBe('string');
    }
    const names = metadata.map((row) => row.field_name);
    expect(names[0]).toBe('record_id');
    expect(names).toHaveLength(30);
    expect(names.filter((name) => String(name).endsWith('_complete'))).toEqual([]);
    const byName = new Map(metadata.map((row) => [row.field_name, row]));
    expect(byName.get('dob')).toMatchObject({ form_name: 'enrollment', field_type: 'text', field_label: 'Date of birth', text_validation_type_or_show_slider_number: 'date_ymd', identifier: 'y', required_field: 'y' });
    expect(byName.get('race')).toMatchObject({ field_type: 'checkbox', select_choices_or_calculations: '1, American Indian or Alaska Native | 2, Asian | 3, Black or African American | 4, White | 5, Other, not listed' });
    expect(byName.get('bmi')).toMatchObject({ field_type: 'calc', select_choices_or_calculations: 'round([weight_kg]/(([height_cm]/100)^2),1)' });
    expect(byName.get('diabetes')).toMatchObject({ field_type: 'yesno', select_choices_or_calculations: '' });
    expect(byName.get('bp_instructions')).toMatchObject({ field_type: 'descriptive', section_header: 'Blood pressure' });
    expect(byName.get('consent_form')).toMatchObject({ field_type: 'file', identifier: '' });
    const identifiers = metadata.filter((row) => row.identifier === 'y').map((row) => row.field_name);
    expect(identifiers).toEqual(['mrn', 'first_name', 'last_name', 'dob', 'email', 'phone', 'zip']);
    const validations = new Set(metadata.map((row) => row.text_validation_type_or_show_slider_number));
    for (const type of ['integer', 'number', 'number_1dp', 'date_ymd', 'datetime_ymd', 'email', 'phone', 'zipcode']) expect(validations).toContain(type);
    const types = new Set(metadata.map((row) => row.field_type));
    for (const type of ['text', 'notes', 'calc', 'dropdown', 'radio', 'checkbox', 'yesno', 'file', 'descriptive']) expect(types).toContain(type);
  });

  it('filters the data dictionary by fields and forms', async () => {
    const some = jsonArray((await post(sandbox(), [['content', 'metadata'], ['format', 'json'], ['fields[0]', 'sbp'], ['fields[1]', 'record_id'], ['forms[0]', 'laboratory']])).text);
    expect(some.map((row) => row.field_name)).toEqual(['record_id', 'sbp', 'lab_date', 'hba1c', 'total_chol', 'hdl', 'non_hdl']);
    const complete = jsonArray((await post(sandbox(), [['content', 'metadata'], ['format', 'json'], ['fields', 'laboratory_complete']])).text);
    expect(complete).toEqual([]);
  });

  it('exports the data dictionary as CSV with the same header and values', async () => {
    const json = jsonArray((await post(sandbox(), [['content', 'metadata'], ['format', 'json']])).text);
    const csv = await post(sandbox(), [['content', 'metadata'], ['format', 'csv']]);
    expect(parseCsv(csv.text)[0]).toEqual(METADATA_KEYS);
    expect(csvObjects(csv.text)).toEqual(json);
  });

  it('lists instruments', async () => {
    const json = jsonArray((await post(sandbox(), [['content', 'instrument'], ['format', 'json']])).text);
    expect(json).toEqual([
      { instrument_name: 'enrollment', instrument_label: 'Enrollment and Demographics' },
      { instrument_name: 'medical_history', instrument_label: 'Medical History' },
      { instrument_name: 'baseline_visit', instrument_label: 'Baseline Visit' },
      { instrument_name: 'laboratory', instrument_label: 'Laboratory Results' },
    ]);
    const csv = await post(sandbox(), [['content', 'instrument'], ['format', 'csv']]);
    expect(csv.text.split('\n')[0]).toBe('instrument_name,instrument_label');
  });

  it('lists export field names: checkboxes expanded, calc/file/descriptive left out, _complete included', async () => {
    const json = jsonArray((await post(sandbox(), [['content', 'exportFieldNames'], ['format', 'json']])).text);
    for (const row of json) expect(Object.keys(row)).toEqual(['original_field_name', 'choice_value', 'export_field_name']);
    const exported = json.map((row) => row.export_field_name);
    for (const excluded of ['bmi', 'non_hdl', 'consent_form', 'bp_instructions']) expect(exported).not.toContain(excluded);
    expect(exported).toHaveLength(40 - 3);
    expect(json.slice(5, 11)).toEqual([
      { original_field_name: 'sex', choice_value: '', export_field_name: 'sex' },
      { original_field_name: 'race', choice_value: '1', export_field_name: 'race___1' },
      { original_field_name: 'race', choice_value: '2', export_field_name: 'race___2' },
      { original_field_name: 'race', choice_value: '3', export_field_name: 'race___3' },
      { original_field_name: 'race', choice_value: '4', export_field_name: 'race___4' },
      { original_field_name: 'race', choice_value: '5', export_field_name: 'race___5' },
    ]);
    expect(exported.indexOf('enrollment_complete')).toBe(exported.indexOf('smoking_status') - 1);
    expect(exported.at(-1)).toBe('laboratory_complete');
  });

  it('narrows export field names to one field', async () => {
    const conditions = jsonArray((await post(sandbox(), [['content', 'exportFieldNames'], ['format', 'json'], ['field', 'conditions']])).text);
    expect(conditions.map((row) => row.export_field_name)).toEqual(['conditions___1', 'conditions___2', 'conditions___3', 'conditions___4']);
    const calc = jsonArray((await post(sandbox(), [['content', 'exportFieldNames'], ['format', 'json'], ['field', 'bmi']])).text);
    expect(calc).toEqual([]);
    const unknown = await post(sandbox(), [['content', 'exportFieldNames'], ['format', 'json'], ['field', 'nope']]);
    expect(unknown.status).toBe(400);
  });

  it('exports project information as one object, flags as 0/1 numbers', async () => {
    const reply = await post(sandbox(), [['content', 'project'], ['format', 'json']]);
    const info = JSON.parse(reply.text) as Record<string, unknown>;
    expect(Array.isArray(info)).toBe(false);
    expect(Object.keys(info)).toEqual(PROJECT_KEYS);
    expect(info).toMatchObject({ project_title: 'Cardiometabolic Cohort (demo)', is_longitudinal: 0, has_repeating_instruments_or_events: 0, in_production: 1, record_autonumbering_enabled: 1, surveys_enabled: 1 });
    expect(typeof info.project_id).toBe('number');
    expect(info.project_id).toBe(sandbox().projects[0]?.projectId);
    const csv = csvObjects((await post(sandbox(), [['content', 'project'], ['format', 'csv']])).text);
    expect(csv).toEqual([Object.fromEntries(Object.entries(info).map(([key, value]) => [key, String(value)]))]);
    const xml = await post(sandbox(), [['content', 'project'], ['format', 'xml']]);
    expect(xml.text).toContain('<is_longitudinal><![CDATA[0]]></is_longitudinal>');
  });
});
