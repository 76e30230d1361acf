// Brim results into the REDCap sandbox through the contract, in main: both sandboxes, the Brim demo
// project's results fetched, the cardiometabolic demo project synced. Then the ordinary import: plan,
// changes, journaled import, the values on the server, undo.

import { afterEach, describe, expect, it } from 'vitest';
import type { BrimRedcapPair } from '../../../shared/contract/brim-redcap.ts';
import { startRedcapSandbox, type RedcapSandbox } from '../../sandbox/redcap/index.ts';
import { REDCAP_DEMO_TOKENS } from '../../sandbox/redcap/seed-teams.ts';
import { startBrimCore, type BrimCore } from '../../helpers/brim-test-core.ts';
import { redcapRecords } from '../../helpers/redcap-truth.ts';
import { syncAndWait } from '../../helpers/test-core.ts';
import { brimExport } from '../../e2e/brim-sandbox.ts';

const TOKEN = REDCAP_DEMO_TOKENS.cardiometabolic;
let brim: BrimCore | undefined;
let redcap: RedcapSandbox | undefined;
afterEach(async () => {
  await brim?.close();
  await redcap?.close();
  brim = undefined;
  redcap = undefined;
});

async function setup(options: { sync?: boolean } = {}): Promise<{ b: BrimCore; redcapId: string; url: string }> {
  brim = await startBrimCore();
  redcap = await startRedcapSandbox({ records: 30, longitudinalRecords: 5 });
  const { id } = await brim.call('connections.add', { kind: 'redcap', url: redcap.url, token: TOKEN });
  if (options.sync !== false) expect((await syncAndWait(brim.core, id)).state).toBe('succeeded');
  return { b: brim, redcapId: id, url: redcap.url };
}

async function fetchResults(b: BrimCore, kind: 'patient' | 'detailed'): Promise<void> {
  expect((await b.job('brim.fetchResults', { connectionId: b.connectionId, kind, includeNulls: true, scope: { type: 'project' } })).state).toBe('succeeded');
}

/** Brim's own patient-level export, as the oracle: patient → column → value. */
async function brimPatientExport(b: BrimCore): Promise<Map<string, Record<string, string>>> {
  const [header, ...rows] = await brimExport(b.sandbox.url, b.sandbox.token, b.sandbox.projectId, 'patient');
  return new Map(rows.map((row) => [row[0]!, Object.fromEntries(header!.map((h, i) => [h, row[i] ?? '']))]));
}

