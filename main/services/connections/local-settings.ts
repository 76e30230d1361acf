import { AppError } from '../../../shared/contract/errors.ts';
import type { CacheDirectory } from '../cache/cache-db.ts';
import { readCaFile } from '../http/ca-files.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { Settings, StoredConnection } from '../settings/settings.ts';

export interface ConnectionChange {
  connectionId: string;
  name?: string | undefined;
  token?: string | undefined;
  /** A path sets the connection's CA file; null removes it. */
  caFile?: string | null | undefined;
  offlineCache?: boolean | undefined;
}

/** What a new connection may say about the settings that live on this computer only. */
export interface NewConnectionLocalSettings {
  caFile?: string | undefined;
  offlineCache?: boolean | undefined;
}

/**
 * The client for the requests made before a connection exists (connect, test): it trusts the draft's CA
 * file, which is checked first so a wrong path is reported as such rather than as a TLS failure.
 */
export function draftHttp(http: HttpClient, caFile: string | undefined): HttpClient {
  if (!caFile) return http;
  readCaFile(caFile);
  return http.withCaFiles([caFile]);
}

/** The local settings a new connection is saved with (defaults are left out, as older connections have them). */
export function initialLocalSettings(draft: NewConnectionLocalSettings): Pick<StoredConnection, 'caFile' | 'offlineCache'> {
  return { ...(draft.caFile ? { caFile: draft.caFile } : {}), ...(draft.offlineCache === false ? { offlineCache: false } : {}) };
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
