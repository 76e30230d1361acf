// The problems a notes pre-flight listed, as a CSV beside the report: where each is (row, column, the
// note's and patient's ids) and what it is. Note text never goes in: it is protected health information.

import type { PreflightReport } from '../../../shared/contract/brim.ts';
import { csvTableText, writeCsvText } from '../imports/problems-csv.ts';
import { problemSeverity } from './notes-preflight-problems.ts';

const header = ['row', 'column', 'note_id', 'person_id', 'severity', 'kind', 'message'];

export function preflightProblemsCsvText(report: Pick<PreflightReport, 'problems'>): string {
  // File-level problems (no row) first, then by row.
  const sorted = [...report.problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return csvTableText(header, sorted.map((p) => [p.row === null ? '' : String(p.row), p.column ?? '', p.noteId ?? '', p.personId ?? '', problemSeverity(p), p.kind, p.message]));
}

export function preflightProblemsFileName(report: Pick<PreflightReport, 'fileName'>): string {
  return `${report.fileName.replace(/\.[^.]*$/, '') || 'notes'} - problems.csv`;
}

export async function writePreflightProblemsCsv(path: string, report: Pick<PreflightReport, 'problems'>): Promise<void> {
  await writeCsvText(path, preflightProblemsCsvText(report));
}
