import { createRequire } from 'node:module';
import type { SecretBackend } from './secret-backend.ts';

interface KeyringEntry {
  getPassword(signal?: AbortSignal | null): Promise<string | null>;
  setPassword(password: string, signal?: AbortSignal | null): Promise<void>;
  deletePassword(signal?: AbortSignal | null): Promise<boolean>;
}
interface KeyringModule {
  AsyncEntry: new (service: string, account: string, options?: { linux?: { store?: 'secret-service' | 'keyutils' } }) => KeyringEntry;
}

/**
 * On Linux the binding would fall back from the Secret Service to the kernel keyring, which forgets
 * everything at logout: tokens would vanish without a word. Pinning the Secret Service makes that case
 * fail instead, and the vault then tells the user that tokens are kept for this session only.
 */
const entryOptions = process.platform === 'linux' ? { linux: { store: 'secret-service' as const } } : undefined;

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
    return this.bounded('read', (signal) => new this.keyring.AsyncEntry(this.service, account, entryOptions).getPassword(signal));
  }

  set(account: string, secret: string): Promise<void> {
    return this.bounded('write', (signal) => new this.keyring.AsyncEntry(this.service, account, entryOptions).setPassword(secret, signal));
  }

  delete(account: string): Promise<boolean> {
    return this.bounded('delete', (signal) => new this.keyring.AsyncEntry(this.service, account, entryOptions).deletePassword(signal));
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
