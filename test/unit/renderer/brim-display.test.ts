import { describe, expect, it } from 'vitest';
import { splitList } from '../../../renderer/features/brim/id-list.ts';
import { orderKinds } from '../../../renderer/features/brim/preflight-words.ts';
import { formatElapsed, shortTaskId } from '../../../renderer/features/brim/task-display.ts';

describe('Brim screen wording', () => {
  it('says how long a task has run in the units a person reads', () => {
    const start = '2025-06-01T10:00:00.000Z';
    const at = (seconds: number) => Date.parse(start) + seconds * 1000;
    expect(formatElapsed(start, at(0))).toBe('0 s');
    expect(formatElapsed(start, at(42))).toBe('42 s');
    expect(formatElapsed(start, at(185))).toBe('3 min 05 s');
    expect(formatElapsed(start, at(2 * 3600 + 14 * 60 + 9))).toBe('2 h 14 min');
    // A clock a little behind the server never shows a negative time.
    expect(formatElapsed(start, at(-3))).toBe('0 s');
  });

  it('shortens Brim task ids (UUIDs) but keeps short ones whole', () => {
    expect(shortTaskId('3f2a9c1e-8b7d-4e21-9a0b-5c6d7e8f9a01')).toBe('3f2a9c1e…');
    expect(shortTaskId('T-17')).toBe('T-17');
  });

  it('reads patient ids and variable names pasted one per line, or with commas, once each', () => {
    expect(splitList('MRN1001\nMRN1002, MRN1003;MRN1001\n\n  ')).toEqual(['MRN1001', 'MRN1002', 'MRN1003']);
    expect(splitList('   ')).toEqual([]);
  });

  it('lists the problems that block an upload before the ones a corrected copy fixes', () => {
    const blocking = new Set(['duplicate-note-id', 'missing-column']);
    expect(orderKinds(['empty-title', 'duplicate-note-id', 'datetime-format', 'missing-column'], (k) => blocking.has(k))).toEqual(['missing-column', 'duplicate-note-id', 'datetime-format', 'empty-title']);
  });
});
