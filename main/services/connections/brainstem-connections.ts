import { randomBytes } from 'node:crypto';
import type { BrainstemConnectionInfo, BrainstemPortalName } from '../../../shared/contract/connections.ts';
import { AppError, isAppError } from '../../../shared/contract/errors.ts';
import { BrainstemApi, type BrainstemToken } from '../connectors/brainstem/api.ts';
import { brainstemHost, brainstemServerKey, normalizeBrainstemUrl } from '../connectors/brainstem/address.ts';
import { BrainstemClient } from '../connectors/brainstem/client.ts';
import { RefreshingAccessToken } from '../connectors/brainstem/auth-password.ts';
import type { BrainstemCredential } from '../connectors/brainstem/credentials.ts';
import type { HttpClient } from '../http/http-client.ts';
import type { Logger } from '../log/logger.ts';
import { tokenHint } from '../log/redact.ts';
import type { BrainstemSignInRecord, Settings, StoredConnection } from '../settings/settings.ts';
import { brainstemVaultAccount, type VaultBrainstemCredentials } from '../vault/brainstem-credentials.ts';
import { draftHttp, initialLocalSettings, type NewConnectionLocalSettings } from './local-settings.ts';

/** What a connection summary shows of a BrainSTEM connection's sign-in (the secret itself never leaves). */
export interface BrainstemSummaryPart {
  info: BrainstemConnectionInfo;
  hasToken: boolean;
  tokenHint: string | null;
}

const connectTimeoutMs = 30_000;
const pingTimeoutMs = 15_000;

function defaultName(url: string): string {
  const host = brainstemHost(url);
  return host === 'www.brainstem.org' || host === 'brainstem.org' ? 'BrainSTEM' : `BrainSTEM (${host})`;
}

/**
 * BrainSTEM connections: a server and the portal the user browses. The server's credential is shared by
 * every connection to that server (it is keyed by server, like the official MATLAB client keys it by URL),
 * so signing in or out on one connection signs in or out all of them.
 */
export class BrainstemConnections {
  readonly credentials: VaultBrainstemCredentials;
  private readonly settings: Settings;
  private readonly http: () => HttpClient;
  private readonly log: Logger;
  private readonly changed: () => void;
  /**
   * One renewing access token per server, shared by every client: refresh tokens are single-use, so two
   * clients renewing the same one at once would sign the user out. Each remembers the refresh tokens it
   * has held, so a client made while a renewal is being stored still finds it.
   */
  private readonly sessions = new Map<string, { refreshes: Set<string>; provider: RefreshingAccessToken }>();

  constructor(options: { settings: Settings; credentials: VaultBrainstemCredentials; http: () => HttpClient; log: Logger; changed: () => void }) {
    this.settings = options.settings;
    this.credentials = options.credentials;
    this.http = options.http;
    this.log = options.log;
    this.changed = options.changed;
  }

  /** Checks the address answers like BrainSTEM (an anonymous public read), then saves the connection. */
  async connect(input: { url: string; portal: BrainstemPortalName; name?: string | undefined } & NewConnectionLocalSettings): Promise<StoredConnection> {
    const { url } = normalizeBrainstemUrl(input.url);
    // A CA file named with the input is checked and trusted before the connection exists.
    await this.probe(url, draftHttp(this.http(), input.caFile));
    const id = randomBytes(9).toString('base64url');
    const connection: StoredConnection = {
      id,
      kind: 'brainstem',
      name: input.name ?? defaultName(url),
      url,
      vaultAccount: brainstemVaultAccount(url),
      tokenHint: null,
      createdAt: new Date().toISOString(),
      serverVersion: null,
      project: null,
      reports: [],
      brainstem: { portal: input.portal },
      ...initialLocalSettings(input),
    };
    this.settings.saveConnections([...this.settings.connections(), connection]);
    this.log.info('connection added', { id, kind: 'brainstem' });
    this.changed();
    return connection;
  }

  portal(connection: StoredConnection): BrainstemPortalName {
    return connection.brainstem?.portal ?? 'private';
  }

  setPortal(connection: StoredConnection, portal: BrainstemPortalName): StoredConnection {
    const next = this.settings.updateConnection(connection.id, (c) => ({ ...c, brainstem: { ...c.brainstem, portal } })) ?? connection;
    this.changed();
    return next;
  }

