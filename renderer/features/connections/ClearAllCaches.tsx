import { useState } from 'react';
import { useApi } from '../../api/api-context.ts';
import { formatBytes } from '../../app/format.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';

/** "Clear all offline data": every connection's synced records leave this computer; tokens and settings stay. */
export function ClearAllCaches() {
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const clear = async (): Promise<void> => {
    setConfirming(false);
    setBusy(true);
    setError(null);
    try {
      const result = await api.call('cache.clearAll', {});
      setDone(result.connections > 0 ? `Offline data of ${result.connections} connection${result.connections === 1 ? '' : 's'} cleared: ${formatBytes(result.bytesFreed)} freed.` : 'There was no offline data to clear.');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="home-cache" aria-label="Offline data">
      {confirming ? (
        <div className="bs-button-row">
          <span>Delete the offline copy of every connection? Tokens and settings stay; the next sync downloads the data again.</span>
          <button type="button" className="btn btn-danger" onClick={() => void clear()}>
            Clear all
          </button>
          <button type="button" className="btn" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </div>
      ) : (
        <button type="button" className="btn btn-link" disabled={busy} onClick={() => setConfirming(true)}>
          {busy ? 'Clearing…' : 'Clear all offline data…'}
        </button>
      )}
      {done ? (
        <p role="status" className="muted" data-testid="all-caches-cleared">
          {done}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </section>
  );
}