describe('Brim results into REDCap', () => {
  it('says what to do when the Brim results are not fetched or the project is not synced', async () => {
    const { b, redcapId } = await setup({ sync: false });
    await expect(b.call('brimRedcap.prepare', { brimConnectionId: b.connectionId, redcapConnectionId: redcapId, results: 'patient' })).rejects.toMatchObject({ code: 'NOT_SYNCED', message: expect.stringContaining('Fetch results in Brim first') });
    await fetchResults(b, 'patient');
    await expect(b.call('brimRedcap.prepare', { brimConnectionId: b.connectionId, redcapConnectionId: redcapId, results: 'patient' })).rejects.toMatchObject({ code: 'NOT_SYNCED', message: expect.stringContaining('Sync it first') });
    await expect(b.call('brimRedcap.prepare', { brimConnectionId: redcapId, redcapConnectionId: b.connectionId, results: 'patient' })).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('maps, matches by MRN, imports the converted values through the journaled import, and undoes it', async () => {
    const { b, redcapId, url } = await setup();
    await fetchResults(b, 'patient');
    const before = new Map((await redcapRecords(url, TOKEN)).map((r) => [r.record_id!, r]));
    const byMrn = new Map([...before.values()].filter((r) => r.mrn).map((r) => [r.mrn!, r.record_id!]));
    const brimTruth = await brimPatientExport(b);
    const expectedMatches = [...brimTruth.keys()].filter((id) => byMrn.has(id));
    expect(expectedMatches.length).toBeGreaterThan(10);

    const source = { brimConnectionId: b.connectionId, redcapConnectionId: redcapId, results: 'patient' as const };
    const prepared = await b.call('brimRedcap.prepare', source);
    // Brim's patient IDs are MRNs: the MRN field finds the most records and is chosen.
    expect(prepared.matchField).toBe('mrn');
    expect(prepared.matchFields[0]).toEqual({ name: 'record_id', label: 'Record ID' });
    expect(prepared.check).toMatchObject({ patients: brimTruth.size, matched: expectedMatches.length, unmatched: brimTruth.size - expectedMatches.length, ambiguous: 0 });
    expect(prepared.variables.map((v) => [v.name, v.type])).toEqual([['smoking_status', 'text'], ['diagnosis_date', 'date'], ['histology', 'text'], ['eligible_for_trial', 'boolean']]);
    // Same name → same field; Brim's 'Unknown' has no choice there, so the pair is an error until the user decides.
    expect(prepared.mapping).toEqual([{ variable: 'smoking_status', field: 'smoking_status' }]);
    const smoking = prepared.check.verdicts[0]!;
    expect(smoking.verdict).toBe('error');
    expect(smoking.messages[0]).toContain("Brim option 'Unknown' has no REDCap choice in smoking_status (choices: Never smoked, Former smoker, Current smoker)");
    expect(Object.fromEntries(smoking.values.map((v) => [v.value, [v.code, v.how]]))).toEqual({
      'Never smoker': ['0', 'similar'], 'Former smoker': ['1', 'label'], 'Current smoker': ['2', 'label'], Unknown: [null, 'none'],
    });
    expect(prepared.check.ready).toBe(false);

    const mapping: BrimRedcapPair[] = [
      { variable: 'smoking_status', field: 'smoking_status', values: { Unknown: null } },
      { variable: 'diagnosis_date', field: 'lab_date' },
      { variable: 'eligible_for_trial', field: 'hypertension' },
    ];
    const check = await b.call('brimRedcap.check', { ...source, matchField: 'mrn', mapping });
    expect(check.verdicts.map((v) => [v.field, v.verdict])).toEqual([['smoking_status', 'warning'], ['lab_date', 'ok'], ['hypertension', 'ok']]);
    expect(check.ready).toBe(true);
    // A mismatched type is an error: dates are not numbers.
    const wrong = await b.call('brimRedcap.check', { ...source, matchField: 'mrn', mapping: [{ variable: 'diagnosis_date', field: 'sbp' }] });
    expect(wrong.verdicts[0]).toMatchObject({ verdict: 'error', messages: [expect.stringContaining('sbp takes a whole number')] });
    expect(wrong.ready).toBe(false);
    await expect(b.call('brimRedcap.plan', { ...source, matchField: 'mrn', mapping: [{ variable: 'diagnosis_date', field: 'sbp' }] })).rejects.toMatchObject({ code: 'VALIDATION' });

    const planned = await b.call('brimRedcap.plan', { ...source, matchField: 'mrn', mapping });
    expect(planned.fileName).toBe(`Brim results — ${b.sandbox.projectName}.csv`);
    const planJob = (await b.core.services.jobs.settled(planned.jobId))!;
    expect(planJob.result).toMatchObject({ kind: 'import-plan', rowsRead: planned.rows, errors: 0 });
    const planId = (planJob.result as { planId: string }).planId;
    const summary = await b.call('imports.planSummary', { planId });
    expect(summary.mapping.map((m) => m.field)).toEqual(['record_id', 'smoking_status', 'lab_date', 'hypertension']);

    // What the changes say for one patient is what Brim said, converted.
    const code = (value: string | undefined): string => ({ 'Never smoker': '0', 'Former smoker': '1', 'Current smoker': '2' })[value ?? ''] ?? '';
    const changes = await b.call('imports.planChanges', { planId, offset: 0, limit: 500, kind: 'all' });
    const patient = expectedMatches.find((id) => brimTruth.get(id)!.smoking_status !== 'Unknown' && code(brimTruth.get(id)!.smoking_status) !== before.get(byMrn.get(id)!)!.smoking_status)!;
    const record = byMrn.get(patient)!;
    const change = changes.rows.find((r) => r.record === record)!;
    expect(change.changes).toContainEqual({ field: 'smoking_status', old: before.get(record)!.smoking_status, new: code(brimTruth.get(patient)!.smoking_status) });

    const started = await b.call('imports.start', { planId });
    expect((await b.core.services.jobs.settled(started.jobId))!.state).toBe('succeeded');
    const after = new Map((await redcapRecords(url, TOKEN)).map((r) => [r.record_id!, r]));
    for (const id of expectedMatches) {
      const truth = brimTruth.get(id)!;
      const row = after.get(byMrn.get(id)!)!;
      if (truth.smoking_status !== 'Unknown') expect(row.smoking_status, id).toBe(code(truth.smoking_status));
      else expect(row.smoking_status, id).toBe(before.get(byMrn.get(id)!)!.smoking_status);
      if (truth.diagnosis_date) expect(row.lab_date, id).toBe(truth.diagnosis_date);
      expect(row.hypertension, id).toBe(truth.eligible_for_trial === 'true' ? '1' : '0');
    }
    // Records of unmatched patients, and records no patient matched, are untouched.
    for (const [recordId, row] of after) if (![...expectedMatches].some((id) => byMrn.get(id) === recordId)) expect(row).toEqual(before.get(recordId));

    const undo = await b.call('imports.undo', { connectionId: redcapId, importId: started.importId });
    expect((await b.core.services.jobs.settled(undo.jobId))!.state).toBe('succeeded');
    const undone = new Map((await redcapRecords(url, TOKEN)).map((r) => [r.record_id!, r]));
    for (const [recordId, row] of before) {
      expect([undone.get(recordId)!.smoking_status, undone.get(recordId)!.lab_date, undone.get(recordId)!.hypertension]).toEqual([row.smoking_status, row.lab_date, row.hypertension]);
    }
  });

  it('folds the detailed export: every medication a patient was given goes into the notes field, one per line', async () => {
    const { b, redcapId } = await setup();
    await fetchResults(b, 'detailed');
    const source = { brimConnectionId: b.connectionId, redcapConnectionId: redcapId, results: 'detailed' as const };
    const prepared = await b.call('brimRedcap.prepare', source);
    expect(prepared.fold).toContain('many-labels-per-note variables keep every distinct value');
    const medications = prepared.variables.find((v) => v.name === 'medications')!;
    expect(medications).toMatchObject({ type: 'text', scope: 'Many Labels Per Note', multiple: true });
    // Same name: medications → medications (a notes field), several values one per line.
    expect(prepared.mapping).toContainEqual({ variable: 'medications', field: 'medications' });
    const verdict = prepared.check.verdicts.find((v) => v.variable === 'medications')!;
    expect(verdict).toMatchObject({ verdict: 'ok', messages: ['Patients with several values get one per line.'] });
    // One label per note where notes disagree: the latest note wins, and the verdict says so.
    const size = await b.call('brimRedcap.check', { ...source, matchField: 'mrn', mapping: [{ variable: 'tumor_size_cm', field: 'weight_kg' }] });
    expect(size.verdicts[0]!.messages.join(' ')).toMatch(/notes disagree for \d+ patients?; the latest note's value is written/);

    const planned = await b.call('brimRedcap.plan', { ...source, matchField: 'mrn', mapping: [{ variable: 'medications', field: 'medications' }] });
    const job = (await b.core.services.jobs.settled(planned.jobId))!;
    expect(job.result).toMatchObject({ kind: 'import-plan', errors: 0 });
    const changes = await b.call('imports.planChanges', { planId: (job.result as { planId: string }).planId, offset: 0, limit: 500, kind: 'all' });
    const written = changes.rows.flatMap((r) => r.changes.filter((c) => c.field === 'medications').map((c) => c.new));
    expect(written.some((value) => value.includes('\n'))).toBe(true);
    expect(written.every((value) => value.split('\n').every((m) => /^(cisplatin|carboplatin|pemetrexed|pembrolizumab|osimertinib|docetaxel)$/.test(m)))).toBe(true);
  });
});
