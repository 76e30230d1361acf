import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '../../api/api-context.ts';
import { primaryKeyName } from '../../app/format.ts';
import { useCommands } from '../../app/commands/commands-context.tsx';
import { standardCommand } from '../../app/commands/registry.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { useFileDrop } from '../../components/use-file-drop.ts';
import { useNow } from '../brainstem/use-now.ts';
import { ExportDialog, type ExportScope } from '../project/ExportDialog.tsx';
import { BrimHeader, projectLabel } from './BrimHeader.tsx';
import { capability } from './capabilities.ts';
import { CapabilityOff } from './CapabilityOff.tsx';
import { GenerateDialog } from './GenerateDialog.tsx';
import { InviteDialog } from './InviteDialog.tsx';
import { NotesUpload } from './NotesUpload.tsx';
import { OtherUploads } from './OtherUploads.tsx';
import { ResultsPane } from './ResultsPane.tsx';
import { isActive } from './task-display.ts';
import { TaskHistory } from './TaskHistory.tsx';
import { useBrimOverview } from './use-brim-overview.ts';
import { useNotesFlow } from './use-notes-flow.ts';
import './brim.css';

export interface BrimScreenProps {
  connectionId: string;
  shell: 'desktop' | 'web';
  onBack: () => void;
}

/**
 * A Brim project: notes in (drop → pre-flight → upload → generate) and the other files on the left
 * with the task history under them; the results, fetched from Brim and kept offline, as a table on the
 * right. Every long step is a job, so it also shows in the jobs panel and can be cancelled there.
 */
