import { z } from 'zod';
import { appInfoSchema, menuCommandEventSchema, noticeEventSchema, preferencesSchema } from './app.ts';
import { diagnosticsSchema, logsDeliveredSchema } from './app.ts';
import { runNoticeActionInputSchema, runNoticeActionResultSchema, updateStateSchema } from './app.ts';
import { emptyInput, idSchema, isoTimeSchema } from './common.ts';
import {
  connectionAddSchema,
  connectionDraftSchema,
  connectionStatusSchema,
  connectionSummarySchema,
  connectionTestResultSchema,
  connectionUpdateSchema,
} from './connections.ts';
import {
  datasetChangedSchema,
  openViewResultSchema,
  projectOverviewSchema,
  recordDetailSchema,
  rowsInputSchema,
  rowsResultSchema,
  viewSpecSchema,
} from './datasets.ts';
import { exportDeliverResultSchema, exportDeliverSchema, exportStartResultSchema, exportStartSchema } from './exports.ts';
import {
  fileDeliveredSchema,
  recordFileRefSchema,
  reportRefSchema,
  repositoryDocSchema,
  repositoryFolderSchema,
  repositoryUploadSchema,
  stagedFileSchema,
  stagePathSchema,
} from './files.ts';
import { jobRefSchema, jobSchema } from './jobs.ts';
import { brainstemEvents, brainstemMethods } from './brainstem.ts';
import { brimMethods } from './brim.ts';
import { importMethods } from './imports.ts';
import { recordFileBulkMethods } from './record-files.ts';
import { brimRedcapMethods } from './brim-redcap.ts';
import { cacheMethods } from './cache.ts';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  /** One line for the method list in docs and error messages. */
  readonly summary: string;
}

function method<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string): MethodSpec<I, O> {
  return { input, output, summary };
}

const connectionRef = z.object({ connectionId: idSchema });

/**
 * Every call the UI can make. Main parses the input with `input` (unknown keys are stripped, sizes capped)
 * and the result with `output` before it leaves main, so neither side trusts the other's types blindly.
 */
