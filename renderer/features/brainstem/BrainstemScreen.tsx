import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ValueMode } from '../../../shared/contract/datasets.ts';
import { useApi } from '../../api/api-context.ts';
import { ApiError } from '../../api/client.ts';
import { useCommands } from '../../app/commands/commands-context.tsx';
import { standardCommand } from '../../app/commands/registry.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useFileDrop } from '../../components/use-file-drop.ts';
import { ImportDialog } from '../imports/ImportDialog.tsx';
import { ImportsList } from '../imports/ImportsList.tsx';
import { InterruptedImportsBanner } from '../imports/InterruptedImportsBanner.tsx';
import { useJobs } from '../jobs/jobs-context.tsx';
import { useRememberedEntry } from '../navigator/use-remembered-entry.ts';
import { ExportDialog, type ExportScope } from '../project/ExportDialog.tsx';
import { BrainstemHeader } from './BrainstemHeader.tsx';
import { hostOf } from './host.ts';
import { ModelBrowser } from './ModelBrowser.tsx';
import { ModelTable } from './ModelTable.tsx';
import { ModelUnavailable } from './ModelUnavailable.tsx';
import { currentRecord, openRecord, type Aside } from './record-aside.ts';
import { RecordAside } from './RecordAside.tsx';
import { needsSignIn } from './sign-in-error.ts';
import { SignInDialog } from './SignInDialog.tsx';
import { syncLine } from './sync-line.ts';
import { useBrainstemOverview } from './use-brainstem-overview.ts';
import { useBrainstemSync } from './use-brainstem-sync.ts';
import { useNow } from './use-now.ts';
import { useSignIn } from './use-sign-in.ts';
import './brainstem.css';

export interface BrainstemScreenProps {
  connectionId: string;
  shell: 'desktop' | 'web';
  syncOnOpen: boolean;
  onBack: () => void;
}

/**
 * A BrainSTEM server: the portal's models by app on the left, the chosen model's offline table in the
 * middle, a record (with its related records a click away) or a form on the right. Sign-in happens in
 * place: whatever needed it runs again afterwards, and nothing on screen is lost.
 */
