import { randomBytes } from 'node:crypto';
import { brimCapabilityNames, type BrimConnectionInfo, type ConnectionSummary } from '../../../shared/contract/connections.ts';
import { AppError, isAppError } from '../../../shared/contract/errors.ts';
import { BrimClient, brimHost, normalizeBrimUrl, type BrimCapability, type ResultsPayloadGeneration } from '../connectors/brim/client.ts';
import type { CacheDirectory } from '../cache/cache-db.ts';
import { readAllDatasetStates } from '../cache/dataset-state.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { Logger } from '../log/logger.ts';
import { tokenHint } from '../log/redact.ts';
import type { Settings, StoredConnection } from '../settings/settings.ts';
import { draftHttp, initialLocalSettings, type NewConnectionLocalSettings } from './local-settings.ts';
import type { Vault } from '../vault/vault.ts';

const connectTimeoutMs = 30_000;
const pingTimeoutMs = 15_000;

type CapabilityState = BrimConnectionInfo['capabilities'][BrimCapability];

function unknownCapabilities(): BrimConnectionInfo['capabilities'] {
  return Object.fromEntries(brimCapabilityNames.map((name) => [name, { state: 'unknown', note: null }])) as BrimConnectionInfo['capabilities'];
}

const capabilityLabels: Record<BrimCapability, string> = {
  resourceUpload: 'Uploading reference documents',
  generate: 'Starting a generation for chosen patients and variables',
  singleNote: 'The single-note queue',
  projectList: 'Listing projects',
};

/** The note shown where a feature is off: what is missing, and what still works. */
export function capabilityOffNote(capability: BrimCapability, host: string): string {
  return `${capabilityLabels[capability]} is not available on ${host}: the server has no such endpoint (Brim has not published it, so servers may differ). Everything else works; use Brim's web app for this.`;
}

export interface BrimConnectInput extends NewConnectionLocalSettings {
  url: string;
  token: string;
  projectId?: number | undefined;
  projectName?: string | undefined;
  name?: string | undefined;
}

/**
 * Brim connections: one server, one token (project or organization) and one project. The token lives in
 * the vault under `brim:<connectionId>`; the project and what the server turned out to support (its
 * inferred endpoints) are kept with the connection, so a feature found missing stays off after a restart.
 */
export class BrimConnections {
  private readonly settings: Settings;
  private readonly vault: Vault;
  private readonly http: () => HttpClient;
  private readonly log: Logger;
  private readonly changed: () => void;

  constructor(options: { settings: Settings; vault: Vault; http: () => HttpClient; log: Logger; changed: () => void }) {
    this.settings = options.settings;
    this.vault = options.vault;
    this.http = options.http;
    this.log = options.log;
    this.changed = options.changed;
  }

  /** Checks the token opens the project (or creates/reuses one by name), keeps the token, saves the connection. */
  async connect(input: BrimConnectInput): Promise<StoredConnection> {
    const { url } = normalizeBrimUrl(input.url);
    const token = input.token.trim();
    // A CA file named with the input is checked and trusted before the connection exists.
    const probe = new BrimClient(draftHttp(this.http(), input.caFile), { baseUrl: url, token, timeoutMs: connectTimeoutMs });
    const capabilities = unknownCapabilities();
    let projectId: number;
    let projectName: string | null;
    if (input.projectId !== undefined) {
      const check = await probe.checkProject(input.projectId);
      projectId = check.project.id;
      projectName = check.project.name ?? input.projectName ?? null;
      if (check.projectList !== null) capabilities.projectList = this.capabilityState('projectList', check.projectList, url);
    } else if (input.projectName !== undefined) {
      const ensured = await probe.ensureProject(input.projectName);
      projectId = ensured.id;
      projectName = ensured.name;
      this.log.info('brim: project by name', { created: ensured.created });
    } else {
      throw new AppError('VALIDATION', 'Give the Brim project id, or a project name to create or reuse.');
    }
    const id = randomBytes(9).toString('base64url');
    const connection: StoredConnection = {
      id,
      kind: 'brim',
      name: input.name ?? projectName ?? `Brim project ${projectId} (${brimHost(url)})`,
      url,
      vaultAccount: `brim:${id}`,
      tokenHint: tokenHint(token),
      createdAt: new Date().toISOString(),
      serverVersion: null,
      project: null,
      reports: [],
      brim: { projectId, projectName, capabilities },
      ...initialLocalSettings(input),
    };
    await this.vault.store(connection.vaultAccount, token);
    this.settings.saveConnections([...this.settings.connections(), connection]);
    this.log.info('connection added', { id, kind: 'brim' });
    this.changed();
    return connection;
  }

  async summary(connection: StoredConnection, cache: CacheDirectory): Promise<ConnectionSummary> {
    const token = await this.vault.read(connection.vaultAccount).catch(() => null);
    return {
      id: connection.id,
      kind: connection.kind,
      name: connection.name,
      url: connection.url,
      tokenHint: connection.tokenHint,
      hasToken: token !== null,
      createdAt: connection.createdAt,
      serverVersion: connection.serverVersion,
      project: null,
      brainstem: null,
      brim: this.info(connection),
      cached: cachedResults(cache, connection.id),
    };
  }

