import { describe, expect, it } from 'vitest';
import { checkRedcapToken, normalizeRedcapUrl } from '../../../main/services/connectors/redcap/address.ts';
import { parseChoices, redcapColumns } from '../../../main/services/connectors/redcap/columns.ts';
import { RedcapClient } from '../../../main/services/connectors/redcap/client.ts';
import { firstCsvColumn } from '../../../main/services/connectors/redcap/csv-row.ts';
import { HttpClient } from '../../../main/services/http/http-client.ts';
import { encodeParams } from '../../../main/services/connectors/redcap/params.ts';
import { checkRedcapResponse, parseRedcapJson, redcapErrorText } from '../../../main/services/connectors/redcap/responses.ts';
import { metadataSchema, projectInfoSchema } from '../../../main/services/connectors/redcap/schemas.ts';
import type { HttpResponse } from '../../../main/services/http/http-client.ts';
import { z } from 'zod';

function response(status: number, body: string, headers: Record<string, string> = {}): HttpResponse {
  const bytes = new TextEncoder().encode(body);
  return { status, headers: new Headers(headers), url: 'https://redcap.example.edu/api/', body: bytes, text: () => body };
}

describe('REDCap addresses and tokens', () => {
  it('finds the API endpoint in what users paste', () => {
    expect(normalizeRedcapUrl('https://redcap.example.edu/api/')).toEqual({ url: 'https://redcap.example.edu/api/', adjusted: false });
    expect(normalizeRedcapUrl('https://redcap.example.edu/api').url).toBe('https://redcap.example.edu/api/');
    expect(normalizeRedcapUrl('redcap.example.edu').url).toBe('https://redcap.example.edu/api/');
    expect(normalizeRedcapUrl('https://redcap.example.edu/redcap/redcap_v14.1.5/index.php?pid=12').url).toBe('https://redcap.example.edu/redcap/api/');
    expect(normalizeRedcapUrl('https://ctsi.example.org/redcap/index.php').url).toBe('https://ctsi.example.org/redcap/api/');
    expect(normalizeRedcapUrl('http://127.0.0.1:8710/api/').url).toBe('http://127.0.0.1:8710/api/');
  });

  it('refuses addresses that would expose the token or are not web addresses', () => {
    expect(() => normalizeRedcapUrl('http://redcap.example.edu/api/')).toThrow(/https/);
    expect(() => normalizeRedcapUrl('ftp://x/api/')).toThrow();
    expect(() => normalizeRedcapUrl('https://user:pw@redcap.example.edu/api/')).toThrow(/passwords/);
    expect(() => normalizeRedcapUrl('https://exa mple')).toThrow(/web address/);
  });

  it('accepts a 32-character hex token (trimmed) and explains anything else', () => {
    expect(checkRedcapToken(' 0123456789ABCDEF0123456789ABCDEF\n')).toBe('0123456789ABCDEF0123456789ABCDEF');
    expect(() => checkRedcapToken('A'.repeat(64))).toThrow(/super token/);
    expect(() => checkRedcapToken('0123456789ABCDEF0123456789ABCDE')).toThrow(/31 characters/);
    expect(() => checkRedcapToken('0123456789ABCDEF0123456789ABCDEZ')).toThrow(/other characters/);
  });
});

describe('REDCap requests', () => {
  it('encodes arrays the way PyCap and PHP clients do', () => {
    expect(encodeParams({ content: 'record', records: ['1', '2'], rawOrLabel: 'raw', exportCheckboxLabel: false, fields: undefined }).toString()).toBe(
      'content=record&records%5B0%5D=1&records%5B1%5D=2&rawOrLabel=raw&exportCheckboxLabel=false',
    );
  });
});

