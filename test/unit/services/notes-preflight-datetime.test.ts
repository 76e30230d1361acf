import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNoteDatetime } from '../../../main/services/files/notes-preflight-datetime.ts';
import { preflightNotesCsv } from '../../../main/services/files/notes-preflight.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();
const value = (raw: string): string | null => {
  const reading = readNoteDatetime(raw);
  return reading.kind === 'ok' ? raw : reading.kind === 'normalised' ? reading.value : null;
};

describe('NOTE_DATETIME normalisation', () => {
  it.each([
    ['2024-03-05 14:30:00', '2024-03-05 14:30:00'],
    ['2024-03-05T14:30:00', '2024-03-05 14:30:00'],
    ['2024-03-05T14:30:00Z', '2024-03-05 14:30:00'],
    ['2024-03-05T14:30:00.123+02:00', '2024-03-05 14:30:00'],
    ['2024-03-05 14:30', '2024-03-05 14:30:00'],
    ['2024-03-05', '2024-03-05 00:00:00'],
    ['2024/3/5', '2024-03-05 00:00:00'],
    ['3/5/2024', '2024-03-05 00:00:00'],
    ['3/5/2024 2:30 PM', '2024-03-05 14:30:00'],
    ['12/31/2024 12:05 AM', '2024-12-31 00:05:00'],
    ['25/03/2024 08:00', '2024-03-25 08:00:00'],
    ['05.03.2024', '2024-03-05 00:00:00'],
    ['05.03.2024 14:30', '2024-03-05 14:30:00'],
    ['Mar 5, 2024 2:30 PM', '2024-03-05 14:30:00'],
    ['5 March 2024', '2024-03-05 00:00:00'],
    ['  2024-03-05 14:30:00 ', '2024-03-05 14:30:00'],
    ['', ''],
  ])('%j → %j', (raw, expected) => {
    expect(value(raw)).toBe(expected);
  });

  it.each(['2024-02-30', '13/13/2024', '3/5/24', '2024-03-05 25:00', 'yesterday', '13:00 PM 3/5/2024', '3/5/2024 13:00 PM'])('refuses %j', (raw) => {
    expect(readNoteDatetime(raw).kind).toBe('bad');
  });

  it('says when a slash date could be read two ways', () => {
    expect(readNoteDatetime('3/4/2024')).toMatchObject({ kind: 'normalised', value: '2024-03-04 00:00:00', ambiguous: true, note: expect.stringContaining('month/day') });
    expect(readNoteDatetime('3/3/2024')).toMatchObject({ ambiguous: false });
  });

  it('blocks a file whose slash dates contradict each other instead of guessing', async () => {
    const dir = tempDir();
    const path = join(dir, 'notes.csv');
    writeFileSync(path, 'NOTE_ID,PERSON_ID,NOTE_DATETIME,NOTE_TEXT,NOTE_TITLE\n1,A,25/03/2024,x,t\n2,A,03/04/2024,y,t\n');
    const report = await preflightNotesCsv(path, { fileName: 'notes.csv' });
    expect(report.uploadable).toBe(false);
    expect(report.problems[0]).toMatchObject({ kind: 'bad-datetime', row: null, fixable: false });
    expect(report.problems[0]!.message).toMatch(/row 1 .*row 2/);
  });

  it('accepts US slash dates when the file is consistent, saying how they were read', async () => {
    const dir = tempDir();
    const path = join(dir, 'notes.csv');
    writeFileSync(path, 'NOTE_ID,PERSON_ID,NOTE_DATETIME,NOTE_TEXT,NOTE_TITLE\n1,A,12/25/2024,x,t\n2,A,03/04/2024,y,t\n');
    const report = await preflightNotesCsv(path, { fileName: 'notes.csv' });
    expect(report).toMatchObject({ uploadable: true, fixable: true, counts: { 'datetime-format': 2 } });
    expect(report.problems[1]!.message).toContain('month/day/year');
  });
});
