import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preflightReportSchema } from '../../../shared/contract/brim.ts';
import { preflightNotesCsv } from '../../../main/services/files/notes-preflight.ts';
import { parseCsv } from '../../helpers/csv-parse.ts';
import { writeNotesCsv, type NotesCsvPlan } from '../../helpers/notes-csv.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

async function fileWith(plan: NotesCsvPlan): Promise<{ dir: string; path: string; ids: (row: number) => { noteId: string; personId: string } }> {
  const dir = tempDir();
  const path = join(dir, 'notes.csv');
  const written = await writeNotesCsv(path, plan);
  return { dir, path, ids: written.ids };
}

const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('notes CSV pre-flight', () => {
  it('passes a clean file and writes no copy when there is nothing to fix', async () => {
    const { dir, path } = await fileWith({ notes: 500, notesPerPatient: 5 });
    const report = await preflightNotesCsv(path, { fileName: 'notes.csv', writeFixedCopyTo: join(dir, 'fixed.csv') });
    expect(report).toMatchObject({ rows: 500, patients: 100, encoding: 'utf-8', uploadable: true, fixable: false, problems: [], counts: {}, fixedCopyPath: null, fixedFileName: null });
    expect(report.columns).toEqual({ NOTE_ID: 'NOTE_ID', PERSON_ID: 'PERSON_ID', NOTE_DATETIME: 'NOTE_DATETIME', NOTE_TEXT: 'NOTE_TEXT', NOTE_TITLE: 'NOTE_TITLE' });
    expect(readdirSync(dir)).toEqual(['notes.csv']);
    // What the caller adds (fixedStageId) is all the contract schema needs on top.
    const { fixedCopyPath: _, ...rest } = report;
    expect(preflightReportSchema.safeParse({ ...rest, fixedStageId: null }).success).toBe(true);
  });

  it('finds the required columns in any order and case, and the copy uses Brim\'s names and order', async () => {
    const { dir, path } = await fileWith({ notes: 20, header: ['note_title', 'Note_Text', ' person_id', 'note_datetime', 'note_id'], emptyTitles: [4] });
    const copy = join(dir, 'fixed.csv');
    const report = await preflightNotesCsv(path, { fileName: 'Clinic Notes.csv', writeFixedCopyTo: copy });
    expect(report.columns).toMatchObject({ NOTE_ID: 'note_id', PERSON_ID: 'person_id', NOTE_DATETIME: 'note_datetime', NOTE_TEXT: 'Note_Text', NOTE_TITLE: 'note_title' });
    expect(report).toMatchObject({ uploadable: true, fixable: true, fixedCopyPath: copy, fixedFileName: 'Clinic Notes-corrected.csv' });
    const rows = parseCsv(readFileSync(copy, 'utf8'));
    expect(rows[0]).toEqual(['NOTE_ID', 'PERSON_ID', 'NOTE_DATETIME', 'NOTE_TEXT', 'NOTE_TITLE']);
    expect(rows).toHaveLength(21);
    expect(rows[4]![4]).toBe('Unknown title');
    expect(readFileSync(copy, 'utf8').startsWith('"NOTE_ID","PERSON_ID",')).toBe(true);
  });

  it('reports missing columns and says which one to rename', async () => {
    const dir = tempDir();
    const path = join(dir, 'notes.csv');
    writeFileSync(path, 'NOTE_ID,PATIENT_ID,NOTE_DATETIME,NOTE_TEXT\r\n1,2,2024-01-01 00:00:00,hello\r\n');
    const report = await preflightNotesCsv(path, { fileName: 'notes.csv' });
    expect(report.uploadable).toBe(false);
    expect(report.columns).toMatchObject({ PERSON_ID: null, NOTE_TITLE: null, NOTE_ID: 'NOTE_ID' });
    expect(report.counts['missing-column']).toBe(2);
    expect(report.problems.find((p) => p.column === 'PERSON_ID')?.message).toContain('rename it PERSON_ID');
  });

  it('blocks a NOTE_ID used twice for one patient, naming the row and ids, and writes no copy', async () => {
    const { dir, path, ids } = await fileWith({ notes: 300, duplicateNoteIds: [120], emptyTitles: [5] });
    const copy = join(dir, 'fixed.csv');
    const report = await preflightNotesCsv(path, { fileName: 'notes.csv', writeFixedCopyTo: copy });
    expect(report).toMatchObject({ uploadable: false, fixable: false, fixedCopyPath: null });
    const duplicate = report.problems.filter((p) => p.kind === 'duplicate-note-id');
    expect(duplicate).toEqual([expect.objectContaining({ row: 120, noteId: ids(119).noteId, personId: ids(119).personId, fixable: false })]);
    expect(duplicate[0]!.message).toContain('row 119');
    expect(existsSync(copy)).toBe(false);
    expect(existsSync(`${copy}.partial`)).toBe(false);
  });

  it('allows the same NOTE_ID for different patients', async () => {
    const dir = tempDir();
    const path = join(dir, 'notes.csv');
    writeFileSync(path, 'NOTE_ID,PERSON_ID,NOTE_DATETIME,NOTE_TEXT,NOTE_TITLE\n1,A,2024-01-01 00:00:00,x,t\n1,B,2024-01-01 00:00:00,y,t\n');
    const report = await preflightNotesCsv(path, { fileName: 'notes.csv' });
    expect(report).toMatchObject({ rows: 2, patients: 2, uploadable: true, problems: [] });
  });

  it('fixes titles and datetimes, leaves empty notes out of the copy, and never touches the original', async () => {
    const { dir, path, ids } = await fileWith({ notes: 50, emptyTitles: [3], isoDatetimes: [7], emptyTexts: [9], datetimeStyle: 'canonical' });
    const before = sha(path);
    const copy = join(dir, 'fixed.csv');
    const report = await preflightNotesCsv(path, { fileName: 'notes.csv', writeFixedCopyTo: copy });
    expect(sha(path)).toBe(before);
    expect(report.counts).toEqual({ 'empty-title': 1, 'datetime-format': 1, 'empty-text': 1 });
    expect(report).toMatchObject({ uploadable: true, fixable: true, fixedCopyPath: copy });
    const rows = parseCsv(readFileSync(copy, 'utf8'));
    expect(rows).toHaveLength(50); // header + 49 notes: the empty one is left out
    expect(rows.some((r) => r[0] === ids(9).noteId)).toBe(false);
    const byId = new Map(rows.map((r) => [r[0], r]));
    expect(byId.get(ids(3).noteId)![4]).toBe('Unknown title');
    expect(byId.get(ids(7).noteId)![2]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    for (const row of rows.slice(1)) expect(row[2]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('keeps multi-line texts with quotes and a multi-megabyte note intact in the copy, warning about the huge one', async () => {
    const { dir, path, ids } = await fileWith({ notes: 40, hugeTexts: [{ row: 12, bytes: 5 * 1024 * 1024 }], emptyTitles: [1] });
    const copy = join(dir, 'fixed.csv');
    const report = await preflightNotesCsv(path, { fileName: 'notes.csv', writeFixedCopyTo: copy });
    expect(report.problems.filter((p) => p.kind === 'huge-text')).toEqual([expect.objectContaining({ row: 12, noteId: ids(12).noteId, fixable: false })]);
    expect(report.uploadable).toBe(true); // a warning, not a reason to stop
    const original = parseCsv(readFileSync(path, 'utf8'));
    const fixed = parseCsv(readFileSync(copy, 'utf8'));
    expect(fixed.map((r) => r[3])).toEqual(original.map((r) => r[3]));
    expect(fixed[12]![3]!.length).toBeGreaterThan(5_000_000);
    expect(original.slice(1).some((r) => r[3]!.includes('\n') && r[3]!.includes('"'))).toBe(true);
  });

  it('blocks rows it cannot read: empty ids, unreadable dates, a field too many', async () => {
    const { path, ids } = await fileWith({ notes: 30, emptyIds: [2], badDatetimes: [5], extraFieldRows: [8] });
    const report = await preflightNotesCsv(path, { fileName: 'notes.csv' });
    expect(report.uploadable).toBe(false);
    expect(report.problems.map((p) => [p.kind, p.row, p.fixable])).toEqual([
      ['empty-id', 2, false],
      ['bad-datetime', 5, false],
      ['malformed-row', 8, false],
    ]);
    expect(report.problems[1]).toMatchObject({ noteId: ids(5).noteId, personId: ids(5).personId });
  });

  it('reports an unclosed quote at the row where it starts', async () => {
    const dir = tempDir();
    const path = join(dir, 'notes.csv');
    writeFileSync(path, 'NOTE_ID,PERSON_ID,NOTE_DATETIME,NOTE_TEXT,NOTE_TITLE\n1,A,2024-01-01 00:00:00,"fine",t\n2,A,2024-01-01 00:00:00,"runs on\n3,A,2024-01-01,x,t\n');
    const report = await preflightNotesCsv(path, { fileName: 'notes.csv' });
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'malformed-row', row: 2, noteId: '2', fixable: false })]);
    expect(report.problems[0]!.message).toContain('never closed');
  });

  it('never puts note text in the report', async () => {
    const dir = tempDir();
    const path = join(dir, 'notes.csv');
    const secret = 'Patient Jane Roe disclosed a confidential diagnosis';
    writeFileSync(path, `NOTE_ID,PERSON_ID,NOTE_DATETIME,NOTE_TEXT,NOTE_TITLE\n1,A,yesterday,"${secret}",\n1,A,2024-01-01,"${secret}, again","x""y"\n2,,2024-01-01,"${secret}",t\n3,B,1/2/3,${secret} "quoted",t\n`);
    const report = await preflightNotesCsv(path, { fileName: 'notes.csv' });
    expect(report.problems.length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(report)).not.toContain('Jane Roe');
    expect(JSON.stringify(report)).not.toContain('confidential');
  });

  it('counts every problem but lists at most maxProblems, with file-level problems first', async () => {
    const emptyTitles = Array.from({ length: 200 }, (_, i) => i + 1);
    const { path } = await fileWith({ notes: 200, emptyTitles, encoding: 'utf-8-bom' });
    const report = await preflightNotesCsv(path, { fileName: 'notes.csv', maxProblems: 50 });
    expect(report.counts).toEqual({ 'empty-title': 200, encoding: 1 });
    expect(report.problems).toHaveLength(50);
    expect(report.problems[0]).toMatchObject({ kind: 'encoding', row: null });
  });

  it('reports progress up to the whole file and stops when cancelled, leaving no partial copy', async () => {
    const { dir, path } = await fileWith({ notes: 3000, targetBytes: 6 * 1024 * 1024, emptyTitles: [1] });
    const seen: Array<[number, number]> = [];
    await preflightNotesCsv(path, { fileName: 'notes.csv', onProgress: (read, total) => seen.push([read, total]) });
    const total = readFileSync(path).length;
    expect(seen.length).toBeGreaterThanOrEqual(6);
    expect(seen.at(-1)).toEqual([total, total]);
    expect(seen.every(([read], i) => i === 0 || read > seen[i - 1]![0])).toBe(true);

    const controller = new AbortController();
    const copy = join(dir, 'fixed.csv');
    const run = preflightNotesCsv(path, { fileName: 'notes.csv', writeFixedCopyTo: copy, signal: controller.signal, onProgress: (read) => read > 2 * 1024 * 1024 && controller.abort() });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(readdirSync(dir)).toEqual(['notes.csv']);
  });

  it('says when the file is gone, without a stack of internals', async () => {
    await expect(preflightNotesCsv(join(tempDir(), 'missing.csv'), { fileName: 'missing.csv' })).rejects.toMatchObject({ code: 'FILE_SYSTEM', message: expect.stringContaining('missing.csv could not be read') });
  });

  it('blocks a file with a header and no notes', async () => {
    const dir = tempDir();
    const path = join(dir, 'notes.csv');
    writeFileSync(path, 'NOTE_ID,PERSON_ID,NOTE_DATETIME,NOTE_TEXT,NOTE_TITLE\r\n\r\n');
    const report = await preflightNotesCsv(path, { fileName: 'notes.csv' });
    expect(report).toMatchObject({ rows: 0, uploadable: false, counts: { 'malformed-row': 1 } });
  });
});