export function BrainstemScreen({ connectionId, shell, syncOnOpen, onBack }: BrainstemScreenProps) {
  const api = useApi();
  const { setPanelOpen } = useJobs();
  const { overview, error: overviewError, status, version, reload } = useBrainstemOverview(connectionId);
  const signIn = useSignIn();
  const sync = useBrainstemSync(connectionId, signIn);
  const [selected, select] = useRememberedEntry(`brainstem.${connectionId}`, 'project');
  const [mode, setMode] = useState<ValueMode>('label');
  const [scope, setScope] = useState<ExportScope | null>(null);
  const [exporting, setExporting] = useState(false);
  const [csvBom, setCsvBom] = useState(false);
  const [aside, setAside] = useState<Aside>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [confirmSignOut, setConfirmSignOut] = useState(false);
  // A CSV into the current model: from the toolbar, Ctrl/Cmd+I, or dropped on the table.
  const [importing, setImporting] = useState<{ file: File | null } | null>(null);
  const [showImports, setShowImports] = useState(false);
  const now = useNow(30_000);

  const connection = overview?.connection ?? null;
  const info = connection?.brainstem ?? null;
  const portal = overview?.portal ?? info?.portal ?? 'private';
  const models = useMemo(() => overview?.apps.flatMap((app) => app.models) ?? [], [overview]);
  const model = models.find((m) => m.model === selected) ?? models.find((m) => m.availability === 'ok') ?? models[0] ?? null;
  const anyCached = models.some((m) => m.lastSyncedAt !== null);
  const needsAccount = portal === 'private' && info !== null && !info.signedIn;
  const syncing = sync.running !== null;
  // Imports write through the private portal, signed in, into a model the account may change.
  const canImport = model !== null && model.writable && model.availability === 'ok' && portal === 'private' && !needsAccount;

  useEffect(() => {
    api.call('settings.get', {}).then((prefs) => setCsvBom(prefs.csvBom), () => undefined);
  }, [api]);

  const autoSynced = useRef(false);
  useEffect(() => {
    if (syncOnOpen && !autoSynced.current) {
      autoSynced.current = true;
      sync.start();
    }
  }, [syncOnOpen, sync]);

  // A portal switched to for the first time has nothing to show: fetch it, if it can be read now.
  const syncAfterSwitch = useRef<string | null>(null);
  useEffect(() => {
    if (!overview || syncAfterSwitch.current !== overview.portal) return;
    syncAfterSwitch.current = null;
    if (!anyCached && !needsAccount && !syncing) sync.start();
  }, [overview, anyCached, needsAccount, syncing, sync]);

  const signedIn = useCallback(() => {
    // A fresh sign-in changes what the private portal may read: sync it, unless a call waits to run again.
    const retrying = signIn.hasPending();
    signIn.succeeded();
    reload();
    if (!retrying && portal === 'private') sync.start();
  }, [signIn, reload, portal, sync]);

  const newRecord = useCallback(() => {
    // A form already open keeps the pane: its unsaved values must not be pushed aside by a shortcut.
    if (aside?.kind === 'form') return;
    if (model?.writable && model.availability === 'ok') setAside({ kind: 'form', model: model.model, back: aside });
  }, [model, aside]);

  useCommands([
    // Sync also answers to Ctrl/Cmd+R here: BrainSTEM users know it as "reload the data".
    { ...standardCommand('sync', 'Data', { run: () => void (syncing || sync.start()), keywords: ['download', 'refresh', 'update'] }), shortcuts: ['Mod+Shift+U', 'Mod+R'] },
    standardCommand('record.new', 'Data', { run: newRecord, enabled: () => model?.writable === true && model.availability === 'ok', keywords: ['add', 'create'] }),
    standardCommand('export', 'Data', { run: () => setExporting(true), enabled: () => scope !== null, keywords: ['csv', 'xlsx', 'excel', 'save'] }),
    standardCommand('import.csv', 'Data', { run: () => setImporting({ file: null }), enabled: () => canImport, keywords: ['upload', 'spreadsheet'] }),
  ]);

  const csvDrop = useFileDrop((files) => {
    const csv = files.find((file) => /\.(csv|tsv|txt)$/i.test(file.name));
    if (csv) setImporting({ file: csv });
    else setNotice(`Only a CSV file can be imported into the ${model?.pluralLabel.toLowerCase() ?? 'table'}. Drop a .csv file, or use Import CSV….`);
  }, importing !== null || !canImport);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 8000);
    return () => clearTimeout(timer);
  }, [notice]);

  const signOut = async (): Promise<void> => {
    setConfirmSignOut(false);
    try {
      await api.call('brainstem.signOut', { connectionId });
      reload();
    } catch (e) {
      setProblem(e);
    }
  };

  const asideNode = (
    <RecordAside connectionId={connectionId} models={models} aside={aside} onChange={setAside} onNotice={setNotice} onSignInNeeded={() => signIn.request()} />
  );
  const openHere = currentRecord(aside);
  const host = connection ? hostOf(connection.url) : '';
  const lastFailure = sync.failed?.error ? new ApiError(sync.failed.error) : null;
  const finishedLine = sync.finished ? syncLine(sync.finished, models, portal) : null;

  return (
    <main className="project brainstem" data-testid="brainstem-screen" data-portal={portal}>
      <BrainstemHeader
        connection={connection}
        status={status}
        lastSyncedAt={overview?.lastSyncedAt ?? null}
        now={now}
        syncing={syncing}
        canExport={scope !== null}
        onBack={onBack}
        onPortalChanged={(changed) => {
          setAside(null);
          syncAfterSwitch.current = changed.brainstem?.portal ?? null;
          reload();
        }}
        onError={setProblem}
        onSignIn={() => signIn.request()}
        onSignOut={() => setConfirmSignOut(true)}
        onSync={(syncMode) => sync.start({ mode: syncMode })}
        onExport={() => setExporting(true)}
      />

      {sync.running ? (
        <div className="sync-strip" data-testid="sync-progress">
          <ProgressBar done={sync.running.progress.done} total={sync.running.progress.total} label="Sync progress" />
          <span className="muted">{sync.running.message}</span>
          <button type="button" className="btn btn-link" onClick={() => setPanelOpen(true)}>
            Details
          </button>
        </div>
      ) : null}
      {lastFailure ? (
        <div className="project-notice">
          <ErrorNotice
            error={lastFailure}
            service="brainstem"
            onRetry={() => sync.start()}
            action={
              needsSignIn(lastFailure) ? (
                <button type="button" className="btn" onClick={() => signIn.request(() => sync.start())}>
                  Sign in
                </button>
              ) : null
            }
          />
          {anyCached ? <p className="muted">The cached copy below is unchanged.</p> : null}
        </div>
      ) : null}
      {sync.finished && finishedLine ? (
        <div className="project-notice">
          <div className={`notice ${finishedLine.warning ? 'notice-warning' : 'notice-ok'}`} role="status" data-testid="sync-result">
            <span className="spacer">{finishedLine.text}</span>
            <button type="button" className="btn btn-link" onClick={() => sync.dismiss(sync.finished!.id)} aria-label="Dismiss">
              ✕
            </button>
          </div>
        </div>
      ) : null}
      {notice || sync.notice ? (
        <div className="project-notice">
          <div className="notice notice-info" role="status" data-testid="screen-notice">
            {notice ?? sync.notice}
          </div>
        </div>
      ) : null}
      {problem ? (
        <div className="project-notice">
          <ErrorNotice error={problem} service="brainstem" action={<button type="button" className="btn btn-link" onClick={() => setProblem(null)} aria-label="Dismiss">✕</button>} />
        </div>
      ) : null}
      {overviewError ? (
        <div className="project-notice">
          <ErrorNotice error={overviewError} service="brainstem" onRetry={reload} />
        </div>
      ) : null}
      <InterruptedImportsBanner connectionId={connectionId} onOpen={() => setShowImports(true)} />

      {overview && needsAccount && !anyCached && !syncing ? (
        <section className="empty-state" data-testid="sign-in-needed">
          <h2>Sign in to read your private portal</h2>
          <p>
            The private portal holds what your BrainSTEM account may read: your projects, your groups’ resources and the shared taxonomies. Sign in to {host} once; Carrel keeps the sign-in in your
            system keychain. Published projects are in the public portal, without signing in.
          </p>
          <div className="bs-button-row">
            <button type="button" className="btn btn-primary" onClick={() => signIn.request()}>
              Sign in
            </button>
          </div>
        </section>
      ) : null}
      {overview && !anyCached && !syncing && !needsAccount ? (
        <EmptyState
          title="Sync to keep an offline copy"
          testId="never-synced"
          actions={
            <button type="button" className="btn btn-primary" onClick={() => sync.start()}>
              Sync now
            </button>
          }
        >
          <p>Sync to download the {portal} portal’s projects, subjects, sessions and the rest to this computer. After that you can browse, sort, filter and export them, also offline.</p>
        </EmptyState>
      ) : null}

      {overview && anyCached && model ? (
        <div className="project-body">
          <ModelBrowser apps={overview.apps} selected={model.model} onSelect={select} />
          <section className={`project-main${csvDrop.over ? ' project-drop-over' : ''}`} aria-label={model.pluralLabel} data-testid="brainstem-main" {...csvDrop.props}>
            {model.availability === 'ok' ? (
              <ModelTable
                key={`${portal}:${model.model}`}
                connectionId={connectionId}
                model={model}
                portal={portal}
                version={version}
                now={now}
                mode={mode}
                onModeChange={setMode}
                onScope={setScope}
                openId={openHere && openHere.model === model.model ? openHere.id : null}
                onOpenRecord={(id) => setAside(openRecord(model.model, id))}
                onNew={model.writable ? newRecord : null}
                onImport={canImport ? () => setImporting({ file: null }) : null}
                onImports={() => setShowImports(true)}
                aside={asideNode}
              />
            ) : (
              <div className="pane-body">
                <ModelUnavailable
                  model={model}
                  portal={portal}
                  signedIn={info?.signedIn ?? false}
                  syncing={syncing}
                  onSync={() => sync.start({ models: [model.model] })}
                  onSignIn={() => signIn.request(() => sync.start({ models: [model.model] }))}
                />
                {asideNode}
              </div>
            )}
          </section>
        </div>
      ) : null}

      {importing && model ? (
        <ImportDialog
          connectionId={connectionId}
          projectName={model.pluralLabel.toLowerCase()}
          model={{ name: model.model, pluralLabel: model.pluralLabel, requiredFields: model.fields.filter((f) => f.required && !f.readOnly).map((f) => f.label) }}
          initialFile={importing.file}
          onClose={() => setImporting(null)}
          onImported={reload}
        />
      ) : null}
      {showImports ? <ImportsList connectionId={connectionId} service="brainstem" onClose={() => setShowImports(false)} /> : null}
      {exporting && scope ? <ExportDialog scope={scope} shell={shell} defaultBom={csvBom} onClose={() => setExporting(false)} /> : null}
      {signIn.open && connection ? <SignInDialog connection={connection} onSignedIn={signedIn} onClose={signIn.dismissed} /> : null}
      {confirmSignOut ? (
        <ConfirmDialog title={`Sign out of ${host}?`} confirmLabel="Sign out" onConfirm={() => void signOut()} onCancel={() => setConfirmSignOut(false)}>
          <p>Carrel forgets the sign-in for {host}. Every connection to this server uses it. The offline copy stays on this computer.</p>
        </ConfirmDialog>
      ) : null}
    </main>
  );
}