  /**
   * A client for the connection's server in `portal` (default: the connection's own). Anonymous in the
   * public portal when nothing is stored; the private portal without a credential is NO_TOKEN with
   * `details.signIn`, so the UI can offer sign-in in place.
   */
  async client(connection: StoredConnection, portal: BrainstemPortalName = this.portal(connection), options: { timeoutMs?: number } = {}): Promise<BrainstemClient> {
    const http = this.http();
    // The public portal is read anonymously even when signed in: an expired sign-in must not break it.
    const token = portal === 'public' ? null : await this.token(connection.url);
    if (token === null && portal === 'private') {
      throw new AppError('NO_TOKEN', `Sign in to ${brainstemHost(connection.url)} to read its private portal, or switch to the public portal for published projects.`, { details: { signIn: true } });
    }
    return new BrainstemClient(new BrainstemApi(http, { baseUrl: connection.url, portal, token, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) }));
  }

  /** The token for a server's requests: its personal token, the shared renewing access token, or null. */
  private async token(url: string): Promise<BrainstemToken | null> {
    const key = brainstemServerKey(url);
    const stored = await this.credentials.get(key);
    if (stored === null) return null;
    if (stored.kind === 'personal') return stored.token;
    const cached = this.sessions.get(key);
    if (cached?.refreshes.has(stored.refresh)) return cached.provider;
    const refreshes = new Set([stored.refresh]);
    const provider = new RefreshingAccessToken(this.http(), key, { access: stored.access, refresh: stored.refresh, expiresAt: stored.expiresAt }, {
      onRotated: async (next) => {
        refreshes.add(next.refresh);
        await this.credentials.set(key, { kind: 'session', ...next });
      },
    });
    this.sessions.set(key, { refreshes, provider });
    return provider;
  }

  /** The cheapest request that proves the server answers: one project, signed in when possible. */
  async ping(connection: StoredConnection): Promise<string | undefined> {
    const signedIn = (await this.credentials.get(connection.url)) !== null;
    const portal = signedIn ? this.portal(connection) : 'public';
    const client = await this.client(connection, portal, { timeoutMs: pingTimeoutMs });
    await client.list('project', { limit: 1 });
    return !signedIn && this.portal(connection) === 'private' ? `Not signed in to ${brainstemHost(connection.url)}: only the public portal can be read.` : undefined;
  }

  async summaryPart(connection: StoredConnection): Promise<BrainstemSummaryPart> {
    const described = await this.credentials.describe(connection.url).catch(() => null);
    const record = described ? this.settings.brainstemSignIn(brainstemServerKey(connection.url)) : null;
    const credential = described?.credential ?? null;
    return {
      info: {
        portal: this.portal(connection),
        signedIn: credential !== null,
        authKind: record?.authKind ?? (credential ? (credential.kind === 'session' ? 'password' : 'personal-token') : null),
        account: record?.account ?? null,
        expiresAt: described?.refreshExpiresAt ? new Date(described.refreshExpiresAt).toISOString() : null,
      },
      hasToken: credential !== null,
      // Users tell personal tokens apart by their ending; a password sign-in's rotating tokens have no such use.
      tokenHint: credential?.kind === 'personal' ? tokenHint(credential.token) : null,
    };
  }

  /** Keeps a new credential for the connection's server, and what kind of sign-in it came from. */
  async saveSignIn(connection: StoredConnection, credential: BrainstemCredential, authKind: BrainstemSignInRecord['authKind'], account: string | null): Promise<void> {
    await this.credentials.set(connection.url, credential);
    this.settings.saveBrainstemSignIn(brainstemServerKey(connection.url), { authKind, account, signedInAt: new Date().toISOString() });
    this.log.info('brainstem: signed in', { id: connection.id, authKind });
    this.changed();
  }

  async signOut(connection: StoredConnection): Promise<void> {
    await this.forgetServer(connection.url);
    this.log.info('brainstem: signed out', { id: connection.id });
    this.changed();
  }

  /** After a connection is removed: the server's credential goes too, unless another connection uses it. */
  async forgetIfUnused(connection: StoredConnection): Promise<void> {
    const key = brainstemServerKey(connection.url);
    const stillUsed = this.settings.connections().some((c) => c.id !== connection.id && c.kind === 'brainstem' && brainstemServerKey(c.url) === key);
    if (!stillUsed) await this.forgetServer(connection.url);
  }

  private async forgetServer(url: string): Promise<void> {
    this.sessions.delete(brainstemServerKey(url));
    await this.credentials.delete(url);
    this.settings.saveBrainstemSignIn(brainstemServerKey(url), null);
  }

  private async probe(url: string, http: HttpClient): Promise<void> {
    const client = new BrainstemClient(new BrainstemApi(http, { baseUrl: url, portal: 'public', timeoutMs: connectTimeoutMs }));
    try {
      await client.list('project', { limit: 1 });
    } catch (error) {
      if (!isAppError(error)) throw error;
      // A server that wants a sign-in even for public data still speaks BrainSTEM's API.
      if (error.code === 'AUTH_FAILED') return;
      if (error.code === 'BAD_RESPONSE' && !error.retryable) {
        throw new AppError('NOT_SERVICE', `${brainstemHost(url)} answered, but not like a BrainSTEM server. Check the address (BrainSTEM's own is https://www.brainstem.org/).`, { cause: error });
      }
      throw error;
    }
  }
}
