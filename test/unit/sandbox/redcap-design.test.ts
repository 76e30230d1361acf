import { describe, expect, it } from 'vitest';
import { TOKENS, errorOf, jsonArray, parseCsv, post, postAs, useSandbox } from './redcap-http.ts';
import type { Entries, Reply } from './redcap-http.ts';

/** Every start tag has its end tag, in order: enough to know an XML body is well formed. */
function balanced(xml: string): boolean {
  const stack: string[] = [];
  const body = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').replace(/<\?[^>]*\?>/g, '');
  for (const match of body.matchAll(/<(\/?)([A-Za-z][\w:.-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name = '', selfClosing] = match;
    if (selfClosing === '/') continue;
    if (closing === '/') {
      if (stack.pop() !== name) return false;
    } else {
      stack.push(name);
    }
  }
  return stack.length === 0;
}

describe('REDCap sandbox: project design methods', () => {
  const sandbox = useSandbox({ records: 20 });
  const hf = (entries: Entries): Promise<Reply> => postAs(sandbox(), TOKENS.heartFailure, entries);

  it('refuses a metadata import while the project is in production', async () => {
    const metadata = (await post(sandbox(), [['content', 'metadata'], ['format', 'json']])).text;
    const reply = await post(sandbox(), [['content', 'metadata'], ['format', 'json'], ['data', metadata]]);
    expect([reply.status, errorOf(reply)]).toEqual([400, 'You cannot import metadata because the project is in production status. This can only be done while the project is in development status.']);
  });

  it('replaces the whole data dictionary of a project in development, keeping the data of fields that stay', async () => {
    const metadata = jsonArray((await hf([['content', 'metadata'], ['format', 'json']])).text);
    const changed = metadata.filter((row) => row.field_name !== 'completion_notes');
    const at = changed.findIndex((row) => row.field_name === 'ae_report');
    changed.splice(at, 0, { ...changed[at], field_name: 'ae_outcome', field_type: 'radio', field_label: 'Outcome', select_choices_or_calculations: '1, Recovered | 2, Ongoing' });
    const reply = await hf([['content', 'metadata'], ['format', 'json'], ['data', JSON.stringify(changed)]]);
    expect([reply.status, reply.text]).toEqual([200, String(changed.length)]);
    const names = jsonArray((await hf([['content', 'metadata'], ['format', 'json']])).text).map((row) => row.field_name);
    expect(names).toContain('ae_outcome');
    expect(names).not.toContain('completion_notes');
    const header = parseCsv((await hf([['content', 'record'], ['format', 'csv'], ['records', '1']])).text)[0] ?? [];
    expect(header.slice(header.indexOf('ae_term'), header.indexOf('adverse_events_complete') + 1)).toEqual(['ae_term', 'ae_onset', 'ae_severity', 'ae_serious', 'ae_outcome', 'ae_report', 'adverse_events_complete']);
    const ae = jsonArray((await hf([['content', 'record'], ['format', 'json'], ['records', '1'], ['fields', 'ae_term,ae_outcome'], ['events', 'month_6_arm_1']])).text);
    expect(ae.map((row) => [row.ae_term, row.ae_outcome])).toEqual([['', ''], ['Dizziness', ''], ['Hyperkalaemia', '']]);
    // The new field takes values at once.
    const saved = await hf([['content', 'record'], ['format', 'json'], ['returnFormat', 'json'], ['data', JSON.stringify([{ study_id: '1', redcap_event_name: 'month_6_arm_1', redcap_repeat_instrument: 'adverse_events', redcap_repeat_instance: '1', ae_outcome: '1' }])]]);
    expect(saved.text).toBe('{"count":1}');
  });

  it('lists every problem of a bad dictionary and changes nothing', async () => {
    const rows = [
      { field_name: 'study_id', form_name: 'screening', field_type: 'text', field_label: 'Study ID' },
      { field_name: 'Bad Name', form_name: 'screening', field_type: 'text', field_label: 'x' },
      { field_name: 'mood', form_name: 'screening', field_type: 'smiley', field_label: 'x' },
      { field_name: 'colour', form_name: 'screening', field_type: 'radio', field_label: 'x', select_choices_or_calculations: '' },
      { field_name: 'when', form_name: 'screening', field_type: 'text', field_label: 'x', text_validation_type_or_show_slider_number: 'date_xyz' },
    ];
    const reply = await hf([['content', 'metadata'], ['format', 'json'], ['data', JSON.stringify(rows)]]);
    expect(reply.status).toBe(400);
    expect(errorOf(reply).split('\n')).toEqual([
      'Row 3: "Bad Name" is not a valid variable name (lowercase letters, numbers and single underscores, starting with a letter).',
      'Row 4: "smiley" is not a valid field type.',
      'Row 5: the field "colour" needs choices written as "code, label | code, label".',
      'Row 6: "date_xyz" is not a valid validation type.',
    ]);
    expect(jsonArray((await hf([['content', 'metadata'], ['format', 'json']])).text)).toHaveLength(30);
  });

  it('replaces the whole form-event mapping on import', async () => {
    const reply = await hf([['content', 'formEventMapping'], ['format', 'json'], ['data', JSON.stringify([{ arm_num: 1, unique_event_name: 'screening_arm_1', form: 'screening' }])]]);
    expect(reply.text).toBe('1');
    expect(jsonArray((await hf([['content', 'formEventMapping'], ['format', 'json']])).text)).toEqual([{ arm_num: 1, unique_event_name: 'screening_arm_1', form: 'screening' }]);
    const bad = await hf([['content', 'formEventMapping'], ['format', 'json'], ['data', '[{"arm_num":1,"unique_event_name":"screening_arm_1","form":"nope"}]']]);
    expect(errorOf(bad)).toBe(`The following values in the parameter "form" are not valid: 'nope'`);
  });

  it('adds arms and events, hides arms without events, and deletes them again', async () => {
    expect((await hf([['content', 'arm'], ['format', 'json'], ['data', '[{"arm_num":3,"name":"Extension"}]']])).text).toBe('1');
    expect(jsonArray((await hf([['content', 'arm'], ['format', 'json']])).text).map((arm) => arm.arm_num)).toEqual([1, 2]);
    const events = await hf([['content', 'event'], ['format', 'json'], ['data', '[{"event_name":"Week 52","arm_num":3},{"event_name":"Week 52","arm_num":3}]']]);
    expect(events.text).toBe('2');
    const arm3 = jsonArray((await hf([['content', 'event'], ['format', 'json'], ['arms', '3']])).text);
    expect(arm3.map((event) => event.unique_event_name)).toEqual(['week_52_arm_3', 'week_52b_arm_3']);
    expect(jsonArray((await hf([['content', 'arm'], ['format', 'json']])).text)).toContainEqual({ arm_num: 3, name: 'Extension' });
    expect((await hf([['content', 'event'], ['action', 'delete'], ['events[0]', 'week_52b_arm_3']])).text).toBe('1');
    expect((await hf([['content', 'arm'], ['action', 'delete'], ['arms[0]', '3']])).text).toBe('1');
    expect(jsonArray((await hf([['content', 'event'], ['format', 'json']])).text).map((event) => event.unique_event_name)).not.toContain('week_52_arm_3');
    const unknown = await hf([['content', 'event'], ['action', 'delete'], ['events[0]', 'nope_arm_1']]);
    expect(errorOf(unknown)).toBe(`The following values in the parameter "events" are not valid: 'nope_arm_1'`);
  });

  it('overrides all arms with override=1, dropping the events and data of the old ones', async () => {
    const reply = await hf([['content', 'arm'], ['format', 'json'], ['override', '1'], ['data', '[{"arm_num":1,"name":"Only arm"}]']]);
    expect(reply.text).toBe('1');
    expect(jsonArray((await hf([['content', 'arm'], ['format', 'json']])).text)).toEqual([{ arm_num: 1, name: 'Only arm' }]);
    const rows = jsonArray((await hf([['content', 'record'], ['format', 'json'], ['fields', 'study_id'], ['records', '3,1']])).text);
    expect(rows.every((row) => String(row.redcap_event_name).endsWith('_arm_1'))).toBe(true);
    expect(rows.some((row) => row.study_id === '3')).toBe(false);
  });

  it('refuses arm and event changes that need development status, and longitudinal methods on a classic project', async () => {
    const project = sandbox().projectByToken(TOKENS.heartFailure);
    if (project === undefined) throw new Error('no project');
    project.redesign({ ...project.schema.definition, info: { ...project.schema.info, in_production: 1 } });
    const deleted = await hf([['content', 'arm'], ['action', 'delete'], ['arms[0]', '2']]);
    expect(errorOf(deleted)).toBe('You cannot delete arms because the project is in production status. This can only be done while the project is in development status.');
    const override = await hf([['content', 'event'], ['override', '1'], ['format', 'json'], ['data', '[{"event_name":"X","arm_num":1}]']]);
    expect(override.status).toBe(400);
    const classic = await post(sandbox(), [['content', 'arm'], ['format', 'json'], ['data', '[{"arm_num":1,"name":"A"}]']]);
    expect(errorOf(classic)).toBe('You cannot import arms for classic projects');
  });

  it('sets up repeating instruments on a classic project, which adds the repeat columns', async () => {
    const reply = await post(sandbox(), [['content', 'repeatingFormsEvents'], ['format', 'json'], ['data', '[{"form_name":"laboratory","custom_form_label":"[lab_date]"}]']]);
    expect(reply.text).toBe('1');
    expect(jsonArray((await post(sandbox(), [['content', 'repeatingFormsEvents'], ['format', 'json']])).text)).toEqual([{ form_name: 'laboratory', custom_form_label: '[lab_date]' }]);
    const header = parseCsv((await post(sandbox(), [['content', 'record'], ['format', 'csv'], ['records', '1']])).text)[0];
    expect(header?.slice(0, 4)).toEqual(['record_id', 'redcap_repeat_instrument', 'redcap_repeat_instance', 'mrn']);
    expect(JSON.parse((await post(sandbox(), [['content', 'project'], ['format', 'json']])).text)).toMatchObject({ has_repeating_instruments_or_events: 1 });
  });

  it('changes project settings and answers how many it took', async () => {
    const reply = await post(sandbox(), [['content', 'project_settings'], ['format', 'json'], ['data', '{"project_title":"Renamed cohort","purpose":"1","unknown_key":"x"}']]);
    expect(reply.text).toBe('2');
    expect(JSON.parse((await post(sandbox(), [['content', 'project'], ['format', 'json']])).text)).toMatchObject({ project_title: 'Renamed cohort', purpose: 1 });
  });

  it('exports the project as CDISC ODM 1.3.1, with or without data', async () => {
    const metadataOnly = await hf([['content', 'project_xml'], ['returnMetadataOnly', 'true']]);
    expect(metadataOnly.contentType).toBe('text/xml; charset=utf-8');
    expect(metadataOnly.text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8" \?>\n<ODM xmlns="http:\/\/www\.cdisc\.org\/ns\/odm\/v1\.3"/);
    expect(metadataOnly.text).toContain('ODMVersion="1.3.1"');
    expect(metadataOnly.text).toContain('<StudyEventDef OID="Event.baseline_arm_1" Name="Baseline (Arm 1: Intervention)"');
    expect(metadataOnly.text).toContain('<ItemDef OID="symptoms___1" Name="symptoms___1" DataType="boolean"');
    expect(metadataOnly.text).toContain('<redcap:RepeatingEvent redcap:UniqueEventName="unscheduled_arm_1"/>');
    expect(metadataOnly.text).not.toContain('<ClinicalData');
    expect(balanced(metadataOnly.text)).toBe(true);
    const withData = await hf([['content', 'project_xml'], ['records', '1']]);
    expect(withData.text).toContain('<SubjectData SubjectKey="1" redcap:RecordIdField="study_id">');
    expect(withData.text).toContain('<FormData FormOID="Form.adverse_events" FormRepeatKey="2">');
    expect(withData.text).toContain('<ItemData ItemOID="ae_term" Value="Hyperkalaemia"/>');
    expect(withData.text).not.toContain('SubjectKey="2"');
    expect(balanced(withData.text)).toBe(true);
    const classic = await post(sandbox(), [['content', 'project_xml'], ['records', '4'], ['fields', 'record_id,race']]);
    expect(classic.text).toContain('<SubjectData SubjectKey="4" redcap:RecordIdField="record_id">\n\t\t<FormData FormOID="Form.enrollment" FormRepeatKey="1">');
    expect(classic.text).toContain('<ItemData ItemOID="race___3" Value="1"/>');
    expect(classic.text).not.toContain('StudyEventData');
    expect(balanced(classic.text)).toBe(true);
    // A record export with format=odm carries the data without the design.
    const odm = await post(sandbox(), [['content', 'record'], ['format', 'odm'], ['records', '4']]);
    expect(odm.text).toContain('<ClinicalData');
    expect(odm.text).toContain('<SubjectData SubjectKey="4"');
    expect(odm.text).not.toContain('<MetaDataVersion');
    expect(balanced(odm.text)).toBe(true);
  });
});
