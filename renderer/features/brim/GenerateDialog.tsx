import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/api-context.ts';
import { ApiError } from '../../api/client.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { splitList } from './id-list.ts';

/**
 * Brim's "Set up new generation": every patient or chosen ones (MRNs), every variable or chosen ones,
 * and whether labels a person already reviewed may be overwritten (off by default: review is work).
 */
export interface GenerateDialogProps {
  connectionId: string;
  onClose: () => void;
  onStarted: (jobId: string) => void;
  /** The server has no generation endpoint: the screen then turns the feature off and says why. */
  onUnsupported: () => void;
}

export function GenerateDialog({ connectionId, onClose, onStarted, onUnsupported }: GenerateDialogProps) {
  const api = useApi();
  const [patients, setPatients] = useState<'all' | 'chosen'>('all');
  const [patientText, setPatientText] = useState('');
  const [variables, setVariables] = useState<'all' | 'chosen'>('all');
  const [variableText, setVariableText] = useState('');
  const [overwrite, setOverwrite] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const patientIds = splitList(patientText);
  const variableNames = splitList(variableText);
  const ready = (patients === 'all' || patientIds.length > 0) && (variables === 'all' || variableNames.length > 0);

  const start = async (event?: FormEvent): Promise<void> => {
    event?.preventDefault();
    if (!ready || busy) return;
    setBusy(true);
    setError(null);
    try {
      const { jobId } = await api.call('brim.generate', {
        connectionId,
        overwriteReviewed: overwrite,
        ...(patients === 'chosen' ? { patientIds } : {}),
        ...(variables === 'chosen' ? { variableNames } : {}),
      });
      onStarted(jobId);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'UNSUPPORTED') {
        onUnsupported();
        return;
      }
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Generate labels"
      onClose={onClose}
      testId="brim-generate"
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="brim-generate-form" className="btn btn-primary" disabled={!ready || busy}>
            {busy ? 'Starting…' : 'Start generation'}
          </button>
        </>
      }
    >
      <form id="brim-generate-form" className="form brim-form" onSubmit={(event) => void start(event)}>
        <fieldset className="form-group">
          <legend>Patients</legend>
          <label className="radio">
            <input type="radio" name="patients" checked={patients === 'all'} onChange={() => setPatients('all')} />
            <span>All patients in the project</span>
          </label>
          <label className="radio">
            <input type="radio" name="patients" checked={patients === 'chosen'} onChange={() => setPatients('chosen')} />
            <span>Only these patients (MRN / PERSON_ID)</span>
          </label>
          {patients === 'chosen' ? (
            <textarea aria-label="Patient ids" rows={3} value={patientText} onChange={(e) => setPatientText(e.target.value)} placeholder="One per line, or separated by commas" autoFocus />
          ) : null}
          {patients === 'chosen' && patientIds.length > 0 ? <small className="muted">{patientIds.length} patient{patientIds.length === 1 ? '' : 's'}</small> : null}
        </fieldset>
        <fieldset className="form-group">
          <legend>Variables</legend>
          <label className="radio">
            <input type="radio" name="variables" checked={variables === 'all'} onChange={() => setVariables('all')} />
            <span>All variables</span>
          </label>
          <label className="radio">
            <input type="radio" name="variables" checked={variables === 'chosen'} onChange={() => setVariables('chosen')} />
            <span>Only these variables</span>
          </label>
          {variables === 'chosen' ? (
            <textarea aria-label="Variable names" rows={3} value={variableText} onChange={(e) => setVariableText(e.target.value)} placeholder="variable_name, one per line or separated by commas" />
          ) : null}
        </fieldset>
        <label className="radio">
          <input type="checkbox" checked={overwrite} onChange={(e) => setOverwrite(e.target.checked)} />
          <span>Overwrite labels a person has already reviewed</span>
        </label>
        {error ? <ErrorNotice error={error} service="brim" /> : null}
      </form>
    </Dialog>
  );
}
