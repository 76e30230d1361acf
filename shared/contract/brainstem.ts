import { z } from 'zod';
import { idSchema, isoTimeSchema } from './common.ts';
import { brainstemPortalSchema, connectionSummarySchema, newConnectionLocalShape } from './connections.ts';
import { datasetAvailabilities, datasetNameSchema } from './datasets.ts';

/**
 * BrainSTEM (neuroscience experiment metadata). A BrainSTEM connection is one server and the portal the
 * user browses (private: what their sign-in may read; public: published projects, no sign-in). Every
 * model is cached as its own dataset, so the grid, filters and exports work on it like on any table.
 * Credentials are kept per server URL, never per connection, and never cross this contract.
 */

export const brainstemAppNames = ['stem', 'modules', 'personal_attributes', 'resources', 'taxonomies', 'dissemination', 'users'] as const;
export const brainstemAppSchema = z.enum(brainstemAppNames);
export type BrainstemAppName = z.infer<typeof brainstemAppSchema>;

export const brainstemModelNameSchema = z.string().regex(/^[a-z][a-z_]{1,63}$/, 'a BrainSTEM model name');

/** A record id: a UUID string, or a whole number for users and groups. */
export const brainstemIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:~-]+$/, 'a BrainSTEM record id');

const serverUrlInput = z.string().trim().min(1, 'Enter the BrainSTEM server address').max(2048);

export const brainstemConnectSchema = z.object({
  url: serverUrlInput,
  portal: brainstemPortalSchema.default('private'),
  name: z.string().trim().min(1).max(120).optional(),
  ...newConnectionLocalShape,
});

// ---- sign-in -------------------------------------------------------------------------------------------

export const deviceSignInStartedSchema = z.object({
  flowId: idSchema,
  /** What the user checks on the approval page (e.g. `WDJB-MJHT`). */
  userCode: z.string(),
  verificationUri: z.string(),
  /** The page with the code filled in, when the server gives one. */
  verificationUriComplete: z.string().nullable(),
  expiresAt: isoTimeSchema,
  intervalSeconds: z.number(),
  /** The system browser was opened (desktop); false where the UI must open the page itself (web shell). */
  browserOpened: z.boolean(),
});
export type DeviceSignInStarted = z.infer<typeof deviceSignInStartedSchema>;

export const signInStates = ['pending', 'approved', 'denied', 'expired', 'used', 'failed', 'cancelled'] as const;

/** Pushed while a device sign-in runs, and once when it ends (any state but pending). */
export const brainstemSignInEventSchema = z.object({
  connectionId: idSchema,
  flowId: idSchema,
  state: z.enum(signInStates),
  /** A sentence for the user: what happened and what to do next. */
  message: z.string().optional(),
});
export type BrainstemSignInEvent = z.infer<typeof brainstemSignInEventSchema>;

const secretInput = z.string().min(1).max(4096);

// ---- models, fields and the overview ----------------------------------------------------------------------

export const brainstemFieldKinds = [
  'text',
  'longtext',
  'integer',
  'number',
  'boolean',
  'date',
  'datetime',
  'choice',
  'json',
  'relation', // one related record (its id)
  'relations', // a list of related record ids
  'tags', // a list of strings
] as const;

export const brainstemFieldSchema = z.object({
  name: z.string(),
  label: z.string(),
  kind: z.enum(brainstemFieldKinds),
  /** Must be given on create. */
  required: z.boolean(),
  /** Set by the server; never sent. */
  readOnly: z.boolean(),
  /** Writable on create only (e.g. a log's `type`). */
  createOnly: z.boolean(),
  maxLength: z.number().int().nullable(),
  choices: z.array(z.object({ value: z.string(), label: z.string() })).nullable(),
  /** For relation fields: the model the ids point to. */
  relatedModel: z.string().nullable(),
  /** For JSON fields: object, array, or either. */
  jsonShape: z.enum(['object', 'array', 'any']).nullable(),
  help: z.string().nullable(),
});
export type BrainstemField = z.infer<typeof brainstemFieldSchema>;

export const brainstemModelSummarySchema = z.object({
  model: z.string(),
  app: brainstemAppSchema,
  /** "Data acquisition". */
  label: z.string(),
  /** "Data acquisitions". */
  pluralLabel: z.string(),
  /** The cache dataset holding this model's records in the current portal. */
  dataset: datasetNameSchema,
  fields: z.array(brainstemFieldSchema),
  /** Related objects the table and record view show by default (the Python tool's convenience loaders). */
  defaultIncludes: z.array(z.string()),
  publicRead: z.boolean(),
  /** Writes go through the approval queue (`*_approval`). */
  moderated: z.boolean(),
  /** The current portal and sign-in allow create/edit/delete at all (the server still checks rights). */
  writable: z.boolean(),
  /** Custom actions on one record (`add_entry`, `accept`, `join`, …). */
  actions: z.array(z.string()),
  rowCount: z.number().int(),
  lastSyncedAt: isoTimeSchema.nullable(),
  availability: z.enum(datasetAvailabilities),
  note: z.string().nullable(),
});
export type BrainstemModelSummary = z.infer<typeof brainstemModelSummarySchema>;

export const brainstemOverviewSchema = z.object({
  connection: connectionSummarySchema,
  portal: brainstemPortalSchema,
  apps: z.array(z.object({ app: brainstemAppSchema, label: z.string(), models: z.array(brainstemModelSummarySchema) })),
  lastSyncedAt: isoTimeSchema.nullable(),
});
export type BrainstemOverview = z.infer<typeof brainstemOverviewSchema>;

// ---- records ----------------------------------------------------------------------------------------------

const modelRef = z.object({ connectionId: idSchema, model: brainstemModelNameSchema });
const recordRef = modelRef.extend({ id: brainstemIdSchema });

