import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ValueMode } from '../../../shared/contract/datasets.ts';
import { useApi } from '../../api/api-context.ts';
import { ApiError, errorMessage } from '../../api/client.ts';
import { formatAbsolute, formatRelative, isMac } from '../../app/format.ts';
import { useCommands } from '../../app/commands/commands-context.tsx';
import { standardCommand } from '../../app/commands/registry.ts';
import { formatShortcut } from '../../app/commands/shortcut.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useJobs } from '../jobs/jobs-context.tsx';
import { defaultEntryKey, navEntries, type NavEntry } from '../navigator/nav-entries.ts';
import { Navigator } from '../navigator/Navigator.tsx';
import { usePresetCounts } from '../navigator/use-preset-counts.ts';
import { useRememberedEntry } from '../navigator/use-remembered-entry.ts';
import { ImportDialog } from '../imports/ImportDialog.tsx';
import { BulkFileUploadDialog } from '../record-files/BulkFileUploadDialog.tsx';
import { useFileFieldDrop } from '../record-files/use-file-field-drop.ts';
import { ImportsList } from '../imports/ImportsList.tsx';
import { InterruptedImportsBanner } from '../imports/InterruptedImportsBanner.tsx';
import { useFileDrop } from '../../components/use-file-drop.ts';
import { AddReportDialog } from '../reports/AddReportDialog.tsx';
import { RemoveReportDialog } from '../reports/RemoveReportDialog.tsx';
import { EntryPane } from './EntryPane.tsx';
import { ExportDialog, type ExportScope } from './ExportDialog.tsx';
import { SyncButton } from './SyncButton.tsx';
import { syncSummary } from './sync-summary.ts';
import { useProject } from './use-project.ts';
import { useProjectDesign } from './use-project-design.ts';

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
  const { overview, overviewError, status, version, reload } = useProject(connectionId);
  const [mode, setMode] = useState<ValueMode>('label');
  const [scope, setScope] = useState<ExportScope | null>(null);
  const [exporting, setExporting] = useState(false);
  const [csvBom, setCsvBom] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [addingReport, setAddingReport] = useState(false);
  const [removingReport, setRemovingReport] = useState<NavEntry | null>(null);
  const [dismissedJob, setDismissedJob] = useState<string | null>(null);
  // The import flow: open with no file (button, Ctrl/Cmd+I) or with a CSV dropped on the records table.
  const [importing, setImporting] = useState<{ file: File | null } | null>(null);
  const [showImports, setShowImports] = useState(false);
  // Many files into one file field: from the toolbar (Ctrl/Cmd+Shift+F) or dropped on a file field's column.
  const [bulkUpload, setBulkUpload] = useState<{ files: File[]; field: string | null } | null>(null);
  const [selectedKey, select] = useRememberedEntry(connectionId, defaultEntryKey);
  const openedAt = useRef(new Date().toISOString());
  const now = useNow(30_000);

  const records = overview?.datasets.find((d) => d.name === 'records');
  const synced = Boolean(records?.lastSyncedAt);
  const presetCounts = usePresetCounts(connectionId, overview?.presets, version, synced);
  const { design, error: designError } = useProjectDesign(connectionId, overview, version);
  const entries = useMemo(() => (overview ? navEntries(overview, presetCounts) : []), [overview, presetCounts]);
  const selected = entries.find((e) => e.key === selectedKey) ?? entries.find((e) => e.key === defaultEntryKey) ?? entries[0] ?? null;

  useEffect(() => {
    api.call('settings.get', {}).then((prefs) => setCsvBom(prefs.csvBom), () => undefined);
  }, [api]);

  const syncJob = jobs.find((job) => job.kind === 'sync' && job.connectionId === connectionId && job.state === 'running') ?? null;
  const lastSyncJob = jobs.find((job) => job.kind === 'sync' && job.connectionId === connectionId) ?? null;

  const startSync = useCallback(
    async (mode: 'auto' | 'full' = 'auto') => {
      try {
        await api.call('sync.start', { connectionId, mode });
      } catch (error) {
        setNotice(errorMessage(error));
      }
    },
    [api, connectionId],
  );

  const autoSynced = useRef(false);
  useEffect(() => {
    if (syncOnOpen && !autoSynced.current) {
      autoSynced.current = true;
      void startSync();
    }
  }, [syncOnOpen, startSync]);

  useCommands([
    standardCommand('sync', 'Data', { run: () => void startSync(), enabled: () => syncJob === null, keywords: ['download', 'refresh', 'update'] }),
    standardCommand('import.csv', 'Data', { run: () => setImporting({ file: null }), keywords: ['upload', 'records', 'spreadsheet'] }),
    standardCommand('export', 'Data', { run: () => setExporting(true), enabled: () => scope !== null, keywords: ['csv', 'xlsx', 'excel', 'stata', 'spss', 'r', 'save'] }),
    standardCommand('files.bulk', 'Data', { run: () => setBulkUpload({ files: [], field: null }), keywords: ['upload', 'file field', 'documents'] }),
  ]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 8000);
    return () => clearTimeout(timer);
  }, [notice]);

  const describe = (name: string): { title: string; forbidden: boolean } => {
    const dataset = overview?.datasets.find((d) => d.name === name);
    return { title: entries.find((e) => e.key === `dataset:${name}`)?.title ?? dataset?.title ?? name, forbidden: dataset?.availability === 'forbidden' };
  };
  const finished = lastSyncJob && lastSyncJob.state === 'succeeded' && lastSyncJob.result?.kind === 'sync' && (lastSyncJob.finishedAt ?? '') >= openedAt.current && lastSyncJob.id !== dismissedJob ? lastSyncJob : null;
  const summary = finished?.result?.kind === 'sync' ? syncSummary(finished.result, describe) : null;

  // A plain "synced" line goes by itself; one that lists unavailable datasets stays until dismissed.
  const quietSummaryJob = summary && !summary.warning ? finished?.id : undefined;
  useEffect(() => {
    if (!quietSummaryJob) return;
    const timer = setTimeout(() => setDismissedJob(quietSummaryJob), 15_000);
    return () => clearTimeout(timer);
  }, [quietSummaryJob]);

  const connection = overview?.connection;
  const fileFieldDrop = useFileFieldDrop(connectionId, records?.lastSyncedAt ?? null);
  const csvDrop = useFileDrop((files) => {
    const field = fileFieldDrop.take();
    if (field !== null) return setBulkUpload({ files, field });
    const csv = files.find((file) => /\.(csv|tsv|txt)$/i.test(file.name));
    if (csv) setImporting({ file: csv });
    else setNotice('Only a CSV file can be imported into the records. Drop a .csv file, or use Import CSV…. To put files into a file field, drop them on its column or use Upload files to a field….');
  }, importing !== null || selected?.target.kind !== 'preset');
  const onImported = useCallback(() => void startSync(), [startSync]);
  const offline = status !== null && !status.online;

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
        <span
          className="muted"
          data-testid="last-synced"
          title={records?.lastSyncedAt ? `Records: ${formatAbsolute(records.lastSyncedAt)}${overview?.lastSyncedAt ? `\nOldest dataset: ${formatAbsolute(overview.lastSyncedAt)}` : ''}` : undefined}
        >
          {records?.lastSyncedAt ? `Synced ${formatRelative(records.lastSyncedAt, now)}` : 'Never synced'}
        </span>
        <SyncButton running={syncJob !== null} onSync={(mode) => void startSync(mode)} />
        <button type="button" className="btn" onClick={() => setShowImports(true)} disabled={!overview}>
          Imports
        </button>
        <button type="button" className="btn" onClick={() => setImporting({ file: null })} disabled={!synced} title={`Add or change records from a CSV file (${formatShortcut('Mod+I', isMac)})`}>
          Import CSV…
        </button>
        <button type="button" className="btn" onClick={() => setBulkUpload({ files: [], field: null })} disabled={!synced} title={`Many files into a file field, matched to records by file name (${formatShortcut('Mod+Shift+F', isMac)})`}>
          Upload files to a field…
        </button>
        <button type="button" className="btn btn-primary" onClick={() => setExporting(true)} disabled={!scope} title={`Export what the table shows (${formatShortcut('Mod+E', isMac)})`}>
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
      {!syncJob && summary && finished ? (
        <div className="project-notice">
          <div className={`notice ${summary.warning ? 'notice-warning' : 'notice-ok'}`} role="status" data-testid="sync-result">
            <span className="spacer">{summary.text}</span>
            <button type="button" className="btn btn-link" onClick={() => setDismissedJob(finished.id)} aria-label="Dismiss">
              ✕
            </button>
          </div>
        </div>
      ) : null}
      {notice ? (
        <div className="project-notice">
          <div className="notice notice-info" role="status">
            {notice}
          </div>
        </div>
      ) : null}
      <InterruptedImportsBanner connectionId={connectionId} onOpen={() => setShowImports(true)} />
      {overviewError ? <ErrorNotice error={overviewError} onRetry={reload} /> : null}

      {overview && !synced && !syncJob ? (
        <EmptyState
          title="Sync to keep an offline copy"
          testId="never-synced"
          actions={
            <button type="button" className="btn btn-primary" onClick={() => void startSync()}>
              Sync now
            </button>
          }
        >
          <p>
            Nothing of this project is on this computer yet. A sync downloads its records, structure, users, logging and files list; after that you
            can browse, sort, filter and export them, also offline. Later syncs fetch only what changed.
          </p>
        </EmptyState>
      ) : null}

      {overview && synced && selected ? (
        <div className="project-body">
          <Navigator entries={entries} selectedKey={selected.key} onSelect={select} onAddReport={() => setAddingReport(true)} onRemoveReport={setRemovingReport} />
          <section className={`project-main${csvDrop.over ? ' project-drop-over' : ''}`} aria-label={selected.title} data-testid="project-main" {...csvDrop.props} onDropCapture={fileFieldDrop.onDropCapture}>
            <EntryPane
              key={selected.key}
              connectionId={connectionId}
              entry={selected}
              overview={overview}
              design={design}
              designError={designError}
              mode={mode}
              onModeChange={setMode}
              version={version}
              onScope={setScope}
              onSync={() => void startSync()}
              syncing={syncJob !== null}
              onRemoveReport={setRemovingReport}
            />
          </section>
        </div>
      ) : null}

      {importing ? (
        <ImportDialog connectionId={connectionId} projectName={connection?.name ?? 'the project'} initialFile={importing.file} onClose={() => setImporting(null)} onImported={onImported} />
      ) : null}
      {bulkUpload ? (
        <BulkFileUploadDialog
          connectionId={connectionId}
          initialFiles={bulkUpload.files}
          initialField={bulkUpload.field}
          onClose={() => setBulkUpload(null)}
          onUploaded={(uploaded, field) => setNotice(`Uploaded ${uploaded} file${uploaded === 1 ? '' : 's'} into ${field.label}.`)}
        />
      ) : null}
      {showImports ? <ImportsList connectionId={connectionId} onClose={() => setShowImports(false)} /> : null}
      {exporting && scope ? <ExportDialog scope={scope} shell={shell} defaultBom={csvBom} bundles onClose={() => setExporting(false)} /> : null}
      {addingReport ? (
        <AddReportDialog
          connectionId={connectionId}
          onClose={() => setAddingReport(false)}
          onAdded={(dataset) => {
            setAddingReport(false);
            select(`dataset:${dataset}`);
            reload();
          }}
        />
      ) : null}
      {removingReport && removingReport.target.kind === 'report' ? (
        <RemoveReportDialog
          connectionId={connectionId}
          reportId={removingReport.target.reportId}
          title={removingReport.title}
          onClose={() => setRemovingReport(null)}
          onRemoved={() => {
            if (selected?.key === removingReport.key) select(defaultEntryKey);
            setRemovingReport(null);
            setNotice(`Removed the report ${removingReport.title} from Carrel.`);
            reload();
          }}
        />
      ) : null}
    </main>
  );
}
