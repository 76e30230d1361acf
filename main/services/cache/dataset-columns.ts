import { z } from 'zod';
import { columnInfoSchema, type ColumnInfo } from '../../../shared/contract/datasets.ts';

/**
 * A cached column, as stored in `datasets.columns_json`: what the UI is told about it, plus the value
 * labels main uses to render label mode (choices, yes/no, checkbox states, form status). Its SQL column
 * is `c<index>`.
 */
export const datasetColumnSchema = columnInfoSchema.omit({ hasLabels: true }).extend({
  valueLabels: z.record(z.string(), z.string()).optional(),
});
export type DatasetColumn = z.infer<typeof datasetColumnSchema>;

export function sqlColumn(index: number): string {
  return `c${index}`;
}

export function toColumnInfo(column: DatasetColumn): ColumnInfo {
  return {
    name: column.name,
    label: column.label,
    fieldType: column.fieldType,
    form: column.form,
    numeric: column.numeric,
    hasLabels: column.valueLabels !== undefined && Object.keys(column.valueLabels).length > 0,
    isKey: column.isKey,
  };
}

export function parseColumns(json: string): DatasetColumn[] {
  return z.array(datasetColumnSchema).parse(JSON.parse(json));
}
