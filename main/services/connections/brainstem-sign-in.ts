import { AppError, isAppError } from '../../../shared/contract/errors.ts';
import { brainstemHost } from '../connectors/brainstem/address.ts';
import { legacyTokenSignIn } from '../connectors/brainstem/auth-legacy.ts';
import { signInWithPassword } from '../connectors/brainstem/auth-password.ts';
import { checkBrainstemToken } from '../connectors/brainstem/auth-token-check.ts';
import type { HttpClient } from '../http/http-client.ts';
import { registerSecret } from '../log/redact.ts';
import type { StoredConnection } from '../settings/settings.ts';
import type { BrainstemConnections } from './brainstem-connections.ts';

const signInTimeoutMs = 30_000;

const tokensPage = (url: string): string => `${url}private/users/tokens/`;

/**
 * The sign-ins that finish in one request: a pasted personal access token (checked before it is kept),
 * email and password (a refreshable access token), and the older username/password token endpoint.
 * Passwords are sent once and kept nowhere; they are registered with the redactor so that no error or
 * log line can carry one.
 */
export class BrainstemSignIn {
  private readonly connections: BrainstemConnections;
  private readonly http: () => HttpClient;

  constructor(options: { connections: BrainstemConnections; http: () => HttpClient }) {
    this.connections = options.connections;
    this.http = options.http;
  }

  async token(connection: StoredConnection, input: string): Promise<void> {
    const token = input.trim();
    registerSecret(token);
    if (token === '' || /\s/.test(token)) {
      throw new AppError('VALIDATION', 'A personal access token is one word without spaces. Copy it again from your BrainSTEM token page.');
    }
    try {
      await checkBrainstemToken(this.http().withTimeout(signInTimeoutMs), connection.url, token);
    } catch (error) {
      if (isAppError(error) && error.code === 'AUTH_FAILED') {
        throw new AppError('AUTH_FAILED', `${brainstemHost(connection.url)} did not accept this personal access token: it may be mistyped, expired or revoked. Copy it again, or create a new one at ${tokensPage(connection.url)}.`, { details: { reason: 'token_not_accepted' } });
      }
      throw error;
    }
    await this.connections.saveSignIn(connection, { kind: 'personal', token }, 'personal-token', null);
  }

  async password(connection: StoredConnection, login: { email: string; password: string }): Promise<void> {
    registerSecret(login.password);
    const pair = await signInWithPassword(this.http().withTimeout(signInTimeoutMs), connection.url, login);
    await this.connections.saveSignIn(connection, { kind: 'session', ...pair }, 'password', login.email);
  }

  async legacy(connection: StoredConnection, login: { username: string; password: string }): Promise<void> {
    registerSecret(login.password);
    const token = await legacyTokenSignIn(this.http().withTimeout(signInTimeoutMs), connection.url, login);
    registerSecret(token);
    await this.connections.saveSignIn(connection, { kind: 'personal', token }, 'legacy', login.username);
  }
}
