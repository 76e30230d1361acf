import { readFileSync } from 'node:fs';
import { posix, win32 } from 'node:path';
import { z } from 'zod';

/**
 * Whether and how the desktop app updates itself. Pure (the caller supplies what it found on the
 * machine), so every branch is unit-tested without Electron:
 *   off     no checks at all (IT manages updates, no feed built in, development run)
 *   notify  check, and only tell the user a new version exists (deb and other system packages:
 *           the package manager owns the files, so the app must not replace them)
 *   auto    check on start and every few hours, download in the background, install on quit
 */
export type UpdateMode = 'off' | 'notify' | 'auto';

export interface UpdateDecision {
  mode: UpdateMode;
  /** Why, in a sentence for the log (never contains anything secret). */
  reason: string;
}

export interface UpdateSituation {
  platform: NodeJS.Platform;
  env: Readonly<Record<string, string | undefined>>;
  /** Electron's app.isPackaged: a development run never updates. */
  packaged: boolean;
  /** electron-builder wrote app-update.yml because a feed URL was given at build time. */
  feedConfigured: boolean;
  /** The machine-wide policy file's text, or null when there is none. */
  policyText: string | null;
}

/** How often a running app looks for a new version after the check at start. */
export const updateCheckIntervalMs = 6 * 60 * 60 * 1000;

/** Environment variable with which IT (or a user) turns update checks off: `off` or `managed`. */
export const updatesEnvVar = 'CARREL_UPDATES';

const policySchema = z.looseObject({ updates: z.enum(['managed', 'auto']).optional() });

/** Where IT deploys the machine-wide policy file (a place only administrators can write). */
export function policyFilePath(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): string {
  if (platform === 'win32') return win32.join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', 'Carrel', 'policy.json');
  if (platform === 'darwin') return posix.join('/Library', 'Application Support', 'Carrel', 'policy.json');
  return posix.join('/etc', 'carrel', 'policy.json');
}

/** The policy file's text, null when it does not exist. A file that exists but cannot be read counts as present. */
export function readPolicyText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return '';
  }
}

/**
 * A policy file IT placed but we cannot understand is treated as "managed": someone meant to
 * control this machine, and silently updating against their intent is the worse mistake.
 */
function policyManaged(text: string): boolean {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return true;
  }
  const parsed = policySchema.safeParse(json);
  return !parsed.success || parsed.data.updates === 'managed';
}

export function decideUpdates(situation: UpdateSituation): UpdateDecision {
  const fromEnv = situation.env[updatesEnvVar]?.trim().toLowerCase();
  if (fromEnv === 'off' || fromEnv === 'managed') return { mode: 'off', reason: `update checks are off: ${updatesEnvVar}=${fromEnv}` };
  if (situation.policyText !== null && policyManaged(situation.policyText)) {
    return { mode: 'off', reason: `update checks are off: the policy file ${policyFilePath(situation.platform, situation.env)} says IT manages updates` };
  }
  if (!situation.packaged) return { mode: 'off', reason: 'update checks are off in a development run' };
  if (!situation.feedConfigured) return { mode: 'off', reason: 'update checks are off: this build has no update feed (CARREL_UPDATE_URL was not set when it was built)' };
  if (situation.platform === 'linux' && !situation.env.APPIMAGE) {
    return { mode: 'notify', reason: 'installed by a system package (deb): Carrel only says when a new version is available' };
  }
  return { mode: 'auto', reason: 'checking for updates at start and every 6 hours' };
}

/** The sentences the user sees; kept here so they are tested with the decisions. */
export const updateNotices = {
  available: (version: string, current: string): string =>
    `Carrel ${version} is available (you have ${current}). Install the new package the way you installed Carrel, or ask your IT team.`,
  downloaded: (version: string): string =>
    `Carrel ${version} has been downloaded. Restart Carrel to update; otherwise it is installed when you quit.`,
};