  info(connection: StoredConnection): BrimConnectionInfo {
    if (!connection.brim) throw new AppError('INTERNAL', 'This Brim connection has no project saved. Remove it and connect again.');
    return connection.brim;
  }

  /** A client with the stored token for the connection's project (main-side only). */
  async client(connection: StoredConnection, options: { timeoutMs?: number } = {}): Promise<BrimClient> {
    const info = this.info(connection);
    const token = await this.vault.require(connection.vaultAccount);
    return new BrimClient(this.http(), {
      baseUrl: connection.url,
      token,
      projectId: info.projectId,
      projectName: info.projectName,
      resultsPayload: connection.brimResultsPayload ?? null,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
  }

  /** The cheapest call that proves the server answers and the token still opens the project. */
  async ping(connection: StoredConnection): Promise<void> {
    const client = await this.client(connection, { timeoutMs: pingTimeoutMs });
    await client.checkProject();
  }

  /** A new token for the same project: checked before it replaces the old one. */
  async updateToken(connection: StoredConnection, token: string): Promise<StoredConnection> {
    const info = this.info(connection);
    const trimmed = token.trim();
    const probe = new BrimClient(this.http(), { baseUrl: connection.url, token: trimmed, projectId: info.projectId, timeoutMs: connectTimeoutMs });
    await probe.checkProject();
    await this.vault.store(connection.vaultAccount, trimmed);
    return this.settings.updateConnection(connection.id, (c) => ({ ...c, tokenHint: tokenHint(trimmed) })) ?? connection;
  }

  /**
   * Runs a call to an inferred endpoint and records what it taught: success turns the feature on, a
   * 404/405 (UNSUPPORTED with `details.capability`) turns it off with a note, kept with the connection.
   * A feature already known to be off is refused before anything is sent.
   */
  async withCapability<T>(connectionId: string, capability: BrimCapability, call: () => Promise<T>): Promise<T> {
    const connection = this.get(connectionId);
    const known = this.info(connection).capabilities[capability];
    if (known.state === 'no') throw new AppError('UNSUPPORTED', known.note ?? capabilityOffNote(capability, brimHost(connection.url)), { details: { capability } });
    try {
      const result = await call();
      if (known.state !== 'yes') this.setCapability(connectionId, capability, { state: 'yes', note: null });
      return result;
    } catch (error) {
      if (isAppError(error) && error.code === 'UNSUPPORTED' && error.details?.capability === capability) {
        const note = capabilityOffNote(capability, brimHost(connection.url));
        this.setCapability(connectionId, capability, { state: 'no', note });
        throw new AppError('UNSUPPORTED', note, { details: { capability }, cause: error });
      }
      throw error;
    }
  }

  setCapability(connectionId: string, capability: BrimCapability, state: CapabilityState): void {
    this.settings.updateConnection(connectionId, (c) => (c.brim ? { ...c, brim: { ...c.brim, capabilities: { ...c.brim.capabilities, [capability]: state } } } : c));
    this.log.info('brim: capability', { id: connectionId, capability, state: state.state });
    this.changed();
  }

  /** Remembers which `/results/` request generation the server accepted, so the next export asks right away. */
  rememberResultsPayload(connectionId: string, payload: ResultsPayloadGeneration | null): void {
    if (payload === null || this.get(connectionId).brimResultsPayload === payload) return;
    this.settings.updateConnection(connectionId, (c) => ({ ...c, brimResultsPayload: payload }));
  }

  get(connectionId: string): StoredConnection {
    const connection = this.settings.connections().find((c) => c.id === connectionId);
    if (!connection) throw new AppError('NOT_FOUND', 'This connection does not exist any more. It may have been removed in another window.');
    if (connection.kind !== 'brim') throw new AppError('VALIDATION', 'This is not a Brim connection.');
    return connection;
  }

  private capabilityState(capability: BrimCapability, available: boolean, url: string): CapabilityState {
    return available ? { state: 'yes', note: null } : { state: 'no', note: capabilityOffNote(capability, brimHost(url)) };
  }
}

/** A Brim connection's cached results: every label row, and patients from the patient-level table when there is one. */
function cachedResults(cache: CacheDirectory, connectionId: string): ConnectionSummary['cached'] {
  if (!cache.has(connectionId)) return null;
  const states = readAllDatasetStates(cache.db(connectionId)).filter((state) => state.name.startsWith('brim_') && state.availability === 'ok');
  if (states.length === 0) return null;
  const rows = states.reduce((sum, state) => sum + state.rowCount, 0);
  const patients = states.find((state) => state.name === 'brim_patient')?.rowCount ?? rows;
  return { rows, records: patients, lastSyncedAt: states.map((state) => state.lastSyncedAt).sort().at(-1)! };
}
