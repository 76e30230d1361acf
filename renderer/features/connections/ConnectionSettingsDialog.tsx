import { useState, type FormEvent } from 'react';
import type { ConnectionSummary } from '../../../shared/contract/connections.ts';
import { useApi } from '../../api/api-context.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { formatBytes } from '../../app/format.ts';
import { LocalSettingsFields } from './LocalSettingsFields.tsx';

/**
 * A saved connection's settings on this computer: the private CA file, whether the offline copy is kept
 * between runs, and "Clear cache" (the synced data goes; the next sync downloads it again).
 */
export function ConnectionSettingsDialog({ connection, onClose }: { connection: ConnectionSummary; onClose: () => void }) {
  const api = useApi();
  const [caFile, setCaFile] = useState(connection.caFile ?? '');
  const [offlineCache, setOfflineCache] = useState(connection.offlineCache !== false);
  const [busy, setBusy] = useState<'save' | 'clear' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [cleared, setCleared] = useState<string | null>(null);
  const [confirmClear, setConfirmClear] = useState(false);

  const save = async (event?: FormEvent): Promise<void> => {
    event?.preventDefault();
    if (busy) return;
    setBusy('save');
    setError(null);
    try {
      const path = caFile.trim();
      await api.call('connections.update', {
        connectionId: connection.id,
        ...(path !== (connection.caFile ?? '') ? { caFile: path === '' ? null : path } : {}),
        ...(offlineCache !== (connection.offlineCache !== false) ? { offlineCache } : {}),
      });
      onClose();
    } catch (e) {
      setError(e);
      setBusy(null);
    }
  };

  const clear = async (): Promise<void> => {
    setConfirmClear(false);
    setBusy('clear');
    setError(null);
    try {
      const result = await api.call('cache.clear', { connectionId: connection.id });
      setCleared(result.bytesFreed > 0 ? `Offline cache cleared: ${formatBytes(result.bytesFreed)} freed.` : 'There was no offline cache to clear.');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Dialog
      title={`Settings for ${connection.name}`}
      onClose={onClose}
      testId="connection-settings"
      footer={
        <>
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="connection-settings-form" className="btn btn-primary" disabled={busy !== null}>
            {busy === 'save' ? 'Saving…' : 'Save'}
          </button>
        </>
      }
    >
      <form id="connection-settings-form" className="form" onSubmit={(event) => void save(event)}>
        <LocalSettingsFields caFile={caFile} onCaFile={setCaFile} offlineCache={offlineCache} onOfflineCache={setOfflineCache} />
        <fieldset className="form-group">
          <legend>Offline cache</legend>
          <p className="muted">
            {connection.cached ? 'Clearing deletes the records synced to this computer; the next sync downloads them again.' : 'Nothing is cached for this connection.'}
          </p>
          {confirmClear ? (
            <div className="bs-button-row">
              <span>Delete this connection's offline data?</span>
              <button type="button" className="btn btn-danger" onClick={() => void clear()}>
                Clear cache
              </button>
              <button type="button" className="btn" onClick={() => setConfirmClear(false)}>
                Keep
              </button>
            </div>
          ) : (
            <button type="button" className="btn" disabled={busy !== null} onClick={() => setConfirmClear(true)}>
              {busy === 'clear' ? 'Clearing…' : 'Clear cache…'}
            </button>
          )}
          {cleared ? (
            <p role="status" data-testid="cache-cleared">
              {cleared}
            </p>
          ) : null}
        </fieldset>
        {error ? <ErrorNotice error={error} /> : null}
      </form>
    </Dialog>
  );
}
