// A local BrainSTEM for tests, benchmarks and the demo: http://127.0.0.1:PORT/api/{portal}/{app}/{model}/
// answers like brainstem.org's Django REST Framework + dynamic-rest API as written in
// shared/reference/brainstem-api.md, with seeded public and private projects, every token kind,
// the device authorization flow with an approval page, and faults on demand.

import type { ApiContext } from './api.ts';
import { SandboxClock } from './clock.ts';
import { DeviceFlow } from './device-flow.ts';
import { FaultController } from './faults.ts';
import type { FaultSpec } from './faults.ts';
import { ListCache } from './listing.ts';
import { Prng } from './random.ts';
import { RequestStats } from './sandbox-admin.ts';
import { seedCatalog } from './seed-catalog.ts';
import { BRAINSTEM_USERS, seedPeople } from './seed-people.ts';
import type { SeededUser } from './seed-people.ts';
import { PROJECT_SEEDS, seedProjects } from './seed-projects.ts';
import { createSandboxServer } from './server.ts';
import { Store } from './store.ts';
import { TokenRegistry } from './tokens.ts';

export { BRAINSTEM_DEMO_PASSWORD, BRAINSTEM_DEMO_TOKEN, BRAINSTEM_USERS, GROUPS as BRAINSTEM_GROUPS } from './seed-people.ts';
export type { SeededUser } from './seed-people.ts';
export { FaultController, FaultSpecError, parseFaultSpec } from './faults.ts';
export type { Fault, FaultKind, FaultSpec } from './faults.ts';
export { SandboxClock } from './clock.ts';
export type { Store, Row } from './store.ts';

export const BRAINSTEM_DEFAULT_SESSIONS = 60;
export const BRAINSTEM_DEFAULT_SEED = 1;
/** Projects anyone can read in the public portal. */
export const BRAINSTEM_PUBLIC_PROJECTS = PROJECT_SEEDS.filter((seed) => seed.isPublic).map((seed) => seed.name);

export interface BrainstemSandboxOptions {
  /** 0 = a free port chosen by the OS (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Seed of the generated data and ids (default 1). */
  seed?: number;
  /**
   * Sessions in the demo user's projects, i.e. what the demo token lists (default 60); the other
   * users' projects keep 8 each. 20,000 builds in about half a second.
   */
  sessions?: number;
  /** Subjects in each project (default 6). */
  subjectsPerProject?: number;
  /** `meta` on private lists too (default true; the docs only promise it for public lists). */
  metaOnPrivate?: boolean;
  /** Top-level `count`, `next`, `previous` on lists (default true; needed by both official clients' load_all). */
  countNextPrevious?: boolean;
  /** dynamic-rest's strict key order, sideloaded keys before the records (default false: records first). */
  strictKeyOrder?: boolean;
  /** Relations that embed instead of sideload, as `model.field` (e.g. 'session.datastorage'). */
  embed?: readonly string[];
  /** Device-flow polling interval the server announces, in seconds (default 5). */
  deviceIntervalSeconds?: number;
  /** Device-code lifetime in seconds (default 900, the documented 15 minutes). */
  deviceExpiresInSeconds?: number;
  /** Answer too-fast polls with 400 {"error":"slow_down"} (default false: no official client handles it). */
  deviceSlowDown?: boolean;
  /** Shape of POST /api/token/: 'access' (2025-10 docs, default) or 'token' (the older {"token": "<hex>"}). */
  legacyTokenShape?: 'access' | 'token';
  /** Faults active from the start. */
  faults?: readonly FaultSpec[];
  /** Bigger request bodies get 413 (default 16 MB). */
  maxBodyBytes?: number;
}

export interface BrainstemSandbox {
  /** http://127.0.0.1:PORT/ — the base URL clients take (the API lives under api/). */
  url: string;
  port: number;
  /** The demo user's personal access token. */
  token: string;
  users: typeof BRAINSTEM_USERS;
  publicProjects: number;
  faults: FaultController;
  clock: SandboxClock;
  /** The live data, for tests that look inside. */
  store(): Store;
  device: {
    /** Pending, unexpired codes. */
    pending(): Array<{ userCode: string; sessionId: string; clientName: string }>;
    /** By user code or session id; approves as `email` (default: the demo user). */
    approve(code: string, email?: string): boolean;
    deny(code: string): boolean;
    expire(code: string): boolean;
  };
  /** A new personal access token for a seeded (or created) user. */
  createToken(email: string, name?: string): string | undefined;
  /** Every record and token back to the seeded state. */
  reset(): void;
  /** Requests to /api/ so far, by "METHOD portal/app/model". */
  stats(): Record<string, number>;
  close(): Promise<void>;
}

