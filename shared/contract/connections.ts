import { z } from 'zod';
import { idSchema, isoTimeSchema, serviceKindSchema } from './common.ts';

const urlInput = z.string().trim().min(1, 'Enter the API address').max(2048);
/** Tokens go in, never out: no output schema anywhere in the contract contains a token. */
const tokenInput = z.string().trim().min(1, 'Enter the API token').max(512);
const nameInput = z.string().trim().min(1).max(120);

export const connectionDraftSchema = z.object({
  kind: serviceKindSchema,
  url: urlInput,
  token: tokenInput,
});
export type ConnectionDraft = z.infer<typeof connectionDraftSchema>;

export const connectionAddSchema = connectionDraftSchema.extend({ name: nameInput.optional() });

export const connectionUpdateSchema = z.object({
  connectionId: idSchema,
  name: nameInput.optional(),
  token: tokenInput.optional(),
});

export const remoteProjectSchema = z.object({
  id: z.string().max(64),
  title: z.string().max(500),
  isLongitudinal: z.boolean(),
  hasRepeating: z.boolean(),
  inProduction: z.boolean(),
});
export type RemoteProject = z.infer<typeof remoteProjectSchema>;

/** `super` exists on the server for administrators; Carrel offers the two portals users have. */
export const brainstemPortalSchema = z.enum(['private', 'public']);
export type BrainstemPortalName = z.infer<typeof brainstemPortalSchema>;

/** A model's URL segment, e.g. `session`, `dataacquisition`, `procedurelog`. */
/** How a sign-in was made; the password itself is never kept. */
export const brainstemAuthKinds = ['device', 'personal-token', 'password', 'legacy'] as const;
export const brainstemAuthKindSchema = z.enum(brainstemAuthKinds);

/** What a connection summary says about BrainSTEM (null for other services). */
export const brainstemConnectionInfoSchema = z.object({
  portal: brainstemPortalSchema,
  /** A credential for this server is stored (keychain, or this run only). */
  signedIn: z.boolean(),
  authKind: brainstemAuthKindSchema.nullable(),
  /** The signed-in account as the server reports it (email or name), when known. */
  account: z.string().nullable(),
  /** Short-lived sign-ins: when the current refresh token runs out. */
  expiresAt: isoTimeSchema.nullable(),
});
export type BrainstemConnectionInfo = z.infer<typeof brainstemConnectionInfoSchema>;

/** Endpoints marked inferred in the reference: the server may not have them. */
export const brimCapabilityNames = ['resourceUpload', 'generate', 'singleNote', 'projectList'] as const;
export const brimCapabilitySchema = z.object({
  /** unknown until first tried; no after a 404/405 (the feature is then off for this connection). */
  state: z.enum(['unknown', 'yes', 'no']),
  note: z.string().nullable(),
});

export const brimConnectionInfoSchema = z.object({
  projectId: z.number().int(),
  projectName: z.string().nullable(),
  capabilities: z.record(z.enum(brimCapabilityNames), brimCapabilitySchema),
});
export type BrimConnectionInfo = z.infer<typeof brimConnectionInfoSchema>;

export const connectionSummarySchema = z.object({
  id: idSchema,
  kind: serviceKindSchema,
  name: z.string(),
  url: z.string(),
  /** `…a1f3`: enough for the user to tell tokens apart, never enough to use one. */
  tokenHint: z.string().nullable(),
  hasToken: z.boolean(),
  createdAt: isoTimeSchema,
  serverVersion: z.string().nullable(),
  project: remoteProjectSchema.nullable(),
  /** BrainSTEM connections: portal and sign-in state; null for other services. */
  brainstem: brainstemConnectionInfoSchema.nullable(),
  /** Brim connections: the project and which optional endpoints the server has; null for other services. */
  brim: brimConnectionInfoSchema.nullable().default(null),
  /** What the offline cache holds for the project's records; null before the first sync. */
  cached: z.object({
    rows: z.number().int(),
    /** Records (a longitudinal record has a row per event and repeat instance). */
    records: z.number().int(),
    lastSyncedAt: isoTimeSchema,
  }).nullable(),
});
export type ConnectionSummary = z.infer<typeof connectionSummarySchema>;

export const connectionTestResultSchema = z.object({
  /** The API address Carrel will use (normalised, e.g. `/api/` added). */
  url: z.string(),
  urlAdjusted: z.boolean(),
  serverVersion: z.string(),
  project: remoteProjectSchema,
});
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>;

export const connectionStatusSchema = z.object({
  connectionId: idSchema,
  online: z.boolean(),
  checkedAt: isoTimeSchema,
  message: z.string().optional(),
});
export type ConnectionStatus = z.infer<typeof connectionStatusSchema>;
