import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { FileFieldTargets, FileMatchResult } from '../../../shared/contract/record-files.ts';
import { matchFiles, recordFor, recordIndex, stemOf } from '../../../main/services/files/record-file-match.ts';
import { useSyncedProject, type SyncedProject } from './redcap-import-map-support.ts';

const none = (): string | null => null;

describe('matching dropped file names to record IDs', () => {
  it('takes the name without its extension, or the longest record ID it starts with before a separator', () => {
    const index = recordIndex(['1001', '1002', '1003', '1004', '12', '12-1', 'ABC.7']);
    expect(recordFor('1001.pdf', index)).toBe('1001');
    expect(recordFor('1002_consent.pdf', index)).toBe('1002');
    expect(recordFor('1003 - scan.png', index)).toBe('1003');
    expect(recordFor('1004-2024-03-01.docx', index)).toBe('1004');
    expect(recordFor('1001.scan.tar.gz', index)).toBe('1001');
    // A DAG-style ID holds a separator itself: the longer ID wins over its prefix.
    expect(recordFor('12-1_consent.pdf', index)).toBe('12-1');
    expect(recordFor('12-2_consent.pdf', index)).toBe('12');
    expect(recordFor('ABC.7.pdf', index)).toBe('ABC.7');
    // A longer number is another record, not 1001 followed by a digit.
    expect(recordFor('10010.pdf', index)).toBeNull();
    expect(recordFor('1001consent.pdf', index)).toBeNull();
    expect(recordFor('consent_1001.pdf', index)).toBeNull();
    expect(stemOf('.hidden')).toBe('.hidden');
    expect(stemOf('1001')).toBe('1001');
  });

  it('ignores case only when no two record IDs differ by case alone', () => {
    const unique = recordIndex(['ab-01', 'ab-02']);
    expect(unique.ignoreCase).toBe(true);
    expect(recordFor('AB-01_scan.pdf', unique)).toBe('ab-01');
    const clashing = recordIndex(['a1', 'A1', 'b2']);
    expect(clashing.ignoreCase).toBe(false);
    expect(recordFor('A1.pdf', clashing)).toBe('A1');
    expect(recordFor('a1.pdf', clashing)).toBe('a1');
    expect(recordFor('B2.pdf', clashing)).toBeNull();
  });

  it('matches names written decomposed (as macOS hands them out) to composed record IDs', () => {
    const index = recordIndex(['josé-01']);
    expect(recordFor('jose\u0301-01_consent.pdf', index)).toBe('josé-01');
  });

  it('refuses a second file for the same record and says which file goes there, and names the record an unmatched file claims', () => {
    const index = recordIndex(['1001', '1002']);
    const matches = matchFiles(['1001_a.pdf', '1007_b.pdf', '1001-b.pdf', '1002.pdf', 'notes.txt'], index, (id) => (id === '1002' ? 'old_scan.pdf' : null));
    expect(matches.map((m) => m.recordId)).toEqual(['1001', null, null, '1002', null]);
    expect(matches[0]!.problem).toBeNull();
    expect(matches[1]!.problem).toMatch(/^No record 1007 in the cached project — sync if the record is new, or rename the file/);
    expect(matches[2]!.problem).toContain('Another file in this drop (1001_a.pdf) also goes to record 1001');
    expect(matches[3]).toEqual({ fileName: '1002.pdf', recordId: '1002', existing: 'old_scan.pdf', problem: null });
    expect(matches[4]!.problem).toContain('No record notes in the cached project');
  });

  it('matches 5,000 files against 100,000 record IDs quickly', () => {
    const index = recordIndex(Array.from({ length: 100_000 }, (_, i) => String(i + 1)));
    const names = Array.from({ length: 5000 }, (_, i) => `${i * 20 + 1}_consent form - scanned copy.pdf`);
    const started = performance.now();
    const matches = matchFiles(names, index, none);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(matches.every((m, i) => m.recordId === String(i * 20 + 1))).toBe(true);
  });
});

