import { z } from 'zod';
import { idSchema, isoTimeSchema, serviceKindSchema } from './common.ts';

const urlInput = z.string().trim().min(1, 'Enter the API address').max(2048);
/** Tokens go in, never out: no output schema anywhere in the contract contains a token. */
const tokenInput = z.string().trim().min(1, 'Enter the API token').max(512);
const nameInput = z.string().trim().min(1).max(120);
/**
 * A PEM file of extra certificate authorities this connection trusts (an institution's private CA), as
 * an absolute path on the computer running Carrel. Node shells use it; the desktop app uses the
 * system's certificate store instead.
 */
export const caFileInput = z
  .string()
  .trim()
  .min(1)
  .max(4096)
  .refine((path) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(path), 'Enter the full path of the certificate file (for example /etc/ssl/certs/institution-ca.pem)');

export const connectionDraftSchema = z.object({
  kind: serviceKindSchema,
  url: urlInput,
  token: tokenInput,
  caFile: caFileInput.optional(),
});
export type ConnectionDraft = z.infer<typeof connectionDraftSchema>;

/** Keep an offline copy of the records on disk (default). Off: the cache lives only while Carrel runs. */
const offlineCacheInput = z.boolean().optional();

/** The settings on this computer that a new connection of any kind may name (REDCap, BrainSTEM, Brim). */
export const newConnectionLocalShape = { caFile: caFileInput.optional(), offlineCache: offlineCacheInput };

export const connectionAddSchema = connectionDraftSchema.extend({
  name: nameInput.optional(),
  offlineCache: offlineCacheInput,
});

export const connectionUpdateSchema = z.object({
  connectionId: idSchema,
  name: nameInput.optional(),
  token: tokenInput.optional(),
  /** A path sets the connection's CA file (checked first); null removes it. */
  caFile: caFileInput.nullable().optional(),
  offlineCache: z.boolean().optional(),
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
  /** The connection's extra CA file (Node shells); absent when it has none. */
  caFile: z.string().optional(),
  /** Whether synced data is kept on disk between runs; absent means yes (older summaries). */
  offlineCache: z.boolean().optional(),
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
