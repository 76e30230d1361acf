import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { preflightNotesCsv } from '../../../main/services/files/notes-preflight.ts';
import { writeNotesCsv, type NotesCsvEncoding } from '../../helpers/notes-csv.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

// Big enough (3 MB) that accented letters fall across the 1 MB read boundaries.
const plan = { notes: 1500, targetBytes: 3 * 1024 * 1024, emptyTitles: [2] };

async function copyOf(encoding: NotesCsvEncoding): Promise<{ copy: Buffer; report: Awaited<ReturnType<typeof preflightNotesCsv>> }> {
  const dir = tempDir();
  const path = join(dir, 'notes.csv');
  await writeNotesCsv(path, { ...plan, encoding });
  const report = await preflightNotesCsv(path, { fileName: 'notes.csv', writeFixedCopyTo: join(dir, 'fixed.csv') });
  return { copy: readFileSync(join(dir, 'fixed.csv')), report };
}

describe('notes CSV pre-flight: encodings', () => {
  it('detects each encoding and converts it to the same UTF-8 copy', async () => {
    const reference = await copyOf('utf-8');
    expect(reference.report).toMatchObject({ encoding: 'utf-8', rows: 1500, counts: { 'empty-title': 1 } });
    const text = reference.copy.toString('utf8');
    expect(text).toContain('Café-au-lait');
    expect(text).toContain('“basic metabolic panel”');
    expect(reference.copy.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    for (const encoding of ['utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252'] as const) {
      const { copy, report } = await copyOf(encoding);
      expect(report.encoding, encoding).toBe(encoding);
      expect(report.rows, encoding).toBe(1500);
      expect(report.counts, encoding).toEqual({ 'empty-title': 1, encoding: 1 });
      expect(report.problems[0], encoding).toMatchObject({ kind: 'encoding', fixable: true });
      expect(report.uploadable && report.fixable, encoding).toBe(true);
      expect(copy.equals(reference.copy), `${encoding} copy is the UTF-8 one`).toBe(true);
    }
  });

  it('offers a converted copy of a BOM or non-UTF-8 file even when nothing else is wrong', async () => {
    const dir = tempDir();
    const path = join(dir, 'notes.csv');
    await writeNotesCsv(path, { notes: 10, encoding: 'windows-1252' });
    const report = await preflightNotesCsv(path, { fileName: 'notes.csv', writeFixedCopyTo: join(dir, 'fixed.csv') });
    expect(report).toMatchObject({ encoding: 'windows-1252', uploadable: true, fixable: true });
    expect(readFileSync(join(dir, 'fixed.csv'), 'utf8')).toContain('Zoë');
  });

  it('refuses to guess a file that switches from UTF-8 to another encoding part way', async () => {
    const dir = tempDir();
    const path = join(dir, 'notes.csv');
    const head = Buffer.from('NOTE_ID,PERSON_ID,NOTE_DATETIME,NOTE_TEXT,NOTE_TITLE\n1,A,2024-01-01 00:00:00,"Café ' + 'x'.repeat(2 * 1024 * 1024) + '",t\n', 'utf8');
    const tail = Buffer.from('2,A,2024-01-01 00:00:00,"Caf\xe9 latin",t\n', 'latin1');
    writeFileSync(path, Buffer.concat([head, tail]));
    const report = await preflightNotesCsv(path, { fileName: 'notes.csv', writeFixedCopyTo: join(dir, 'fixed.csv') });
    expect(report).toMatchObject({ encoding: 'utf-8', uploadable: false, fixedCopyPath: null });
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'encoding', fixable: false })]);
  });
});
