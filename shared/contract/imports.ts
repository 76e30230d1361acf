import { z } from 'zod';
import { idSchema, isoTimeSchema } from './common.ts';
import { fileDeliveredSchema } from './files.ts';

/**
 * Importing a CSV into a REDCap project's records, or into a BrainSTEM model's records (creates and
 * updates, by `model`): read and plan (map, validate, diff) as a job, review,
 * then a journaled import as a job that can be resumed after a crash and undone. Plans live in main,
 * by id; only counts, the first problems and pages of changes cross the contract.
 */

export const cellProblemSchema = z.object({
  /** 1-based data row as a spreadsheet shows it (header = row 0). */
  row: z.number().int(),
  column: z.string().nullable(),
  field: z.string().nullable(),
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  message: z.string(),
});
export type CellProblemView = z.infer<typeof cellProblemSchema>;

export const importPlanOptionsSchema = z.object({
  /** How dates in the file are written (REDCap's dateFormat). */
  dateFormat: z.enum(['YMD', 'MDY', 'DMY']).default('YMD'),
  /** Accept choice labels ("Female") and convert them to codes. */
  labelsToCodes: z.boolean().default(false),
  /** REDCap's overwriteBehavior=overwrite: blank cells erase values. */
  overwrite: z.boolean().default(false),
  /** Column → field (null skips the column); what the automatic mapping got wrong. */
  mapping: z.record(z.string().max(500), z.string().max(200).nullable()).optional(),
});

/** BrainSTEM model names as the catalogue spells them (`session`, `behavioralparadigm`). */
const modelName = z.string().regex(/^[a-z][a-z_]{1,63}$/);

export const importPlanSummarySchema = z.object({
  planId: idSchema,
  connectionId: idSchema,
  /** Where the rows go: a REDCap project's records, or a BrainSTEM model (then `model` names it). */
  service: z.enum(['redcap', 'brainstem']),
  model: modelName.nullable(),
  fileName: z.string(),
  rowsRead: z.number().int(),
  encoding: z.string(),
  delimiter: z.string(),
  /** Every column of the file, with the field it goes to (null: skipped or unknown) and how it was matched. */
  mapping: z.array(z.object({ column: z.string(), field: z.string().nullable(), how: z.string() })),
  /** Every field the mapping could use, for the mapping screen's choices. */
  fields: z.array(z.object({ name: z.string(), label: z.string(), form: z.string().nullable() })),
  newRecords: z.number().int(),
  /** Rows of existing records with at least one changed value. */
  changedRows: z.number().int(),
  unchangedRows: z.number().int(),
  /** Values that would be erased (overwrite only). */
  blanked: z.number().int(),
  /** Rows that will be sent. */
  rowsToSend: z.number().int(),
  errors: z.number().int(),
  warnings: z.number().int(),
  /** The first problems (at most 1,000); all of them are in the CSV from imports.problemsCsv. */
  problems: z.array(cellProblemSchema),
  options: importPlanOptionsSchema,
});
export type ImportPlanSummary = z.infer<typeof importPlanSummarySchema>;

export const plannedChangeSchema = z.object({
  /** REDCap: the record ID. BrainSTEM: the object's id, or '' for an object the import creates. */
  record: z.string(),
  /** BrainSTEM: the object's name (what the user recognises); null for REDCap. */
  label: z.string().nullable().default(null),
  event: z.string(),
  repeatInstrument: z.string(),
  repeatInstance: z.string(),
  kind: z.enum(['new', 'changed']),
  changes: z.array(z.object({ field: z.string(), old: z.string().nullable(), new: z.string() })),
});

export const importStates = ['ready', 'running', 'interrupted', 'failed', 'done', 'undone'] as const;