async function call<T>(synced: SyncedProject, method: string, input: Record<string, unknown>): Promise<T> {
  const connectionId = (await synced.core.services.connections.list())[0]!.id;
  const reply = await synced.core.dispatch(method as 'recordFiles.targets', { connectionId, ...input } as { connectionId: string }, { shell: 'desktop' });
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
  return reply.result as T;
}

describe('file fields and matching against a synced classic project', () => {
  const synced = useSyncedProject('classic', 12);

  it('lists the file-upload fields with label and form; no events in a classic project', async () => {
    const targets = await call<FileFieldTargets>(synced(), 'recordFiles.targets', {});
    expect(targets.longitudinal).toBe(false);
    expect(targets.recordCount).toBe(12);
    expect(targets.recordIdLabel).toBe('Record ID');
    expect(targets.fields).toEqual([{ field: 'consent_form', label: 'Signed consent form (PDF)', form: 'enrollment', formLabel: expect.any(String), events: [], repeating: false }]);
  });

  it('matches files to cached records, says which file a record holds now, and follows an upload', async () => {
    const project = synced();
    const withFile = project.truth.find((row) => row.consent_form !== '');
    const without = project.truth.filter((row) => row.consent_form === '');
    const [a, b] = [without[0]!.record_id!, without[1]!.record_id!];
    const names = [`${a}_consent.pdf`, '999_consent.pdf', `${a} - second.pdf`, `${b}.pdf`, ...(withFile ? [`${withFile.record_id}.pdf`] : [])];
    const result = await call<FileMatchResult>(project, 'recordFiles.match', { field: 'consent_form', fileNames: names });
    expect(result.instance).toBe('');
    expect(result.matches.map((m) => m.recordId)).toEqual([a, null, null, b, ...(withFile ? [withFile.record_id] : [])]);
    expect(result.matches[1]!.problem).toContain('No record 999 in the cached project');
    expect(result.matches[2]!.problem).toContain(`also goes to record ${a}`);
    expect(result.matches[0]!.existing).toBeNull();
    if (withFile) expect(result.matches[4]!.existing).toBe(withFile.consent_form);

    // After one file went up, the cache (and so the next match) knows the record holds it.
    const staged = await project.core.services.staging.fromStream(`${b}.pdf`, Readable.from([Buffer.from('scanned consent')]));
    const connectionId = (await project.core.services.connections.list())[0]!.id;
    const upload = await project.core.dispatch('recordFiles.upload', { connectionId, recordId: b, field: 'consent_form', stageId: staged.stageId }, { shell: 'desktop' });
    expect(upload.ok).toBe(true);
    const again = await call<FileMatchResult>(project, 'recordFiles.match', { field: 'consent_form', fileNames: [`${b}_new.pdf`] });
    expect(again.matches[0]).toEqual({ fileName: `${b}_new.pdf`, recordId: b, existing: `${b}.pdf`, problem: null });
  });

  it('refuses a field that is not a file field, and more than 5,000 files', async () => {
    await expect(call(synced(), 'recordFiles.match', { field: 'first_name', fileNames: ['1.pdf'] })).rejects.toThrow(/no file-upload field first_name/);
    await expect(call(synced(), 'recordFiles.match', { field: 'consent_form', fileNames: Array.from({ length: 5001 }, (_, i) => `${i}.pdf`) })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('file fields and matching against a synced longitudinal project', () => {
  const synced = useSyncedProject('longitudinal', 8);

  it('lists the events where the field\'s form is designated, and which of them repeat', async () => {
    const targets = await call<FileFieldTargets>(synced(), 'recordFiles.targets', {});
    expect(targets.longitudinal).toBe(true);
    const field = targets.fields.find((f) => f.field === 'ae_report')!;
    expect(field.form).toBe('adverse_events');
    expect(field.events.map((e) => [e.name, e.repeating])).toEqual([
      ['baseline_arm_1', true],
      ['month_3_arm_1', true],
      ['month_6_arm_1', true],
      ['baseline_arm_2', true],
    ]);
    expect(field.events[0]!.label).toMatch(/^Baseline \(Arm 1/);
  });

  it('refuses a record of the other arm: the file would quietly add the record to this arm', async () => {
    const project = synced();
    const armOf = (arm: number) => [...new Set(project.truth.filter((row) => row.redcap_event_name!.endsWith(`_arm_${arm}`)).map((row) => row.study_id!))];
    const [one, two] = [armOf(1), armOf(2)];
    const onlyTwo = two.find((id) => !one.includes(id))!;
    const onlyOne = one.find((id) => !two.includes(id))!;
    expect(onlyTwo).toBeDefined();
    const result = await call<FileMatchResult>(project, 'recordFiles.match', { field: 'ae_report', event: 'month_3_arm_1', fileNames: [`${onlyTwo}_ae.pdf`, `${onlyOne}_ae.pdf`] });
    expect(result.matches[0]).toMatchObject({ recordId: null, problem: `Record ${onlyTwo} is not in Arm 1, the arm of this event — choose an event of the record's own arm.` });
    expect(result.matches[1]).toMatchObject({ recordId: onlyOne, problem: null });
    const inTwo = await call<FileMatchResult>(project, 'recordFiles.match', { field: 'ae_report', event: 'baseline_arm_2', fileNames: [`${onlyTwo}_ae.pdf`] });
    expect(inTwo.matches[0]).toMatchObject({ recordId: onlyTwo, problem: null });
  });

  it('sends files for a repeating form to instance 1, and refuses an event the form is not on', async () => {
    const project = synced();
    const ids = [...new Set(project.truth.filter((row) => row.redcap_event_name!.endsWith('_arm_1')).map((row) => row.study_id!))];
    const result = await call<FileMatchResult>(project, 'recordFiles.match', { field: 'ae_report', event: 'baseline_arm_1', fileNames: [`${ids[0]}_ae.pdf`] });
    expect(result.instance).toBe('1');
    expect(result.matches[0]!.recordId).toBe(ids[0]);
    const cached = project.truth.find((row) => row.study_id === ids[0] && row.redcap_event_name === 'baseline_arm_1' && row.redcap_repeat_instrument === 'adverse_events' && row.redcap_repeat_instance === '1');
    expect(result.matches[0]!.existing).toBe(cached?.ae_report ? cached.ae_report : null);

    // A file sent to instance 1 is what the next match finds there, and only on that event.
    const connectionId = (await project.core.services.connections.list())[0]!.id;
    const staged = await project.core.services.staging.fromStream('ae-scan.pdf', Readable.from([Buffer.from('adverse event report')]));
    const upload = await project.core.dispatch('recordFiles.upload', { connectionId, recordId: ids[0]!, field: 'ae_report', event: 'baseline_arm_1', instance: result.instance, stageId: staged.stageId }, { shell: 'desktop' });
    expect(upload.ok).toBe(true);
    const after = await call<FileMatchResult>(project, 'recordFiles.match', { field: 'ae_report', event: 'baseline_arm_1', fileNames: [`${ids[0]}_ae.pdf`] });
    expect(after.matches[0]!.existing).toBe('ae-scan.pdf');
    const elsewhere = await call<FileMatchResult>(project, 'recordFiles.match', { field: 'ae_report', event: 'month_3_arm_1', fileNames: [`${ids[0]}_ae.pdf`] });
    expect(elsewhere.matches[0]!.existing).not.toBe('ae-scan.pdf');
    await expect(call(project, 'recordFiles.match', { field: 'ae_report', event: 'screening_arm_1', fileNames: ['1.pdf'] })).rejects.toThrow(/not designated for the event screening_arm_1/);
  });
});
