import { createRequire } from 'node:module';
import type { SecretBackend } from './secret-backend.ts';

interface KeyringEntry {
  getPassword(signal?: AbortSignal | null): Promise<string | null>;
  setPassword(password: string, signal?: AbortSignal | null): Promise<void>;
  deletePassword(signal?: AbortSignal | null): Promise<boolean>;
}
interface KeyringModule {
  AsyncEntry: new (service: string, account: string) => KeyringEntry;
}

/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux) through
 * @napi-rs/keyring. Every call is bounded by a timeout: a locked Linux keyring can wait forever on an
 * invisible unlock prompt, and that must not freeze Carrel.
 */
export class KeychainSecretBackend implements SecretBackend {
  readonly kind = 'keychain' as const;
  private readonly service: string;
  private readonly timeoutMs: number;
  private readonly keyring: KeyringModule;

  private constructor(keyring: KeyringModule, service: string, timeoutMs: number) {
    this.keyring = keyring;
    this.service = service;
    this.timeoutMs = timeoutMs;
  }

  /** Loads the native binding; throws when it is missing (e.g. installed with --ignore-scripts on an odd platform). */
  static load(service: string, timeoutMs = 4000): KeychainSecretBackend {
    const require = createRequire(import.meta.url);
    const keyring = require('@napi-rs/keyring') as KeyringModule;
    return new KeychainSecretBackend(keyring, service, timeoutMs);
  }

  get(account: string): Promise<string | null> {
    return this.bounded('read', (signal) => new this.keyring.AsyncEntry(this.service, account).getPassword(signal));
  }

  set(account: string, secret: string): Promise<void> {
    return this.bounded('write', (signal) => new this.keyring.AsyncEntry(this.service, account).setPassword(secret, signal));
  }

  delete(account: string): Promise<boolean> {
    return this.bounded('delete', (signal) => new this.keyring.AsyncEntry(this.service, account).deletePassword(signal));
  }

  private async bounded<T>(what: string, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new KeychainTimeoutError(`The keychain did not answer a ${what} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([call(controller.signal), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}

export class KeychainTimeoutError extends Error {
  override readonly name = 'KeychainTimeoutError';
}
