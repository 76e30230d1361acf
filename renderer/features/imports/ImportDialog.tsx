import { useEffect, useRef, useState } from 'react';
import { formatCount } from '../../app/format.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useFileDrop } from '../../components/use-file-drop.ts';
import { ImportChangesStep } from './ImportChangesStep.tsx';
import { ImportFileStep } from './ImportFileStep.tsx';
import { ImportMappingStep } from './ImportMappingStep.tsx';
import { ImportProblemsStep } from './ImportProblemsStep.tsx';
import { useJobs } from '../jobs/jobs-context.tsx';
import { UndoImportDialog } from './UndoImportDialog.tsx';
import { useImportFlow } from './use-import-flow.ts';
import './imports.css';

type Section = 'file' | 'mapping' | 'problems' | 'changes';
const sections: Array<{ key: Section; title: string }> = [
  { key: 'file', title: '1. File' },
  { key: 'mapping', title: '2. Mapping' },
  { key: 'problems', title: '3. Problems' },
  { key: 'changes', title: '4. Changes' },
];

/** A BrainSTEM model the rows go into: its name for the contract, its words for the dialog. */
export interface ImportModel {
  name: string;
  /** "Sessions" */
  pluralLabel: string;
  /** Labels of the fields a new object must have. */
  requiredFields: string[];
}

/**
 * A CSV into the project's records (or a BrainSTEM model's objects): choose or drop it, check how it was read and mapped, see its
 * problems and what it would change, then import it as a job, with Undo at the end.
 */
