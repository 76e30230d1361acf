import { z } from 'zod';

/**
 * Brim's answers in both generations (reference §0–6): the 2026 envelope `{"status":"success","data":…}`
 * and the older one that carries only `data` (plus, for results, a top-level `message`). Schemas are
 * tolerant of extra keys and of ids sent as numbers, because the inferred parts are not pinned down.
 */

/** Task ids are opaque strings (UUIDs on the sandbox); a server that sends a number still means an id. */
const taskId = z.union([z.string().min(1), z.number().int()]).transform(String);
const optionalTaskId = z.union([taskId, z.null()]).optional().transform((v) => v ?? null);
const text = z.string().nullable().optional().transform((v) => v ?? null);
const intLike = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

export function envelope<T extends z.ZodType>(data: T) {
  return z.object({ status: z.string().optional(), data, message: z.string().nullable().optional() }).passthrough();
}

export const uploadDataSchema = z
  .object({
    upload_task_id: optionalTaskId,
    api_session_id: optionalTaskId,
    generation_task_id: optionalTaskId,
    original_filename: text,
  })
  .passthrough()
  .refine((d) => d.upload_task_id !== null || d.api_session_id !== null, 'no upload task id (upload_task_id or api_session_id)');

export const projectDataSchema = z.object({ id: intLike, name: z.string(), created: z.boolean().optional() }).passthrough();

export const projectListSchema = z.array(z.object({ id: intLike, name: z.string().nullable().optional() }).passthrough());

export const taskStatusDataSchema = z
  .object({
    task_id: optionalTaskId,
    task_status: intLike,
    task_status_display: text,
    message: text,
    phase: text,
  })
  .passthrough();

export const resultsStatusDataSchema = z
  .object({
    export_task_id: optionalTaskId,
    api_session_id: optionalTaskId,
    status: intLike.nullable().optional(),
    status_display: text,
    is_complete: z.boolean().nullable().optional(),
    message: text,
  })
  .passthrough();

export const inviteSchema = z.object({ success: z.boolean().optional(), message: z.string().optional(), detail: z.string().optional() }).passthrough();

export const generateDataSchema = z
  .object({ generation_task_id: optionalTaskId, api_session_id: optionalTaskId, task_id: optionalTaskId })
  .passthrough()
  .refine((d) => d.generation_task_id !== null || d.api_session_id !== null || d.task_id !== null, 'no generation task id');

export const queueEntrySchema = z
  .object({ task_id: taskId, patient_id: z.union([z.string(), z.number()]).transform(String), note_id: z.union([z.string(), z.number()]).transform(String), completed_at: text })
  .passthrough();

export const queueErrorsSchema = z.array(
  z
    .object({
      task_id: taskId,
      patient_id: z.union([z.string(), z.number()]).transform(String),
      note_id: z.union([z.string(), z.number()]).transform(String),
      message: z.string().nullable().optional().transform((v) => v ?? ''),
      failed_at: text,
    })
    .passthrough(),
);

/** Error bodies: Django-Ninja's `{"detail": "…"}` (or a list of validation items), else plain text. */
export const errorBodySchema = z
  .object({
    detail: z.union([z.string(), z.array(z.unknown())]).optional(),
    message: z.string().optional(),
    status: z.string().optional(),
  })
  .passthrough();
