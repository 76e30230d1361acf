import { z } from 'zod';
import { brainstemServerKey } from '../connectors/brainstem/address.ts';
import type { BrainstemCredential, BrainstemCredentials } from '../connectors/brainstem/credentials.ts';
import type { Logger } from '../log/logger.ts';
import { registerSecret } from '../log/redact.ts';
import type { Vault } from './vault.ts';

/** A refresh token lasts 30 days from its issue; each renewal issues a new one (reference §1.9). */
const refreshLifetimeMs = 30 * 24 * 3600 * 1000;

/** What goes into the keychain entry: the credential, plus when a refresh token stops working. */
const storedSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('personal'), token: z.string().min(1) }),
  z.object({
    kind: z.literal('session'),
    access: z.string().min(1),
    refresh: z.string().min(1),
    expiresAt: z.number(),
    refreshExpiresAt: z.number().optional(),
  }),
]);

export interface DescribedCredential {
  credential: BrainstemCredential;
  /** Session sign-ins: when the current refresh token runs out (epoch ms); null for personal tokens. */
  refreshExpiresAt: number | null;
}

/** The keychain account of a server's credential: one per server, so a sandbox never replaces production. */
export function brainstemVaultAccount(serverUrl: string): string {
  return `brainstem:${brainstemServerKey(serverUrl)}`;
}

/**
 * BrainSTEM credentials in the Vault (OS keychain, or this run only when it is unusable), as JSON under
 * `brainstem:<server base>`. Every token read or written is registered with the redactor.
 */
export class VaultBrainstemCredentials implements BrainstemCredentials {
  private readonly vault: Vault;
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(vault: Vault, log: Logger, options: { now?: () => number } = {}) {
    this.vault = vault;
    this.log = log;
    this.now = options.now ?? Date.now;
  }

  async get(serverUrl: string): Promise<BrainstemCredential | null> {
    return (await this.describe(serverUrl))?.credential ?? null;
  }

  /** The credential and its refresh deadline; null when nothing (readable) is stored. */
  async describe(serverUrl: string): Promise<DescribedCredential | null> {
    const text = await this.vault.read(brainstemVaultAccount(serverUrl));
    if (text === null) return null;
    let stored: z.output<typeof storedSchema>;
    try {
      stored = storedSchema.parse(JSON.parse(text));
    } catch {
      // A damaged entry (hand-edited, or written by another program) counts as signed out; never log it.
      this.log.warn('brainstem: the stored credential is unreadable; treating the server as signed out');
      return null;
    }
    if (stored.kind === 'personal') {
      registerSecret(stored.token);
      return { credential: { kind: 'personal', token: stored.token }, refreshExpiresAt: null };
    }
    registerSecret(stored.access);
    registerSecret(stored.refresh);
    return {
      credential: { kind: 'session', access: stored.access, refresh: stored.refresh, expiresAt: stored.expiresAt },
      refreshExpiresAt: stored.refreshExpiresAt ?? null,
    };
  }

  async set(serverUrl: string, credential: BrainstemCredential): Promise<void> {
    let stored: z.input<typeof storedSchema>;
    if (credential.kind === 'personal') {
      registerSecret(credential.token);
      stored = { kind: 'personal', token: credential.token };
    } else {
      registerSecret(credential.access);
      registerSecret(credential.refresh);
      // Every set of a session credential carries a freshly issued refresh token (sign-in or rotation).
      stored = { ...credential, refreshExpiresAt: this.now() + refreshLifetimeMs };
    }
    await this.vault.store(brainstemVaultAccount(serverUrl), JSON.stringify(stored));
  }

  async delete(serverUrl: string): Promise<void> {
    await this.vault.remove(brainstemVaultAccount(serverUrl));
  }
}
