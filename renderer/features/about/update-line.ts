import type { UpdateState } from '../../../shared/contract/app.ts';

/** The About dialog's "Updates" line: whether this app updates itself, and where it stands now. */
export function describeUpdates(update: UpdateState): string {
  if (update.mode === 'off') return `Off: ${update.reason}.`;
  const version = update.version ?? 'A new version';
  switch (update.state) {
    case 'checking':
      return 'Checking for a new version…';
    case 'available':
      return update.mode === 'auto' ? `Carrel ${version} is downloading in the background.` : `Carrel ${version} is available: install it the way you installed Carrel.`;
    case 'downloaded':
      return `Carrel ${version} is downloaded: restart to update, or it is installed when you quit.`;
    case 'error':
      return 'The last check for updates failed (offline or the update server did not answer); Carrel tries again later. Details are in the log.';
    case 'idle':
      return update.mode === 'auto' ? 'Up to date. Carrel checks at start and every 6 hours and installs updates when you quit.' : 'Up to date. Carrel says when a new version is available.';
  }
}
