import { useState } from 'react';
import { useApi } from '../../api/api-context.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

/** Forgets a report in Carrel (its cached rows go); the report itself stays in REDCap. */
export function RemoveReportDialog({ connectionId, reportId, title, onRemoved, onClose }: { connectionId: string; reportId: string; title: string; onRemoved: () => void; onClose: () => void }) {
  const api = useApi();
  const [error, setError] = useState<unknown>(null);
  return (
    <ConfirmDialog
      title="Remove the report?"
      confirmLabel="Remove"
      danger
      onCancel={onClose}
      onConfirm={() => {
        setError(null);
        api.call('reports.remove', { connectionId, reportId }).then(onRemoved, setError);
      }}
    >
      <p>
        Remove <strong>{title}</strong> (report {reportId}) from Carrel? Its offline copy is deleted; the report stays in REDCap, and you can add it again by its ID.
      </p>
      {error ? <ErrorNotice error={error} /> : null}
    </ConfirmDialog>
  );
}
