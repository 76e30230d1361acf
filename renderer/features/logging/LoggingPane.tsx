import { useEffect, useState } from 'react';
import type { DatasetSummary, ValueMode, ViewCondition } from '../../../shared/contract/datasets.ts';
import { useApi } from '../../api/api-context.ts';
import { DatasetPane } from '../project/DatasetPane.tsx';
import type { ExportScope } from '../project/ExportDialog.tsx';
import { readDataset } from '../project/read-dataset.ts';
import { useDebounced } from '../project/use-debounced.ts';
import { actionKinds, type ActionKind } from './action-kinds.ts';
import './logging.css';

export interface LoggingPaneProps {
  connectionId: string;
  users: DatasetSummary | undefined;
  mode: ValueMode;
  onModeChange: (mode: ValueMode) => void;
  version: number;
  onScope: (scope: ExportScope | null) => void;
}

/**
 * The project log with quick filters: a user, a record and (where REDCap's text is fixed) the kind of
 * action are exact conditions on their columns, on top of the filter box's words.
 */
export function LoggingPane({ connectionId, users, mode, onModeChange, version, onScope }: LoggingPaneProps) {
  const api = useApi();
  const [user, setUser] = useState('');
  const [record, setRecord] = useState('');
  const [kind, setKind] = useState<ActionKind>('all');
  const [usernames, setUsernames] = useState<string[] | null>(null);
  const debouncedRecord = useDebounced(record.trim(), 300);
  const debouncedUser = useDebounced(user.trim(), 300);
  const usersReady = users?.availability === 'ok';

  useEffect(() => {
    if (!usersReady) return;
    let live = true;
    readDataset(api, { connectionId, dataset: 'users', sort: [{ column: 'username', direction: 'asc' }] }, 2000).then(
      ({ rows }) => live && setUsernames(rows.map((row) => row.username ?? '').filter(Boolean)),
      () => live && setUsernames(null),
    );
    return () => {
      live = false;
    };
  }, [api, connectionId, usersReady, version]);

  const where: ViewCondition[] = [];
  if (debouncedUser) where.push({ column: 'username', values: [debouncedUser] });
  if (debouncedRecord) where.push({ column: 'record', values: [debouncedRecord] });
  const chosen = actionKinds.find((k) => k.id === kind)!;
  if (chosen.where) where.push(chosen.where);

  const quickFilters = (
    <div className="log-filters" role="group" aria-label="Quick filters">
      <div className="segmented" role="group" aria-label="Kind of action">
        {actionKinds.map((k) => (
          <button key={k.id} type="button" aria-pressed={kind === k.id} onClick={() => setKind(k.id)} title={k.hint}>
            {k.title}
          </button>
        ))}
      </div>
      <label className="log-filter">
        <span>User</span>
        {usernames ? (
          <select value={user} onChange={(e) => setUser(e.target.value)} data-testid="log-user">
            <option value="">Everyone</option>
            {usernames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        ) : (
          <input type="text" value={user} onChange={(e) => setUser(e.target.value)} placeholder="username" spellCheck={false} data-testid="log-user" />
        )}
      </label>
      <label className="log-filter">
        <span>Record</span>
        <input type="text" value={record} onChange={(e) => setRecord(e.target.value)} placeholder="ID" size={8} spellCheck={false} data-testid="log-record" />
      </label>
    </div>
  );

  return (
    <DatasetPane
      connectionId={connectionId}
      dataset="logging"
      where={where}
      extraFilter={chosen.words ?? ''}
      title="Logging"
      mode={mode}
      onModeChange={onModeChange}
      version={version}
      onScope={onScope}
      toolbar={quickFilters}
      emptyText="Nothing was logged in the period Carrel keeps (the last 90 days at the first sync, then everything since)."
    />
  );
}