export function BrimScreen({ connectionId, shell, onBack }: BrimScreenProps) {
  const api = useApi();
  const { overview, error: overviewError, status, version, reload, ping } = useBrimOverview(connectionId);
  const flow = useNotesFlow(connectionId);
  const picker = useRef<HTMLInputElement>(null);
  const [selectedTaskId, setSelectedTaskId] = useState<string | null>(null);
  const [starting, setStarting] = useState<ReadonlySet<string>>(new Set());
  const [scope, setScope] = useState<ExportScope | null>(null);
  const [dialog, setDialog] = useState<'generate' | 'invite' | 'export' | null>(null);
  const [csvBom, setCsvBom] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const tasks = overview?.tasks ?? [];
  // Elapsed times tick every second while something runs; otherwise a slow clock is enough.
  const now = useNow(tasks.some((t) => isActive(t.state)) ? 1000 : 30_000);
  const connection = overview?.connection ?? null;
  const generate = capability(connection, 'generate');
  const selectedTask = tasks.find((t) => t.taskId === selectedTaskId) ?? null;
  // A CSV dropped anywhere on the project starts the notes pre-flight, as a drop on the records starts
  // a REDCap import; the other upload cards take their own drops first.
  const screenDrop = useFileDrop((files) => {
    const csv = files.find((file) => /\.(csv|txt)$/i.test(file.name));
    if (csv) flow.choose(csv);
    else setNotice('Only a notes CSV is checked when dropped here. Drop a .csv file, or put other files on the structured data and reference document cards.');
  }, flow.busy);

  useEffect(() => {
    api.call('settings.get', {}).then((prefs) => setCsvBom(prefs.csvBom), () => undefined);
  }, [api]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 8000);
    return () => clearTimeout(timer);
  }, [notice]);

  const watch = useCallback(
    (taskId: string) => {
      setStarting((current) => new Set(current).add(taskId));
      api
        .call('brim.watchTask', { connectionId, taskId })
        .then(reload, setProblem)
        .finally(() =>
          setStarting((current) => {
            const next = new Set(current);
            next.delete(taskId);
            return next;
          }),
        );
    },
    [api, connectionId, reload],
  );

  useCommands([
    standardCommand('notes.check', 'Data', { run: () => picker.current?.click(), keywords: ['notes', 'csv', 'files'] }),
    standardCommand('results.generate', 'Data', { run: () => setDialog('generate'), enabled: () => generate.available && connection !== null, keywords: ['labels', 'task'] }),
    standardCommand('export', 'Data', { run: () => setDialog('export'), enabled: () => scope !== null, keywords: ['csv', 'xlsx', 'excel', 'save'] }),
    standardCommand('refresh', 'Data', {
      run: () => {
        reload();
        ping();
      },
      keywords: ['reload', 'tasks'],
    }),
  ]);

  return (
    <main className={`project brim${screenDrop.over ? ' brim-screen-drop-over' : ''}`} data-testid="brim-screen" {...screenDrop.props}>
      <BrimHeader
        connection={connection}
        status={status}
        canExport={scope !== null}
        canGenerate={generate.available}
        onBack={onBack}
        onGenerate={() => setDialog('generate')}
        onInvite={() => setDialog('invite')}
        onExport={() => setDialog('export')}
      />
      {notice ? (
        <div className="project-notice">
          <div className="notice notice-info" role="status" data-testid="screen-notice">
            {notice}
          </div>
        </div>
      ) : null}
      {problem ? (
        <div className="project-notice">
          <ErrorNotice error={problem} service="brim" action={<button type="button" className="btn btn-link" onClick={() => setProblem(null)} aria-label="Dismiss">✕</button>} />
        </div>
      ) : null}
      {overviewError ? (
        <div className="project-notice">
          <ErrorNotice error={overviewError} service="brim" onRetry={reload} />
        </div>
      ) : null}

      {overview && connection ? (
        <div className="project-body brim-body">
          <aside className="brim-side" aria-label="Uploads and history">
            <NotesUpload flow={flow} picker={picker} />
            <details className="brim-more">
              <summary>Structured data and reference documents</summary>
              <OtherUploads connection={connection} />
            </details>
            <section className="brim-card" aria-labelledby="brim-history-title" data-testid="brim-history-section">
              <div className="brim-section-head">
                <h2 id="brim-history-title">Generation history</h2>
                <span className="spacer" />
                <button type="button" className="btn btn-small" onClick={reload} title={`Refresh (${primaryKeyName}+R)`}>
                  Refresh
                </button>
                {generate.available ? (
                  <button type="button" className="btn btn-small btn-primary" onClick={() => setDialog('generate')} title={`Generate labels (${primaryKeyName}+G)`}>
                    Generate…
                  </button>
                ) : null}
              </div>
              {generate.available ? null : <CapabilityOff feature="Starting a generation from Carrel" note={generate.note} name="generate" />}
              <TaskHistory tasks={tasks} now={now} selectedTaskId={selectedTaskId} onSelect={setSelectedTaskId} onWatch={watch} starting={starting} />
            </section>
          </aside>
          <section className="project-main">
            <ResultsPane connectionId={connectionId} datasets={overview.datasets} version={version} now={now} task={selectedTask} onClearTask={() => setSelectedTaskId(null)} onScope={setScope} />
          </section>
        </div>
      ) : null}

      {dialog === 'export' && scope ? <ExportDialog scope={scope} shell={shell} defaultBom={csvBom} onClose={() => setDialog(null)} /> : null}
      {dialog === 'generate' ? (
        <GenerateDialog
          connectionId={connectionId}
          onClose={() => setDialog(null)}
          onStarted={() => {
            setDialog(null);
            setNotice('Generation started. Its status shows in the history.');
            reload();
          }}
          onUnsupported={() => {
            setDialog(null);
            reload();
          }}
        />
      ) : null}
      {dialog === 'invite' ? (
        <InviteDialog
          connectionId={connectionId}
          projectLabel={projectLabel(connection)}
          onClose={() => setDialog(null)}
          onInvited={(message) => {
            setDialog(null);
            setNotice(message);
          }}
        />
      ) : null}
    </main>
  );
}