describe('REDCap answers', () => {
  it('reads REDCap error bodies in all three formats', () => {
    expect(redcapErrorText('{"error":"You do not have permissions to use the API"}')).toBe('You do not have permissions to use the API');
    expect(redcapErrorText('ERROR: The value of the parameter "content" is not valid')).toBe('The value of the parameter "content" is not valid');
    expect(redcapErrorText('<?xml version="1.0" encoding="UTF-8" ?><hash><error>The requested method is not implemented.</error></hash>')).toBe('The requested method is not implemented.');
    expect(redcapErrorText('[{"record_id":"1"}]')).toBeNull();
  });

  it('explains a rejected token, a wrong address, a web page and an http→https redirect', () => {
    const url = 'https://redcap.example.edu/api/';
    expect(() => checkRedcapResponse(response(403, '{"error":"You do not have permissions to use the API"}'), url, 'connect')).toThrow(expect.objectContaining({ code: 'AUTH_FAILED' }));
    expect(() => checkRedcapResponse(response(404, '<html><body>Not Found</body></html>', { 'content-type': 'text/html' }), url, 'connect')).toThrow(expect.objectContaining({ code: 'NOT_SERVICE', message: expect.stringContaining('404') }));
    expect(() => checkRedcapResponse(response(200, '<!DOCTYPE html><html>Login</html>', { 'content-type': 'text/html' }), url, 'connect')).toThrow(expect.objectContaining({ code: 'NOT_SERVICE' }));
    expect(() => checkRedcapResponse(response(200, '<!DOCTYPE html><html>unknown error</html>'), url, 'data')).toThrow(expect.objectContaining({ code: 'BAD_RESPONSE', retryable: true }));
    expect(() => checkRedcapResponse(response(301, '', { location: 'https://redcap.example.edu/api/' }), 'http://127.0.0.1/api/', 'connect')).toThrow(/Use that address/);
    expect(() => checkRedcapResponse(response(501, '<?xml version="1.0" encoding="UTF-8" ?><hash><error>The requested method is not implemented.</error></hash>'), url, 'data')).toThrow(/https/);
    expect(() => checkRedcapResponse(response(500, '{"error":"REDCap ran out of server memory. The request cannot be processed."}'), url, 'data')).toThrow(/batch size/);
    expect(() => checkRedcapResponse(response(200, '[]'), url, 'data')).not.toThrow();
  });

  it('says a JSON body was cut off (and may be retried) rather than just "invalid JSON"', () => {
    expect(() => parseRedcapJson(response(200, '[{"record_id":"1","name":"A'), z.array(z.unknown()), 'records')).toThrow(expect.objectContaining({ code: 'BAD_RESPONSE', retryable: true, message: expect.stringContaining('cut off') }));
    expect(() => parseRedcapJson(response(200, 'hello'), z.array(z.unknown()), 'records')).toThrow(expect.objectContaining({ retryable: false }));
    expect(() => parseRedcapJson(response(200, '{"project_title":3}'), projectInfoSchema, 'project information')).toThrow(/not what REDCap sends/);
  });
});

