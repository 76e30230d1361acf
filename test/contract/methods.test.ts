import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorCodes, methods, type MethodInput, type MethodName } from '../../shared/contract/index.ts';
import type { WireReply } from '../../shared/channels.ts';
import { recordingPorts, testCore } from '../helpers/test-core.ts';
import { useTempDirs } from '../helpers/temp-dir.ts';

const tempDir = useTempDirs();

/** One valid input per method: adding a method to the contract without a sample here is a compile error. */
const samples: { [M in MethodName]: MethodInput<M> } = {
  'app.info': {},
  'settings.get': {},
  'app.diagnostics': {},
  'app.showLogs': {},
  'app.runNoticeAction': { id: 'update.restart' },
  'app.updateState': {},
  'settings.update': { redcapBatchSize: 200 },
  'connections.list': {},
  'connections.test': { kind: 'redcap', url: 'http://127.0.0.1:1/api/', token: '0123456789ABCDEF0123456789ABCDEF' },
  'connections.add': { kind: 'redcap', url: 'http://127.0.0.1:1/api/', token: '0123456789ABCDEF0123456789ABCDEF', name: 'X' },
  'connections.update': { connectionId: 'abc', name: 'Y' },
  'connections.remove': { connectionId: 'abc' },
  'connections.ping': { connectionId: 'abc' },
  'project.overview': { connectionId: 'abc' },
  'sync.start': { connectionId: 'abc', mode: 'auto' },
  'records.openView': { connectionId: 'abc', dataset: 'records', mode: 'raw', sort: [], filter: '' },
  'records.rows': { viewId: 'v1', offset: 0, limit: 10 },
  'records.closeView': { viewId: 'v1' },
  'records.detail': { connectionId: 'abc', recordId: '1' },
  'files.stagePath': { path: '/nonexistent/file.pdf' },
  'recordFiles.download': { connectionId: 'abc', recordId: '1', field: 'consent_form' },
  'recordFiles.upload': { connectionId: 'abc', recordId: '1', field: 'consent_form', stageId: 's1' },
  'recordFiles.delete': { connectionId: 'abc', recordId: '1', field: 'consent_form', event: '', instance: '' },
  'recordFiles.targets': { connectionId: 'abc' },
  'recordFiles.match': { connectionId: 'abc', field: 'consent_form', fileNames: ['1001_consent.pdf'] },
  'repository.download': { connectionId: 'abc', docId: 1 },
  'repository.upload': { connectionId: 'abc', folderId: null, stageId: 's1' },
  'repository.delete': { connectionId: 'abc', docId: 1 },
  'repository.createFolder': { connectionId: 'abc', parentId: null, name: 'Protocols' },
  'reports.add': { connectionId: 'abc', reportId: '12' },
  'reports.remove': { connectionId: 'abc', reportId: '12' },
  'export.start': { view: { connectionId: 'abc', dataset: 'records', mode: 'raw', sort: [], filter: '' }, format: 'csv', header: 'names', bom: false },
  'export.deliver': { jobId: 'j1', action: 'reveal' },
  'jobs.list': {},
  'jobs.cancel': { jobId: 'j1' },
  'jobs.dismiss': { jobId: 'j1' },
  'brainstem.connect': { url: 'http://127.0.0.1:1/', portal: 'public' },
  'brainstem.setPortal': { connectionId: 'abc', portal: 'private' },
  'brainstem.signIn.deviceStart': { connectionId: 'abc' },
  'brainstem.signIn.deviceCancel': { flowId: 'f1' },
  'brainstem.signIn.token': { connectionId: 'abc', token: 'c0ffeec0ffeec0ffeec0ffeec0ffeec0ffee0001' },
  'brainstem.signIn.password': { connectionId: 'abc', email: 'a@lab.example', password: 'pw' },
  'brainstem.signIn.legacy': { connectionId: 'abc', username: 'a', password: 'pw' },
  'brainstem.signOut': { connectionId: 'abc' },
  'brainstem.overview': { connectionId: 'abc' },
  'brainstem.record': { connectionId: 'abc', model: 'session', id: '00d60b97-96a7-4a2e-9e39-8946ef19a03d' },
  'brainstem.search': { connectionId: 'abc', model: 'project', text: 'rat' },
  'brainstem.create': { connectionId: 'abc', model: 'session', values: { name: 'S1' } },
  'brainstem.update': { connectionId: 'abc', model: 'session', id: '00d60b97-96a7-4a2e-9e39-8946ef19a03d', values: { name: 'S2' } },
  'brainstem.delete': { connectionId: 'abc', model: 'session', id: '00d60b97-96a7-4a2e-9e39-8946ef19a03d' },
  'brainstem.logEntry': { connectionId: 'abc', model: 'subjectlog', id: '00d60b97-96a7-4a2e-9e39-8946ef19a03d', change: 'add', entry: { date_time: '2025-01-02T10:00:00Z' } },
  'brainstem.action': { connectionId: 'abc', model: 'group', id: '8', action: 'join' },
  'brim.connect': { url: 'http://127.0.0.1:1', token: 'brimP1demo0c4f8a21d9e3b7a65f0c2e18d4b9a7', projectId: 101 },
  'brim.overview': { connectionId: 'abc' },
  'brim.preflight': { stageId: 's1' },
  'brim.preflightReport': { jobId: 'j1' },
  'brim.preflightProblemsCsv': { jobId: 'j1' },
  'brim.uploadNotes': { connectionId: 'abc', stageId: 's1', generateAfterUpload: true },
  'brim.uploadStructured': { connectionId: 'abc', stageId: 's1' },
  'brim.uploadResource': { connectionId: 'abc', stageId: 's1' },
  'brim.generate': { connectionId: 'abc', patientIds: ['P1'] },
  'brim.watchTask': { connectionId: 'abc', taskId: 't1' },
  'brim.fetchResults': { connectionId: 'abc', kind: 'patient' },
  'brim.invite': { connectionId: 'abc', email: 'coordinator@hospital.example' },
  'brim.queuePeek': { connectionId: 'abc' },
  'brim.queuePop': { connectionId: 'abc' },
  'brim.queueErrors': { connectionId: 'abc' },
  'imports.plan': { connectionId: 'abc', stageId: 's1', options: { dateFormat: 'MDY', labelsToCodes: true, overwrite: false } },
  'imports.replan': { planId: 'p1', options: { dateFormat: 'YMD', labelsToCodes: false, overwrite: true, mapping: { 'Date of birth': 'dob', notes: null } } },
  'imports.planSummary': { planId: 'p1' },
  'imports.planChanges': { planId: 'p1', offset: 0, limit: 100, kind: 'changed' },
  'imports.problemsCsv': { planId: 'p1' },
  'imports.discardPlan': { planId: 'p1' },
  'imports.start': { planId: 'p1' },
  'imports.list': { connectionId: 'abc' },
  'imports.resume': { connectionId: 'abc', importId: '3f2a9c1e-1111-4222-8333-444455556666' },
  'imports.previewUndo': { connectionId: 'abc', importId: '3f2a9c1e-1111-4222-8333-444455556666' },
  'imports.undo': { connectionId: 'abc', importId: '3f2a9c1e-1111-4222-8333-444455556666' },
  'brimRedcap.prepare': { brimConnectionId: 'abc', redcapConnectionId: 'def', results: 'patient' },
  'brimRedcap.check': { brimConnectionId: 'abc', redcapConnectionId: 'def', matchField: 'mrn', mapping: [{ variable: 'smoking_status', field: 'smoking_status', values: { 'Never smoker': '0', Unknown: null } }] },
  'brimRedcap.plan': { brimConnectionId: 'abc', redcapConnectionId: 'def', results: 'detailed', event: 'baseline_arm_1', matchField: 'record_id', mapping: [{ variable: 'medications', field: 'medications' }], overwrite: false },
  'cache.clear': { connectionId: 'abc' },
  'cache.clearAll': {},
};

