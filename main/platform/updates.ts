import { app } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { restartForUpdateAction, type EventPayload } from '../../shared/contract/index.ts';
import type { Logger } from '../services/log/logger.ts';
import type { UpdateStatus } from '../services/updates/update-status.ts';
import { decideUpdates, policyFilePath, readPolicyText, updateCheckIntervalMs, updateNotices, type UpdateDecision } from '../services/updates/update-policy.ts';

export interface UpdatesOptions {
  log: Logger;
  /** Shows a sentence to the user (the app.notice event, queued until the window listens). */
  notify: (notice: EventPayload<'app.notice'>) => void;
  /** Told what the updater does, for the About dialog; holds the restart into a downloaded update. */
  status: UpdateStatus;
}

/** What this installation is allowed to do, from the machine, the environment and the build. */
export function updateDecision(): UpdateDecision {
  return decideUpdates({
    platform: process.platform,
    env: process.env,
    packaged: app.isPackaged,
    // electron-builder writes app-update.yml next to app.asar only when a feed was configured at build time.
    feedConfigured: existsSync(join(process.resourcesPath, 'app-update.yml')),
    policyText: readPolicyText(policyFilePath(process.platform, process.env)),
  });
}

/**
 * Starts electron-updater per the policy: nothing when off; check-and-tell for deb installs; on
 * Windows, macOS and AppImage check at start and every 6 hours, download in the background and
 * install on quit. Returns a function that stops the periodic checks.
 */
export async function startUpdates(options: UpdatesOptions): Promise<() => void> {
  const decision = updateDecision();
  options.log.info('updates', { mode: decision.mode, reason: decision.reason });
  options.status.decided(decision);
  if (decision.mode === 'off') return () => {};

  // Loaded only when needed: electron-updater reads app-update.yml and picks the platform's updater on first use.
  const { autoUpdater } = (await import('electron-updater')).default;
  autoUpdater.logger = {
    info: (message?: unknown) => options.log.debug('updater', { message: String(message) }),
    warn: (message?: unknown) => options.log.warn('updater', { message: String(message) }),
    error: (message?: unknown) => options.log.warn('updater', { message: String(message) }),
    debug: (message: string) => options.log.debug('updater', { message }),
  };
  autoUpdater.autoDownload = decision.mode === 'auto';
  autoUpdater.autoInstallOnAppQuit = decision.mode === 'auto';

  // Each version is announced once per run, not at every 6-hourly check.
  const announced = new Set<string>();
  const announce = (key: string, notice: EventPayload<'app.notice'>): void => {
    if (announced.has(key)) return;
    announced.add(key);
    options.notify(notice);
  };
  autoUpdater.on('checking-for-update', () => options.status.checking());
  autoUpdater.on('update-not-available', () => options.status.upToDate());
  autoUpdater.on('update-available', (info) => {
    options.log.info('update available', { version: info.version });
    options.status.available(info.version);
    if (decision.mode === 'notify') announce(`available ${info.version}`, { level: 'info', message: updateNotices.available(info.version, app.getVersion()) });
  });
  autoUpdater.on('update-downloaded', (info) => {
    options.log.info('update downloaded', { version: info.version });
    // isSilent: the user asked for the restart, no installer wizard; isForceRunAfter: Carrel comes back up.
    options.status.downloaded(info.version, () => autoUpdater.quitAndInstall(true, true));
    announce(`downloaded ${info.version}`, { level: 'info', message: updateNotices.downloaded(info.version), action: restartForUpdateAction });
  });
  // A failed check (offline, feed down) is not the user's problem: the log has it, the next check retries.
  autoUpdater.on('error', (error) => {
    options.log.warn('update check failed', { error: error.message });
    options.status.failed();
  });

  const check = (): void => {
    autoUpdater.checkForUpdates().catch((error: unknown) => options.log.warn('update check failed', { error: error instanceof Error ? error.message : String(error) }));
  };
  check();
  const timer = setInterval(check, updateCheckIntervalMs);
  return () => clearInterval(timer);
}
