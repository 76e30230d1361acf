import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectionStatus } from '../../../shared/contract/connections.ts';
import type { ProjectOverview, SortKey, ValueMode } from '../../../shared/contract/datasets.ts';
import { useApi, useEvent, useReconnect } from '../../api/api-context.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { formatAbsolute, formatCount, formatRelative, hasPrimary, primaryKeyName } from '../../app/format.ts';
import { DataGrid } from '../../components/DataGrid/DataGrid.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useJobs } from '../jobs/jobs-context.tsx';
import { ExportDialog } from './ExportDialog.tsx';
import { useRecordView } from './use-record-view.ts';

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function ProjectScreen({ connectionId, shell, syncOnOpen, onBack }: { connectionId: string; shell: 'desktop' | 'web'; syncOnOpen: boolean; onBack: () => void }) {
  const api = useApi();
  const { jobs, setPanelOpen } = useJobs();
  const [overview, setOverview] = useState<ProjectOverview | null>(null);
  const [overviewError, setOverviewError] = useState<unknown>(null);
  const [status, setStatus] = useState<ConnectionStatus | null>(null);
  const [mode, setMode] = useState<ValueMode>('label');
  const [sort, setSort] = useState<SortKey[]>([]);
  const [filter, setFilter] = useState('');
  const [version, setVersion] = useState(0);
  const [exporting, setExporting] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [csvBom, setCsvBom] = useState(false);
  const filterRef = useRef<HTMLInputElement>(null);
  const now = useNow(30_000);
  const debouncedFilter = useDebounced(filter, 200);

  const loadOverview = useCallback(() => {
    api.call('project.overview', { connectionId }).then(
      (result) => {
        setOverview(result);
        setOverviewError(null);
      },
      setOverviewError,
    );
  }, [api, connectionId]);
  useEffect(loadOverview, [loadOverview]);
  useEffect(() => {
    api.call('connections.ping', { connectionId }).then(setStatus, () => undefined);
    api.call('settings.get', {}).then((prefs) => setCsvBom(prefs.csvBom), () => undefined);
  }, [api, connectionId]);
  useEvent('connection.status', (next) => next.connectionId === connectionId && setStatus(next));
  useEvent('dataset.changed', (change) => {
    if (change.connectionId !== connectionId) return;
    loadOverview();
    setVersion((v) => v + 1);
  });
  useReconnect(() => {
    loadOverview();
    setVersion((v) => v + 1);
  });

  const records = overview?.datasets.find((d) => d.name === 'records');
  const synced = Boolean(records?.lastSyncedAt);
  const view = useRecordView(api, connectionId, { mode, sort, filter: debouncedFilter }, version, synced);
  const syncJob = jobs.find((job) => job.kind === 'sync' && job.connectionId === connectionId && job.state === 'running') ?? null;
  const lastSyncJob = jobs.find((job) => job.kind === 'sync' && job.connectionId === connectionId) ?? null;

  const startSync = useCallback(async () => {
    try {
      await api.call('sync.start', { connectionId });
    } catch (error) {
      setNotice(errorMessage(error));
    }
  }, [api, connectionId]);

  const autoSynced = useRef(false);
  useEffect(() => {
    if (syncOnOpen && !autoSynced.current) {
      autoSynced.current = true;
      void startSync();
    }
  }, [syncOnOpen, startSync]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (document.querySelector('dialog[open]')) return;
      if (hasPrimary(event) && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        filterRef.current?.focus();
        filterRef.current?.select();
      } else if (hasPrimary(event) && event.key.toLowerCase() === 'e' && view.view) {
        event.preventDefault();
        setExporting(true);
      } else if (hasPrimary(event) && event.shiftKey && event.key.toLowerCase() === 'u') {
        event.preventDefault();
        void startSync();
      } else if (event.altKey && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        setMode((m) => (m === 'raw' ? 'label' : 'raw'));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [startSync, view.view]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 5000);
    return () => clearTimeout(timer);
  }, [notice]);

  const connection = overview?.connection;
  const offline = status !== null && !status.online;
  const sortText = sort.map((s) => `${s.column} ${s.direction === 'asc' ? '↑' : '↓'}`).join(', ');

  return (
    <main className="project" data-testid="project">
      <div className="project-header">
        <button type="button" className="btn btn-link" onClick={onBack}>
          ← Connections
        </button>
        <div className="project-title">
          <h1>{connection?.name ?? 'Loading…'}</h1>
          {connection ? (
            <span className="muted">
              {connection.project?.title && connection.project.title !== connection.name ? `${connection.project.title} · ` : ''}
              {connection.url}
            </span>
          ) : null}
        </div>
        <span className="spacer" />
        {status ? (
          <span className={`badge ${offline ? 'badge-warn' : 'badge-ok'}`} data-testid="online-status" title={status.message ?? `Checked ${formatAbsolute(status.checkedAt)}`}>
            <span className="dot" /> {offline ? 'Offline — showing cached data' : 'Online'}
          </span>
        ) : null}
        <span className="muted" data-testid="last-synced" title={records?.lastSyncedAt ? formatAbsolute(records.lastSyncedAt) : undefined}>
          {records?.lastSyncedAt ? `Synced ${formatRelative(records.lastSyncedAt, now)}` : 'Never synced'}
        </span>
        <button type="button" className="btn" onClick={() => void startSync()} disabled={syncJob !== null} title={`Sync (${primaryKeyName}+Shift+U)`}>
          {syncJob ? 'Syncing…' : 'Sync'}
        </button>
        <button type="button" className="btn btn-primary" onClick={() => setExporting(true)} disabled={!view.view || view.view.total === 0} title={`Export (${primaryKeyName}+E)`}>
          Export…
        </button>
      </div>

      {syncJob ? (
        <div className="sync-strip" data-testid="sync-progress">
          <ProgressBar done={syncJob.progress.done} total={syncJob.progress.total} label="Sync progress" />
          <span className="muted">{syncJob.message}</span>
          <button type="button" className="btn btn-link" onClick={() => setPanelOpen(true)}>
            Details
          </button>
        </div>
      ) : null}
      {!syncJob && lastSyncJob?.state === 'failed' && lastSyncJob.error ? (
        <div className="project-notice">
          <ErrorNotice error={new ApiError(lastSyncJob.error)} />
          <p className="muted">{synced ? 'The cached copy below is unchanged.' : ''}</p>
        </div>
      ) : null}
      {overviewError ? <ErrorNotice error={overviewError} onRetry={loadOverview} /> : null}

      {overview && !synced && !syncJob ? (
        <section className="empty-state">
          <h2>Not in the offline cache yet</h2>
          <p>Sync the project to download its records to this computer. After that you can browse, sort, filter and export them, also offline.</p>
          <button type="button" className="btn btn-primary" onClick={() => void startSync()}>
            Sync now
          </button>
        </section>
      ) : null}

      {synced ? (
        <>
          <div className="toolbar">
            <input
              ref={filterRef}
              type="search"
              className="filter"
              placeholder={`Filter rows (${primaryKeyName}+F) — every word must appear in the row`}
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              aria-label="Filter rows"
              data-testid="filter"
            />
            <div className="segmented" role="group" aria-label="Values" title="Alt+L">
              <button type="button" aria-pressed={mode === 'label'} onClick={() => setMode('label')}>
                Labels
              </button>
              <button type="button" aria-pressed={mode === 'raw'} onClick={() => setMode('raw')}>
                Raw codes
              </button>
            </div>
            <span className="spacer" />
            <span className="muted" data-testid="row-count">
              {view.view
                ? `${formatCount(view.view.total)}${view.view.total !== view.view.unfilteredTotal ? ` of ${formatCount(view.view.unfilteredTotal)}` : ''} rows · ${view.view.columns.length} columns`
                : view.loading
                  ? 'Loading…'
                  : ''}
            </span>
          </div>
          {view.error ? <ErrorNotice error={view.error} onRetry={() => setVersion((v) => v + 1)} /> : null}
          {view.view && view.cache ? (
            view.view.total === 0 ? (
              <div className="empty-grid muted">{view.view.unfilteredTotal === 0 ? 'This project has no records yet.' : 'No rows match the filter.'}</div>
            ) : (
              <DataGrid
                columns={view.view.columns}
                rowCount={view.view.total}
                cache={view.cache}
                mode={mode}
                sort={sort}
                onSortChange={setSort}
                onNotice={setNotice}
                label={`Records of ${connection?.name ?? 'the project'}`}
                viewId={view.view.viewId}
              />
            )
          ) : (
            <div className="empty-grid" />
          )}
          <div className="statusbar">
            <span>{notice ?? (sortText ? `Sorted by ${sortText}` : 'Record order')}</span>
            <span className="spacer" />
            <span className="muted">
              {view.elapsedMs !== null ? `view ready in ${view.elapsedMs} ms · ` : ''}
              <span className="kbd">↑↓←→</span> move · <span className="kbd">Shift</span> select · <span className="kbd">{primaryKeyName}+C</span> copy
            </span>
          </div>
        </>
      ) : null}

      {exporting && view.view ? (
        <ExportDialog
          scope={{
            connectionId,
            mode,
            sort,
            filter: debouncedFilter,
            rows: view.view.total,
            unfilteredRows: view.view.unfilteredTotal,
            columns: view.view.columns,
          }}
          shell={shell}
          defaultBom={csvBom}
          onClose={() => setExporting(false)}
        />
      ) : null}
    </main>
  );
}