function count(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}

function buildStore(seed: number, sessions: number, subjectsPerProject: number): Store {
  const store = new Store();
  const prng = new Prng(seed);
  seedPeople(store);
  const catalog = seedCatalog(store, prng);
  seedProjects(store, prng, catalog, { sessions, subjectsPerProject });
  return store;
}

function seedTokens(tokens: TokenRegistry): void {
  for (const user of Object.values(BRAINSTEM_USERS) as SeededUser[]) tokens.addPersonal(user.id, 'Sandbox demo token', user.token);
}

export async function startBrainstemSandbox(options: BrainstemSandboxOptions = {}): Promise<BrainstemSandbox> {
  const seed = count('seed', options.seed ?? BRAINSTEM_DEFAULT_SEED);
  const sessions = count('sessions', options.sessions ?? BRAINSTEM_DEFAULT_SESSIONS);
  const subjectsPerProject = Math.max(1, count('subjectsPerProject', options.subjectsPerProject ?? 6));
  const host = options.host ?? '127.0.0.1';
  const clock = new SandboxClock();
  let tokens = new TokenRegistry(clock);
  seedTokens(tokens);
  const deviceOptions = {
    intervalSeconds: count('deviceIntervalSeconds', options.deviceIntervalSeconds ?? 5),
    expiresInSeconds: count('deviceExpiresInSeconds', options.deviceExpiresInSeconds ?? 900),
    slowDown: options.deviceSlowDown === true,
  };
  const api: ApiContext = {
    store: buildStore(seed, sessions, subjectsPerProject),
    tokens,
    device: new DeviceFlow(clock, tokens, deviceOptions),
    origin: '',
    legacyTokenShape: options.legacyTokenShape ?? 'access',
    clock,
    // Ids of records created at run time come from their own stream, so they never collide with seeded ones.
    ids: new Prng(seed + 7919),
    envelope: {
      metaOnPrivate: options.metaOnPrivate ?? true,
      countNextPrevious: options.countNextPrevious ?? true,
      strictKeyOrder: options.strictKeyOrder ?? false,
      embed: new Set(options.embed ?? []),
    },
    cache: new ListCache(),
  };
  const userIdByEmail = (email: string): number | undefined => {
    for (const user of api.store.table('user').values()) if (String(user.email).toLowerCase() === email.toLowerCase()) return Number(user.id);
    return undefined;
  };
  const decide = (code: string, approve: boolean, email?: string): boolean => {
    const userId = email === undefined ? BRAINSTEM_USERS.demo.id : userIdByEmail(email);
    return userId !== undefined && api.device.decide(code, approve, userId);
  };
  const createToken = (email: string, name?: string): string | undefined => {
    const userId = userIdByEmail(email);
    return userId === undefined ? undefined : api.tokens.addPersonal(userId, name ?? 'Sandbox token').token;
  };
  const reset = (): void => {
    api.store = buildStore(seed, sessions, subjectsPerProject);
    tokens = new TokenRegistry(clock);
    seedTokens(tokens);
    api.tokens = tokens;
    api.device = new DeviceFlow(clock, tokens, deviceOptions);
    api.ids = new Prng(seed + 7919);
    api.cache = new ListCache();
    page.store = api.store;
    page.device = api.device;
  };
  const faults = new FaultController();
  for (const spec of options.faults ?? []) faults.add(spec);
  const stats = new RequestStats();
  const page = { device: api.device, store: api.store, defaultUserId: BRAINSTEM_USERS.demo.id };
  const admin = {
    faults, stats, clock,
    get device() {
      return api.device;
    },
    decideDevice: decide, createToken, reset,
  };
  const { server, close: closeServer } = createSandboxServer({ api, page, admin, faults, stats, maxBodyBytes: options.maxBodyBytes ?? 16 * 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the sandbox server has no TCP address');
  const urlHost = host.includes(':') ? `[${host}]` : host;
  api.origin = `http://${urlHost}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    url: `${api.origin}/`,
    port: address.port,
    token: BRAINSTEM_USERS.demo.token,
    users: BRAINSTEM_USERS,
    publicProjects: BRAINSTEM_PUBLIC_PROJECTS.length,
    faults,
    clock,
    store: () => api.store,
    device: {
      pending: () => api.device.pending().map((grant) => ({ userCode: grant.userCode, sessionId: grant.sessionId, clientName: grant.clientName })),
      approve: (code, email) => decide(code, true, email),
      deny: (code) => decide(code, false),
      expire: (code) => api.device.expire(code),
    },
    createToken,
    reset,
    stats: () => stats.snapshot(),
    close: () => {
      closing ??= closeServer();
      return closing;
    },
  };
}
