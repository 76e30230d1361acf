import type { BrimService } from '../services/brim/brim-service.ts';
import type { CacheDirectory } from '../services/cache/cache-db.ts';
import type { DatasetViews } from '../services/cache/dataset-views.ts';
import type { ConnectionService } from '../services/connections/connection-service.ts';
import type { ExportService } from '../services/export/export-service.ts';
import type { Staging } from '../services/files/staging.ts';
import type { ImportService } from '../services/imports/import-service.ts';
import type { JobRunner } from '../services/jobs/job-runner.ts';
import type { Logger } from '../services/log/logger.ts';
import type { Settings } from '../services/settings/settings.ts';
import type { SyncService } from '../services/sync/sync-service.ts';
import type { Vault } from '../services/vault/vault.ts';
import type { UpdateStatus } from '../services/updates/update-status.ts';
import type { EventSink } from '../services/events.ts';
import type { PlatformPorts } from './ports.ts';

/** Everything the handlers work with, assembled once per run by createCore. */
export interface Services {
  readonly app: { name: string; version: string; demo: boolean };
  readonly ports: PlatformPorts;
  readonly settings: Settings;
  readonly vault: Vault;
  readonly connections: ConnectionService;
  readonly cache: CacheDirectory;
  readonly views: DatasetViews;
  readonly jobs: JobRunner;
  readonly sync: SyncService;
  readonly exports: ExportService;
  /** Brim: pre-flight, uploads, tasks, results, queue. */
  readonly brim: BrimService;
  readonly staging: Staging;
  /** CSV → REDCap records: plans, journaled imports, resume, undo. */
  readonly imports: ImportService;
  /** Self-update state (off outside the desktop app) and the restart into a downloaded update. */
  readonly updates: UpdateStatus;
  readonly log: Logger;
  readonly emit: EventSink;
}
