import type { PreflightProblem } from '../../../shared/contract/brim.ts';

type Kind = PreflightProblem['kind'];

/** What each kind of problem is called in the report. */
export const problemLabels: Record<Kind, string> = {
  'missing-column': 'Required column missing',
  'duplicate-column': 'Column appears twice',
  'duplicate-note-id': 'NOTE_ID repeated for a patient',
  'bad-datetime': 'NOTE_DATETIME not a date',
  'datetime-format': 'NOTE_DATETIME in another format',
  'empty-title': 'NOTE_TITLE empty',
  'empty-text': 'NOTE_TEXT empty',
  'empty-id': 'NOTE_ID or PERSON_ID empty',
  'huge-text': 'Very large note text',
  encoding: 'Not UTF-8',
  'malformed-row': 'Row cannot be read',
};

/**
 * What the user does about a problem the corrected copy cannot fix: said in terms of the file, since
 * the fix happens in their own tools (the export from their EHR or spreadsheet).
 */
export const problemAdvice: Record<Kind, string> = {
  'missing-column': 'Add the column to the file. Brim needs NOTE_ID, PERSON_ID, NOTE_DATETIME, NOTE_TEXT and NOTE_TITLE (any order, any case).',
  'duplicate-column': 'Remove or rename the extra column, so that each required column appears once.',
  'duplicate-note-id': 'Give each note of a patient its own NOTE_ID. Brim refuses the whole file when one NOTE_ID repeats for the same patient.',
  'bad-datetime': 'Correct NOTE_DATETIME in these rows to a date, e.g. 2024-03-01 14:30:00, or leave it empty.',
  'datetime-format': 'The corrected copy writes these as YYYY-MM-DD HH:MM:SS.',
  'empty-title': 'The corrected copy fills in “Unknown title”.',
  'empty-text': 'Remove these rows or fill in the note text: Brim has nothing to read in them.',
  'empty-id': 'Fill in NOTE_ID and PERSON_ID in these rows, or remove the rows.',
  'huge-text': 'Brim may be slow on notes this large; split them if you can.',
  encoding: 'The corrected copy is written in UTF-8.',
  'malformed-row': 'Check the quotes in these rows: a field with commas or line breaks must be in double quotes, and a quote inside it doubled ("").',
};

/** Kinds in the order a reader should meet them: what blocks the upload first. */
export function orderKinds(kinds: Kind[], blocking: (kind: Kind) => boolean): Kind[] {
  const order = Object.keys(problemLabels) as Kind[];
  return [...kinds].sort((a, b) => Number(blocking(b)) - Number(blocking(a)) || order.indexOf(a) - order.indexOf(b));
}
