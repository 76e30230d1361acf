import { z } from 'zod';
import { idSchema, isoTimeSchema } from './common.ts';
import { connectionSummarySchema, newConnectionLocalShape } from './connections.ts';
export { brimCapabilityNames, brimConnectionInfoSchema } from './connections.ts';
export type { BrimConnectionInfo } from './connections.ts';
import { datasetNameSchema, datasetSummarySchema } from './datasets.ts';
import { fileDeliveredSchema } from './files.ts';

/**
 * Brim (LLM-assisted chart abstraction). A Brim connection is one API URL, one token (project or
 * organization) and one project. Long work (pre-flight, uploads, generation, result exports) runs as
 * jobs; Brim's task ids are remembered per connection so their history survives restarts. Result
 * exports are cached as datasets (`brim_detailed`, `brim_patient`), so the grid, filter and export work.
 */

const urlInput = z.string().trim().min(1, 'Enter the Brim API address').max(2048);
const tokenInput = z.string().trim().min(1, 'Enter the Brim API token').max(512);
const brimProjectId = z.number().int().min(1).max(2 ** 31);

export const brimConnectSchema = z
  .object({
    url: urlInput,
    token: tokenInput,
    /** An existing project; or give `projectName` to reuse the project of that name or create it. */
    projectId: brimProjectId.optional(),
    projectName: z.string().trim().min(1).max(200).optional(),
    name: z.string().trim().min(1).max(120).optional(),
    ...newConnectionLocalShape,
  })
  .refine((v) => v.projectId !== undefined || v.projectName !== undefined, 'Give the project id, or a project name to create or reuse');

// ---- pre-flight of a notes CSV ---------------------------------------------------------------------------

export const preflightProblemKinds = [
  'missing-column', // a required column is absent (not fixable)
  'duplicate-column',
  'duplicate-note-id', // the same NOTE_ID twice for one patient (Brim rejects the whole file)
  'bad-datetime', // NOTE_DATETIME not readable as a date (not fixable)
  'datetime-format', // readable, but not YYYY-MM-DD HH:MM:SS (fixable: normalised)
  'empty-title', // fixable: a title is filled in
  'empty-text',
  'empty-id', // NOTE_ID or PERSON_ID empty
  'huge-text', // a note text larger than Brim handles well
  'encoding', // not UTF-8: detected and converted in the corrected copy
  'malformed-row', // wrong number of fields, unbalanced quotes
] as const;

export const preflightProblemSchema = z.object({
  kind: z.enum(preflightProblemKinds),
  /** 1-based data row (the header is row 0); null for file-level problems. */
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  /** Ids are shown so the user can find the note; note text never is. */
  noteId: z.string().nullable(),
  personId: z.string().nullable(),
  message: z.string(),
  fixable: z.boolean(),
});
export type PreflightProblem = z.infer<typeof preflightProblemSchema>;

export const preflightReportSchema = z.object({
  fileName: z.string(),
  bytes: z.number().int(),
  encoding: z.enum(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1252']),
  rows: z.number().int(),
  patients: z.number().int(),
  /** Column name in the file for each required column (any order and case), or null when missing. */
  columns: z.record(z.string(), z.string().nullable()),
  /** Counts per kind (every problem counted, even beyond the listed ones). */
  counts: z.record(z.string(), z.number().int()),
  /** The first problems, at most 1,000. */
  problems: z.array(preflightProblemSchema),
  /** Nothing blocks the upload (possibly after fixing). */
  uploadable: z.boolean(),
  /** Every problem found can be fixed in a corrected copy. */
  fixable: z.boolean(),
  /** The corrected copy, staged, when one was asked for and written (the original is never touched). */
  fixedStageId: idSchema.nullable(),
  fixedFileName: z.string().nullable(),
});
export type PreflightReport = z.infer<typeof preflightReportSchema>;

// ---- tasks and history -----------------------------------------------------------------------------------

export const brimTaskKinds = ['notes-upload', 'structured-upload', 'resource-upload', 'generation', 'export'] as const;
/** Brim's status codes 0–4, by name. */
export const brimTaskStates = ['waiting', 'running', 'complete', 'error', 'stopped'] as const;

export const brimTaskSchema = z.object({
  /** Brim's task id (an upload, generation or export task). */
  taskId: z.string(),
  kind: z.enum(brimTaskKinds),
  state: z.enum(brimTaskStates),
  /** What the server last said (its message or display status). */
  message: z.string().nullable(),
  fileName: z.string().nullable(),
  startedAt: isoTimeSchema,
  updatedAt: isoTimeSchema,
  finishedAt: isoTimeSchema.nullable(),
  /** A task that came from this one (the generation started by an upload). */
  childTaskId: z.string().nullable(),
  /** The Carrel job watching it now, if any. */
  jobId: idSchema.nullable(),
});
export type BrimTask = z.infer<typeof brimTaskSchema>;

export const brimOverviewSchema = z.object({
  connection: connectionSummarySchema,
  /** Newest first. */
  tasks: z.array(brimTaskSchema),
  /** Cached result tables (`brim_detailed`, `brim_patient`). */
  datasets: z.array(datasetSummarySchema),
});
export type BrimOverview = z.infer<typeof brimOverviewSchema>;

const connectionRef = z.object({ connectionId: idSchema });
const jobStarted = z.object({ jobId: idSchema });

export const brimResultsScopeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('project') }),
  /** One upload's or one generation's documents. */
  z.object({ type: z.literal('task'), taskId: z.string().min(1).max(100) }),
]);