export function ImportDialog({
  connectionId,
  projectName,
  initialFile,
  initialPlan,
  model,
  onClose,
  onImported,
}: {
  connectionId: string;
  projectName: string;
  initialFile: File | null;
  /** A plan job already started elsewhere (Brim results into REDCap): the dialog follows it from its first step. */
  initialPlan?: { jobId: string; fileName: string };
  /** BrainSTEM: the model whose objects the rows create or update. */
  model?: ImportModel | undefined;
  onClose: () => void;
  onImported: () => void;
}) {
  const flow = useImportFlow(connectionId, model?.name);
  const rowsWord = model ? 'objects' : 'rows';
  const service = model ? 'BrainSTEM' : 'REDCap';
  const { setPanelOpen } = useJobs();
  const { state, job, error } = flow;
  const [section, setSection] = useState<Section>('file');
  const [undoing, setUndoing] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const chooseButton = useRef<HTMLButtonElement>(null);
  // The <dialog> focuses its first control (Close) when it opens, after this mounts; move focus to the choice once it has.
  useEffect(() => {
    const timer = setTimeout(() => chooseButton.current?.focus(), 0);
    return () => clearTimeout(timer);
  }, []);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    if (initialPlan) {
      started.current = true;
      flow.adopt(initialPlan.jobId, initialPlan.fileName);
    } else if (initialFile) {
      started.current = true;
      flow.choose(initialFile);
    }
  }, [initialFile, initialPlan, flow]);

  const busy = state.step === 'staging' || state.step === 'planning' || state.step === 'importing';
  const drop = useFileDrop((files) => {
    setSection('file');
    flow.choose(files[0]!);
  }, busy);
  const summary = state.step === 'review' || state.step === 'importing' || state.step === 'done' ? state.summary : state.step === 'planning' ? state.previous : null;
  const reviewing = state.step === 'review' || (state.step === 'planning' && state.previous !== null);
  const done = state.step === 'done' ? state : null;
  // Once per finished import: the project reloads what it shows.
  const reported = useRef<string | null>(null);
  useEffect(() => {
    if (done && reported.current !== done.job.id) {
      reported.current = done.job.id;
      onImported();
    }
  }, [done, onImported]);

  const close = (): void => {
    if (state.step !== 'importing' && state.step !== 'done') flow.discard();
    onClose();
  };
  const blocked = !summary || summary.errors > 0 || summary.rowsToSend === 0;
  const result = done?.job.result?.kind === 'import' ? done.job.result : null;

  return (
    <Dialog
      title={model ? `Import CSV into ${model.pluralLabel.toLowerCase()}` : 'Import CSV into records'}
      onClose={close}
      width={980}
      testId="import-dialog"
      footer={
        state.step === 'review' || state.step === 'planning' ? (
          <>
            <span className="muted import-verdict" data-testid="import-verdict">
              {summary ? (summary.errors > 0 ? 'Fix the errors before importing.' : summary.rowsToSend === 0 ? `Nothing to import: the file matches ${service}.` : `${formatCount(summary.rowsToSend)} ${rowsWord} will be sent.`) : ''}
            </span>
            <span className="spacer" />
            <button type="button" className="btn" onClick={close}>
              Cancel
            </button>
            <button type="button" className="btn btn-primary" disabled={blocked || state.step !== 'review'} onClick={flow.start}>
              Import {summary ? formatCount(summary.rowsToSend) : ''} {rowsWord} into {projectName}
            </button>
          </>
        ) : (
          <>
            <span className="spacer" />
            <button type="button" className="btn" onClick={close}>
              {done ? 'Close' : 'Cancel'}
            </button>
          </>
        )
      }
    >
      <div className={`import-dialog${drop.over ? ' import-drop-over' : ''}`} {...drop.props} data-testid="import-drop">
        {state.step === 'idle' ? (
          <div className="import-choose">
            {model ? (
              <p data-testid="import-model-hint">
                Drop a CSV file here, or choose one. Its first row names the columns (field names or labels); each row is one object: rows with an id column update
                that object, rows without one create a new one.{model.requiredFields.length > 0 ? ` New ${model.pluralLabel.toLowerCase()} need ${model.requiredFields.join(', ')}.` : ''}
              </p>
            ) : (
              <p>Drop a CSV file here, or choose one. Its first row names the columns (field names or labels); rows are records.</p>
            )}
            <button ref={chooseButton} type="button" className="btn btn-primary" onClick={() => picker.current?.click()}>
              Choose file…
            </button>
          </div>
        ) : null}
        <input
          ref={picker}
          type="file"
          accept=".csv,.tsv,.txt,text/csv"
          hidden
          data-testid="import-input"
          onChange={(event) => {
            const file = event.target.files?.[0];
            event.target.value = '';
            if (file) flow.choose(file);
          }}
        />
        {state.step === 'staging' || state.step === 'planning' ? (
          <div className="import-progress" role="status">
            <ProgressBar done={job?.progress.done ?? 0} total={job?.progress.total ?? null} label="Reading the file" />
            <span className="muted">{job?.message ?? `Reading ${state.fileName}…`}</span>
          </div>
        ) : null}
        {error ? <ErrorNotice error={error} /> : null}

        {reviewing && summary ? (
          <>
            <nav className="import-sections" aria-label="Import steps">
              {sections.map((s) => (
                <button key={s.key} type="button" className={`btn ${section === s.key ? 'btn-primary' : ''}`} aria-current={section === s.key ? 'step' : undefined} onClick={() => setSection(s.key)}>
                  {s.title}
                  {s.key === 'mapping' && summary.mapping.some((m) => m.field === null) ? ' •' : ''}
                  {s.key === 'problems' && summary.errors + summary.warnings > 0 ? ` (${formatCount(summary.errors + summary.warnings)})` : ''}
                </button>
              ))}
            </nav>
            {section === 'file' ? <ImportFileStep summary={summary} busy={state.step !== 'review'} onReplan={flow.replan} requiredFields={model?.requiredFields} /> : null}
            {section === 'mapping' ? <ImportMappingStep summary={summary} busy={state.step !== 'review'} onReplan={flow.replan} /> : null}
            {section === 'problems' ? <ImportProblemsStep summary={summary} /> : null}
            {section === 'changes' ? <ImportChangesStep key={summary.planId + summary.rowsToSend} summary={summary} /> : null}
          </>
        ) : null}

        {state.step === 'importing' ? (
          <div className="import-progress" role="status" data-testid="import-running">
            <ProgressBar done={job?.progress.done ?? 0} total={job?.progress.total ?? null} label={`Importing ${state.summary.fileName}`} />
            <span className="muted">{job?.message ?? 'Starting the import…'}</span>
          </div>
        ) : null}
        {done ? (
          <div className={`notice ${result?.state === 'done' ? 'notice-ok' : 'notice-warning'}`} role="status" data-testid="import-outcome" data-state={result?.state ?? done.job.state}>
            <span className="spacer">
              {result?.state === 'done'
                ? `Imported ${formatCount(result.confirmedRows)} ${rowsWord} of ${done.summary.fileName} into ${projectName}.`
                : result
                  ? `The import stopped after ${formatCount(result.confirmedRows)} of ${formatCount(result.rows)} ${rowsWord}; resume it from Imports.`
                  : done.job.state === 'cancelled'
                    ? `The import was cancelled. Imports shows what ${service} confirmed; resume it there to send the rest, or undo what was sent.`
                    : `The import stopped before ${service} confirmed every batch. Nothing is lost: resume it from Imports to send only what ${service} has not confirmed, or undo what was sent.`}
            </span>
            {result && result.confirmedRows > 0 ? (
              <button type="button" className="btn" onClick={() => setUndoing(true)}>
                Undo this import
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
      {undoing && done ? (
        <UndoImportDialog
          connectionId={connectionId}
          service={model ? 'brainstem' : 'redcap'}
          importId={done.importId}
          fileName={done.summary.fileName}
          onClose={() => setUndoing(false)}
          onStarted={() => {
            setUndoing(false);
            setPanelOpen(true);
            onClose();
          }}
        />
      ) : null}
    </Dialog>
  );
}
