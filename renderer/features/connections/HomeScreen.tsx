import { useCallback, useEffect, useState } from 'react';
import type { ServiceKind } from '../../../shared/contract/common.ts';
import type { ConnectionSummary } from '../../../shared/contract/connections.ts';
import { useApi, useEvent, useReconnect } from '../../api/api-context.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { formatCount, formatRelative } from '../../app/format.ts';
import { hostOf } from '../brainstem/host.ts';
import { AddConnectionDialog } from './AddConnectionDialog.tsx';

export interface OpenOptions {
  kind: ServiceKind;
  syncNow?: boolean;
}

/** What a card says about a BrainSTEM connection: server, portal, and who is signed in. */
function BrainstemCardLines({ connection }: { connection: ConnectionSummary }) {
  const info = connection.brainstem;
  return (
    <>
      <span className="muted">
        BrainSTEM · {hostOf(connection.url)} · {info?.portal === 'public' ? 'public portal' : 'private portal'}
      </span>
      <span className="muted">
        {connection.cached ? `${formatCount(connection.cached.records)} records offline · synced ${formatRelative(connection.cached.lastSyncedAt)}` : 'Not synced yet'}
        {' · '}
        <span data-testid="card-sign-in">{info?.signedIn ? `signed in${info.account ? ` as ${info.account}` : ''}` : 'not signed in'}</span>
      </span>
    </>
  );
}

/** What a card says about a Brim connection: server, project, and the token in use. */
function BrimCardLines({ connection }: { connection: ConnectionSummary }) {
  const info = connection.brim;
  // The card's title is often the project's name already; then its id is what is left to say.
  const named = info?.projectName && info.projectName !== connection.name;
  const project = info ? (named ? `${info.projectName} (project ${info.projectId})` : `project ${info.projectId}`) : 'project unknown';
  return (
    <>
      <span className="muted">
        Brim · {hostOf(connection.url)} · <span data-testid="card-brim-project">{project}</span>
      </span>
      <span className="muted">
        <span className="mono">token {connection.hasToken ? connection.tokenHint : 'missing — enter it again'}</span>
      </span>
    </>
  );
}

export function HomeScreen({ onOpen }: { onOpen: (connectionId: string, options: OpenOptions) => void }) {
  const api = useApi();
  const [connections, setConnections] = useState<ConnectionSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState<ServiceKind | null>(null);
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
          <button type="button" className="btn btn-primary" onClick={() => setAdding('redcap')}>
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
          <div className="bs-button-row">
            <button type="button" className="btn btn-primary" onClick={() => setAdding('redcap')}>
              Add a REDCap connection
            </button>
            <button type="button" className="btn" onClick={() => setAdding('brainstem')}>
              Add a BrainSTEM server
            </button>
            <button type="button" className="btn" onClick={() => setAdding('brim')}>
              Add a Brim project
            </button>
          </div>
          <p className="bs-home-note">BrainSTEM's public portal (published neuroscience projects) works without an account; sign in to see your own projects.</p>
        </section>
      ) : null}
      <ul className="connection-list">
        {connections?.map((connection) => (
          <li key={connection.id} className="connection-card" data-testid="connection-card">
            <button type="button" className="connection-open" onClick={() => onOpen(connection.id, { kind: connection.kind })} aria-label={`Open ${connection.name}`} data-kind={connection.kind}>
              <span className="connection-name">{connection.name}</span>
              {connection.kind === 'brainstem' ? (
                <BrainstemCardLines connection={connection} />
              ) : connection.kind === 'brim' ? (
                <BrimCardLines connection={connection} />
              ) : (
                <>
                  <span className="muted">
                    REDCap{connection.serverVersion ? ` ${connection.serverVersion}` : ''} · {hostOf(connection.url)}
                    {connection.project && connection.project.title !== connection.name ? ` · ${connection.project.title}` : ''}
                  </span>
                  <span className="muted">
                    {connection.cached ? `${formatCount(connection.cached.records)} records offline · synced ${formatRelative(connection.cached.lastSyncedAt)}` : 'Not synced yet'}
                    {' · '}
                    <span className="mono">token {connection.hasToken ? connection.tokenHint : 'missing — enter it again'}</span>
                  </span>
                </>
              )}
            </button>
            <div className="connection-actions">
              {confirmRemove === connection.id ? (
                <>
                  <span className="muted">
                    {connection.kind === 'brainstem' ? 'Remove the connection and its offline cache?' : 'Remove the connection, its token and its offline cache?'}
                  </span>
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
          initialService={adding}
          onClose={() => setAdding(null)}
          onAdded={(connection) => {
            setAdding(null);
            onOpen(connection.id, { kind: connection.kind, syncNow: true });
          }}
        />
      ) : null}
    </main>
  );
}
