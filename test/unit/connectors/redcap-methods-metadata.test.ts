import { describe, expect, it } from 'vitest';
import { exportFieldNames, exportInstruments, exportMetadata, exportPdf, importMetadata } from '../../../main/services/connectors/redcap/methods/index.ts';
import { appError, base, reply, scriptedRedcap } from './redcap-methods-harness.ts';

const recordIdField = {
  field_name: 'record_id', form_name: 'demographics', section_header: '', field_type: 'text', field_label: 'Record ID',
  select_choices_or_calculations: '', field_note: '', text_validation_type_or_show_slider_number: '', text_validation_min: '',
  text_validation_max: '', identifier: '', branching_logic: '', required_field: '', custom_alignment: '', question_number: '',
  matrix_group_name: '', matrix_ranking: '', field_annotation: '',
};
const sexField = { ...recordIdField, field_name: 'sex', field_type: 'radio', field_label: 'Sex', select_choices_or_calculations: '0, Female | 1, Male', required_field: 'y' };

describe('the data dictionary', () => {
  it('exports the 18 columns, optionally for some fields and forms', async () => {
    const redcap = await scriptedRedcap(reply.json([recordIdField, sexField]));
    expect(await exportMetadata(redcap.api, { fields: ['record_id', 'sex'], forms: ['demographics'] })).toEqual([recordIdField, sexField]);
    expect(redcap.only().fields).toEqual(base({ content: 'metadata', format: 'json', 'fields[0]': 'record_id', 'fields[1]': 'sex', 'forms[0]': 'demographics' }));
  });

  it('refuses a dictionary without its documented columns', async () => {
    const { field_annotation: _dropped, ...withoutAnnotation } = recordIdField;
    const redcap = await scriptedRedcap(reply.json([withoutAnnotation]));
    const error = await appError(exportMetadata(redcap.api));
    expect(error).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('the data dictionary') });
    expect(error.message).toContain('field_annotation');
  });

  it('imports a dictionary (development status only), sent once, and reads the field count', async () => {
    const redcap = await scriptedRedcap(reply.text('busy', 503), reply.json(2));
    expect(await appError(importMetadata(redcap.api, { data: [recordIdField, sexField] }))).toMatchObject({ code: 'SERVICE_ERROR', retryable: true });
    expect(redcap.only().fields).toEqual(base({ content: 'metadata', format: 'json', data: JSON.stringify([recordIdField, sexField]) }));

    const ok = await scriptedRedcap(reply.json(2));
    expect(await importMetadata(ok.api, { data: [recordIdField, sexField], dateFormat: 'DMY' })).toBe(2);
    expect(ok.only().fields).toMatchObject({ dateFormat: 'DMY' });
  });

  it('passes on the production-status refusal', async () => {
    const redcap = await scriptedRedcap(reply.error('You cannot import metadata because the project is in production status'));
    expect(await appError(importMetadata(redcap.api, { data: [recordIdField] }))).toMatchObject({ code: 'SERVICE_ERROR', message: expect.stringContaining('production') });
  });
});

describe('instruments and export field names', () => {
  it('lists instruments', async () => {
    const redcap = await scriptedRedcap(reply.json([{ instrument_name: 'form_1', instrument_label: 'Form 1' }]));
    expect(await exportInstruments(redcap.api)).toEqual([{ instrument_name: 'form_1', instrument_label: 'Form 1' }]);
    expect(redcap.only().fields).toEqual(base({ content: 'instrument', format: 'json' }));
  });

  it('lists export field names, for one field when asked', async () => {
    const names = [{ original_field_name: 'checkbox_field', choice_value: '1', export_field_name: 'checkbox_field___1' }];
    const redcap = await scriptedRedcap(reply.json(names));
    expect(await exportFieldNames(redcap.api, { field: 'checkbox_field' })).toEqual(names);
    expect(redcap.only().fields).toEqual(base({ content: 'exportFieldNames', format: 'json', field: 'checkbox_field' }));
  });

  it('refuses an instrument list of the wrong shape', async () => {
    const redcap = await scriptedRedcap(reply.json({ instrument_name: 'form_1' }));
    expect(await appError(exportInstruments(redcap.api))).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('instrument list') });
  });
});

describe('instrument PDFs', () => {
  it('downloads a PDF with the file name from Content-Type', async () => {
    const redcap = await scriptedRedcap(reply.file('%PDF-1.4\n%fake\n', 'application/pdf; name="consent_form.pdf"'));
    const pdf = await exportPdf(redcap.api, { record: '1', event: 'v1_arm_1', instrument: 'consent', repeat_instance: 2, compactDisplay: true });
    expect(pdf).toMatchObject({ fileName: 'consent_form.pdf', contentType: 'application/pdf' });
    expect(new TextDecoder().decode(pdf.bytes)).toBe('%PDF-1.4\n%fake\n');
    expect(redcap.only().fields).toEqual(base({ content: 'pdf', action: 'export', record: '1', event: 'v1_arm_1', instrument: 'consent', repeat_instance: '2', compactDisplay: 'true' }));
  });

  it('sends allRecords only when wanted, since REDCap takes any value as yes', async () => {
    const redcap = await scriptedRedcap(reply.file('%PDF-1.4', 'application/pdf'));
    await exportPdf(redcap.api, { allRecords: false });
    await exportPdf(redcap.api, { allRecords: true });
    expect(redcap.sent.map((sent) => sent.fields.allRecords)).toEqual([undefined, 'true']);
  });

  it('refuses something that is not a PDF', async () => {
    const redcap = await scriptedRedcap(reply.file('PK\u0003\u0004', 'application/zip'));
    expect(await appError(exportPdf(redcap.api))).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('expected a PDF') });
  });
});
