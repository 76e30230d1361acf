import { describe, expect, it } from 'vitest';
import { jsonArray, post, useSandbox } from './redcap-http.ts';
import type { Entries } from './redcap-http.ts';

const NO_PERMISSION = 'You do not have permissions to use the API';

describe('REDCap sandbox: errors', () => {
  const sandbox = useSandbox({ records: 20 });

  it('refuses an unknown but well-formed token with 403 in the returnFormat shape', async () => {
    const bad: Entries = [['token', 'BAD00000000000000000000000000000'], ['content', 'record']];
    const json = await post(sandbox(), [...bad, ['format', 'json']], { withToken: false });
    expect(json.status).toBe(403);
    expect(json.contentType).toBe('application/json; charset=utf-8');
    expect(JSON.parse(json.text)).toEqual({ error: NO_PERMISSION });
    const csv = await post(sandbox(), [...bad, ['format', 'csv']], { withToken: false });
    expect([csv.status, csv.text]).toEqual([403, `ERROR: ${NO_PERMISSION}`]);
    const xml = await post(sandbox(), [...bad, ['format', 'xml']], { withToken: false });
    expect(xml.status).toBe(403);
    expect(xml.text).toBe(`<?xml version="1.0" encoding="UTF-8" ?>\n<hash>\n  <error>${NO_PERMISSION}</error>\n</hash>`);
  });

  it('refuses ill-formed and missing tokens the same way', async () => {
    const real = sandbox().projects[0]?.token ?? '';
    for (const token of [real.toLowerCase(), real.slice(1), `${real}\n`, `${real}0`, ' ', '']) {
      const reply = await post(sandbox(), [['token', token], ['content', 'version'], ['returnFormat', 'json']], { withToken: false });
      expect([reply.status, reply.text], JSON.stringify(token)).toEqual([403, JSON.stringify({ error: NO_PERMISSION })]);
    }
    const missing = await post(sandbox(), [['content', 'metadata'], ['format', 'csv']], { withToken: false });
    expect([missing.status, missing.text]).toEqual([403, `ERROR: ${NO_PERMISSION}`]);
  });

  it('shapes errors by returnFormat first, then format, then the method default', async () => {
    const bad = (entries: Entries): Entries => [['token', 'F'.repeat(32)], ...entries];
    const shape = async (entries: Entries): Promise<string> => {
      const { text } = await post(sandbox(), bad(entries), { withToken: false });
      return text.startsWith('{') ? 'json' : text.startsWith('ERROR: ') ? 'csv' : text.startsWith('<?xml') ? 'xml' : text;
    };
    expect(await shape([['content', 'record'], ['format', 'json'], ['returnFormat', 'csv']])).toBe('csv');
    expect(await shape([['content', 'record'], ['format', 'csv'], ['returnFormat', 'XML']])).toBe('xml');
    expect(await shape([['content', 'record'], ['format', 'csv']])).toBe('csv');
    expect(await shape([['content', 'record']])).toBe('xml');
    expect(await shape([['content', 'record'], ['format', 'odm']])).toBe('xml');
    expect(await shape([['content', 'metadata']])).toBe('json');
    expect(await shape([['content', 'exportFieldNames']])).toBe('json');
    expect(await shape([['content', 'file'], ['action', 'export']])).toBe('xml');
  });

  it('rejects an unknown content with 400', async () => {
    const reply = await post(sandbox(), [['content', 'records'], ['format', 'csv']]);
    expect([reply.status, reply.text]).toEqual([400, 'ERROR: The value of the parameter "content" is not valid']);
  });

  it('names every unknown field and form in a 400', async () => {
    const fields = await post(sandbox(), [['content', 'record'], ['format', 'csv'], ['fields', 'record_id,specimen_study_id,race___1']]);
    expect([fields.status, fields.text]).toEqual([400, `ERROR: The following values in the parameter "fields" are not valid: 'specimen_study_id', 'race___1'`]);
    const one = await post(sandbox(), [['content', 'record'], ['format', 'json'], ['fields[0]', 'specimen_study_id']]);
    expect(JSON.parse(one.text)).toEqual({ error: `The following values in the parameter "fields" are not valid: 'specimen_study_id'` });
    const forms = await post(sandbox(), [['content', 'record'], ['format', 'json'], ['forms[0]', 'demographics']]);
    expect([forms.status, JSON.parse(forms.text)]).toEqual([400, { error: `The following values in the parameter "forms" are not valid: 'demographics'` }]);
    const metadata = await post(sandbox(), [['content', 'metadata'], ['format', 'json'], ['fields[0]', 'nope']]);
    expect(metadata.status).toBe(400);
  });

  it('tells a classic project that it has no arms, events or form/event mappings', async () => {
    const expectations: Array<[string, string]> = [
      ['arm', 'You cannot export arms for classic projects'],
      ['event', 'You cannot export events for classic projects'],
      ['formEventMapping', 'You cannot export form/event mappings for classic projects'],
    ];
    for (const [content, message] of expectations) {
      const reply = await post(sandbox(), [['content', content], ['format', 'json']]);
      expect([reply.status, JSON.parse(reply.text)], content).toEqual([400, { error: message }]);
    }
  });

  it('refuses filter logic it cannot read with a 400 rather than returning unfiltered records', async () => {
    const reply = await post(sandbox(), [['content', 'record'], ['format', 'json'], ['filterLogic', "datediff([dob], 'today', 'y') > 30"]]);
    expect([reply.status, JSON.parse(reply.text)]).toEqual([400, { error: 'The filterLogic parameter contains invalid syntax: the function "datediff" is not supported' }]);
    const blank = await post(sandbox(), [['content', 'record'], ['format', 'json'], ['filterLogic', ''], ['dateRangeBegin', '']]);
    expect(blank.status).toBe(200);
    expect(jsonArray(blank.text)).toHaveLength(20);
  });

  it('never lets a success body look like an error to PyCap', async () => {
    for (const content of ['record', 'metadata', 'instrument', 'exportFieldNames', 'project']) {
      for (const format of ['json', 'csv', 'xml']) {
        const reply = await post(sandbox(), [['content', content], ['format', format]]);
        expect(reply.status, `${content}/${format}`).toBe(200);
        expect(reply.text.toLowerCase().startsWith('error:'), `${content}/${format}`).toBe(false);
        expect(reply.text, `${content}/${format}`).not.toContain('<error>');
        if (format === 'json') expect(JSON.parse(reply.text), `${content}/${format}`).not.toHaveProperty('error');
      }
    }
  });
});
