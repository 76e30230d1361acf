import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/contract/errors.ts';
import type {
  ConnectionDraft,
  ConnectionStatus,
  ConnectionSummary,
  ConnectionTestResult,
  RemoteProject,
} from '../../../shared/contract/connections.ts';
import type { CacheDirectory } from '../cache/cache-db.ts';
import { readDatasetState } from '../cache/dataset-state.ts';
import { RedcapClient } from '../connectors/redcap/client.ts';
import { checkRedcapToken, normalizeRedcapUrl } from '../connectors/redcap/address.ts';
import type { RedcapProjectInfo } from '../connectors/redcap/schemas.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { Logger } from '../log/logger.ts';
import { tokenHint } from '../log/redact.ts';
import type { Settings, StoredConnection } from '../settings/settings.ts';
import type { Vault } from '../vault/vault.ts';
import type { ConnectionStatusTracker } from './connection-status.ts';

export function toRemoteProject(info: RedcapProjectInfo): RemoteProject {
  return {
    id: info.project_id,
    title: info.project_title,
    isLongitudinal: info.is_longitudinal,
    hasRepeating: info.has_repeating_instruments_or_events,
    inProduction: info.in_production,
  };
}

/** Saved connections: tested before they are saved, tokens in the vault, never handed back out. */
export class ConnectionService {
  private readonly settings: Settings;
  private readonly vault: Vault;
  private readonly http: () => HttpClient;
  private readonly cache: CacheDirectory;
  private readonly status: ConnectionStatusTracker;
  private readonly log: Logger;
  private readonly onChange: () => void;

  constructor(options: {
    settings: Settings;
    vault: Vault;
    http: () => HttpClient;
    cache: CacheDirectory;
    status: ConnectionStatusTracker;
    log: Logger;
    onChange: () => void;
  }) {
    this.settings = options.settings;
    this.vault = options.vault;
    this.http = options.http;
    this.cache = options.cache;
    this.status = options.status;
    this.log = options.log;
    this.onChange = options.onChange;
    this.status.setAddresses(this.settings.connections());
  }

  async list(): Promise<ConnectionSummary[]> {
    return Promise.all(this.settings.connections().map((connection) => this.summary(connection)));
  }

  get(connectionId: string): StoredConnection {
    const connection = this.settings.connections().find((c) => c.id === connectionId);
    if (!connection) throw new AppError('NOT_FOUND', 'This connection does not exist any more. It may have been removed in another window.');
    return connection;
  }

  async summary(connection: StoredConnection): Promise<ConnectionSummary> {
    const token = await this.vault.read(connection.vaultAccount).catch(() => null);
    const state = this.cache.has(connection.id) ? readDatasetState(this.cache.db(connection.id), 'records') : null;
    return {
      id: connection.id,
      kind: connection.kind,
      name: connection.name,
      url: connection.url,
      tokenHint: connection.tokenHint,
      hasToken: token !== null,
      createdAt: connection.createdAt,
      serverVersion: connection.serverVersion,
      project: connection.project,
      brainstem: null,
      cached: state ? { rows: state.rowCount, records: typeof state.info.records === 'number' ? state.info.records : state.rowCount, lastSyncedAt: state.lastSyncedAt } : null,
    };
  }

  /** Talks to the server with the draft's address and token; nothing is saved. */
  async test(draft: ConnectionDraft, signal?: AbortSignal): Promise<ConnectionTestResult> {
    const { url, adjusted } = normalizeRedcapUrl(draft.url);
    const token = checkRedcapToken(draft.token);
    const client = new RedcapClient(this.http(), url, token, { phase: 'connect', timeoutMs: 30_000 });
    const serverVersion = await client.version(signal);
    const project = toRemoteProject(await client.projectInfo(signal));
    return { url, urlAdjusted: adjusted, serverVersion, project };
  }

  async add(draft: ConnectionDraft & { name?: string | undefined }): Promise<ConnectionSummary> {
    const tested = await this.test(draft);
    const id = randomBytes(9).toString('base64url');
    const token = checkRedcapToken(draft.token);
    const connection: StoredConnection = {
      id,
      kind: draft.kind,
      name: draft.name ?? tested.project.title,
      url: tested.url,
      vaultAccount: `${draft.kind}:${id}`,
      tokenHint: tokenHint(token),
      createdAt: new Date().toISOString(),
      serverVersion: tested.serverVersion,
      project: tested.project,
      reports: [],
    };
    await this.vault.store(connection.vaultAccount, token);
    this.settings.saveConnections([...this.settings.connections(), connection]);
    this.changed();
    this.log.info('connection added', { id, kind: draft.kind });
    return this.summary(connection);
  }

  async update(change: { connectionId: string; name?: string | undefined; token?: string | undefined }): Promise<ConnectionSummary> {
    const current = this.get(change.connectionId);
    let next: StoredConnection = { ...current, ...(change.name ? { name: change.name } : {}) };
    if (change.token !== undefined) {
      const tested = await this.test({ kind: current.kind, url: current.url, token: change.token });
      if (current.project && tested.project.id !== current.project.id) {
        throw new AppError('CONFLICT', `This token belongs to another project ("${tested.project.title}"). Add it as a new connection instead.`);
      }
      const token = checkRedcapToken(change.token);
      await this.vault.store(current.vaultAccount, token);
      next = { ...next, tokenHint: tokenHint(token), serverVersion: tested.serverVersion, project: tested.project };
    }
    this.settings.updateConnection(current.id, () => next);
    this.changed();
    return this.summary(next);
  }

  async remove(connectionId: string): Promise<boolean> {
    const connection = this.get(connectionId);
    await this.vault.remove(connection.vaultAccount);
    this.cache.remove(connection.id);
    this.settings.saveConnections(this.settings.connections().filter((c) => c.id !== connectionId));
    this.changed();
    this.log.info('connection removed', { id: connectionId });
    return true;
  }

  /** A REDCap client with the stored token (main-side only). */
  async redcapClient(connectionId: string): Promise<RedcapClient> {
    const connection = this.get(connectionId);
    const token = await this.vault.require(connection.vaultAccount);
    return new RedcapClient(this.http(), connection.url, token);
  }

  async ping(connectionId: string): Promise<ConnectionStatus> {
    const connection = this.get(connectionId);
    try {
      const token = await this.vault.require(connection.vaultAccount);
      const client = new RedcapClient(this.http(), connection.url, token, { phase: 'data', timeoutMs: 15_000 });
      await client.version();
      return this.status.record(connectionId, true);
    } catch (error) {
      const unreachable = error instanceof AppError && (error.code === 'UNREACHABLE' || error.code === 'TIMEOUT' || error.code === 'TLS');
      const message = error instanceof AppError ? error.message : 'The server could not be checked.';
      // Reaching the server but failing otherwise (e.g. a revoked token) is "online with a problem".
      return this.status.record(connectionId, !unreachable, message);
    }
  }

  /** Remembers (or forgets) a report to keep in the cache. */
  setReports(connectionId: string, reports: Array<{ id: string; title: string }>): void {
    this.settings.updateConnection(connectionId, (c) => ({ ...c, reports }));
  }

  /** Records what a finished sync learned about the project (title, production status, server version). */
  noteProject(connectionId: string, project: RemoteProject, serverVersion: string): void {
    this.settings.updateConnection(connectionId, (c) => ({ ...c, project, serverVersion }));
    this.changed();
  }

  private changed(): void {
    this.status.setAddresses(this.settings.connections());
    this.onChange();
  }
}
