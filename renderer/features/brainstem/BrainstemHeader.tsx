import type { ConnectionStatus, ConnectionSummary } from '../../../shared/contract/connections.ts';
import { formatAbsolute, formatRelative, primaryKeyName } from '../../app/format.ts';
import { SyncButton } from '../project/SyncButton.tsx';
import { hostOf } from './host.ts';
import { PortalSwitch } from './PortalSwitch.tsx';

const authKindLabels: Record<string, string> = {
  device: 'browser sign-in',
  'personal-token': 'personal access token',
  password: 'email and password',
  legacy: 'username and password',
};

export interface BrainstemHeaderProps {
  connection: ConnectionSummary | null;
  status: ConnectionStatus | null;
  lastSyncedAt: string | null;
  now: number;
  syncing: boolean;
  canExport: boolean;
  onBack: () => void;
  onPortalChanged: (connection: ConnectionSummary) => void;
  onError: (error: unknown) => void;
  onSignIn: () => void;
  onSignOut: () => void;
  onSync: (mode: 'auto' | 'full') => void;
  onExport: () => void;
}

/** The connection's name and server, the portal, who is signed in, whether the server answers, and sync. */
export function BrainstemHeader(props: BrainstemHeaderProps) {
  const { connection, status } = props;
  const info = connection?.brainstem ?? null;
  const offline = status !== null && !status.online;
  return (
    <div className="project-header">
      <button type="button" className="btn btn-link" onClick={props.onBack}>
        ← Connections
      </button>
      <div className="project-title">
        <h1>{connection?.name ?? 'Loading…'}</h1>
        {connection ? <span className="muted">BrainSTEM · {hostOf(connection.url)}</span> : null}
      </div>
      {connection && info ? <PortalSwitch connectionId={connection.id} portal={info.portal} disabled={props.syncing} onChanged={props.onPortalChanged} onError={props.onError} /> : null}
      <span className="spacer" />
      {info ? (
        <span className="bs-account" data-testid="sign-in-state" data-signed-in={info.signedIn ? 'true' : 'false'}>
          {info.signedIn ? (
            <>
              <span title={[info.authKind ? `Signed in with ${authKindLabels[info.authKind] ?? info.authKind}` : null, info.expiresAt ? `Renews until ${formatAbsolute(info.expiresAt)}` : null].filter(Boolean).join('\n') || undefined}>
                Signed in{info.account ? <> as <strong>{info.account}</strong></> : null}
              </span>
              <button type="button" className="btn btn-link" onClick={props.onSignOut}>
                Sign out
              </button>
            </>
          ) : (
            <>
              <span className="muted">Not signed in</span>
              <button type="button" className={`btn${info.portal === 'private' ? ' btn-primary' : ''}`} onClick={props.onSignIn}>
                Sign in
              </button>
            </>
          )}
        </span>
      ) : null}
      {status ? (
        <span className={`badge ${offline ? 'badge-warn' : 'badge-ok'}`} data-testid="online-status" title={status.message ?? `Checked ${formatAbsolute(status.checkedAt)}`}>
          <span className="dot" /> {offline ? 'Offline — showing cached data' : 'Online'}
        </span>
      ) : null}
      <span className="muted" data-testid="last-synced" title={props.lastSyncedAt ? formatAbsolute(props.lastSyncedAt) : undefined}>
        {props.lastSyncedAt ? `Synced ${formatRelative(props.lastSyncedAt, props.now)}` : 'Never synced'}
      </span>
      <SyncButton running={props.syncing} onSync={props.onSync} incremental={false} />
      <button type="button" className="btn btn-primary" onClick={props.onExport} disabled={!props.canExport} title={`Export what the table shows (${primaryKeyName}+E)`}>
        Export…
      </button>
    </div>
  );
}
