import { describe, expect, it } from 'vitest';
import { createProject, exportProjectInfo, exportProjectXml, exportVersion, importProjectSettings } from '../../../main/services/connectors/redcap/methods/index.ts';
import { appError, base, reply, scriptedRedcap } from './redcap-methods-harness.ts';

const info = {
  project_id: 1207, project_title: 'Cardiometabolic cohort', creation_time: '2024-01-05 10:12:00', production_time: '', in_production: 0,
  project_language: 'English', purpose: 2, purpose_other: '', project_notes: '', custom_record_label: '', secondary_unique_field: '',
  is_longitudinal: 1, has_repeating_instruments_or_events: 0, surveys_enabled: 1, scheduling_enabled: 0, record_autonumbering_enabled: 1,
  randomization_enabled: 0, ddp_enabled: 0, project_irb_number: '', project_grant_number: '', project_pi_firstname: '', project_pi_lastname: '',
  project_pi_email: '', display_today_now_button: 1, missing_data_codes: '', external_modules: '', bypass_branching_erase_field_prompt: 0,
};
const odm = '<?xml version="1.0" encoding="UTF-8" ?>\n<ODM xmlns="http://www.cdisc.org/ns/odm/v1.3" ODMVersion="1.3.1"><Study OID="Project.Test"/></ODM>';

describe('project information and settings', () => {
  it('reads the single project object with its 0/1 flags', async () => {
    const redcap = await scriptedRedcap(reply.json(info));
    const project = await exportProjectInfo(redcap.api);
    expect(project).toMatchObject({ project_id: '1207', project_title: 'Cardiometabolic cohort', is_longitudinal: true, in_production: false });
    expect(redcap.only().fields).toEqual(base({ content: 'project', format: 'json' }));
  });

  it('refuses an array where REDCap sends one object', async () => {
    const redcap = await scriptedRedcap(reply.json([info]));
    expect(await appError(exportProjectInfo(redcap.api))).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('project information') });
  });

  it('imports settings as one object and may repeat that', async () => {
    const redcap = await scriptedRedcap(reply.text('busy', 503), reply.json(2));
    expect(await importProjectSettings(redcap.api, { data: { project_title: 'Cohort B', surveys_enabled: 0 } })).toBe(2);
    expect(redcap.sent).toHaveLength(2);
    expect(redcap.sent[1]!.fields).toEqual(base({ content: 'project_settings', action: 'import', format: 'json', data: '{"project_title":"Cohort B","surveys_enabled":0}' }));
  });
});

describe('project XML and version', () => {
  it('exports the project XML with its options', async () => {
    const redcap = await scriptedRedcap(reply.text(odm, 200, 'text/xml; charset=utf-8'));
    expect(await exportProjectXml(redcap.api, { returnMetadataOnly: false, records: ['1'], fields: ['record_id'], events: ['event_1_arm_1'], exportSurveyFields: true, exportDataAccessGroups: false, filterLogic: '[age] > 1', exportFiles: true })).toBe(odm);
    expect(redcap.only().fields).toEqual(base({
      content: 'project_xml', returnMetadataOnly: 'false', 'records[0]': '1', 'fields[0]': 'record_id', 'events[0]': 'event_1_arm_1',
      exportSurveyFields: 'true', exportDataAccessGroups: 'false', filterLogic: '[age] > 1', exportFiles: 'true',
    }));
  });

  it('refuses an answer that is not ODM XML', async () => {
    const redcap = await scriptedRedcap(reply.text('[]', 200, 'application/json'));
    expect(await appError(exportProjectXml(redcap.api))).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('CDISC ODM') });
  });

  it('reads the version as plain text and refuses anything else', async () => {
    const redcap = await scriptedRedcap(reply.text('14.1.5'));
    expect(await exportVersion(redcap.api)).toBe('14.1.5');
    expect(redcap.only().fields).toEqual(base({ content: 'version', format: 'json' }));
    const odd = await scriptedRedcap(reply.text('fourteen'));
    expect(await appError(exportVersion(odd.api))).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('REDCap version') });
  });
});

describe('creating a project with a super token', () => {
  it('sends the project as a one-row array, once, and takes the token from the end of the answer', async () => {
    const newToken = '0123456789ABCDEF0123456789ABCDEF';
    const redcap = await scriptedRedcap(reply.text(`INSERT INTO redcap_x VALUES (1);\n${newToken}`));
    expect(await createProject(redcap.api, { data: { project_title: 'New', purpose: 1, purpose_other: 'Testing' }, odm })).toBe(newToken);
    expect(redcap.only().fields).toEqual(base({ content: 'project', format: 'json', data: '[{"project_title":"New","purpose":1,"purpose_other":"Testing"}]', odm }));
  });

  it('never shows the answer when it holds no token', async () => {
    const redcap = await scriptedRedcap(reply.text('SECRET-ish text without a token'));
    const error = await appError(createProject(redcap.api, { data: { project_title: 'New', purpose: 0 } }));
    expect(error).toMatchObject({ code: 'BAD_RESPONSE' });
    expect(error.message).not.toContain('SECRET');
  });
});
