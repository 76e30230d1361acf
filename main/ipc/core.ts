import { mkdirSync } from 'node:fs';
import { BrimService } from '../services/brim/brim-service.ts';
import { CacheDirectory } from '../services/cache/cache-db.ts';
import { DatasetViews } from '../services/cache/dataset-views.ts';
import { ConnectionService } from '../services/connections/connection-service.ts';
import { ConnectionStatusTracker } from '../services/connections/connection-status.ts';
import { ExportService } from '../services/export/export-service.ts';
import { HttpClient, type FetchLike } from '../services/http/http-client.ts';
import { withConnectionTrust } from '../services/http/ca-files.ts';
import { JobRunner } from '../services/jobs/job-runner.ts';
import { Staging } from '../services/files/staging.ts';
import { ImportService } from '../services/imports/import-service.ts';
import { redcapSyncSource } from '../services/connectors/redcap/sync-source-redcap.ts';
import type { Logger } from '../services/log/logger.ts';
import { Settings } from '../services/settings/settings.ts';
import type { KeyValueStore } from '../services/settings/store.ts';
import { SyncService } from '../services/sync/sync-service.ts';
import type { SecretBackend } from '../services/vault/secret-backend.ts';
import { Vault } from '../services/vault/vault.ts';
import { UpdateStatus } from '../services/updates/update-status.ts';
import { createDispatcher, type Dispatch } from './dispatch.ts';
import { EventBus, type EventListener } from './event-bus.ts';
import type { Handlers } from './handler-types.ts';
import { appHandlers } from './handlers/app-handlers.ts';
import { brimHandlers } from './handlers/brim-handlers.ts';
import { brainstemAuthHandlers } from './handlers/brainstem-auth-handlers.ts';
import { brainstemDataHandlers } from './handlers/brainstem-data-handlers.ts';
import { connectionHandlers } from './handlers/connection-handlers.ts';
import { datasetHandlers } from './handlers/dataset-handlers.ts';
import { jobHandlers } from './handlers/job-handlers.ts';
import { fileHandlers } from './handlers/file-handlers.ts';
import { importHandlers } from './handlers/import-handlers.ts';
import { recordFileBulkHandlers } from './handlers/record-file-bulk-handlers.ts';
import { brimRedcapHandlers } from './handlers/brim-redcap-handlers.ts';
import { cacheHandlers } from './handlers/cache-handlers.ts';
import { diagnosticsHandlers } from './handlers/diagnostics-handlers.ts';
import { updateHandlers } from './handlers/update-handlers.ts';
import type { PlatformPorts } from './ports.ts';
import type { Services } from './services.ts';

export interface CoreOptions {
  userDataDir: string;
  version: string;
  fetch: FetchLike;
  store: KeyValueStore;
  keychain: () => SecretBackend;
  /** Set when tokens must not go to the keychain (demo, tests): the sentence the UI shows. */
  sessionOnlyReason?: string;
  ports: PlatformPorts;
  log: Logger;
  demo?: boolean;
  /** The desktop shell's, which its updater reports into; other shells get one that says updates are off. */
  updates?: UpdateStatus;
  /**
   * Syncs leave the records' folded search text out, for a shell without a filter box (the command
   * line): a third less work per row. A table written so is still searchable, a little more slowly.
   */
  deferSearch?: boolean;
}

export interface Core {
  readonly dispatch: Dispatch;
  readonly services: Services;
  subscribe(listener: EventListener): () => void;
  shutdown(): Promise<void>;
}

/** Assembles the services and the handler table; every shell (desktop, web, tests) starts here. */
export async function createCore(options: CoreOptions): Promise<Core> {
  mkdirSync(options.userDataDir, { recursive: true, mode: 0o700 });
  const log = options.log;
  const bus = new EventBus(log);
  const settings = new Settings(options.store, log);
  const vault = await Vault.open({ keychain: options.keychain, log, ...(options.sessionOnlyReason ? { sessionOnlyReason: options.sessionOnlyReason } : {}) });
  const status = new ConnectionStatusTracker(bus.emit);
  const baseHttp = new HttpClient(withConnectionTrust(options.fetch, () => settings.connections()), { onAttempt: ({ url, reachable }) => status.observe(url, reachable) });
  const http = (): HttpClient => baseHttp.withTimeout(settings.preferences().requestTimeoutSeconds * 1000);
  // A connection with its offline copy off keeps its cache in a folder deleted at quit and next start.
  const cache = new CacheDirectory(options.userDataDir, { keepOffline: (id) => settings.connections().find((c) => c.id === id)?.offlineCache !== false });
  const views = new DatasetViews();
  const jobs = new JobRunner({ onUpdate: (job) => bus.emit('job.updated', job), log });
  const connections = new ConnectionService({
    settings,
    vault,
    http,
    cache,
    status,
    log,
    onChange: () => bus.emit('connections.changed', { at: new Date().toISOString() }),
    emit: bus.emit,
    busy: (id) => jobs.list().some((job) => job.state === 'running' && job.connectionId === id),
  });
  const staging = new Staging(options.userDataDir);
  const sync = new SyncService({ connections, cache, views, jobs, settings, emit: bus.emit, source: redcapSyncSource, ...(options.deferSearch ? { deferSearch: true } : {}) });
  const imports = new ImportService({ connections, cache, jobs, staging, sync, settings, emit: bus.emit, views });
  imports.findInterrupted();
  sync.findInterrupted();
  const services: Services = {
    app: { name: 'Carrel', version: options.version, demo: options.demo ?? false },
    ports: options.ports,
    settings,
    vault,
    connections,
    cache,
    views,
    jobs,
    sync,
    exports: new ExportService({ cache, views, jobs }),
    staging,
    imports,
    updates: options.updates ?? new UpdateStatus(),
    brim: new BrimService({ connections, cache, views, jobs, staging, emit: bus.emit, log }),
    log,
    emit: bus.emit,
  };
  const handlers: Handlers = {
    ...appHandlers(services),
    ...connectionHandlers(services),
    ...datasetHandlers(services),
    ...jobHandlers(services),
    ...fileHandlers(services),
    ...brainstemAuthHandlers(services),
    ...brainstemDataHandlers(services),
    ...brimHandlers(services),
    ...importHandlers(services),
    ...recordFileBulkHandlers(services),
    ...brimRedcapHandlers(services),
    ...cacheHandlers(services),
    ...diagnosticsHandlers(services),
    ...updateHandlers(services),
  };
  const dispatcher = createDispatcher(handlers, log);
  return {
    // A startup notice (an interrupted import) waits for a window: its first call, app.info, comes once it listens.
    dispatch: (method, input, context) => {
      if (method === 'app.info') {
        setImmediate(() => {
          imports.deliverStartupNotice();
          sync.deliverStartupNotice();
        });
      }
      return dispatcher(method, input, context);
    },
    services,
    subscribe: (listener) => bus.subscribe(listener),
    shutdown: async () => {
      await jobs.shutdown();
      await connections.shutdown();
      cache.closeAll();
    },
  };
}
