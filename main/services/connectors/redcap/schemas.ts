import { z } from 'zod';

const flag = z.union([z.number(), z.string(), z.boolean()]).transform((value) => value === 1 || value === '1' || value === true || value === 'true');
const text = z.union([z.string(), z.number()]).transform((value) => String(value));

export const versionSchema = z.string().trim().regex(/^\d+\.\d+(\.\d+)?$/, 'a REDCap version number');

export const projectInfoSchema = z.looseObject({
  project_id: text,
  project_title: z.string(),
  in_production: flag,
  is_longitudinal: flag,
  has_repeating_instruments_or_events: flag,
});
export type RedcapProjectInfo = z.infer<typeof projectInfoSchema>;

export const metadataFieldSchema = z.looseObject({
  field_name: z.string().min(1),
  form_name: z.string().min(1),
  field_type: z.string(),
  field_label: z.string(),
  select_choices_or_calculations: z.string().default(''),
  text_validation_type_or_show_slider_number: z.string().default(''),
  identifier: z.string().default(''),
  required_field: z.string().default(''),
});
export type MetadataField = z.infer<typeof metadataFieldSchema>;
export const metadataSchema = z.array(metadataFieldSchema).min(1, 'a data dictionary with at least the record ID field');

export const instrumentSchema = z.looseObject({
  instrument_name: z.string().min(1),
  instrument_label: z.string(),
});
export type Instrument = z.infer<typeof instrumentSchema>;
export const instrumentsSchema = z.array(instrumentSchema);

export const exportFieldNameSchema = z.looseObject({
  original_field_name: z.string(),
  choice_value: text,
  export_field_name: z.string(),
});
export type ExportFieldName = z.infer<typeof exportFieldNameSchema>;
export const exportFieldNamesSchema = z.array(exportFieldNameSchema);

/** A flat record row: every value a string, except `redcap_repeat_instance`, which JSON exports as a number. */
export type FlatRecord = Record<string, string | number>;

/**
 * A list of flat rows checked value by value by hand, reporting the first value `valueIssue` refuses
 * (with its row and key). A sync reads 100,000 rows × 40 values; zod's record-of-union schema spent
 * about a second of a 100,000-record sync on this check alone.
 */
export function checkedRowsSchema(valueIssue: (key: string, value: unknown) => string | null): z.ZodType<FlatRecord[]> {
  return z
    .unknown()
    .superRefine((rows, context) => {
      if (!Array.isArray(rows)) {
        context.addIssue({ code: 'custom', path: [], message: 'expected a list of rows' });
        return;
      }
      for (let index = 0; index < rows.length; index++) {
        const row: unknown = rows[index];
        if (typeof row !== 'object' || row === null || Array.isArray(row)) {
          context.addIssue({ code: 'custom', path: [index], message: 'expected a row (an object)' });
          return;
        }
        for (const key in row) {
          if (!Object.hasOwn(row, key)) continue;
          const issue = valueIssue(key, (row as Record<string, unknown>)[key]);
          if (issue) {
            context.addIssue({ code: 'custom', path: [index, key], message: issue });
            return;
          }
        }
      }
    })
    .transform((rows) => rows as FlatRecord[]);
}

export const flatRecordsSchema = checkedRowsSchema((_key, value) => (typeof value === 'string' || typeof value === 'number' ? null : 'expected text or a number'));
