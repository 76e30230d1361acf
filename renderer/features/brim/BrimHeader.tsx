import type { ConnectionStatus, ConnectionSummary } from '../../../shared/contract/connections.ts';
import { formatAbsolute, primaryKeyName } from '../../app/format.ts';
import { hostOf } from '../brainstem/host.ts';

export interface BrimHeaderProps {
  connection: ConnectionSummary | null;
  status: ConnectionStatus | null;
  canExport: boolean;
  canGenerate: boolean;
  onBack: () => void;
  onGenerate: () => void;
  onInvite: () => void;
  onExport: () => void;
}

/** Brim's project as the user knows it: its name and id on which server, whether it answers, and the project-wide actions. */
export function projectLabel(connection: ConnectionSummary | null): string {
  const info = connection?.brim;
  if (!info) return 'the project';
  return info.projectName ? `${info.projectName} (project ${info.projectId})` : `project ${info.projectId}`;
}

export function BrimHeader(props: BrimHeaderProps) {
  const { connection, status } = props;
  const offline = status !== null && !status.online;
  return (
    <div className="project-header">
      <button type="button" className="btn btn-link" onClick={props.onBack}>
        ← Connections
      </button>
      <div className="project-title">
        <h1>{connection?.name ?? 'Loading…'}</h1>
        {connection ? (
          <span className="muted" data-testid="brim-project">
            Brim · {hostOf(connection.url)} · {connection.brim?.projectName === connection.name ? `project ${connection.brim.projectId}` : projectLabel(connection)}
          </span>
        ) : null}
      </div>
      <span className="spacer" />
      {status ? (
        <span className={`badge ${offline ? 'badge-warn' : 'badge-ok'}`} data-testid="online-status" title={status.message ?? `Checked ${formatAbsolute(status.checkedAt)}`}>
          <span className="dot" /> {offline ? 'Offline — showing cached results' : 'Online'}
        </span>
      ) : null}
      <button type="button" className="btn" onClick={props.onInvite} disabled={!connection}>
        Invite…
      </button>
      {props.canGenerate ? (
        <button type="button" className="btn" onClick={props.onGenerate} disabled={!connection} title={`Generate labels (${primaryKeyName}+G)`}>
          Generate…
        </button>
      ) : null}
      <button type="button" className="btn btn-primary" onClick={props.onExport} disabled={!props.canExport} title={`Export what the table shows (${primaryKeyName}+E)`}>
        Export…
      </button>
    </div>
  );
}