describe('REDCap columns', () => {
  const metadata = metadataSchema.parse([
    { field_name: 'record_id', form_name: 'demographics', field_type: 'text', field_label: 'Record ID' },
    { field_name: 'intro', form_name: 'demographics', field_type: 'descriptive', field_label: '<b>Welcome</b>' },
    { field_name: 'age', form_name: 'demographics', field_type: 'text', field_label: 'Age', text_validation_type_or_show_slider_number: 'integer' },
    { field_name: 'sex', form_name: 'demographics', field_type: 'radio', field_label: 'Sex', select_choices_or_calculations: '0, Female | 1, Male' },
    { field_name: 'race', form_name: 'demographics', field_type: 'checkbox', field_label: 'Race', select_choices_or_calculations: '1, White|2, Black|-4, Unknown' },
    { field_name: 'visit_date', form_name: 'visit', field_type: 'text', field_label: 'Visit <i>date</i>', text_validation_type_or_show_slider_number: 'date_ymd' },
    { field_name: 'bmi', form_name: 'visit', field_type: 'calc', field_label: 'BMI', select_choices_or_calculations: '[w]/([h]*[h])' },
  ]);

  it('parses choices, codes before the first comma', () => {
    expect(parseChoices('1, Yes, definitely | 2 , No')).toEqual([['1', 'Yes, definitely'], ['2', 'No']]);
  });

  it('lays out columns in REDCap flat-export order with labels for coded values', () => {
    const columns = redcapColumns({
      project: projectInfoSchema.parse({ project_id: 1, project_title: 'P', in_production: 0, is_longitudinal: 0, has_repeating_instruments_or_events: 0 }),
      metadata,
      instruments: [
        { instrument_name: 'demographics', instrument_label: 'Demographics' },
        { instrument_name: 'visit', instrument_label: 'Visit' },
      ],
      exportFieldNames: [{ original_field_name: 'race', choice_value: '-4', export_field_name: 'race____4' }],
    });
    expect(columns.map((c) => c.name)).toEqual(['record_id', 'age', 'sex', 'race___1', 'race___2', 'race____4', 'demographics_complete', 'visit_date', 'bmi', 'visit_complete']);
    expect(columns.find((c) => c.name === 'sex')?.valueLabels).toEqual({ '0': 'Female', '1': 'Male' });
    expect(columns.find((c) => c.name === 'race___2')).toMatchObject({ label: 'Race (choice=Black)', valueLabels: { '0': 'Unchecked', '1': 'Checked' } });
    expect(columns.find((c) => c.name === 'visit_date')?.label).toBe('Visit date');
    expect(columns.filter((c) => c.numeric).map((c) => c.name)).toEqual(['age', 'bmi']);
    expect(columns[0]?.isKey).toBe(true);
  });

  it('labels events and repeating instruments in longitudinal projects the way REDCap labels them', () => {
    const columns = redcapColumns({
      project: projectInfoSchema.parse({ project_id: 1, project_title: 'P', in_production: 0, is_longitudinal: 1, has_repeating_instruments_or_events: 1 }),
      metadata,
      instruments: [
        { instrument_name: 'demographics', instrument_label: 'Demographics' },
        { instrument_name: 'visit', instrument_label: '<b>Visit</b> form' },
      ],
      exportFieldNames: [],
      events: [{ unique_event_name: 'baseline_arm_1', event_name: 'Baseline', arm_num: 1 }, { unique_event_name: 'baseline_arm_2', event_name: 'Baseline', arm_num: 2 }],
    });
    expect(columns.slice(0, 4).map((c) => c.name)).toEqual(['record_id', 'redcap_event_name', 'redcap_repeat_instrument', 'redcap_repeat_instance']);
    expect(columns[1]?.valueLabels).toEqual({ baseline_arm_1: 'Baseline (Arm 1)', baseline_arm_2: 'Baseline (Arm 2)' });
    expect(columns[2]?.valueLabels).toEqual({ demographics: 'Demographics', visit: 'Visit form' });
  });
});

describe('the record ID list', () => {
  it('reads the first CSV column, with quotes, doubled quotes, commas and line breaks inside fields', () => {
    const csv = 'study_id,redcap_event_name,notes\r\n1,screening_arm_1,"a, b"\r\n"2-A ""x""",baseline_arm_1,"line\none"\r\n3,screening_arm_2,\n';
    expect(firstCsvColumn(csv)).toEqual(['study_id', '1', '2-A "x"', '3']);
    expect(firstCsvColumn('')).toEqual([]);
  });

  it('refuses a CSV text cut inside a quoted field', () => {
    expect(firstCsvColumn('study_id,notes\n1,"unfinished')).toBeNull();
  });

  it('lists each record once, in REDCap order, from a longitudinal answer', async () => {
    const csv = 'study_id,redcap_event_name,redcap_repeat_instrument,redcap_repeat_instance\n10,screening_arm_1,,\n10,baseline_arm_1,,\n10,baseline_arm_1,adverse_events,1\n2,screening_arm_2,,\n';
    const http = new HttpClient(async () => new Response(csv, { status: 200, headers: { 'content-type': 'text/csv; charset=utf-8' } }), { baseDelayMs: 1 });
    const client = new RedcapClient(http, 'https://redcap.example.org/api/', 'A'.repeat(32));
    expect(await client.recordIds('study_id')).toEqual(['10', '2']);
    await expect(client.recordIds('record_id')).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
  });
});
