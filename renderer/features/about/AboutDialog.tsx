import { useEffect, useState } from 'react';
import type { AppInfo, UpdateState } from '../../../shared/contract/app.ts';
import { useApi } from '../../api/api-context.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { useDiagnostics } from './use-diagnostics.ts';
import { describeUpdates } from './update-line.ts';

/**
 * About Carrel: the version and where tokens are kept, and what support needs: the diagnostics text
 * (shown before it is copied, so the user sees exactly what they share) and the log files.
 */
export function AboutDialog({ info, copyOnOpen, onClose }: { info: AppInfo; copyOnOpen: boolean; onClose: () => void }) {
  const diagnostics = useDiagnostics(info.shell);
  const { load, copy } = diagnostics;
  useEffect(() => {
    if (copyOnOpen) void copy();
    else load().catch(() => undefined);
  }, [copyOnOpen, copy, load]);
  const busy = diagnostics.status.kind === 'busy';
  const api = useApi();
  const [update, setUpdate] = useState<UpdateState | 'unknown' | null>(null);
  useEffect(() => {
    api.call('app.updateState', {}).then(setUpdate, () => setUpdate('unknown'));
  }, [api]);
  return (
    <Dialog
      title="About Carrel"
      onClose={onClose}
      width={640}
      testId="about-dialog"
      footer={
        <>
          <button type="button" className="btn btn-primary" onClick={() => void copy()} disabled={busy} data-testid="copy-diagnostics">
            Copy diagnostics
          </button>
          <button type="button" className="btn" onClick={() => void diagnostics.showLogs()} disabled={busy} data-testid="show-logs">
            {info.shell === 'web' ? 'Download the log' : 'Show logs folder'}
          </button>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      <dl className="about-facts">
        <dt>Version</dt>
        <dd data-testid="about-version">{info.version}</dd>
        <dt>Running as</dt>
        <dd>{info.shell === 'desktop' ? 'the desktop app' : 'the browser shell'} on {info.platform}</dd>
        <dt>Tokens</dt>
        <dd>{info.secretStorage.persistent ? 'kept in the system keychain' : 'kept in memory for this run only'}</dd>
        <dt>Updates</dt>
        <dd data-testid="about-updates">{update === null ? '…' : update === 'unknown' ? 'Could not be read; see the log.' : describeUpdates(update)}</dd>
      </dl>
      <label className="about-diagnostics">
        <span>Diagnostics for a support request: versions, settings without secrets, cache sizes and recent errors</span>
        <textarea readOnly value={diagnostics.text ?? 'Gathering…'} rows={12} spellCheck={false} data-testid="diagnostics-text" />
      </label>
      {diagnostics.status.kind === 'done' ? (
        <p className="notice notice-ok" role="status" data-testid="about-status">
          {diagnostics.status.message}
        </p>
      ) : null}
      {diagnostics.status.kind === 'error' ? <ErrorNotice error={diagnostics.status.error} /> : null}
    </Dialog>
  );
}