const wrongValues: unknown[] = [42, true, [], { nested: { deeper: [1, 2, { x: 'y' }] } }, 'x'.repeat(100_000), null];
const nonObjects: unknown[] = ['a string', 42, [1, 2], true];

/** Every way to break one top-level field of a method's input. */
function mutants(method: MethodName): Array<{ label: string; input: unknown }> {
  const schema = methods[method].input;
  const out: Array<{ label: string; input: unknown }> = nonObjects.map((input) => ({ label: `non-object ${JSON.stringify(input).slice(0, 20)}`, input }));
  if (!(schema instanceof z.ZodObject)) return out;
  const sample = samples[method] as Record<string, unknown>;
  for (const key of Object.keys(schema.shape)) {
    for (const value of wrongValues) {
      // A wrong value for a field is only "wrong" if the schema really refuses it.
      const input = { ...sample, [key]: value };
      if (!schema.safeParse(input).success) out.push({ label: `${key} = ${JSON.stringify(value)?.slice(0, 30)}`, input });
    }
  }
  return out;
}

describe('every contract method', () => {
  it('answers malformed input with VALIDATION, never a crash, and writes nothing', async () => {
    const dir = tempDir();
    const ports = recordingPorts(dir);
    const { core, keychain } = await testCore(dir, ports);
    const before = readdirSync(dir).sort();
    let checked = 0;
    for (const method of Object.keys(methods) as MethodName[]) {
      for (const { label, input } of mutants(method)) {
        const reply = (await core.dispatch(method, input, { shell: 'desktop' })) as WireReply;
        expect(reply, `${method} with ${label}`).toMatchObject({ ok: false, error: { code: 'VALIDATION', retryable: false } });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(keychain.size).toBe(0);
    expect(ports.delivered).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(before);
    const list = await core.dispatch('connections.list', {}, { shell: 'desktop' });
    expect(list).toEqual({ ok: true, result: [] });
    await core.shutdown();
  });

  it('answers a well-formed call on missing things with a known error code, not INTERNAL', async () => {
    const dir = tempDir();
    const { core } = await testCore(dir, recordingPorts(dir));
    for (const method of Object.keys(methods) as MethodName[]) {
      const reply = (await core.dispatch(method, samples[method], { shell: 'desktop' })) as WireReply;
      if (!reply.ok) {
        expect(errorCodes, method).toContain(reply.error.code);
        expect(reply.error.code, `${method}: ${reply.error.message}`).not.toBe('INTERNAL');
        expect(reply.error.message).not.toContain('0123456789ABCDEF0123456789ABCDEF');
      }
    }
    await core.shutdown();
  });

  it('refuses method names outside the contract, including inherited property names', async () => {
    const dir = tempDir();
    const { core } = await testCore(dir, recordingPorts(dir));
    for (const name of ['constructor', '__proto__', 'toString', 'records.delete', '', 42, null]) {
      expect(await core.dispatch(name, {}, { shell: 'web' })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    }
    await core.shutdown();
  });

  it('does not let __proto__ keys reach a handler or pollute objects', async () => {
    const dir = tempDir();
    const { core } = await testCore(dir, recordingPorts(dir));
    const reply = await core.dispatch('settings.update', JSON.parse('{"__proto__": {"polluted": true}, "csvBom": true}'), { shell: 'web' });
    expect(reply).toMatchObject({ ok: true, result: { csvBom: true } });
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    await core.shutdown();
  });
});
