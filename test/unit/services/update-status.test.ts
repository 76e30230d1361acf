import { describe, expect, it } from 'vitest';
import { notDesktopReason, UpdateStatus } from '../../../main/services/updates/update-status.ts';

const auto = { mode: 'auto' as const, reason: 'checking for updates at start and every 6 hours' };

describe('update status', () => {
  it('says updates are off and handled by the desktop app when no updater reports into it (web shell, CLI)', () => {
    expect(new UpdateStatus().snapshot()).toEqual({ mode: 'off', reason: notDesktopReason, state: 'idle', version: null });
  });

  it('calls the policy\'s "notify" mode "notice", as the About dialog does', () => {
    const status = new UpdateStatus();
    status.decided({ mode: 'notify', reason: 'installed by a system package (deb)' });
    expect(status.snapshot()).toMatchObject({ mode: 'notice', reason: 'installed by a system package (deb)' });
  });

  it('follows a check from checking to available to downloaded, with the version', () => {
    const status = new UpdateStatus(auto);
    status.checking();
    expect(status.snapshot()).toMatchObject({ state: 'checking', version: null });
    status.available('2.1.0');
    expect(status.snapshot()).toMatchObject({ state: 'available', version: '2.1.0' });
    status.downloaded('2.1.0', () => undefined);
    expect(status.snapshot()).toEqual({ mode: 'auto', reason: auto.reason, state: 'downloaded', version: '2.1.0' });
  });

  it('goes back to idle when a check finds nothing, and shows a failed check until the next one', () => {
    const status = new UpdateStatus(auto);
    status.checking();
    status.upToDate();
    expect(status.snapshot().state).toBe('idle');
    status.failed();
    expect(status.snapshot().state).toBe('error');
    status.checking();
    expect(status.snapshot().state).toBe('checking');
  });

  it('keeps a downloaded update ready through later checks and failures', () => {
    const status = new UpdateStatus(auto);
    status.downloaded('2.1.0', () => undefined);
    status.checking();
    status.failed();
    status.upToDate();
    status.available('2.0.9');
    expect(status.snapshot()).toMatchObject({ state: 'downloaded', version: '2.1.0' });
  });

  it('restarts only once an update is downloaded, through the function the updater gave', () => {
    const status = new UpdateStatus(auto);
    let restarts = 0;
    expect(status.restart()).toBe(false);
    status.available('2.1.0');
    expect(status.restart()).toBe(false);
    status.downloaded('2.1.0', () => restarts++);
    expect(restarts).toBe(0);
    expect(status.restart()).toBe(true);
    expect(restarts).toBe(1);
  });
});
