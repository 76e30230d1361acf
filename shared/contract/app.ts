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
  /** Light or dark colours; 'system' follows the operating system's setting. */
  theme: z.enum(['system', 'light', 'dark']),
});
export type Preferences = z.infer<typeof preferencesSchema>;

export const defaultPreferences: Preferences = {
  redcapBatchSize: 500,
  requestTimeoutSeconds: 120,
  csvBom: false,
  theme: 'system',
};
export type ThemeChoice = Preferences['theme'];

export const noticeEventSchema = z.object({
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
});

/** "Copy diagnostics": versions, settings without secrets, cache sizes and recent errors, redacted. */
export const diagnosticsSchema = z.object({
  text: z.string().max(200_000),
});

/** "Show logs folder": desktop reveals the log in its folder (url null); the web shell hands over a download. */
export const logsDeliveredSchema = z.object({
  url: z.string().nullable(),
  /** False when there is no log file yet (nothing was logged, or this shell keeps none). */
  found: z.boolean(),
});

/**
 * The desktop application menu asks the window to run one of its commands (the same ids as the command
 * palette): main knows the menu, only the renderer knows what the command does on the current screen.
 */
export const menuCommandEventSchema = z.object({
  commandId: z.string().regex(/^[a-z][a-zA-Z0-9.:-]{0,80}$/),
});
export type MenuCommandEvent = z.infer<typeof menuCommandEventSchema>;
