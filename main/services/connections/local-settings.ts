import { AppError } from '../../../shared/contract/errors.ts';
import type { CacheDirectory } from '../cache/cache-db.ts';
import { readCaFile } from '../http/ca-files.ts';
import type { Settings, StoredConnection } from '../settings/settings.ts';

export interface ConnectionChange {
  connectionId: string;
  name?: string | undefined;
  token?: string | undefined;
  /** A path sets the connection's CA file; null removes it. */
  caFile?: string | null | undefined;
  offlineCache?: boolean | undefined;
}

/**
 * The settings that live on this computer only: the CA file (checked before it is saved) and whether the
 * cache is kept between runs (its files move at once, so the data synced so far stays usable this run).
 * Answers the saved connection, or `current` itself when nothing changed.
 */
export function applyLocalSettings(
  deps: { settings: Settings; cache: CacheDirectory; busy: (connectionId: string) => boolean },
  current: StoredConnection,
  change: ConnectionChange,
): StoredConnection {
  const moving = change.offlineCache !== undefined && change.offlineCache !== (current.offlineCache !== false);
  if (change.caFile === undefined && !moving) return current;
  if (change.caFile) readCaFile(change.caFile);
  if (moving && deps.busy(current.id)) {
    throw new AppError('CONFLICT', 'A job of this connection is running. Wait for it to finish (or cancel it), then change the offline copy setting.');
  }
  // An open database cannot move: close it; the next use opens it where the setting now says.
  if (moving) deps.cache.close(current.id);
  const next = deps.settings.updateConnection(current.id, (c) => {
    const { caFile: _caFile, offlineCache: _offline, ...rest } = c;
    const caFile = change.caFile === undefined ? c.caFile : change.caFile;
    const offlineCache = change.offlineCache ?? c.offlineCache !== false;
    return { ...rest, ...(caFile ? { caFile } : {}), ...(offlineCache ? {} : { offlineCache: false }) };
  });
  if (moving) deps.cache.relocate(current.id);
  return next ?? current;
}
