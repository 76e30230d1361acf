import { describe, expect, it } from 'vitest';
import { createFolder, deleteDocument, deleteFile, exportDocument, exportFile, importDocument, importFile, listRepository } from '../../../main/services/connectors/redcap/methods/index.ts';
import { appError, base, reply, scriptedRedcap } from './redcap-methods-harness.ts';

const upload = { bytes: new TextEncoder().encode('hello'), fileName: 'test_upload.txt', contentType: 'text/plain' };

describe('files in record fields', () => {
  it('downloads a file with its stored name', async () => {
    const redcap = await scriptedRedcap(reply.file('hello', 'text/plain; name="test_upload.txt";charset=UTF-8'));
    const file = await exportFile(redcap.api, { record: '1', field: 'upload', event: 'event_1_arm_1', repeat_instance: 2 });
    expect(file).toMatchObject({ fileName: 'test_upload.txt', contentType: 'text/plain' });
    expect(new TextDecoder().decode(file.bytes)).toBe('hello');
    expect(redcap.only().fields).toEqual(base({ content: 'file', action: 'export', record: '1', field: 'upload', event: 'event_1_arm_1', repeat_instance: '2' }));
  });

  it('uploads as multipart with the file in the part named file', async () => {
    const redcap = await scriptedRedcap(reply.text(''));
    await importFile(redcap.api, { record: '1', field: 'upload', file: upload });
    const sent = redcap.only();
    expect(sent.contentType).toMatch(/^multipart\/form-data/);
    expect(sent.fields).toEqual(base({ content: 'file', action: 'import', record: '1', field: 'upload' }));
    expect(sent.file).toEqual({ fileName: 'test_upload.txt', type: 'text/plain', text: 'hello' });
  });

  it('deletes a file, once', async () => {
    const redcap = await scriptedRedcap(reply.text('busy', 503), reply.text(''));
    expect(await appError(deleteFile(redcap.api, { record: '1', field: 'upload' }))).toMatchObject({ code: 'SERVICE_ERROR' });
    expect(redcap.only().fields).toEqual(base({ content: 'file', action: 'delete', record: '1', field: 'upload' }));
  });

  it('passes on the refusal for a field that is not a file field', async () => {
    const redcap = await scriptedRedcap(reply.error("The field 'mugshotttttt' does not exist or is not a 'file' field"));
    expect(await appError(exportFile(redcap.api, { record: '1', field: 'mugshotttttt' }))).toMatchObject({ code: 'SERVICE_ERROR', message: expect.stringContaining("is not a 'file' field") });
  });
});

describe('the File Repository', () => {
  it('lists folders and documents as a discriminated result', async () => {
    const redcap = await scriptedRedcap(reply.json([{ folder_id: 1, name: 'the-state' }, { doc_id: 6652, name: 'mugshot-1.jpg' }]));
    expect(await listRepository(redcap.api, { folder_id: 3 })).toEqual([
      { kind: 'folder', folder_id: 1, name: 'the-state' },
      { kind: 'document', doc_id: 6652, name: 'mugshot-1.jpg' },
    ]);
    expect(redcap.only().fields).toEqual(base({ content: 'fileRepository', action: 'list', format: 'json', folder_id: '3' }));
  });

  it('refuses a listing entry that is neither', async () => {
    const redcap = await scriptedRedcap(reply.json([{ name: 'orphan' }]));
    expect(await appError(listRepository(redcap.api))).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('a folder {folder_id, name} or a document {doc_id, name}') });
  });

  it('passes on the refusal for a folder it cannot see', async () => {
    const redcap = await scriptedRedcap(reply.csvError('The File Repository folder folder_id=99 does not exist or else you do not have permission to that folder because it is DAG-restricted or Role-restricted.'));
    expect(await appError(listRepository(redcap.api, { folder_id: 99 }))).toMatchObject({ code: 'SERVICE_ERROR', message: expect.stringContaining('folder_id=99') });
  });

  it('creates a folder and answers its id', async () => {
    const redcap = await scriptedRedcap(reply.json([{ folder_id: 45 }]));
    expect(await createFolder(redcap.api, { name: 'Consent forms', folder_id: 1, dag_id: 2, role_id: 3 })).toBe(45);
    expect(redcap.only().fields).toEqual(base({ content: 'fileRepository', action: 'createFolder', format: 'json', name: 'Consent forms', folder_id: '1', dag_id: '2', role_id: '3' }));
  });

  it('checks the folder name length before sending', async () => {
    const redcap = await scriptedRedcap(reply.json([{ folder_id: 45 }]));
    expect(await appError(createFolder(redcap.api, { name: 'x'.repeat(151) }))).toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('150') });
    expect(await appError(createFolder(redcap.api, { name: '  ' }))).toMatchObject({ code: 'VALIDATION' });
    expect(redcap.sent).toHaveLength(0);
    await createFolder(redcap.api, { name: 'x'.repeat(150) });
    expect(redcap.sent).toHaveLength(1);
  });

  it('refuses a create-folder answer without a folder id', async () => {
    const redcap = await scriptedRedcap(reply.json({ folder_id: 45 }));
    expect(await appError(createFolder(redcap.api, { name: 'a' }))).toMatchObject({ code: 'BAD_RESPONSE', message: expect.stringContaining('the new folder') });
  });

  it('downloads, uploads and deletes documents', async () => {
    const redcap = await scriptedRedcap(reply.file('hello', 'text/plain; name="test.txt";charset=UTF-8'), reply.text(''), reply.text(''));
    const document = await exportDocument(redcap.api, { doc_id: 6652 });
    expect(document.fileName).toBe('test.txt');
    await importDocument(redcap.api, { folder_id: 1, file: upload });
    await deleteDocument(redcap.api, { doc_id: 6652 });
    expect(redcap.sent.map((sent) => sent.fields)).toEqual([
      base({ content: 'fileRepository', action: 'export', doc_id: '6652' }),
      base({ content: 'fileRepository', action: 'import', folder_id: '1' }),
      base({ content: 'fileRepository', action: 'delete', doc_id: '6652' }),
    ]);
    expect(redcap.sent[1]!.file).toEqual({ fileName: 'test_upload.txt', type: 'text/plain', text: 'hello' });
  });
});
