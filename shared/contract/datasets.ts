import { z } from 'zod';
import { idSchema, isoTimeSchema } from './common.ts';
import { connectionSummarySchema } from './connections.ts';

/**
 * A connection's cache holds several datasets: its records, the project's structure (dictionary,
 * instruments, arms, events…), people (users, roles, DAGs), activity (logging), the file repository
 * and saved reports (`report_<id>`). All are tables the same grid, filter and export work on.
 */
export const datasetNameSchema = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'a dataset name');
export type DatasetName = z.infer<typeof datasetNameSchema>;

export const datasetGroups = ['records', 'structure', 'people', 'activity', 'files', 'reports'] as const;
export type DatasetGroup = (typeof datasetGroups)[number];

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

export const datasetAvailabilities = ['ok', 'not-synced', 'forbidden', 'not-applicable', 'failed'] as const;

export const datasetSummarySchema = z.object({
  name: datasetNameSchema,
  title: z.string(),
  group: z.enum(datasetGroups),
  rowCount: z.number().int(),
  columnCount: z.number().int(),
  lastSyncedAt: isoTimeSchema.nullable(),
  /** ok; never synced; refused by the server for this token's rights; meaningless for this project; last attempt failed. */
  availability: z.enum(datasetAvailabilities),
  /** Why a dataset is not available, in a sentence for the user. */
  note: z.string().nullable(),
});
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;

/**
 * Comparison operators of a view condition. They are BrainSTEM's (dynamic-rest) filter operators, applied
 * to the cached rows: `in` (the default) is an exact match on any of the values; the `i` forms ignore case
 * and accents; gt/gte/lt/lte compare numbers when both sides are numbers, else text; `isnull` takes
 * `true` or `false`; `range` takes two values.
 */
export const viewOperators = ['in', 'exact', 'iexact', 'contains', 'icontains', 'startswith', 'istartswith', 'endswith', 'iendswith', 'gt', 'gte', 'lt', 'lte', 'range', 'isnull'] as const;
export type ViewOperator = (typeof viewOperators)[number];

export const viewConditionSchema = z.object({
  column: z.string().min(1).max(200),
  /** Default `in`: the row's value must be one of `values` (exact match, raw values). */
  op: z.enum(viewOperators).optional(),
  /** Negates the condition (dynamic-rest's `filter{-field.op}`). */
  not: z.boolean().optional(),
  values: z.array(z.string().max(500)).max(1000),
});
export type ViewCondition = z.infer<typeof viewConditionSchema>;

/** A ready-made slice of the records: the flat export, one instrument, one event, or one repeating instrument. */
export const recordPresetSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['all', 'instrument', 'event', 'repeating']),
  /** Columns in order; null = every column. */
  columns: z.array(z.string()).nullable(),
  where: z.array(viewConditionSchema),
});
export type RecordPreset = z.infer<typeof recordPresetSchema>;

export const projectOverviewSchema = z.object({
  connection: connectionSummarySchema,
  datasets: z.array(datasetSummarySchema),
  presets: z.array(recordPresetSchema),
  /** When the whole project was last synced (the oldest of its datasets' times), or null. */
  lastSyncedAt: isoTimeSchema.nullable(),
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
  /** Words that must all appear (case- and accent-insensitively) somewhere in a row. */
  filter: z.string().max(500),
  /** Columns to show, in order; absent = all. */
  columns: z.array(z.string().max(200)).max(5000).optional(),
  /** Exact-match conditions, all of which a row must meet. */
  where: z.array(viewConditionSchema).max(8).optional(),
});
export type ViewSpec = z.infer<typeof viewSpecSchema>;

export const openViewResultSchema = z.object({
  viewId: idSchema,
  total: z.number().int(),
  /** Rows in the whole dataset. */
  unfilteredTotal: z.number().int(),
  /** Rows meeting `where` (one instrument, one event…) before the filter box's words. */
  scopeTotal: z.number().int(),
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

/** One record across its events and repeating instances, from the cache. */
export const recordDetailSchema = z.object({
  recordId: z.string(),
  columns: z.array(columnInfoSchema),
  /** One entry per exported row of the record (event × repeat instance), raw and label values in column order. */
  rows: z.array(z.object({ raw: z.array(z.string()), label: z.array(z.string()) })),
  lastSyncedAt: isoTimeSchema.nullable(),
});
export type RecordDetail = z.infer<typeof recordDetailSchema>;
