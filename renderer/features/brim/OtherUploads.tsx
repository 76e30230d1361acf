import { useState } from 'react';
import type { ConnectionSummary } from '../../../shared/contract/connections.ts';
import { useApi } from '../../api/api-context.ts';
import { capability } from './capabilities.ts';
import { CapabilityOff } from './CapabilityOff.tsx';
import { FileTaskUpload } from './FileTaskUpload.tsx';

/** The other files a project takes: structured data (always), reference documents (when the server has them). */
export function OtherUploads({ connection }: { connection: ConnectionSummary }) {
  const api = useApi();
  const [description, setDescription] = useState('');
  const resources = capability(connection, 'resourceUpload');
  const connectionId = connection.id;

  return (
    <div className="brim-other-uploads">
      <FileTaskUpload
        title="Structured data"
        testId="brim-structured"
        accept=".csv,text/csv"
        start={(stageId) => api.call('brim.uploadStructured', { connectionId, stageId })}
      >
        A CSV with NAME, SCOPE, TYPE, PATIENT_ID, NOTE_ID, NOTE_DATETIME, VALUE (any order): values Brim adds as labels. It does not start a generation.
      </FileTaskUpload>
      {resources.available ? (
        <FileTaskUpload
          title="Reference document"
          testId="brim-resource"
          accept=".pdf,.docx,.txt,.md,application/pdf,text/plain,text/markdown"
          fields={
            <label className="brim-field">
              <span>Description (optional)</span>
              <input type="text" value={description} maxLength={500} onChange={(e) => setDescription(e.target.value)} placeholder="e.g. Staging guideline, 2024 edition" />
            </label>
          }
          start={(stageId) => api.call('brim.uploadResource', { connectionId, stageId, ...(description.trim() ? { description: description.trim() } : {}) })}
        >
          A PDF, DOCX, TXT or MD document the abstraction may consult.
        </FileTaskUpload>
      ) : (
        <CapabilityOff feature="Reference document upload" note={resources.note} name="resourceUpload" />
      )}
    </div>
  );
}
