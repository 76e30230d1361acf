import { z } from 'zod';
import { idSchema } from './common.ts';

/**
 * Files travel from the user to main by reference: the desktop preload turns a dropped file into a
 * path, the web shell receives the bytes at /upload; either way main copies them into its staging
 * folder and hands back a stageId, which later calls name.
 */
export const stagedFileSchema = z.object({
  stageId: idSchema,
  fileName: z.string(),
  bytes: z.number().int(),
});
export type StagedFile = z.infer<typeof stagedFileSchema>;

export const stagePathSchema = z.object({ path: z.string().min(1).max(4096) });

const recordId = z.string().min(1).max(200);

/** A file field of one record, at an event and a repeat instance ('' where the project has none). */
export const recordFileRefSchema = z.object({
  connectionId: idSchema,
  recordId,
  field: z.string().min(1).max(100).regex(/^[a-z][a-z0-9_]*$/, 'a REDCap field name'),
  event: z.string().max(100).default(''),
  instance: z.string().max(10).regex(/^\d*$/).default(''),
});
export type RecordFileRef = z.infer<typeof recordFileRefSchema>;

/** Where a downloaded file went: saved (desktop), offered to the browser (web), or nowhere (dialog cancelled). */
export const fileDeliveredSchema = z.object({
  fileName: z.string(),
  path: z.string().nullable(),
  url: z.string().nullable(),
  cancelled: z.boolean(),
});

export const repositoryDocSchema = z.object({ connectionId: idSchema, docId: z.number().int().min(1) });
export const repositoryUploadSchema = z.object({ connectionId: idSchema, folderId: z.number().int().min(1).nullable(), stageId: idSchema });
export const repositoryFolderSchema = z.object({ connectionId: idSchema, parentId: z.number().int().min(1).nullable(), name: z.string().trim().min(1).max(150) });

export const reportRefSchema = z.object({ connectionId: idSchema, reportId: z.string().regex(/^\d{1,12}$/, 'a report ID (digits)') });
