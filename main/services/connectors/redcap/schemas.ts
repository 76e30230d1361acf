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
export const flatRecordSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export type FlatRecord = z.infer<typeof flatRecordSchema>;
export const flatRecordsSchema = z.array(flatRecordSchema);