export const brimMethods = {
  'brim.connect': {
    input: brimConnectSchema,
    output: connectionSummarySchema,
    summary: 'Check the token against the project (or create/reuse a project by name) and save the connection.',
  },
  'brim.overview': {
    input: connectionRef,
    output: brimOverviewSchema,
    summary: 'The project, its task history and its cached result tables.',
  },
  'brim.preflight': {
    input: connectionRef.partial().extend({ stageId: idSchema, writeFixedCopy: z.boolean().default(false) }),
    output: jobStarted,
    summary: 'Check a staged notes CSV before upload (streamed), optionally writing a corrected copy; the report is the job result.',
  },
  'brim.preflightReport': {
    input: z.object({ jobId: idSchema }),
    output: preflightReportSchema,
    summary: 'The report of a finished pre-flight job.',
  },
  'brim.preflightProblemsCsv': {
    input: z.object({ jobId: idSchema }),
    output: fileDeliveredSchema,
    summary: 'The listed problems of a finished pre-flight as a CSV (row, column, ids, severity, kind, message; never note text).',
  },
  'brim.uploadNotes': {
    input: connectionRef.extend({ stageId: idSchema, generateAfterUpload: z.boolean().default(false) }),
    output: jobStarted,
    summary: 'Upload a staged notes CSV with byte progress, then follow the upload (and generation) task.',
  },
  'brim.uploadStructured': {
    input: connectionRef.extend({ stageId: idSchema }),
    output: jobStarted,
    summary: 'Upload a staged structured-data CSV and follow its task.',
  },
  'brim.uploadResource': {
    input: connectionRef.extend({ stageId: idSchema, description: z.string().max(500).optional() }),
    output: jobStarted,
    summary: 'Optional capability: upload a reference document (PDF, DOCX, TXT, MD).',
  },
  'brim.generate': {
    input: connectionRef.extend({
      patientIds: z.array(z.string().min(1).max(200)).max(100_000).optional(),
      variableNames: z.array(z.string().min(1).max(200)).max(10_000).optional(),
      overwriteReviewed: z.boolean().default(false),
    }),
    output: jobStarted,
    summary: 'Optional capability: start generation for all or chosen patients and variables, and follow it.',
  },
  'brim.watchTask': {
    input: connectionRef.extend({ taskId: z.string().min(1).max(100) }),
    output: jobStarted,
    summary: 'Follow a task (Brim\'s backoff: 2 s, ×1.5, at most 300 s) as a job.',
  },
  'brim.fetchResults': {
    input: connectionRef.extend({
      kind: z.enum(['detailed', 'patient']),
      includeNulls: z.boolean().default(true),
      scope: brimResultsScopeSchema.default({ type: 'project' }),
    }),
    output: jobStarted,
    summary: 'Export results (waiting while Brim prepares them), stream them to disk and cache them as a table.',
  },
  'brim.invite': {
    input: connectionRef.extend({ email: z.string().trim().email().max(320) }),
    output: z.object({ invited: z.boolean(), message: z.string() }),
    summary: 'Invite a user to the project.',
  },
  'brim.queuePeek': {
    input: connectionRef,
    output: z.object({ next: z.object({ taskId: z.string(), patientId: z.string(), noteId: z.string(), completedAt: z.string().nullable() }).nullable() }),
    summary: 'Optional capability: the next completed single-note result, without taking it.',
  },
  'brim.queuePop': {
    input: connectionRef,
    output: z.object({ dataset: datasetNameSchema.nullable(), rows: z.number().int() }),
    summary: 'Optional capability: take the oldest completed single-note result and add it to the cached labels.',
  },
  'brim.queueErrors': {
    input: connectionRef,
    output: z.array(z.object({ taskId: z.string(), patientId: z.string(), noteId: z.string(), message: z.string(), failedAt: z.string().nullable() })),
    summary: 'Optional capability: failed single-note generations.',
  },
} as const;
