import { z } from 'zod';

export const shellKinds = ['desktop', 'web'] as const;

export const secretStorageSchema = z.object({
  /** true: tokens are kept in the OS keychain; false: only for this run. */
  persistent: z.boolean(),
  backend: z.enum(['keychain', 'session']),
  /** A sentence for the user when tokens cannot be kept (why, and what to do). */
  notice: z.string().optional(),
});
export type SecretStorageStatus = z.infer<typeof secretStorageSchema>;

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  shell: z.enum(shellKinds),
  platform: z.string(),
  secretStorage: secretStorageSchema,
  demo: z.boolean(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const preferencesSchema = z.object({
  /** Records per REDCap export request during a sync. */
  redcapBatchSize: z.number().int().min(10).max(5000),
  /** Seconds before an HTTP request is abandoned. */
  requestTimeoutSeconds: z.number().int().min(5).max(3600),
  /** Write a UTF-8 byte-order mark in CSV exports so Excel reads accents correctly. */
  csvBom: z.boolean(),
});
export type Preferences = z.infer<typeof preferencesSchema>;

export const defaultPreferences: Preferences = {
  redcapBatchSize: 500,
  requestTimeoutSeconds: 120,
  csvBom: false,
};

export const noticeEventSchema = z.object({
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
});
