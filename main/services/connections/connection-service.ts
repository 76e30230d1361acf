import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/contract/errors.ts';
import type {
  BrainstemPortalName,
  ConnectionDraft,
  ConnectionStatus,
  ConnectionSummary,
  ConnectionTestResult,
  RemoteProject,
} from '../../../shared/contract/connections.ts';
import type { CacheDirectory } from '../cache/cache-db.ts';
import type { BrainstemClient } from '../connectors/brainstem/client.ts';
import type { EventSink } from '../events.ts';
import { readAllDatasetStates, readDatasetState } from '../cache/dataset-state.ts';
import { RedcapClient } from '../connectors/redcap/client.ts';
import { checkRedcapToken, normalizeRedcapUrl } from '../connectors/redcap/address.ts';
import type { RedcapProjectInfo } from '../connectors/redcap/schemas.ts';
import { applyLocalSettings, draftHttp, initialLocalSettings, type ConnectionChange } from './local-settings.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { Logger } from '../log/logger.ts';
import { tokenHint } from '../log/redact.ts';
import type { Settings, StoredConnection } from '../settings/settings.ts';
import { VaultBrainstemCredentials } from '../vault/brainstem-credentials.ts';
import type { Vault } from '../vault/vault.ts';
import { BrainstemConnections } from './brainstem-connections.ts';
import { BrainstemSignIn } from './brainstem-sign-in.ts';
import { BrimConnections } from './brim-connections.ts';
import type { ConnectionStatusTracker } from './connection-status.ts';
import { DeviceSignIns } from './device-sign-ins.ts';

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
  private readonly busy: (connectionId: string) => boolean;
  /** BrainSTEM servers, portals and their shared credentials. */
  readonly brainstem: BrainstemConnections;
  readonly brainstemSignIn: BrainstemSignIn;
  readonly deviceSignIns: DeviceSignIns;
  /** Brim servers, their projects and which optional endpoints they have. */
  readonly brim: BrimConnections;

  constructor(options: {
    settings: Settings;
    vault: Vault;
    http: () => HttpClient;
    cache: CacheDirectory;
    status: ConnectionStatusTracker;
    log: Logger;
    onChange: () => void;
    /** For `brainstem.signIn` events; tests may leave it out. */
    emit?: EventSink;
    /** Whether a job of the connection runs (its cache cannot move then). */
    busy?: (connectionId: string) => boolean;
  }) {
    this.busy = options.busy ?? (() => false);
    this.settings = options.settings;
    this.vault = options.vault;
    this.http = options.http;
    this.cache = options.cache;
    this.status = options.status;
    this.log = options.log;
    this.onChange = options.onChange;
    this.brainstem = new BrainstemConnections({
      settings: this.settings,
      credentials: new VaultBrainstemCredentials(this.vault, this.log),
      http: this.http,
      log: this.log,
      changed: () => this.changed(),
    });
    this.brim = new BrimConnections({ settings: this.settings, vault: this.vault, http: this.http, log: this.log, changed: () => this.changed() });
    this.brainstemSignIn = new BrainstemSignIn({ connections: this.brainstem, http: this.http });
    this.deviceSignIns = new DeviceSignIns({
      http: this.http,
      emit: options.emit ?? (() => undefined),
      log: this.log,
      serverOf: (connectionId) => this.getBrainstem(connectionId).url,
      approved: (connectionId, token) => this.brainstem.saveSignIn(this.getBrainstem(connectionId), { kind: 'personal', token }, 'device', null),
    });
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

  /** A BrainSTEM connection, or NOT_FOUND / VALIDATION when the id names none. */
  getBrainstem(connectionId: string): StoredConnection {
    const connection = this.get(connectionId);
    if (connection.kind !== 'brainstem') throw new AppError('VALIDATION', 'This is not a BrainSTEM connection.');
    return connection;
  }

  async summary(connection: StoredConnection): Promise<ConnectionSummary> {
    const local = { ...(connection.caFile ? { caFile: connection.caFile } : {}), offlineCache: connection.offlineCache !== false };
    if (connection.kind === 'brainstem') return { ...(await this.brainstemSummary(connection)), ...local };
    if (connection.kind === 'brim') return { ...(await this.brim.summary(connection, this.cache)), ...local };
    return { ...(await this.redcapSummary(connection)), ...local };
  }

  private async redcapSummary(connection: StoredConnection): Promise<ConnectionSummary> {
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
      brim: null,
      cached: state ? { rows: state.rowCount, records: typeof state.info.records === 'number' ? state.info.records : state.rowCount, lastSyncedAt: state.lastSyncedAt } : null,
    };
  }

  private async brainstemSummary(connection: StoredConnection): Promise<ConnectionSummary> {
    const part = await this.brainstem.summaryPart(connection);
    return {
      id: connection.id,
      kind: connection.kind,
      name: connection.name,
      url: connection.url,
      tokenHint: part.tokenHint,
      hasToken: part.hasToken,
      createdAt: connection.createdAt,
      serverVersion: connection.serverVersion,
      project: null,
      brainstem: part.info,
      brim: null,
      cached: this.brainstemCached(connection.id, part.info.portal),
    };
  }

  /** A BrainSTEM connection's cache in its current portal: every model's rows, and the latest sync. */
  private brainstemCached(connectionId: string, portal: BrainstemPortalName): ConnectionSummary['cached'] {
    if (!this.cache.has(connectionId)) return null;
    const states = readAllDatasetStates(this.cache.db(connectionId)).filter((state) => state.name.startsWith(`bs_${portal}_`) && state.availability === 'ok');
    if (states.length === 0) return null;
    const rows = states.reduce((sum, state) => sum + state.rowCount, 0);
    const lastSyncedAt = states.map((state) => state.lastSyncedAt).sort().at(-1)!;
    return { rows, records: rows, lastSyncedAt };
  }

  /** Talks to the server with the draft's address and token; nothing is saved. */
  async test(draft: ConnectionDraft, signal?: AbortSignal): Promise<ConnectionTestResult> {
    if (draft.kind === 'brainstem') {
      throw new AppError('VALIDATION', 'BrainSTEM servers are added with "Connect to BrainSTEM" (brainstem.connect), then signed in; they have no project token.');
    }
    if (draft.kind === 'brim') {
      throw new AppError('VALIDATION', 'Brim projects are added with "Connect to Brim" (brim.connect): the address, the token and a project id or name.');
    }
    const { url, adjusted } = normalizeRedcapUrl(draft.url);
    const token = checkRedcapToken(draft.token);
    // A CA file named with the draft is checked (and used) before the connection exists.
    const client = new RedcapClient(draftHttp(this.http(), draft.caFile), url, token, { phase: 'connect', timeoutMs: 30_000 });
    const serverVersion = await client.version(signal);
    const project = toRemoteProject(await client.projectInfo(signal));
    return { url, urlAdjusted: adjusted, serverVersion, project };
  }

  async add(draft: ConnectionDraft & { name?: string | undefined; offlineCache?: boolean | undefined }): Promise<ConnectionSummary> {
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
      ...initialLocalSettings(draft),
    };
    await this.vault.store(connection.vaultAccount, token);
    this.settings.saveConnections([...this.settings.connections(), connection]);
    this.changed();
    this.log.info('connection added', { id, kind: draft.kind });
    return this.summary(connection);
  }

  async update(change: ConnectionChange): Promise<ConnectionSummary> {
    const current = this.applyLocalSettings(this.get(change.connectionId), change);
    if (current.kind === 'brainstem') return this.updateBrainstem(current, change);
    if (current.kind === 'brim') return this.updateBrim(current, change);
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
    if (connection.kind === 'brainstem') {
      this.deviceSignIns.cancelFor(connectionId, 'The connection was removed.');
      await this.brainstem.forgetIfUnused(connection);
    } else {
      await this.vault.remove(connection.vaultAccount);
    }
    this.cache.remove(connection.id);
    this.settings.saveConnections(this.settings.connections().filter((c) => c.id !== connectionId));
    this.changed();
    this.log.info('connection removed', { id: connectionId });
    return true;
  }

  /** A REDCap client with the stored token (main-side only). */
  async redcapClient(connectionId: string): Promise<RedcapClient> {
    const connection = this.get(connectionId);
    // A BrainSTEM server's credential must never be posted to it as a REDCap token.
    if (connection.kind !== 'redcap') throw new AppError('UNSUPPORTED', 'This is not a REDCap connection.');
    const token = await this.vault.require(connection.vaultAccount);
    return new RedcapClient(this.http(), connection.url, token);
  }

  /**
   * A BrainSTEM client for the connection (main-side only), in its current portal unless `portal` says
   * otherwise. Always anonymous in the public portal; the private portal without a sign-in
   * throws NO_TOKEN with `details.signIn`.
   */
  async brainstemClient(connectionId: string, options: { portal?: BrainstemPortalName } = {}): Promise<BrainstemClient> {
    const connection = this.getBrainstem(connectionId);
    return this.brainstem.client(connection, options.portal ?? this.brainstem.portal(connection));
  }

  brainstemPortal(connectionId: string): BrainstemPortalName {
    return this.brainstem.portal(this.getBrainstem(connectionId));
  }

  /** Stops background work (browser sign-ins that are still waiting). */
  async shutdown(): Promise<void> {
    await this.deviceSignIns.shutdown();
  }

  async ping(connectionId: string): Promise<ConnectionStatus> {
    const connection = this.get(connectionId);
    try {
      if (connection.kind === 'brainstem') {
        const note = await this.brainstem.ping(connection);
        return this.status.record(connectionId, true, note);
      }
      if (connection.kind === 'brim') {
        await this.brim.ping(connection);
        return this.status.record(connectionId, true);
      }
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

  private async updateBrainstem(current: StoredConnection, change: { name?: string | undefined; token?: string | undefined }): Promise<ConnectionSummary> {
    // A token given here is a personal access token for the server (checked before it is kept).
    if (change.token !== undefined) await this.brainstemSignIn.token(current, change.token);
    const name = change.name;
    const next = name ? (this.settings.updateConnection(current.id, (c) => ({ ...c, name })) ?? current) : current;
    this.changed();
    return this.summary(next);
  }

  private async updateBrim(current: StoredConnection, change: { name?: string | undefined; token?: string | undefined }): Promise<ConnectionSummary> {
    let next = change.token !== undefined ? await this.brim.updateToken(current, change.token) : current;
    const name = change.name;
    if (name) next = this.settings.updateConnection(current.id, (c) => ({ ...c, name })) ?? next;
    this.changed();
    return this.summary(next);
  }

  private applyLocalSettings(current: StoredConnection, change: ConnectionChange): StoredConnection {
    const next = applyLocalSettings({ settings: this.settings, cache: this.cache, busy: this.busy }, current, change);
    if (next !== current) this.changed();
    return next;
  }

  private changed(): void {
    this.status.setAddresses(this.settings.connections());
    this.onChange();
  }
}