export const importEntrySchema = z.object({
  importId: z.string(),
  kind: z.enum(['import', 'undo']),
  /** The import this one undoes. */
  undoOf: z.string().nullable(),
  state: z.enum(importStates),
  createdAt: isoTimeSchema,
  updatedAt: isoTimeSchema,
  fileName: z.string().nullable(),
  batches: z.number().int(),
  confirmedBatches: z.number().int(),
  rows: z.number().int(),
  confirmedRows: z.number().int(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** A running job on it, if any. */
  jobId: idSchema.nullable(),
});
export type ImportEntryView = z.infer<typeof importEntrySchema>;

const connectionRef = z.object({ connectionId: idSchema });
const importRef = connectionRef.extend({ importId: z.string().min(1).max(64) });
const jobStarted = z.object({ jobId: idSchema });

export const importMethods = {
  'imports.plan': {
    input: connectionRef.extend({
      stageId: idSchema,
      options: importPlanOptionsSchema.default({ dateFormat: 'YMD', labelsToCodes: false, overwrite: false }),
      /** BrainSTEM connections: the model whose records the rows create or update (required there, refused for REDCap). */
      model: modelName.optional(),
    }),
    output: jobStarted,
    summary: 'Read, map, validate and diff a staged CSV against the cached project (or BrainSTEM model), as a job; the result names the plan.',
  },
  'imports.replan': {
    input: z.object({ planId: idSchema, options: importPlanOptionsSchema }),
    output: jobStarted,
    summary: 'Plan the same file again with other options or a corrected mapping.',
  },
  'imports.planSummary': {
    input: z.object({ planId: idSchema }),
    output: importPlanSummarySchema,
    summary: 'Counts, mapping and the first problems of a plan.',
  },
  'imports.planChanges': {
    input: z.object({ planId: idSchema, offset: z.number().int().min(0), limit: z.number().int().min(1).max(500), kind: z.enum(['all', 'new', 'changed']).default('all') }),
    output: z.object({ total: z.number().int(), rows: z.array(plannedChangeSchema) }),
    summary: 'A page of what the import will change (old → new).',
  },
  'imports.problemsCsv': {
    input: z.object({ planId: idSchema }),
    output: fileDeliveredSchema,
    summary: 'Every problem of a plan as a CSV (save it, or download it in the web shell).',
  },
  'imports.discardPlan': {
    input: z.object({ planId: idSchema }),
    output: z.object({ discarded: z.boolean() }),
    summary: 'Forget a plan that will not be imported.',
  },
  'imports.start': {
    input: z.object({ planId: idSchema }),
    output: z.object({ jobId: idSchema, importId: z.string() }),
    summary: 'Journal the plan and import it in record batches, as a job (refused while the plan has errors).',
  },
  'imports.list': {
    input: connectionRef,
    output: z.array(importEntrySchema),
    summary: 'The connection\'s imports and undos, newest first, with what the server confirmed.',
  },
  'imports.resume': {
    input: importRef,
    output: jobStarted,
    summary: 'Continue an interrupted import: only batches REDCap has not confirmed are sent (the uncertain one is checked first).',
  },
  'imports.previewUndo': {
    input: importRef,
    output: z.object({
      restoreRows: z.number().int(),
      restoreValues: z.number().int(),
      deleteRecords: z.number().int(),
      fields: z.array(z.string()),
      /** Rows the import added to existing records (a new event or repeat instance), removed by the undo. */
      removeRows: z.number().int().default(0),
      /** Such rows that can only be blanked (`blankReason` says why). */
      blankRows: z.number().int().default(0),
      blankReason: z.string().nullable().default(null),
      /** Rows added as new repeat instances whose number REDCap chose: the undo cannot find them. */
      unlocatedRows: z.number().int().default(0),
      /** Values whose old value Carrel never knew (a Data Access Group): left as they are. */
      keptValues: z.number().int().default(0),
      /** The import's batches, those REDCap confirmed, and those that may have reached it when it stopped. */
      batches: z.number().int().default(0),
      importedBatches: z.number().int().default(0),
      uncertainBatches: z.number().int().default(0),
      /** BrainSTEM: writes that became approval requests (moderated models), which Carrel cannot undo. */
      awaitingApproval: z.number().int().default(0),
      /** What the undo cannot do, in words for the confirmation (null when it can do everything). */
      note: z.string().nullable().default(null),
    }),
    summary: 'What undoing an import would do.',
  },
  'imports.undo': {
    input: importRef,
    output: z.object({ jobId: idSchema, importId: z.string() }),
    summary: 'Revert an import (restore previous values, delete new records) as another journaled job.',
  },
} as const;
