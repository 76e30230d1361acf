import type { ConnectionSummary } from '../../../shared/contract/connections.ts';
import { useApi } from '../../api/api-context.ts';
import { capability } from './capabilities.ts';
import { CapabilityOff } from './CapabilityOff.tsx';
import { FileTaskUpload } from './FileTaskUpload.tsx';
import { ResourceUploads } from './ResourceUploads.tsx';

/** The other files a project takes: structured data (always), reference documents (when the server has them). */
export function OtherUploads({ connection }: { connection: ConnectionSummary }) {
  const api = useApi();
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
        <ResourceUploads connectionId={connectionId} />
      ) : (
        <CapabilityOff feature="Reference document upload" note={resources.note} name="resourceUpload" />
      )}
    </div>
  );
}
