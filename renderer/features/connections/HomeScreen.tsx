import { useCallback, useEffect, useState } from 'react';
import type { ServiceKind } from '../../../shared/contract/common.ts';
import type { ConnectionSummary } from '../../../shared/contract/connections.ts';
import { useApi, useEvent, useReconnect } from '../../api/api-context.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { formatCount, formatRelative } from '../../app/format.ts';
import { useCommands } from '../../app/commands/commands-context.tsx';
import { standardCommand } from '../../app/commands/registry.ts';
import { hostOf } from '../brainstem/host.ts';
import { AddConnectionDialog } from './AddConnectionDialog.tsx';
import { ClearAllCaches } from './ClearAllCaches.tsx';
import { ConnectionSettingsDialog } from './ConnectionSettingsDialog.tsx';

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

export function HomeScreen({ onOpen, startAdding = false }: { onOpen: (connectionId: string, options: OpenOptions) => void; startAdding?: boolean }) {
  const api = useApi();
  const [connections, setConnections] = useState<ConnectionSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState<ServiceKind | null>(startAdding ? 'redcap' : null);
  useCommands([standardCommand('connection.add', 'Connections', { run: () => setAdding('redcap'), keywords: ['new', 'redcap', 'brainstem', 'brim', 'token'] })]);
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const [settingsFor, setSettingsFor] = useState<ConnectionSummary | null>(null);

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
        <EmptyState
          title="Add your first connection"
          testId="connections-empty"
          actions={
            <>
              <button type="button" className="btn btn-primary" onClick={() => setAdding('redcap')}>
                Add a REDCap connection
              </button>
              <button type="button" className="btn" onClick={() => setAdding('brainstem')}>
                Add a BrainSTEM server
              </button>
              <button type="button" className="btn" onClick={() => setAdding('brim')}>
                Add a Brim project
              </button>
            </>
          }
        >
          <p>
            Connect a REDCap project, a BrainSTEM server or a Brim project. You need the server's address and an API token: in REDCap both are on
            the project's <strong>API</strong> page (ask the project's administrator for API rights if you don't see it); in Brim, under
            <strong>Settings → Manage Project → Project API Tokens</strong>; BrainSTEM signs you in through the browser instead.
          </p>
          <p>
            Carrel then keeps an offline copy on this computer, so you can browse, sort, filter and export even without a network. Tokens go to
            the system keychain, never into a file.
          </p>
          <p className="bs-home-note">BrainSTEM's public portal (published neuroscience projects) works without an account; sign in to see your own projects.</p>
        </EmptyState>
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
                <>
                  {connection.offlineCache === false ? <span className="muted">Offline copy off</span> : null}
                  <button type="button" className="btn btn-link" onClick={() => setSettingsFor(connection)} aria-label={`Settings for ${connection.name}`}>
                    Settings…
                  </button>
                  <button type="button" className="btn btn-link" onClick={() => setConfirmRemove(connection.id)}>
                    Remove…
                  </button>
                </>
              )}
            </div>
          </li>
        ))}
      </ul>
      {connections && connections.length > 0 ? <ClearAllCaches /> : null}
      {settingsFor ? <ConnectionSettingsDialog connection={settingsFor} onClose={() => setSettingsFor(null)} /> : null}
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
