// Data export rights applied to what a user exports (reference §1.5 "Export-rights filtering"):
// "No Access" to every form is refused; otherwise fields the user may not export are silently left
// out. REDCap's "De-Identified" removes identifiers, free-form text (unvalidated text and notes)
// and dates/times; "Remove Identifiers" removes identifier fields only. The record ID always stays.

import type { ApiCall } from './api-call.ts';
import { ApiError, MESSAGES } from './errors.ts';
import { EXPORT_DEIDENTIFIED, EXPORT_FULL, EXPORT_NO_ACCESS, EXPORT_REMOVE_IDENTIFIERS } from './project-people.ts';
import type { FieldDef } from './project-model.ts';

export interface ExportRights {
  /** Whether a field may be exported (its form's right and the field's kind decide). */
  field(field: FieldDef): boolean;
  /** Whether a form's `<form>_complete` (and survey timestamp) may be exported. */
  form(form: string): boolean;
  /** True when nothing is filtered. */
  full: boolean;
}

function isDateOrTime(field: FieldDef): boolean {
  return /^(date|datetime|time)/.test(field.validation ?? '');
}

function isFreeText(field: FieldDef): boolean {
  return field.type === 'notes' || (field.type === 'text' && (field.validation ?? '') === '');
}

/** The caller's export rights; throws REDCap's 403 when the user may export no form at all. */
export function exportRightsOf(call: ApiCall): ExportRights {
  const { schema, people } = call.project;
  const formsExport = people.effective(call.user).formsExport;
  const level = (form: string): number => formsExport[form] ?? EXPORT_NO_ACCESS;
  if (schema.instruments.every((instrument) => level(instrument.name) === EXPORT_NO_ACCESS)) {
    throw new ApiError(403, MESSAGES.noPermission);
  }
  const full = schema.instruments.every((instrument) => level(instrument.name) === EXPORT_FULL);
  return {
    full,
    form: (form) => level(form) !== EXPORT_NO_ACCESS,
    field: (field) => {
      if (field === schema.recordIdField) return true;
      const right = level(field.form);
      if (right === EXPORT_NO_ACCESS) return false;
      if (right === EXPORT_REMOVE_IDENTIFIERS) return field.identifier !== true;
      if (right === EXPORT_DEIDENTIFIED) return field.identifier !== true && !isFreeText(field) && !isDateOrTime(field);
      return true;
    },
  };
}
