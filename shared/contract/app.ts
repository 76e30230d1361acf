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

/**
 * A button a notice may carry. Only ids main knows are run (app.runNoticeAction); the renderer shows the
 * label and sends the id back, so a notice can never make main run something it did not offer.
 */
export const noticeActionSchema = z.object({
  id: z.string().regex(/^[a-z][a-zA-Z0-9.:-]{0,80}$/),
  label: z.string().min(1).max(80),
});
export type NoticeAction = z.infer<typeof noticeActionSchema>;

/** The notice action that restarts the desktop app into a downloaded update. */
export const restartForUpdateAction: NoticeAction = { id: 'update.restart', label: 'Restart now' };

export const noticeEventSchema = z.object({
  level: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  action: noticeActionSchema.optional(),
});
export type NoticeEvent = z.infer<typeof noticeEventSchema>;

export const runNoticeActionInputSchema = z.object({ id: noticeActionSchema.shape.id });
/** started: the action began (for update.restart the app is quitting); false when there is nothing to do any more. */
export const runNoticeActionResultSchema = z.object({ started: z.boolean() });

/**
 * Where self-update stands, for the About dialog. mode: off (IT, development run, no feed, or not the
 * desktop app), notice (only says a new version exists), auto (downloads and installs on quit).
 */
export const updateStateSchema = z.object({
  mode: z.enum(['off', 'notice', 'auto']),
  reason: z.string(),
  state: z.enum(['idle', 'checking', 'available', 'downloaded', 'error']),
  version: z.string().nullable(),
});
export type UpdateState = z.infer<typeof updateStateSchema>;

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
