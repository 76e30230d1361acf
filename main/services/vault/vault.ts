import { AppError } from '../../../shared/contract/errors.ts';
import type { SecretStorageStatus } from '../../../shared/contract/app.ts';
import type { Logger } from '../log/logger.ts';
import { forgetSecret, registerSecret } from '../log/redact.ts';
import { MemorySecretBackend, type SecretBackend } from './secret-backend.ts';

const probeAccount = 'carrel-keychain-probe';

export const sessionOnlyNotice = 'Session-only mode: tokens are kept until Carrel closes, never in the system keychain.';

/**
 * Holds API tokens. Prefers the OS keychain; when it is missing, locked or too slow, tokens are kept for
 * this run only and the UI says so (never a plain-text file). Tokens leave the vault only towards the
 * connectors, and every token it sees is registered with the redactor.
 */
export class Vault {
  private backend: SecretBackend;
  private readonly session = new MemorySecretBackend();
  private notice: string | undefined;
  private readonly log: Logger;

  private constructor(backend: SecretBackend, log: Logger, notice?: string) {
    this.backend = backend;
    this.log = log;
    this.notice = notice;
  }

  /** Tries the keychain once (a read of a probe entry) and falls back to session-only storage if it fails. */
  static async open(options: { keychain: () => SecretBackend; log: Logger; sessionOnlyReason?: string }): Promise<Vault> {
    if (options.sessionOnlyReason) {
      return new Vault(new MemorySecretBackend(), options.log, options.sessionOnlyReason);
    }
    let keychain: SecretBackend;
    try {
      keychain = options.keychain();
      await keychain.get(probeAccount);
    } catch (error) {
      options.log.warn('keychain unavailable; tokens are kept for this session only', { error: describe(error) });
      return new Vault(new MemorySecretBackend(), options.log, keychainNotice(error));
    }
    return new Vault(keychain, options.log);
  }

  status(): SecretStorageStatus {
    const status: SecretStorageStatus = { persistent: this.backend.kind === 'keychain', backend: this.backend.kind };
    if (this.notice) status.notice = this.notice;
    return status;
  }

  async store(account: string, token: string): Promise<void> {
    registerSecret(token);
    try {
      await this.backend.set(account, token);
    } catch (error) {
      this.fallBack(error);
      await this.backend.set(account, token);
    }
  }

  async read(account: string): Promise<string | null> {
    let token: string | null;
    try {
      token = await this.backend.get(account);
    } catch (error) {
      this.fallBack(error);
      token = await this.session.get(account);
    }
    if (token !== null) registerSecret(token);
    return token;
  }

  /** The token, or an error that tells the user how to get going again. */
  async require(account: string): Promise<string> {
    const token = await this.read(account);
    if (token === null) {
      throw new AppError('NO_TOKEN', this.backend.kind === 'session'
        ? 'This connection has no token in this session (the keychain is not available, so tokens are not kept between runs). Enter the token again under "Edit connection".'
        : 'No token is stored for this connection. Enter it again under "Edit connection".');
    }
    return token;
  }

  async remove(account: string): Promise<void> {
    const token = await this.read(account).catch(() => null);
    if (token) forgetSecret(token);
    try {
      await this.backend.delete(account);
    } catch (error) {
      this.log.warn('could not delete a keychain entry', { error: describe(error) });
    }
    await this.session.delete(account);
  }

  private fallBack(error: unknown): void {
    if (this.backend.kind === 'session') throw new AppError('KEYCHAIN', 'Could not keep the token for this session.', { cause: error });
    this.log.warn('keychain failed; switching to session-only token storage', { error: describe(error) });
    this.notice = keychainNotice(error);
    this.backend = this.session;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** What the user reads: what happened and what to do. The technical reason goes to the log only. */
function keychainNotice(error: unknown): string {
  const timedOut = error instanceof Error && error.name === 'KeychainTimeoutError';
  const what = timedOut ? 'The system keychain did not answer (it may be locked)' : 'The system keychain is not available';
  const linuxHint = process.platform === 'linux'
    ? ' On Linux, install and unlock a Secret Service keyring (GNOME Keyring or KWallet), then restart Carrel.'
    : ' Unlock the keychain, then restart Carrel.';
  return `${what}, so tokens are kept only until Carrel closes.${linuxHint}`;
}
