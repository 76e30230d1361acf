import { describe, expect, it } from 'vitest';
import { TOKENS, csvObjects, errorOf, jsonArray, post, postAs, postForBytes, postMultipart, useSandbox } from './redcap-http.ts';
import type { Entries } from './redcap-http.ts';

const BINARY = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

describe('REDCap sandbox: files in file-upload fields', () => {
  const sandbox = useSandbox({ records: 30 });
  const file = (entries: Entries, token: string = TOKENS.cardiometabolic): ReturnType<typeof postForBytes> =>
    postForBytes(sandbox(), [['content', 'file'], ...entries], token);

  it("exports a seeded record's file with its name in the Content-Type header", async () => {
    // Record 20 has a signed consent form on file; its name is also what the record holds.
    const [row] = jsonArray((await post(sandbox(), [['content', 'record'], ['format', 'json'], ['records', '20'], ['fields', 'consent_form']])).text);
    expect(row).toEqual({ consent_form: 'consent_150584.pdf' });
    const reply = await file([['action', 'export'], ['record', '20'], ['field', 'consent_form']]);
    expect(reply.status).toBe(200);
    expect(reply.contentType).toBe('application/pdf; name="consent_150584.pdf"');
    expect(reply.body.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(reply.body.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
  });

  it('imports a file byte for byte, exports it with the name and charset, and deletes it', async () => {
    const imported = await postMultipart(sandbox(), [['content', 'file'], ['action', 'import'], ['record', '2'], ['field', 'consent_form']], { field: 'file', name: 'notes.txt', data: 'héllo\r\n--not a boundary\r\n' });
    expect([imported.status, imported.text]).toEqual([200, '']);
    const text = await file([['action', 'export'], ['record', '2'], ['field', 'consent_form']]);
    expect(text.contentType).toBe('text/plain; name="notes.txt";charset=UTF-8');
    expect(text.body.toString('utf8')).toBe('héllo\r\n--not a boundary\r\n');
    const [row] = jsonArray((await post(sandbox(), [['content', 'record'], ['format', 'json'], ['records', '2'], ['fields', 'consent_form']])).text);
    expect(row).toEqual({ consent_form: 'notes.txt' });

    await postMultipart(sandbox(), [['content', 'file'], ['action', 'import'], ['record', '2'], ['field', 'consent_form']], { field: 'file', name: 'scan.png', data: BINARY, type: 'image/png' });
    const binary = await file([['action', 'export'], ['record', '2'], ['field', 'consent_form']]);
    expect(binary.contentType).toBe('image/png; name="scan.png"');
    expect(binary.body.equals(BINARY)).toBe(true);

    const deleted = await post(sandbox(), [['content', 'file'], ['action', 'delete'], ['record', '2'], ['field', 'consent_form']]);
    expect([deleted.status, deleted.text]).toEqual([200, '']);
    const gone = await post(sandbox(), [['content', 'file'], ['action', 'export'], ['returnFormat', 'json'], ['record', '2'], ['field', 'consent_form']]);
    expect([gone.status, errorOf(gone)]).toEqual([400, 'There is no file to download for this record']);
  });

  it("answers REDCap's errors for fields that are no file fields and records that do not exist", async () => {
    const notFile = await post(sandbox(), [['content', 'file'], ['action', 'export'], ['record', '1'], ['field', 'sex']]);
    expect([notFile.status, notFile.text]).toEqual([400, "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<hash>\n  <error>The field 'sex' does not exist or is not a 'file' field</error>\n</hash>"]);
    const missing = await post(sandbox(), [['content', 'file'], ['action', 'export'], ['returnFormat', 'csv'], ['record', '999'], ['field', 'consent_form']]);
    expect([missing.status, missing.text]).toEqual([400, 'ERROR: The record "999" does not exist']);
    const noPart = await postMultipart(sandbox(), [['content', 'file'], ['action', 'import'], ['returnFormat', 'json'], ['record', '1'], ['field', 'consent_form']]);
    expect([noPart.status, errorOf(noPart)]).toEqual([400, 'The parameter "file" is missing']);
  });

  it('creates the record when a file is imported for a new record ID', async () => {
    await postMultipart(sandbox(), [['content', 'file'], ['action', 'import'], ['record', 'NEW-1'], ['field', 'consent_form']], { field: 'file', name: 'c.pdf', data: '%PDF-1.4\n' });
    const rows = jsonArray((await post(sandbox(), [['content', 'record'], ['format', 'json'], ['records', 'NEW-1'], ['fields', 'record_id,consent_form,enrollment_complete']])).text);
    expect(rows).toEqual([{ record_id: 'NEW-1', consent_form: 'c.pdf', enrollment_complete: '0' }]);
  });

  it('addresses files of longitudinal records by event and repeat instance', async () => {
    const base: Entries = [['record', '5'], ['field', 'ae_report'], ['event', 'baseline_arm_1']];
    const seeded = await file([['action', 'export'], ...base, ['repeat_instance', '1']], TOKENS.heartFailure);
    expect(seeded.contentType).toBe('application/pdf; name="ae_report_5_1.pdf"');
    const upload = await postMultipart(sandbox(), [['content', 'file'], ['action', 'import'], ...base, ['repeat_instance', '2']], { field: 'file', name: 'second.txt', data: 'two' }, TOKENS.heartFailure);
    expect(upload.status).toBe(200);
    expect((await file([['action', 'export'], ...base, ['repeat_instance', '2']], TOKENS.heartFailure)).body.toString()).toBe('two');
    expect((await file([['action', 'export'], ...base, ['repeat_instance', '1']], TOKENS.heartFailure)).contentType).toBe('application/pdf; name="ae_report_5_1.pdf"');
    const noEvent = await postAs(sandbox(), TOKENS.heartFailure, [['content', 'file'], ['action', 'export'], ['returnFormat', 'json'], ['record', '5'], ['field', 'ae_report']]);
    expect([noEvent.status, errorOf(noEvent)]).toEqual([400, 'The parameter "event" is missing']);
    const rows = jsonArray((await postAs(sandbox(), TOKENS.heartFailure, [['content', 'record'], ['format', 'json'], ['records', '5'], ['fields', 'study_id,ae_report'], ['events', 'baseline_arm_1']])).text);
    expect(rows.filter((row) => row.redcap_repeat_instrument === 'adverse_events').map((row) => [row.redcap_repeat_instance, row.ae_report])).toEqual([[1, 'ae_report_5_1.pdf'], [2, 'second.txt']]);
  });
});

describe('REDCap sandbox: File Repository', () => {
  const sandbox = useSandbox({ records: 5 });
  const repo = (entries: Entries, token: string = TOKENS.cardiometabolic): ReturnType<typeof post> => postAs(sandbox(), token, [['content', 'fileRepository'], ...entries]);

  it('lists folders before documents, at the top or in a folder', async () => {
    expect(JSON.parse((await repo([['action', 'list'], ['format', 'json']])).text)).toEqual([
      { folder_id: 51, name: 'Protocol documents' }, { folder_id: 52, name: 'IRB approvals' }, { folder_id: 53, name: 'Site files - Boston' },
      { doc_id: 9001, name: 'README.txt' },
    ]);
    expect(JSON.parse((await repo([['action', 'list'], ['format', 'json'], ['folder_id', '51']])).text)).toEqual([
      { doc_id: 9002, name: 'protocol_v3.pdf' }, { doc_id: 9003, name: 'consent_template.pdf' },
    ]);
    const csv = csvObjects((await repo([['action', 'list'], ['format', 'csv']])).text);
    expect(csv[2]).toEqual({ folder_id: '53', doc_id: '', name: 'Site files - Boston', role: '', dag: 'boston' });
    expect(csv[3]).toEqual({ folder_id: '', doc_id: '9001', name: 'README.txt', role: '', dag: '' });
  });

  it('hands out the seeded documents', async () => {
    const bytes = await postForBytes(sandbox(), [['content', 'fileRepository'], ['action', 'export'], ['doc_id', '9001']]);
    expect([bytes.contentType, bytes.body.toString()]).toEqual(['text/plain; name="README.txt";charset=UTF-8', 'Shared files of the Cardiometabolic Cohort (demo).\n']);
  });

  it("refuses a folder that does not exist with REDCap's text", async () => {
    const reply = await repo([['action', 'list'], ['format', 'json'], ['folder_id', '99']]);
    expect([reply.status, errorOf(reply)]).toEqual([400, 'The File Repository folder folder_id=99 does not exist or else you do not have permission to that folder because it is DAG-restricted or Role-restricted.']);
  });

  it('creates folders, takes uploads, hands documents back and deletes them', async () => {
    const created = await repo([['action', 'createFolder'], ['format', 'json'], ['name', 'Monitoring reports'], ['folder_id', '52']]);
    expect(JSON.parse(created.text)).toEqual([{ folder_id: 54 }]);
    const uploaded = await postMultipart(sandbox(), [['content', 'fileRepository'], ['action', 'import'], ['folder_id', '54']], { field: 'file', name: 'visit 1.csv', data: 'a,b\n1,2\n', type: 'text/csv' });
    expect([uploaded.status, uploaded.text]).toEqual([200, '']);
    const listed = JSON.parse((await repo([['action', 'list'], ['format', 'json'], ['folder_id', '54']])).text) as Array<{ doc_id: number; name: string }>;
    expect(listed).toEqual([{ doc_id: 9006, name: 'visit 1.csv' }]);
    const exported = await postForBytes(sandbox(), [['content', 'fileRepository'], ['action', 'export'], ['doc_id', '9006']]);
    expect([exported.contentType, exported.body.toString()]).toEqual(['text/csv; name="visit 1.csv";charset=UTF-8', 'a,b\n1,2\n']);
    expect((await repo([['action', 'delete'], ['doc_id', '9006']])).status).toBe(200);
    const gone = await repo([['action', 'export'], ['returnFormat', 'json'], ['doc_id', '9006']]);
    expect([gone.status, errorOf(gone)]).toEqual([400, 'The document doc_id=9006 does not exist']);
  });

  it('hides DAG-restricted folders from users of other DAGs', async () => {
    const chicago = JSON.parse((await repo([['action', 'createFolder'], ['format', 'json'], ['name', 'Chicago only'], ['dag_id', '1403']])).text) as Array<{ folder_id: number }>;
    const folderId = String(chicago[0]?.folder_id);
    const boston = JSON.parse((await repo([['action', 'list'], ['format', 'json']], TOKENS.bostonDag)).text) as Array<{ name: string }>;
    expect(boston.map((entry) => entry.name)).toEqual(['Protocol documents', 'IRB approvals', 'Site files - Boston', 'README.txt']);
    const refused = await repo([['action', 'list'], ['format', 'json'], ['folder_id', folderId]], TOKENS.bostonDag);
    expect(errorOf(refused)).toBe(`The File Repository folder folder_id=${folderId} does not exist or else you do not have permission to that folder because it is DAG-restricted or Role-restricted.`);
    expect((await repo([['action', 'list'], ['format', 'json'], ['folder_id', folderId]])).status).toBe(200);
    const badDag = await repo([['action', 'createFolder'], ['format', 'json'], ['name', 'x'], ['dag_id', '7']]);
    expect(badDag.status).toBe(400);
  });
});
