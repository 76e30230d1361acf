/** Where tokens are kept. The keychain backend wraps @napi-rs/keyring; tests and demos use memory. */
export interface SecretBackend {
  readonly kind: 'keychain' | 'session';
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

/** Tokens in memory: session-only storage, and (as kind 'keychain') the keychain's stand-in in tests. */
export class MemorySecretBackend implements SecretBackend {
  readonly kind: 'keychain' | 'session';
  private readonly secrets = new Map<string, string>();

  constructor(kind: 'keychain' | 'session' = 'session') {
    this.kind = kind;
  }

  get size(): number {
    return this.secrets.size;
  }

  async get(account: string): Promise<string | null> {
    return this.secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret);
  }

  async delete(account: string): Promise<boolean> {
    return this.secrets.delete(account);
  }
}
