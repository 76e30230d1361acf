import { describe, expect, it } from 'vitest';
import { startRedcapSandbox } from '../../sandbox/redcap/index.ts';
import { jsonArray, post, postMultipart, tokenOf, useSandbox } from './redcap-http.ts';
import type { Entries } from './redcap-http.ts';

const NOT_IMPLEMENTED = '<?xml version="1.0" encoding="UTF-8" ?><hash><error>The requested method is not implemented.</error></hash>';

describe('REDCap sandbox: transport', () => {
  const sandbox = useSandbox({ records: 30 });

  it('listens on 127.0.0.1 with a URL that ends in /api/ and a 32-char upper-case hex token', () => {
    expect(sandbox().url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
    expect(tokenOf(sandbox())).toMatch(/^[0-9A-F]{32}$/);
    expect(sandbox().projects).toEqual([
      expect.objectContaining({ name: 'Cardiometabolic Cohort (demo)', longitudinal: false, token: 'C0FFEEC0FFEEC0FFEEC0FFEEC0FFEE01', rights: 'full' }),
      expect.objectContaining({ name: 'Heart Failure Follow-up Study (demo)', longitudinal: true, token: 'C0FFEEC0FFEEC0FFEEC0FFEEC0FFEE02', rights: 'full' }),
    ]);
    for (const entry of [...sandbox().projects, ...sandbox().restrictedTokens]) expect(entry.token).toMatch(/^[0-9A-F]{32}$/);
  });

  it('answers a GET, a parameterless POST and a POST without content with the 501 XML body', async () => {
    const get = await fetch(sandbox().url);
    expect(get.status).toBe(501);
    expect(await get.text()).toBe(NOT_IMPLEMENTED);
    const empty = await fetch(sandbox().url, { method: 'POST' });
    expect(empty.status).toBe(501);
    expect(empty.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect(await empty.text()).toBe(NOT_IMPLEMENTED);
    const noContent = await post(sandbox(), [['format', 'json']]);
    expect([noContent.status, noContent.text]).toEqual([501, NOT_IMPLEMENTED]);
  });

  it('treats a JSON body as no parameters at all, as PHP does', async () => {
    const response = await fetch(sandbox().url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: tokenOf(sandbox()), content: 'version' }),
    });
    expect(response.status).toBe(501);
  });

  it('answers every other path with a web server 404 page', async () => {
    for (const path of ['/', '/api', '/api/x', '/redcap/api/', '/API/']) {
      const response = await fetch(new URL(path, sandbox().url), { method: 'POST', body: new URLSearchParams({ token: tokenOf(sandbox()), content: 'version' }) });
      expect(response.status, path).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain('<h1>Not Found</h1>');
    }
  });

  it('accepts the four encodings of array parameters alike', async () => {
    const base: Entries = [['content', 'record'], ['format', 'json']];
    const encodings: Entries[] = [
      [['records[0]', '3'], ['records[1]', '7'], ['fields[0]', 'record_id'], ['fields[1]', 'sex']],
      [['records[1]', '3'], ['records[2]', '7'], ['fields[1]', 'record_id'], ['fields[2]', 'sex']],
      [['records', '3,7'], ['fields', 'record_id, sex']],
      [['records[]', '3'], ['records[]', '7'], ['fields[]', 'record_id'], ['fields[]', 'sex']],
    ];
    const answers = await Promise.all(encodings.map(async (entries) => jsonArray((await post(sandbox(), [...base, ...entries])).text)));
    expect(answers[0]?.map((row) => [row.record_id, Object.keys(row)])).toEqual([
      ['3', ['record_id', 'sex']],
      ['7', ['record_id', 'sex']],
    ]);
    for (const answer of answers) expect(answer).toEqual(answers[0]);
  });

  it('accepts forms in all encodings too', async () => {
    const comma = jsonArray((await post(sandbox(), [['content', 'record'], ['format', 'json'], ['records', '2'], ['forms', 'laboratory,medical_history']])).text);
    const indexed = jsonArray((await post(sandbox(), [['content', 'record'], ['format', 'json'], ['records[0]', '2'], ['forms[0]', 'laboratory'], ['forms[1]', 'medical_history']])).text);
    expect(indexed).toEqual(comma);
    expect(Object.keys(comma[0] ?? {})).toContain('hba1c');
    expect(Object.keys(comma[0] ?? {})).toContain('smoking_status');
  });

  it('answers a curl -F style multipart request like the urlencoded one, file part included', async () => {
    const entries: Entries = [['content', 'record'], ['format', 'csv'], ['records[0]', '1'], ['records[1]', '12'], ['rawOrLabel', 'label']];
    const urlencoded = await post(sandbox(), entries);
    const multipart = await postMultipart(sandbox(), entries, { field: 'file', name: 'notes.txt', data: 'a\r\n--not-a-boundary\r\n' });
    expect(multipart.status).toBe(200);
    expect(multipart.text).toBe(urlencoded.text);
    expect(multipart.text.split('\n').filter((line) => /^(1|12),/.test(line))).toHaveLength(2);
  });

  it("answers fetch's own FormData multipart encoding", async () => {
    const form = new FormData();
    form.append('token', tokenOf(sandbox()));
    form.append('content', 'record');
    form.append('format', 'json');
    form.append('records[]', '5');
    form.append('fields[]', 'mrn');
    const response = await fetch(sandbox().url, { method: 'POST', body: form });
    expect(jsonArray(await response.text())).toEqual([{ mrn: '031799' }]);
  });

  it('reads booleans in any case and as 1/0', async () => {
    const ask = async (value: string): Promise<unknown> => {
      const reply = await post(sandbox(), [['content', 'record'], ['format', 'json'], ['records', '1'], ['fields', 'race'], ['rawOrLabel', 'label'], ['exportCheckboxLabel', value]]);
      return jsonArray(reply.text)[0]?.race___4;
    };
    // Record 1 has race 4 (White) checked.
    for (const yes of ['true', 'True', 'TRUE', '1']) expect(await ask(yes), yes).toBe('White');
    for (const no of ['false', 'False', '0']) expect(await ask(no), no).toBe('Checked');
  });

  it('ignores parameters it does not know (PyCap always sends eventName=label)', async () => {
    const plain = await post(sandbox(), [['content', 'record'], ['format', 'json'], ['records', '4']]);
    const extra = await post(sandbox(), [['content', 'record'], ['format', 'json'], ['records', '4'], ['eventName', 'label'], ['whatever', 'x']]);
    expect(extra.text).toBe(plain.text);
  });

  it('answers the record request bodies PyCap and REDCapR send', async () => {
    // PyCap 2.7 export_records(records=[1, 2], fields=['sex'], raw_or_label='label', export_checkbox_labels=True)
    const pycap = await post(sandbox(), [
      ['content', 'record'], ['format', 'json'], ['type', 'flat'], ['records[0]', '1'], ['records[1]', '2'],
      ['fields[0]', 'sex'], ['fields[1]', 'record_id'], ['rawOrLabel', 'label'], ['rawOrLabelHeaders', 'raw'],
      ['eventName', 'label'], ['exportCheckboxLabel', 'True'],
    ]);
    expect(jsonArray(pycap.text)).toEqual([{ record_id: '1', sex: 'Female' }, { record_id: '2', sex: 'Male' }]);
    // REDCapR redcap_read_oneshot(fields = "record_id"), the first call of a batched redcap_read.
    const redcapr = await post(sandbox(), [
      ['content', 'record'], ['format', 'csv'], ['type', 'flat'], ['rawOrLabel', 'raw'], ['rawOrLabelHeaders', 'raw'],
      ['exportCheckboxLabel', 'false'], ['exportSurveyFields', 'false'], ['exportDataAccessGroups', 'false'],
      ['filterLogic', ''], ['fields', 'record_id'],
    ]);
    expect(redcapr.text).toBe(`record_id\n${Array.from({ length: 30 }, (_, i) => `${i + 1}\n`).join('')}`);
  });

  it('labels every answer with its type and charset=utf-8', async () => {
    const cases: Array<[Entries, string]> = [
      [[['content', 'version']], 'text/plain; charset=utf-8'],
      [[['content', 'metadata'], ['format', 'json']], 'application/json; charset=utf-8'],
      [[['content', 'metadata'], ['format', 'csv']], 'text/csv; charset=utf-8'],
      [[['content', 'metadata'], ['format', 'xml']], 'text/xml; charset=utf-8'],
      [[['content', 'record']], 'text/xml; charset=utf-8'],
    ];
    for (const [entries, type] of cases) expect((await post(sandbox(), entries)).contentType).toBe(type);
  });
});

describe('REDCap sandbox: request size cap', () => {
  it('refuses a body over the cap with 413 and keeps serving', async () => {
    const sandbox = await startRedcapSandbox({ port: 0, records: 5, maxBodyBytes: 2048 });
    try {
      const big = await fetch(sandbox.url, { method: 'POST', body: new URLSearchParams({ token: tokenOf(sandbox), content: 'version', pad: 'x'.repeat(4096) }) });
      expect(big.status).toBe(413);
      expect(await big.text()).toContain('Request Entity Too Large');
      const small = await fetch(sandbox.url, { method: 'POST', body: new URLSearchParams({ token: tokenOf(sandbox), content: 'version' }) });
      expect(await small.text()).toBe('14.1.5');
    } finally {
      await sandbox.close();
    }
  });
});
