// Every problem of a plan as a CSV a spreadsheet opens: the screen lists the first 1,000, this file all
// of them. Only what the messages already say goes in; no other cell values (they may be health data).

import { csvLine, utf8Bom } from '../files/csv-format.ts';
import { writeFileAtomically } from '../files/staging.ts';
import type { CellProblem } from './import-types.ts';

const header = ['row', 'column', 'field', 'severity', 'code', 'message'];

/** A CSV a spreadsheet opens (UTF-8 with BOM), from a header and rows of text. */
export function csvTableText(columns: readonly string[], rows: Iterable<readonly string[]>): string {
  let text = utf8Bom + csvLine(columns, ',');
  for (const row of rows) text += csvLine(row, ',');
  return text;
}

export function problemsCsvText(problems: ReadonlyArray<CellProblem>): string {
  // File-level problems (row 0) first, then by row as a spreadsheet shows them; stable within a row.
  const sorted = [...problems].sort((a, b) => a.row - b.row);
  return csvTableText(header, sorted.map((p) => [String(p.row), p.column ?? '', p.field ?? '', p.severity, p.code, p.message]));
}

export async function writeCsvText(path: string, text: string): Promise<void> {
  await writeFileAtomically(path, new TextEncoder().encode(text));
}

export async function writeProblemsCsv(path: string, problems: ReadonlyArray<CellProblem>): Promise<void> {
  await writeCsvText(path, problemsCsvText(problems));
}
