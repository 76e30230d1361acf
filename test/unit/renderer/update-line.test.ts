import { describe, expect, it } from 'vitest';
import { describeUpdates } from '../../../renderer/features/about/update-line.ts';

describe('the About dialog\'s Updates line', () => {
  it('says why updates are off', () => {
    expect(describeUpdates({ mode: 'off', reason: 'updates are handled by the desktop app', state: 'idle', version: null })).toBe('Off: updates are handled by the desktop app.');
  });

  it('names the downloaded version and how it gets installed', () => {
    expect(describeUpdates({ mode: 'auto', reason: 'x', state: 'downloaded', version: '2.1.0' })).toBe('Carrel 2.1.0 is downloaded: restart to update, or it is installed when you quit.');
  });

  it('tells a deb user to install an available version themselves, and an auto user that it is downloading', () => {
    expect(describeUpdates({ mode: 'notice', reason: 'x', state: 'available', version: '2.1.0' })).toContain('install it the way you installed Carrel');
    expect(describeUpdates({ mode: 'auto', reason: 'x', state: 'available', version: '2.1.0' })).toContain('downloading in the background');
  });

  it('says a failed check will be retried', () => {
    expect(describeUpdates({ mode: 'auto', reason: 'x', state: 'error', version: null })).toContain('tries again later');
  });
});
