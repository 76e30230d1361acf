// Reports defined in REDCap's web interface, exported with their own fields and filters.

import type { RedcapApi } from '../api.ts';
import type { SignalOption } from './answers.ts';
import { flatRowsSchema, type FlatRow } from './record-rows.ts';

export interface ReportOptions extends SignalOption {
  /** The number shown in REDCap's report list. */
  report_id: number | string;
  rawOrLabel?: 'raw' | 'label';
  rawOrLabelHeaders?: 'raw' | 'label';
  exportCheckboxLabel?: boolean;
  decimalCharacter?: ',' | '.';
}

/** A report's rows; always flat, with the report's columns. */
export async function exportReport(api: RedcapApi, options: ReportOptions): Promise<FlatRow[]> {
  return api.json({
    content: 'report',
    format: 'json',
    report_id: String(options.report_id),
    rawOrLabel: options.rawOrLabel,
    rawOrLabelHeaders: options.rawOrLabelHeaders,
    exportCheckboxLabel: options.exportCheckboxLabel,
    decimalCharacter: options.decimalCharacter,
  }, flatRowsSchema, 'the report', { signal: options.signal });
}
