import { z } from 'zod';
import { idSchema, isoTimeSchema } from './common.ts';
import { connectionSummarySchema } from './connections.ts';

export const datasetNames = ['records'] as const;
export const datasetNameSchema = z.enum(datasetNames);
export type DatasetName = z.infer<typeof datasetNameSchema>;

export const valueModes = ['raw', 'label'] as const;
export const valueModeSchema = z.enum(valueModes);
export type ValueMode = z.infer<typeof valueModeSchema>;

export const columnInfoSchema = z.object({
  /** Exported field name, e.g. `race___2`: unique within a dataset. */
  name: z.string(),
  /** What the user reads in the header: the field label (with the choice for checkbox columns). */
  label: z.string(),
  fieldType: z.string(),
  form: z.string().nullable(),
  /** Sorts as a number rather than as text. */
  numeric: z.boolean(),
  /** Has value labels, so raw and label mode differ. */
  hasLabels: z.boolean(),
  isKey: z.boolean(),
});
export type ColumnInfo = z.infer<typeof columnInfoSchema>;

export const datasetSummarySchema = z.object({
  name: datasetNameSchema,
  title: z.string(),
  rowCount: z.number().int(),
  columnCount: z.number().int(),
  lastSyncedAt: isoTimeSchema.nullable(),
});
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;

export const projectOverviewSchema = z.object({
  connection: connectionSummarySchema,
  datasets: z.array(datasetSummarySchema),
});
export type ProjectOverview = z.infer<typeof projectOverviewSchema>;

export const sortKeySchema = z.object({
  column: z.string().min(1).max(200),
  direction: z.enum(['asc', 'desc']),
});
export type SortKey = z.infer<typeof sortKeySchema>;

/** What the user sees: the same description drives the table, copy and export. */
export const viewSpecSchema = z.object({
  connectionId: idSchema,
  dataset: datasetNameSchema,
  mode: valueModeSchema,
  sort: z.array(sortKeySchema).max(8),
  /** Words that must all appear (case-insensitively) somewhere in a row. */
  filter: z.string().max(500),
});
export type ViewSpec = z.infer<typeof viewSpecSchema>;

export const openViewResultSchema = z.object({
  viewId: idSchema,
  total: z.number().int(),
  unfilteredTotal: z.number().int(),
  columns: z.array(columnInfoSchema),
  lastSyncedAt: isoTimeSchema.nullable(),
  queryMs: z.number(),
});
export type OpenViewResult = z.infer<typeof openViewResultSchema>;

export const maxRowsPerRequest = 2000;

export const rowsInputSchema = z.object({
  viewId: idSchema,
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(maxRowsPerRequest),
});

export const rowsResultSchema = z.object({
  offset: z.number().int(),
  rows: z.array(z.array(z.string())),
});
export type RowsResult = z.infer<typeof rowsResultSchema>;

export const datasetChangedSchema = z.object({
  connectionId: idSchema,
  dataset: datasetNameSchema,
  rowCount: z.number().int(),
  lastSyncedAt: isoTimeSchema,
});
