import { z } from 'zod';
import { idSchema } from './common.ts';
import { viewSpecSchema } from './datasets.ts';

/**
 * csv/tsv: one delimited file. xlsx: a workbook with the data, a Dictionary sheet and an About sheet.
 * r / stata / spss: REDCap's statistics bundles — a CSV (field names as header, raw codes) plus a script
 * that reads it and applies variable labels and value labels (factor levels).
 */
export const exportFormats = ['csv', 'tsv', 'xlsx', 'r', 'stata', 'spss'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportStartSchema = z.object({
  view: viewSpecSchema,
  /** view: the rows, order and columns the table shows; all: every row and column of the dataset (values still raw or labels as shown). */
  scope: z.enum(['view', 'all']).default('view'),
  format: z.enum(exportFormats),
  /** Header row with field names (what statistics packages want) or with the labels shown in the table. Bundles always use names. */
  header: z.enum(['names', 'labels']),
  /** UTF-8 byte-order mark, so that Excel opens accented text correctly (csv, tsv, and the bundles' CSV). */
  bom: z.boolean(),
  /** csv only: the separator (semicolon for Excel in locales with a decimal comma). */
  delimiter: z.enum([',', ';', '|']).default(','),
  /** xlsx with more rows than a sheet holds (1,048,575 under the header): continue on further sheets, or refuse before writing. */
  xlsxOverflow: z.enum(['split', 'refuse']).default('split'),
  /**
   * Sync the connection first, in the same job. When that sync downloads every record and the export is
   * the records as stored (CSV/TSV, no filter, conditions or sort), the file is written as they arrive.
   */
  sync: z.boolean().optional(),
});
export type ExportRequest = z.infer<typeof exportStartSchema>;

/** jobId is null when the user closed the save dialog without choosing a file. */
export const exportStartResultSchema = z.object({ jobId: idSchema.nullable() });

export const exportDeliverSchema = z.object({
  jobId: idSchema,
  action: z.enum(['reveal', 'open', 'download']),
});
/** For `download` (web shell): a one-time URL the browser fetches the file from. */
export const exportDeliverResultSchema = z.object({ url: z.string().nullable() });
