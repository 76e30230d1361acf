import { z } from 'zod';
import { idSchema } from './common.ts';

/**
 * Brim results into a REDCap project connected in Carrel: map Brim variables to REDCap fields, match
 * Brim patients to records, then the ordinary import plan (validate → diff → journaled import → undo).
 * Everything is read from the two offline caches; only `brimRedcap.plan` writes a file (a CSV staged
 * in main) and starts the import planner on it.
 */

const name = z.string().min(1).max(200);

export const brimRedcapSourceSchema = z.object({
  brimConnectionId: idSchema,
  redcapConnectionId: idSchema,
  /** Which cached export to read: the patient-level one is the natural source. */
  results: z.enum(['patient', 'detailed']).default('patient'),
  /** Longitudinal projects: the unique event name the values go into. */
  event: z.string().max(200).optional(),
});

/** One Brim variable → one REDCap field; for fields with choices, Brim value → choice code (null: leave blank). */
export const brimRedcapPairSchema = z.object({
  variable: name,
  field: name,
  values: z.record(z.string().max(500), z.string().max(200).nullable()).optional(),
});
export type BrimRedcapPair = z.infer<typeof brimRedcapPairSchema>;

export const brimRedcapMappingSchema = brimRedcapSourceSchema.extend({
  matchField: name,
  mapping: z.array(brimRedcapPairSchema).max(1000),
});

export const brimVariableTypes = ['text', 'boolean', 'integer', 'float', 'date', 'datetime'] as const;

export const brimVariableSchema = z.object({
  name: z.string(),
  type: z.enum(brimVariableTypes),
  /** Brim's scope when the export says it (detailed export), else null. */
  scope: z.string().nullable(),
  /** Distinct values, most frequent first (at most 50). */
  values: z.array(z.string()),
  moreValues: z.boolean(),
  /** Patients with a value. */
  patients: z.number().int(),
  /** Some patients have several values (many labels per note, or notes that disagree). */
  multiple: z.boolean(),
});
export type BrimVariableView = z.infer<typeof brimVariableSchema>;

export const redcapTargetFieldSchema = z.object({
  name: z.string(),
  label: z.string(),
  type: z.string(),
  validation: z.string(),
  choices: z.array(z.object({ code: z.string(), label: z.string() })),
  form: z.string(),
});
export type RedcapTargetField = z.infer<typeof redcapTargetFieldSchema>;

export const brimValueMatchSchema = z.object({
  value: z.string(),
  /** The REDCap code it becomes; null: left blank (chosen) or no choice found (then `how` is 'none'). */
  code: z.string().nullable(),
  how: z.enum(['label', 'code', 'similar', 'chosen', 'blank', 'none']),
  patients: z.number().int(),
});

export const brimPairVerdictSchema = z.object({
  variable: z.string(),
  field: z.string(),
  verdict: z.enum(['ok', 'warning', 'error']),
  /** Sentences saying what would happen to the values; empty when all is well. */
  messages: z.array(z.string()),
  /** Fields with choices: what each Brim value becomes. */
  values: z.array(brimValueMatchSchema),
});
export type BrimPairVerdict = z.infer<typeof brimPairVerdictSchema>;

export const brimRedcapCheckSchema = z.object({
  verdicts: z.array(brimPairVerdictSchema),
  /** Problems of the whole mapping (no event chosen, a field mapped twice…). */
  problems: z.array(z.string()),
  patients: z.number().int(),
  matched: z.number().int(),
  unmatched: z.number().int(),
  /** The first unmatched patient IDs. */
  unmatchedIds: z.array(z.string()),
  /** Patients matching 2+ records, or sharing a record with another patient: left out. */
  ambiguous: z.number().int(),
  ambiguousIds: z.array(z.string()),
  /** Rows the CSV will have (matched patients with at least one value to write). */
  rowsToWrite: z.number().int(),
  /** Nothing in the mapping is an error and there is something to write. */
  ready: z.boolean(),
});
export type BrimRedcapCheck = z.infer<typeof brimRedcapCheckSchema>;

export const brimRedcapPrepareSchema = z.object({
  brimProject: z.string(),
  redcapProject: z.string(),
  results: z.enum(['patient', 'detailed']),
  fetchedAt: z.string(),
  /** How several labels per patient become one value, in words for the dialog. */
  fold: z.string(),
  variables: z.array(brimVariableSchema),
  fields: z.array(redcapTargetFieldSchema),
  recordIdField: z.string(),
  longitudinal: z.boolean(),
  events: z.array(z.object({ name: z.string(), label: z.string() })),
  /** Fields to find a patient's record by: the record ID field first, then text fields. */
  matchFields: z.array(z.object({ name: z.string(), label: z.string() })),
  matchField: z.string(),
  /** The automatic mapping (same name or same label, case-insensitive). */
  mapping: z.array(brimRedcapPairSchema),
  check: brimRedcapCheckSchema,
});
export type BrimRedcapPrepare = z.infer<typeof brimRedcapPrepareSchema>;

export const brimRedcapMethods = {
  'brimRedcap.prepare': {
    input: brimRedcapSourceSchema,
    output: brimRedcapPrepareSchema,
    summary: 'Brim variables from the cached results, the REDCap fields, match fields and an automatic mapping with its verdicts.',
  },
  'brimRedcap.check': {
    input: brimRedcapMappingSchema,
    output: brimRedcapCheckSchema,
    summary: 'Verdicts and patient ↔ record match counts for a mapping.',
  },
  'brimRedcap.plan': {
    input: brimRedcapMappingSchema.extend({ overwrite: z.boolean().default(false) }),
    output: z.object({ jobId: idSchema, fileName: z.string(), rows: z.number().int() }),
    summary: 'Write the mapped results as a CSV for the matched records and start the import planner on it, as a job.',
  },
} as const;
