import { z } from 'zod';
import { defaultPreferences, preferencesSchema, type Preferences } from '../../../shared/contract/app.ts';
import { brainstemAuthKindSchema, brainstemPortalSchema, brimConnectionInfoSchema, remoteProjectSchema } from '../../../shared/contract/connections.ts';
import { serviceKindSchema } from '../../../shared/contract/common.ts';
import type { Logger } from '../log/logger.ts';
import type { KeyValueStore } from './store.ts';

/** A saved connection. The token is not here: it lives in the vault under `vaultAccount`. */
export const storedConnectionSchema = z.object({
  id: z.string(),
  kind: serviceKindSchema,
  name: z.string(),
  url: z.string(),
  vaultAccount: z.string(),
  tokenHint: z.string().nullable(),
  createdAt: z.string(),
  serverVersion: z.string().nullable(),
  project: remoteProjectSchema.nullable(),
  /** REDCap reports the user asked Carrel to keep (the API cannot list them, only export one by ID). */
  reports: z.array(z.object({ id: z.string(), title: z.string() })).default([]),
  /** BrainSTEM connections: the portal the user browses. Absent for other services (and in older files). */
  brainstem: z.object({ portal: brainstemPortalSchema }).optional(),
  /** Brim connections: the project, and which optional (inferred) endpoints the server turned out to have. */
  brim: brimConnectionInfoSchema.optional(),
  /** Brim connections: which `/results/` request generation the server accepted last (2025 or 2026 scripts). */
  brimResultsPayload: z.enum(['2025', '2026']).optional(),
  /** Extra CA certificates (PEM file) trusted for this connection's server in Node shells. */
  caFile: z.string().optional(),
  /** False: the cache lives in a folder deleted when Carrel quits (and at the next start). Absent: true. */
  offlineCache: z.boolean().optional(),
});
export type StoredConnection = z.infer<typeof storedConnectionSchema>;

/**
 * What Carrel remembers about a BrainSTEM server's sign-in, next to the secret in the keychain: how it
 * was made and as whom. Kept per server (the credential is shared by every connection to that server).
 */
export const brainstemSignInRecordSchema = z.object({
  authKind: brainstemAuthKindSchema,
  account: z.string().nullable(),
  signedInAt: z.string(),
});
export type BrainstemSignInRecord = z.infer<typeof brainstemSignInRecordSchema>;

export const windowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400),
  height: z.number().int().min(300),
  maximized: z.boolean(),
});
export type WindowState = z.infer<typeof windowStateSchema>;

/**
 * Typed access to the settings file. Every read is parsed: a hand-edited or older file never crashes
 * Carrel; the unreadable part falls back to defaults and is logged.
 */
export class Settings {
  private readonly store: KeyValueStore;
  private readonly log: Logger;

  constructor(store: KeyValueStore, log: Logger) {
    this.store = store;
    this.log = log;
  }

  get path(): string {
    return this.store.path;
  }

  connections(): StoredConnection[] {
    const raw = this.store.get('connections');
    if (raw === undefined) return [];
    const parsed = z.array(z.unknown()).safeParse(raw);
    if (!parsed.success) {
      this.log.warn('settings: connections list unreadable, ignoring it');
      return [];
    }
    const out: StoredConnection[] = [];
    for (const item of parsed.data) {
      const connection = storedConnectionSchema.safeParse(item);
      if (connection.success) out.push(connection.data);
      else this.log.warn('settings: skipping an unreadable connection entry');
    }
    return out;
  }

  saveConnections(connections: StoredConnection[]): void {
    this.store.set('connections', connections);
  }

  updateConnection(id: string, change: (connection: StoredConnection) => StoredConnection): StoredConnection | null {
    let updated: StoredConnection | null = null;
    const next = this.connections().map((connection) => {
      if (connection.id !== id) return connection;
      updated = change(connection);
      return updated;
    });
    this.saveConnections(next);
    return updated;
  }

  /** The sign-in record for a server key (`brainstemServerKey(url)`), or null. */
  brainstemSignIn(serverKey: string): BrainstemSignInRecord | null {
    const parsed = brainstemSignInRecordSchema.safeParse(this.brainstemSignIns()[serverKey]);
    return parsed.success ? parsed.data : null;
  }

  saveBrainstemSignIn(serverKey: string, record: BrainstemSignInRecord | null): void {
    const next: Record<string, unknown> = { ...this.brainstemSignIns() };
    if (record === null) delete next[serverKey];
    else next[serverKey] = brainstemSignInRecordSchema.parse(record);
    this.store.set('brainstemSignIns', next);
  }

  private brainstemSignIns(): Record<string, unknown> {
    const parsed = z.record(z.string(), z.unknown()).safeParse(this.store.get('brainstemSignIns') ?? {});
    return parsed.success ? parsed.data : {};
  }

  preferences(): Preferences {
    const parsed = preferencesSchema.partial().safeParse(this.store.get('preferences') ?? {});
    return { ...defaultPreferences, ...(parsed.success ? parsed.data : {}) };
  }

  updatePreferences(change: Partial<Preferences>): Preferences {
    const next = preferencesSchema.parse({ ...this.preferences(), ...change });
    this.store.set('preferences', next);
    return next;
  }

  windowState(): WindowState | null {
    const parsed = windowStateSchema.safeParse(this.store.get('windowState'));
    return parsed.success ? parsed.data : null;
  }

  saveWindowState(state: WindowState): void {
    this.store.set('windowState', windowStateSchema.parse(state));
  }
}

