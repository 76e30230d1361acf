import { z } from 'zod';
import { idSchema } from './common.ts';

/**
 * Many files at once into one file field of many REDCap records. Main names the file-upload fields and
 * matches file names to cached record IDs; each file then travels like a single upload (staged, then
 * `recordFiles.upload`), so nothing new is written to the server by these methods.
 */

const fieldName = z.string().min(1).max(100).regex(/^[a-z][a-z0-9_]*$/, 'a REDCap field name');

/** Most files one drop may hold (a year of scanned forms for a large study fits). */
export const maxBulkFiles = 5000;

export const fileFieldEventSchema = z.object({
  /** unique_event_name */
  name: z.string(),
  /** "Baseline (Arm 1: Intervention)" */
  label: z.string(),
  /** The form repeats on this event, or the event repeats as a whole: files go to instance 1. */
  repeating: z.boolean(),
});

export const fileFieldTargetSchema = z.object({
  field: z.string(),
  label: z.string(),
  form: z.string(),
  formLabel: z.string(),
  /** Longitudinal projects: the events where the field's form is designated (never empty there). Classic: empty. */
  events: z.array(fileFieldEventSchema),
  /** Classic projects: whether the form repeats (files go to instance 1). */
  repeating: z.boolean(),
});
export type FileFieldTarget = z.infer<typeof fileFieldTargetSchema>;

export const fileFieldTargetsSchema = z.object({
  longitudinal: z.boolean(),
  /** The record-ID field's label ("Record ID", "Study ID"), for the matching rule's wording. */
  recordIdLabel: z.string(),
  /** Cached records, for "matched against N records". */
  recordCount: z.number().int(),
  fields: z.array(fileFieldTargetSchema),
});
export type FileFieldTargets = z.infer<typeof fileFieldTargetsSchema>;

export const fileMatchSchema = z.object({
  fileName: z.string(),
  /** The record the file goes to; null when none matches or the file is refused. */
  recordId: z.string().nullable(),
  /** The file name the field already holds for that record (from the cache): uploading replaces it. */
  existing: z.string().nullable(),
  /** Why the file will not be sent, in words for the user; null when it may go. */
  problem: z.string().nullable(),
});
export type FileMatch = z.infer<typeof fileMatchSchema>;

export const fileMatchResultSchema = z.object({
  /** One entry per input file name, in the same order. */
  matches: z.array(fileMatchSchema),
  /** The repeat instance the files go to: '1' where the form or event repeats, '' otherwise. */
  instance: z.string(),
  /** Record IDs were compared ignoring case (they are unique that way in this project). */
  ignoreCase: z.boolean(),
});
export type FileMatchResult = z.infer<typeof fileMatchResultSchema>;

export const recordFileBulkMethods = {
  'recordFiles.targets': {
    input: z.object({ connectionId: idSchema }),
    output: fileFieldTargetsSchema,
    summary: "The project's file-upload fields with their forms and events, from the cached structure.",
  },
  'recordFiles.match': {
    input: z.object({
      connectionId: idSchema,
      field: fieldName,
      /** unique_event_name; '' in classic projects. */
      event: z.string().max(100).default(''),
      fileNames: z.array(z.string().min(1).max(255)).min(1).max(maxBulkFiles),
    }),
    output: fileMatchResultSchema,
    summary: 'Which cached record each file goes to (by the file name), what it replaces, and why a file will not be sent.',
  },
} as const;
