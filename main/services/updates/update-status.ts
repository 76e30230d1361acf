import type { UpdateState } from '../../../shared/contract/app.ts';
import type { UpdateDecision } from './update-policy.ts';

/** What the web shell and the CLI say: they never update themselves. */
export const notDesktopReason = 'updates are handled by the desktop app';

/**
 * Where self-update stands in this run. The platform updater (Electron) reports into it; handlers read
 * it for the About dialog and run the restart it holds once an update is downloaded. Free of Electron so
 * every shell has one (off, in the Node shells) and it is unit-tested under plain Node.
 */
export class UpdateStatus {
  private mode: UpdateState['mode'];
  private reason: string;
  private state: UpdateState['state'] = 'idle';
  private version: string | null = null;
  private restartFn: (() => void) | null = null;

  constructor(decision: UpdateDecision = { mode: 'off', reason: notDesktopReason }) {
    this.mode = contractMode(decision);
    this.reason = decision.reason;
  }

  /** The policy decided (at start of the desktop app). */
  decided(decision: UpdateDecision): void {
    this.mode = contractMode(decision);
    this.reason = decision.reason;
  }

  // A downloaded update stays ready to install whatever later periodic checks do: it is still on disk.
  checking(): void {
    if (this.state !== 'downloaded') this.state = 'checking';
  }

  /** The check found nothing newer. */
  upToDate(): void {
    if (this.state !== 'downloaded') this.state = 'idle';
  }

  available(version: string): void {
    if (this.state === 'downloaded') return;
    this.state = 'available';
    this.version = version;
  }

  /** The update is on disk; `restart` quits and installs it (electron-updater's quitAndInstall). */
  downloaded(version: string, restart: () => void): void {
    this.state = 'downloaded';
    this.version = version;
    this.restartFn = restart;
  }

  /** A check or download failed (offline, feed down): shown as such until the next check. */
  failed(): void {
    if (this.state !== 'downloaded') this.state = 'error';
  }

  snapshot(): UpdateState {
    return { mode: this.mode, reason: this.reason, state: this.state, version: this.version };
  }

  /** Quits into the downloaded update. False when none is waiting (nothing happens then). */
  restart(): boolean {
    if (this.state !== 'downloaded' || !this.restartFn) return false;
    this.restartFn();
    return true;
  }
}

/** The policy says "notify"; the contract says "notice", the word the About dialog uses. */
function contractMode(decision: UpdateDecision): UpdateState['mode'] {
  return decision.mode === 'notify' ? 'notice' : decision.mode;
}
