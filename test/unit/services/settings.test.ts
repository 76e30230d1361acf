import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openConfStore } from '../../../main/services/settings/conf-store.ts';
import { Settings, type StoredConnection } from '../../../main/services/settings/settings.ts';
import { silentLogger } from '../../../main/services/log/logger.ts';
import { useTempDirs } from '../../helpers/temp-dir.ts';

const tempDir = useTempDirs();

const connection: StoredConnection = {
  id: 'abc',
  kind: 'redcap',
  name: 'Cohort',
  url: 'https://redcap.example.edu/api/',
  vaultAccount: 'redcap:abc',
  tokenHint: '…A1F3',
  createdAt: '2026-11-22T10:00:00.000Z',
  serverVersion: '14.1.5',
  project: null,
  reports: [],
};

describe('Settings', () => {
  it('keeps connections and preferences across restarts in settings.json', () => {
    const dir = tempDir();
    const first = new Settings(openConfStore(dir), silentLogger);
    first.saveConnections([connection]);
    first.updatePreferences({ redcapBatchSize: 250 });
    const second = new Settings(openConfStore(dir), silentLogger);
    expect(second.connections()).toEqual([connection]);
    expect(second.preferences().redcapBatchSize).toBe(250);
    expect(second.path).toMatch(/settings\.json$/);
  });

  it('never writes a token to the settings file', () => {
    const dir = tempDir();
    const settings = new Settings(openConfStore(dir), silentLogger);
    settings.saveConnections([connection]);
    expect(readFileSync(settings.path, 'utf8')).not.toMatch(/token"\s*:/);
  });

  it('survives a hand-edited file: unreadable entries are skipped, not fatal', () => {
    const dir = tempDir();
    const settings = new Settings(openConfStore(dir), silentLogger);
    writeFileSync(settings.path, JSON.stringify({ connections: [connection, { id: 42 }], preferences: { redcapBatchSize: 'lots', csvBom: true } }));
    const reopened = new Settings(openConfStore(dir), silentLogger);
    expect(reopened.connections()).toEqual([connection]);
    expect(reopened.preferences()).toMatchObject({ redcapBatchSize: 500, csvBom: false });
  });

  it('refuses preferences outside their bounds', () => {
    const settings = new Settings(openConfStore(tempDir()), silentLogger);
    expect(() => settings.updatePreferences({ redcapBatchSize: 0 })).toThrow();
  });
});