export const methods = {
  'app.info': method(emptyInput, appInfoSchema, 'What shell this is and where tokens are kept.'),
  'settings.get': method(emptyInput, preferencesSchema, 'Read the preferences.'),
  'settings.update': method(preferencesSchema.partial(), preferencesSchema, 'Change some preferences.'),
  'app.diagnostics': method(emptyInput, diagnosticsSchema, 'Versions, settings without secrets, cache sizes and recent errors, for a support request.'),
  'app.showLogs': method(emptyInput, logsDeliveredSchema, 'Show the log file in its folder (desktop) or download it (web).'),
  'app.runNoticeAction': method(runNoticeActionInputSchema, runNoticeActionResultSchema, 'Run the action a notice offered (update.restart: restart into a downloaded update).'),
  'app.updateState': method(emptyInput, updateStateSchema, 'Whether this app updates itself, and where the current check or download stands.'),

  'connections.list': method(emptyInput, z.array(connectionSummarySchema), 'Saved connections, without tokens.'),
  'connections.test': method(connectionDraftSchema, connectionTestResultSchema, 'Try an address and token without saving them.'),
  'connections.add': method(connectionAddSchema, connectionSummarySchema, 'Test, then save a connection; the token goes to the keychain.'),
  'connections.update': method(connectionUpdateSchema, connectionSummarySchema, 'Rename a connection or replace its token (tested first).'),
  'connections.remove': method(connectionRef, z.object({ removed: z.boolean() }), 'Forget a connection, its token and its cache.'),
  'connections.ping': method(connectionRef, connectionStatusSchema, 'Check whether the server answers now.'),

  'project.overview': method(connectionRef, projectOverviewSchema, 'A connection with its cached datasets and record views.'),
  'sync.start': method(
    connectionRef.extend({
      mode: z.enum(['auto', 'full']).default('auto'),
      /** BrainSTEM: only these models (default: every model the portal offers). */
      models: z.array(z.string().regex(/^[a-z][a-z_]{1,63}$/)).max(100).optional(),
    }),
    z.object({ jobId: idSchema }),
    'Bring the offline cache up to date (only what changed, when possible), as a job.',
  ),

  'records.openView': method(viewSpecSchema, openViewResultSchema, 'Sort and filter a cached dataset; rows are then read by offset.'),
  'records.rows': method(rowsInputSchema, rowsResultSchema, 'A slice of an open view.'),
  'records.closeView': method(z.object({ viewId: idSchema }), z.object({ closed: z.boolean() }), 'Free an open view.'),
  'records.detail': method(connectionRef.extend({ recordId: z.string().min(1).max(200) }), recordDetailSchema, 'One record across its events and instances, from the cache.'),

  'files.stagePath': method(stagePathSchema, stagedFileSchema, 'Desktop: copy a dropped file into main\'s staging folder.'),
  'recordFiles.download': method(recordFileRefSchema, fileDeliveredSchema, 'Save a record\'s file (desktop) or hand it to the browser (web).'),
  'recordFiles.upload': method(recordFileRefSchema.extend({ stageId: idSchema }), z.object({ fileName: z.string() }), 'Upload a staged file into a record\'s file field, replacing any file there.'),
  'recordFiles.delete': method(recordFileRefSchema, z.object({ deleted: z.boolean() }), 'Remove the file from a record\'s file field.'),
  'repository.download': method(repositoryDocSchema, fileDeliveredSchema, 'Save a document from the project\'s file repository.'),
  'repository.upload': method(repositoryUploadSchema, z.object({ fileName: z.string() }), 'Upload a staged file into a file repository folder.'),
  'repository.delete': method(repositoryDocSchema, z.object({ deleted: z.boolean() }), 'Move a repository document to REDCap\'s recycle bin.'),
  'repository.createFolder': method(repositoryFolderSchema, z.object({ folderId: z.number().int() }), 'Create a folder in the file repository.'),
  'reports.add': method(reportRefSchema.extend({ title: z.string().trim().min(1).max(120).optional() }), z.object({ dataset: z.string(), title: z.string() }), 'Fetch a REDCap report by its ID and keep it in the offline cache.'),
  'reports.remove': method(reportRefSchema, z.object({ removed: z.boolean() }), 'Forget a cached report.'),

  'export.start': method(exportStartSchema, exportStartResultSchema, 'Ask where to save, then write the view to a file, as a job.'),
  'export.deliver': method(exportDeliverSchema, exportDeliverResultSchema, 'Show a finished export in its folder, open it, or download it.'),

  'jobs.list': method(emptyInput, z.array(jobSchema), 'Running and recent jobs.'),
  'jobs.cancel': method(jobRefSchema, z.object({ cancelled: z.boolean() }), 'Stop a running job; partial output is removed.'),
  'jobs.dismiss': method(jobRefSchema, z.object({ dismissed: z.boolean() }), 'Remove a finished job from the list.'),

  ...brainstemMethods,
  ...brimMethods,
  ...importMethods,
  ...recordFileBulkMethods,
  ...brimRedcapMethods,
  ...cacheMethods,
} as const;

/** Everything main pushes to the UI. */
export const events = {
  'job.updated': jobSchema,
  'connection.status': connectionStatusSchema,
  'dataset.changed': datasetChangedSchema,
  'connections.changed': z.object({ at: isoTimeSchema }),
  'app.notice': noticeEventSchema,
  'menu.command': menuCommandEventSchema,
  'settings.changed': preferencesSchema,
  ...brainstemEvents,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

export * from './errors.ts';
export * from './common.ts';
export * from './app.ts';
export * from './connections.ts';
export * from './datasets.ts';
export * from './jobs.ts';
export * from './exports.ts';
export * from './files.ts';
export * from './brainstem.ts';
export * from './brim.ts';
export * from './imports.ts';
