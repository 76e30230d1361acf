import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decideUpdates, policyFilePath, readPolicyText, updateNotices, type UpdateSituation } from '../../../main/services/updates/update-policy.ts';

/** A packaged build with a feed on Windows and no policy: the case where updates run by themselves. */
function situation(change: Partial<UpdateSituation> = {}): UpdateSituation {
  return { platform: 'win32', env: {}, packaged: true, feedConfigured: true, policyText: null, ...change };
}

describe('update policy', () => {
  it('updates automatically on Windows, macOS and from an AppImage when nothing says otherwise', () => {
    expect(decideUpdates(situation()).mode).toBe('auto');
    expect(decideUpdates(situation({ platform: 'darwin' })).mode).toBe('auto');
    expect(decideUpdates(situation({ platform: 'linux', env: { APPIMAGE: '/home/ana/Apps/Carrel.AppImage' } })).mode).toBe('auto');
  });

  it('only tells deb users about a new version, since their package manager owns the files', () => {
    const decision = decideUpdates(situation({ platform: 'linux', env: {} }));
    expect(decision.mode).toBe('notify');
    expect(decision.reason).toMatch(/deb/);
  });

  it('turns checks off when the environment says IT manages updates', () => {
    for (const value of ['off', 'OFF', 'managed', ' off ']) {
      const decision = decideUpdates(situation({ env: { CARREL_UPDATES: value } }));
      expect(decision.mode, value).toBe('off');
      expect(decision.reason).toContain('CARREL_UPDATES');
    }
    expect(decideUpdates(situation({ env: { CARREL_UPDATES: 'on' } })).mode).toBe('auto');
  });

  it('turns checks off when the machine policy file says updates are managed', () => {
    const decision = decideUpdates(situation({ policyText: '{"updates": "managed"}', env: { ProgramData: 'D:\\ProgramData' } }));
    expect(decision).toEqual({ mode: 'off', reason: expect.stringContaining('D:\\ProgramData\\Carrel\\policy.json') });
    expect(decideUpdates(situation({ platform: 'linux', policyText: '{"updates":"managed","other":1}' })).mode).toBe('off');
  });

  it('treats a policy file it cannot understand as managed, and one that allows updates as no objection', () => {
    expect(decideUpdates(situation({ policyText: 'updates = managed' })).mode).toBe('off');
    expect(decideUpdates(situation({ policyText: '{"updates": "never"}' })).mode).toBe('off');
    expect(decideUpdates(situation({ policyText: '' })).mode).toBe('off');
    expect(decideUpdates(situation({ policyText: '{"updates": "auto"}' })).mode).toBe('auto');
    expect(decideUpdates(situation({ policyText: '{}' })).mode).toBe('auto');
  });

  it('never checks without a feed built in, or in a development run', () => {
    expect(decideUpdates(situation({ feedConfigured: false }))).toEqual({ mode: 'off', reason: expect.stringContaining('CARREL_UPDATE_URL') });
    expect(decideUpdates(situation({ packaged: false })).mode).toBe('off');
    expect(decideUpdates(situation({ platform: 'linux', feedConfigured: false })).mode).toBe('off');
  });

  it('puts the policy file where only administrators can write, per platform', () => {
    expect(policyFilePath('linux', {})).toBe('/etc/carrel/policy.json');
    expect(policyFilePath('darwin', {})).toBe('/Library/Application Support/Carrel/policy.json');
    expect(policyFilePath('win32', { ProgramData: 'C:\\ProgramData' })).toBe('C:\\ProgramData\\Carrel\\policy.json');
    expect(policyFilePath('win32', {})).toBe('C:\\ProgramData\\Carrel\\policy.json');
  });

  it('tells the user which version is waiting and what to do', () => {
    expect(updateNotices.downloaded('0.2.0')).toBe('Carrel 0.2.0 has been downloaded. Restart Carrel to update; otherwise it is installed when you quit.');
    expect(updateNotices.available('0.2.0', '0.1.0')).toContain('Carrel 0.2.0 is available (you have 0.1.0)');
  });
});

describe('reading the policy file', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('reads the file, reports a missing one as none, and an unreadable one as present', () => {
    dir = mkdtempSync(join(tmpdir(), 'carrel-policy-'));
    const path = join(dir, 'policy.json');
    expect(readPolicyText(path)).toBeNull();
    writeFileSync(path, '{"updates":"managed"}');
    expect(readPolicyText(path)).toBe('{"updates":"managed"}');
    // A folder where the file should be cannot be read as text: present but not understood, so managed.
    expect(readPolicyText(dir)).toBe('');
    expect(decideUpdates({ platform: 'linux', env: {}, packaged: true, feedConfigured: true, policyText: readPolicyText(dir) }).mode).toBe('off');
  });
});
