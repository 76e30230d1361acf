import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../shared/contract/errors.ts';
import { openDelimitedFile } from '../../../main/services/imports/delimited-source.ts';

const dir = join(import.meta.dirname, '../../fixtures/bad-csv');

interface Expected {
  file: string;
  spec: string;
}

/** The README's table: file name in column 1, the reader's expectation in column 3. */
function corpus(): Expected[] {
  const lines = readFileSync(join(dir, 'README.md'), 'utf8').split('\n');
  return lines
    .filter((line) => /^\| `[^`]+` \|/.test(line))
    .map((line) => {
      const cells = line.split(' | ');
      return { file: cells[0]!.slice(3, -1), spec: cells[2]!.replace(/^`|`$/g, '') };
    });
}

/** Splits a spec into tokens, a quoted message part sticking to the token before it. */
function tokens(spec: string): Array<{ token: string; part: string | null }> {
  const out: Array<{ token: string; part: string | null }> = [];
  for (const piece of spec.match(/"[^"]*"|\S+/g) ?? []) {
    if (piece.startsWith('"')) out[out.length - 1]!.part = piece.slice(1, -1);
    else out.push({ token: piece, part: null });
  }
  return out;
}

const cases = corpus();

describe('bad CSV corpus', () => {
  it('has 30+ files, each described once in the README', () => {
    const files = readdirSync(dir).filter((f) => f !== 'README.md').sort();
    expect(cases.map((c) => c.file).sort()).toEqual(files);
    expect(files.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('$file', async ({ file, spec }) => {
    const expected = tokens(spec);
    const refusal = expected.find((t) => t.token.startsWith('refused:'));
    if (refusal) {
      const error = await openDelimitedFile(join(dir, file)).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isAppError(error), `${file} is refused`).toBe(true);
      if (!isAppError(error)) return;
      expect(error.code).toBe('VALIDATION');
      expect(error.details).toEqual({ reason: refusal.token.slice('refused:'.length) });
      expect(error.message).toContain(refusal.part ?? '');
      expect(error.message).toContain(file); // names the file the user dropped
      return;
    }
    const source = await openDelimitedFile(join(dir, file));
    const rows = [];
    for await (const row of source.rows()) {
      expect(row.cells, `row ${row.row} is the header's width`).toHaveLength(source.header.length);
      rows.push(row);
    }
    const problems = source.problems();
    const wanted: string[] = [];
    for (const { token, part } of expected) {
      const [key, value] = token.split('=');
      if (key === 'rows') expect(rows).toHaveLength(Number(value));
      else if (key === 'delimiter') expect(source.delimiter).toBe(value === 'tab' ? '\t' : value);
      else if (key === 'encoding') expect(source.encoding).toBe(value);
      else if (key === 'header') expect(source.header).toEqual(value!.split(','));
      else {
        const match = /^(error|warning):([a-z-]+)@(\d+):(.+)$/.exec(token);
        expect(match, `spec token ${token}`).not.toBeNull();
        const [, severity, code, row, column] = match!;
        wanted.push(token);
        const problem = problems.find((p) => p.severity === severity && p.code === code && p.row === Number(row) && (p.column ?? '-') === column);
        expect(problem, `${file}: ${token}`).toBeDefined();
        expect(problem!.message).toContain(part ?? '');
        if (Number(row) > 0) expect(problem!.message).toContain(`Row ${row}`);
        if (column !== '-') expect(problem!.message).toContain(`"${column}"`);
      }
    }
    expect(problems.map((p) => `${p.severity}:${p.code}@${p.row}:${p.column ?? '-'}`).sort()).toEqual(wanted.sort());
    // Skipped rows are the ones with errors; every other data row comes through in order.
    const skipped = new Set(problems.filter((p) => p.severity === 'error' && p.row > 0).map((p) => p.row));
    for (const row of rows) expect(skipped.has(row.row)).toBe(false);
    expect(rows.map((r) => r.row)).toEqual([...rows.map((r) => r.row)].sort((a, b) => a - b));
  });
});
