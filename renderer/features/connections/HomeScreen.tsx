import { useCallback, useEffect, useState } from 'react';
import type { ConnectionSummary } from '../../../shared/contract/connections.ts';
import { useApi, useEvent, useReconnect } from '../../api/api-context.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { formatCount, formatRelative } from '../../app/format.ts';
import { AddConnectionDialog } from './AddConnectionDialog.tsx';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function HomeScreen({ onOpen }: { onOpen: (connectionId: string, options?: { syncNow?: boolean }) => void }) {
  const api = useApi();
  const [connections, setConnections] = useState<ConnectionSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);

  const reload = useCallback(() => {
    api.call('connections.list', {}).then(
      (list) => {
        setConnections(list);
        setError(null);
      },
      setError,
    );
  }, [api]);
  useEffect(reload, [reload]);
  useEvent('connections.changed', reload);
  useReconnect(reload);

  const remove = async (id: string): Promise<void> => {
    setConfirmRemove(null);
    try {
      await api.call('connections.remove', { connectionId: id });
    } catch (e) {
      setError(e);
    }
  };

  return (
    <main className="home" data-testid="home">
      <div className="home-header">
        <h1>Connections</h1>
        <span className="spacer" />
        {connections && connections.length > 0 ? (
          <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
            Add connection
          </button>
        ) : null}
      </div>
      {error ? <ErrorNotice error={error} onRetry={reload} /> : null}
      {connections === null && !error ? <p className="muted">Loading…</p> : null}
      {connections && connections.length === 0 ? (
        <section className="empty-state">
          <h2>Connect your first REDCap project</h2>
          <p>
            You need the project's API address and your API token, both on the project's <strong>API</strong> page in REDCap (ask the project's
            administrator for API rights if you don't see it). Carrel downloads the records into an offline cache on this computer, so you can
            browse, sort, filter and export them even without a network.
          </p>
          <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
            Add a REDCap connection
          </button>
        </section>
      ) : null}
      <ul className="connection-list">
        {connections?.map((connection) => (
          <li key={connection.id} className="connection-card" data-testid="connection-card">
            <button type="button" className="connection-open" onClick={() => onOpen(connection.id)} aria-label={`Open ${connection.name}`}>
              <span className="connection-name">{connection.name}</span>
              <span className="muted">
                REDCap{connection.serverVersion ? ` ${connection.serverVersion}` : ''} · {hostOf(connection.url)}
                {connection.project && connection.project.title !== connection.name ? ` · ${connection.project.title}` : ''}
              </span>
              <span className="muted">
                {connection.cached ? `${formatCount(connection.cached.records)} records offline · synced ${formatRelative(connection.cached.lastSyncedAt)}` : 'Not synced yet'}
                {' · '}
                <span className="mono">token {connection.hasToken ? connection.tokenHint : 'missing — enter it again'}</span>
              </span>
            </button>
            <div className="connection-actions">
              {confirmRemove === connection.id ? (
                <>
                  <span className="muted">Remove the connection, its token and its offline cache?</span>
                  <button type="button" className="btn btn-danger" onClick={() => void remove(connection.id)}>
                    Remove
                  </button>
                  <button type="button" className="btn" onClick={() => setConfirmRemove(null)}>
                    Keep
                  </button>
                </>
              ) : (
                <button type="button" className="btn btn-link" onClick={() => setConfirmRemove(connection.id)}>
                  Remove…
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      {adding ? (
        <AddConnectionDialog
          onClose={() => setAdding(false)}
          onAdded={(connection) => {
            setAdding(false);
            onOpen(connection.id, { syncNow: true });
          }}
        />
      ) : null}
    </main>
  );
}