export const brainstemLinkSchema = z.object({
  id: z.string(),
  /** The related record's name (or title, email…); its id when it is not cached. */
  label: z.string(),
  /** The related record is in the cache, so the UI can open it offline. */
  cached: z.boolean(),
});
export type BrainstemLink = z.infer<typeof brainstemLinkSchema>;

export const brainstemRecordSchema = z.object({
  model: z.string(),
  id: z.string(),
  label: z.string(),
  /** Every field as the server sent it (JSON values); relations hold ids. */
  values: z.record(z.string(), z.unknown()),
  /** Each relation field (forward and read-only reverse ones such as a subject's procedures), resolved. */
  relations: z.array(z.object({ field: z.string(), label: z.string(), model: z.string(), links: z.array(brainstemLinkSchema) })),
  /** Where this copy came from and when. */
  source: z.enum(['cache', 'server']),
  syncedAt: isoTimeSchema.nullable(),
});
export type BrainstemRecordView = z.infer<typeof brainstemRecordSchema>;

/** Field values as the form sends them: JSON values; relation fields hold ids. */
const valuesInput = z.record(z.string().max(100), z.unknown()).refine((v) => Object.keys(v).length <= 200, 'too many fields');

export const brainstemWriteResultSchema = z.object({
  /** The record as the server now has it (null when the change waits for approval or was a delete). */
  record: brainstemRecordSchema.nullable(),
  /** Moderated models: the change is queued for review. */
  approval: z.object({ id: z.string(), status: z.string() }).nullable(),
});
export type BrainstemWriteResult = z.infer<typeof brainstemWriteResultSchema>;

export const logEntryInputSchema = z.object({
  date_time: z.string().max(40).optional(),
  start_date_time: z.string().max(40).optional(),
  end_date_time: z.string().max(40).optional(),
  notes: z.string().max(5000).optional(),
  details: z.unknown().optional(),
});

export const brainstemMethods = {
  'brainstem.connect': {
    input: brainstemConnectSchema,
    output: connectionSummarySchema,
    summary: 'Save a BrainSTEM server (the public portal works without signing in).',
  },
  'brainstem.setPortal': {
    input: z.object({ connectionId: idSchema, portal: brainstemPortalSchema }),
    output: connectionSummarySchema,
    summary: 'Switch between the private and the public portal.',
  },
  'brainstem.signIn.deviceStart': {
    input: z.object({ connectionId: idSchema }),
    output: deviceSignInStartedSchema,
    summary: 'Start a browser sign-in; progress arrives as brainstem.signIn events.',
  },
  'brainstem.signIn.deviceCancel': {
    input: z.object({ flowId: idSchema }),
    output: z.object({ cancelled: z.boolean() }),
    summary: 'Stop waiting for a browser sign-in.',
  },
  'brainstem.signIn.token': {
    input: z.object({ connectionId: idSchema, token: secretInput }),
    output: connectionSummarySchema,
    summary: 'Check a personal access token and keep it for this server.',
  },
  'brainstem.signIn.password': {
    input: z.object({ connectionId: idSchema, email: z.string().trim().min(1).max(320), password: secretInput }),
    output: connectionSummarySchema,
    summary: 'Sign in with email and password for a refreshable access token (the password is not kept).',
  },
  'brainstem.signIn.legacy': {
    input: z.object({ connectionId: idSchema, username: z.string().trim().min(1).max(320), password: secretInput }),
    output: connectionSummarySchema,
    summary: 'Older servers: username and password for a long-lived token (the password is not kept).',
  },
  'brainstem.signOut': {
    input: z.object({ connectionId: idSchema }),
    output: connectionSummarySchema,
    summary: 'Forget this server\'s stored credential.',
  },
  'brainstem.overview': {
    input: z.object({ connectionId: idSchema }),
    output: brainstemOverviewSchema,
    summary: 'Apps and models of the current portal, with their fields and what the cache holds.',
  },
  'brainstem.record': {
    input: recordRef.extend({ refresh: z.boolean().default(false) }),
    output: brainstemRecordSchema,
    summary: 'One record with its relations resolved, from the cache (or the server with refresh).',
  },
  'brainstem.search': {
    input: modelRef.extend({ text: z.string().max(200), limit: z.number().int().min(1).max(200).default(30) }),
    output: z.array(brainstemLinkSchema),
    summary: 'Cached records of a model whose name matches, for relation pickers.',
  },
  'brainstem.create': {
    input: modelRef.extend({ values: valuesInput }),
    output: brainstemWriteResultSchema,
    summary: 'Create a record (POST); field errors come back per field.',
  },
  'brainstem.update': {
    input: recordRef.extend({ values: valuesInput, replace: z.boolean().default(false) }),
    output: brainstemWriteResultSchema,
    summary: 'Change some fields (PATCH) or replace the record (PUT).',
  },
  'brainstem.delete': {
    input: recordRef,
    output: z.object({ deleted: z.boolean() }),
    summary: 'Delete a record on the server and from the cache.',
  },
  'brainstem.logEntry': {
    input: recordRef.extend({ change: z.enum(['add', 'change', 'remove']), entry: logEntryInputSchema }),
    output: brainstemWriteResultSchema,
    summary: 'Add, change or remove a subject-log or procedure-log entry.',
  },
  'brainstem.action': {
    input: recordRef.extend({ action: z.string().regex(/^[a-z_]{1,40}$/) }),
    output: z.object({ done: z.boolean() }),
    summary: 'A record action without a body: accept/reject an invitation or approval, join/leave a group.',
  },
} as const;

export const brainstemEvents = {
  'brainstem.signIn': brainstemSignInEventSchema,
} as const;
