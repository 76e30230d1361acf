// content=report: a record export limited to a saved report's fields, events and filter
// (always flat; rawOrLabel, rawOrLabelHeaders, exportCheckboxLabel, csvDelimiter, decimalCharacter).

import type { ApiCall } from './api-call.ts';
import type { ApiResult } from './encoding.ts';
import { ApiError, INVENTED_MESSAGES } from './errors.ts';
import { exportRightsOf } from './export-rights.ts';
import { parseLogic } from './filter-logic.ts';
import { selectFields } from './record-columns.ts';
import { rowFilterOf } from './record-selection.ts';
import { runExport } from './records-export.ts';

export function reportMethod(call: ApiCall): ApiResult {
  const raw = (call.params.get('report_id') ?? '').trim();
  if (raw === '') throw new ApiError(400, INVENTED_MESSAGES.missingParameter('report_id'));
  const report = call.project.reports.find((candidate) => String(candidate.id) === raw);
  if (report === undefined) throw new ApiError(400, INVENTED_MESSAGES.invalidParameter('report_id'));
  const schema = call.project.schema;
  // A report names fields the design may since have dropped; those simply fall away.
  const fields = report.fields.filter((field) => schema.isKnownFieldName(field));
  const selected = selectFields(schema, fields, [], exportRightsOf(call));
  const filter = rowFilterOf(call, {
    records: [],
    events: report.events.filter((event) => schema.event(event) !== undefined),
    logic: report.filter === '' ? undefined : parseLogic(report.filter, schema),
    begin: undefined,
    end: undefined,
  });
  return runExport(call, { selected, filter, eav: false });
}
