// A column named after a checkbox field itself (`symptoms`, or its label) rather than one of its
// choices (`symptoms___1`): each cell lists the checked choices, by code or label, separated by `,`
// `;` or `|` ("1,3", "Fever; Cough"). The cell states the whole set, so the field's other choices are
// unchecked; a blank cell says nothing, as a blank cell does for any other column.

import type { ImportField, ImportProject } from './redcap-map-project.ts';

/** The REDCap column of each of a checkbox field's choices, in the dictionary's order. */
export function checkboxColumnsOf(project: ImportProject, field: string): Array<{ column: string; code: string }> {
  const columns: Array<{ column: string; code: string }> = [];
  for (const [column, choice] of project.checkboxColumns) if (choice.field === field) columns.push({ column, code: choice.code });
  return columns;
}

export type CheckboxSetResult =
  | { ok: true; checked: ReadonlySet<string> }
  | { ok: false; unknown: string[] };

/** The codes a cell checks, or the pieces that are no choice of the field. Codes win over labels. */
export function parseCheckboxSet(field: ImportField, raw: string): CheckboxSetResult {
  const byCode = new Map(field.choices.map(([code]) => [code.toLowerCase(), code]));
  const byLabel = new Map(field.choices.map(([code, label]) => [label.trim().toLowerCase(), code]));
  const choice = (text: string): string | undefined => byCode.get(text.trim().toLowerCase()) ?? byLabel.get(text.trim().toLowerCase());
  // Pieces with the separator before each, so that a label holding one ("Other, not listed") can be rejoined.
  const pieces = raw.split(/([,;|])/);
  const texts: string[] = [];
  const glue: string[] = [''];
  for (let i = 0; i < pieces.length; i += 2) {
    texts.push(pieces[i]!);
    if (i + 1 < pieces.length) glue.push(pieces[i + 1]!);
  }
  const checked = new Set<string>();
  const unknown: string[] = [];
  for (let at = 0; at < texts.length;) {
    // The longest run of pieces that names a choice, so a label with a separator wins over its parts.
    let taken = 0;
    for (let end = texts.length; end > at && taken === 0; end -= 1) {
      const text = texts.slice(at, end).map((t, k) => (k === 0 ? t : glue[at + k]! + t)).join('');
      const code = choice(text);
      if (code !== undefined) {
        checked.add(code);
        taken = end - at;
      }
    }
    if (taken === 0) {
      if (texts[at]!.trim() !== '') unknown.push(texts[at]!.trim());
      taken = 1;
    }
    at += taken;
  }
  return unknown.length > 0 ? { ok: false, unknown } : { ok: true, checked };
}

export function checkboxSetMessage(field: ImportField, unknown: readonly string[]): string {
  const choices = field.choices.map(([code, label]) => `${code} = ${label}`).join(', ');
  const listed = unknown.map((piece) => `"${piece}"`).join(', ');
  return `${listed} ${unknown.length === 1 ? 'is not a choice' : 'are not choices'} of the checkbox field ${field.name} (${choices}). List its codes or labels separated by , ; or |.`;
}
