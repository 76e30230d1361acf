import { z } from 'zod';
import { appErrorSchema } from './errors.ts';
import { idSchema, isoTimeSchema } from './common.ts';

export const jobKinds = ['sync', 'export', 'preflight', 'upload', 'task', 'results', 'import-plan', 'import'] as const;
export const jobStates = ['running', 'succeeded', 'failed', 'cancelled'] as const;

export const jobResultSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('sync'),
    /** full: everything downloaded; incremental: only what changed since the last sync. */
    mode: z.enum(['full', 'incremental']),
    records: z.number().int(),
    rows: z.number().int(),
    columns: z.number().int(),
    /** Records downloaded (all of them, or the changed ones) and records found deleted. */
    fetched: z.number().int(),
    deleted: z.number().int(),
    /** Datasets this token may not read, or that failed, with why. */
    skipped: z.array(z.object({ name: z.string(), note: z.string() })),
  }),
  z.object({
    kind: z.literal('preflight'),
    rows: z.number().int(),
    problems: z.number().int(),
    uploadable: z.boolean(),
    /** The corrected copy, when one was written. */
    fixedStageId: idSchema.nullable(),
  }),
  z.object({
    /** A Brim task followed to its end (an upload, a generation). */
    kind: z.literal('brim-task'),
    taskId: z.string(),
    state: z.enum(['waiting', 'running', 'complete', 'error', 'stopped']),
    /** The generation an upload started, when there was one. */
    childTaskId: z.string().nullable(),
    message: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('brim-results'),
    dataset: z.string(),
    rows: z.number().int(),
    bytes: z.number().int(),
  }),
  z.object({
    /** A CSV read, mapped, validated and compared with the cache: see imports.planSummary. */
    kind: z.literal('import-plan'),
    planId: idSchema,
    rowsRead: z.number().int(),
    rowsToSend: z.number().int(),
    errors: z.number().int(),
  }),
  z.object({
    /** A journaled import (or undo) that reached its end or stopped. */
    kind: z.literal('import'),
    importId: z.string(),
    state: z.enum(['ready', 'running', 'interrupted', 'failed', 'done', 'undone']),
    confirmedRows: z.number().int(),
    rows: z.number().int(),
  }),
  z.object({
    kind: z.literal('file'),
    fileName: z.string(),
    /** Where the file was saved; null in the web shell, where the browser downloads it. */
    path: z.string().nullable(),
    bytes: z.number().int(),
    rows: z.number().int(),
    /** Files written beside it (a statistics bundle's data CSV), by name. */
    companions: z.array(z.string()).default([]),
    /** What the user should know about the file: "Split across 2 sheets", "3 text cells starting with = were neutralised". */
    notes: z.array(z.string()).default([]),
  }),
]);
export type JobResult = z.infer<typeof jobResultSchema>;

export const jobSchema = z.object({
  id: idSchema,
  kind: z.enum(jobKinds),
  title: z.string(),
  connectionId: idSchema.nullable(),
  state: z.enum(jobStates),
  progress: z.object({
    done: z.number(),
    /** null while the amount of work is not known yet. */
    total: z.number().nullable(),
    unit: z.enum(['records', 'rows', 'steps', 'bytes']),
  }),
  message: z.string(),
  startedAt: isoTimeSchema,
  finishedAt: isoTimeSchema.nullable(),
  error: appErrorSchema.nullable(),
  result: jobResultSchema.nullable(),
});
export type Job = z.infer<typeof jobSchema>;
export type JobKind = Job['kind'];
export type JobState = Job['state'];

export const jobRefSchema = z.object({ jobId: idSchema });
