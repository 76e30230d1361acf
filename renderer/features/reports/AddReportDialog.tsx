import { useState } from 'react';
import { useApi } from '../../api/api-context.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

/**
 * Adds a saved REDCap report by its ID. REDCap's API can export a report but cannot list them, so the
 * user copies the ID from the report's page in REDCap.
 */
export function AddReportDialog({ connectionId, onAdded, onClose }: { connectionId: string; onAdded: (dataset: string) => void; onClose: () => void }) {
  const api = useApi();
  const [reportId, setReportId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = reportId.trim();
  const valid = /^\d{1,12}$/.test(id);

  const add = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const { dataset } = await api.call('reports.add', { connectionId, reportId: id });
      onAdded(dataset);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title="Add a report by ID"
      onClose={onClose}
      testId="add-report-dialog"
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="add-report-form" className="btn btn-primary" disabled={!valid || busy}>
            {busy ? 'Fetching the report…' : 'Add report'}
          </button>
        </>
      }
    >
      <form
        id="add-report-form"
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (valid && !busy) void add();
        }}
      >
        <p className="muted">
          REDCap's API can download a saved report but cannot list them, so Carrel needs the report's ID. In REDCap, open <strong>Data Exports, Reports, and Stats</strong>: the
          ID is in the <em>Report ID</em> column, and in the report's address after <span className="mono">report_id=</span>.
        </p>
        <label>
          <span>Report ID</span>
          <input
            type="text"
            inputMode="numeric"
            value={reportId}
            onChange={(e) => setReportId(e.target.value)}
            placeholder="e.g. 1042"
            aria-invalid={id !== '' && !valid}
            aria-describedby="report-id-hint"
            autoFocus
          />
        </label>
        <p id="report-id-hint" className="muted">
          {id !== '' && !valid ? 'A report ID is a number, such as 1042.' : 'Carrel fetches the report now and again at every sync, so it can be browsed offline.'}
        </p>
        {error ? <ErrorNotice error={error} /> : null}
      </form>
    </Dialog>
  );
}
