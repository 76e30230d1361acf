import { useCallback, useState, type ReactNode } from 'react';
import type { BrainstemModelSummary } from '../../../shared/contract/brainstem.ts';
import type { BrainstemPortalName } from '../../../shared/contract/connections.ts';
import type { ColumnInfo, ValueMode, ViewCondition } from '../../../shared/contract/datasets.ts';
import { formatAbsolute, formatRelative, primaryKeyName } from '../../app/format.ts';
import { DatasetPane } from '../project/DatasetPane.tsx';
import type { ExportScope } from '../project/ExportDialog.tsx';
import { ConditionBar } from './ConditionBar.tsx';

export interface ModelTableProps {
  connectionId: string;
  model: BrainstemModelSummary;
  portal: BrainstemPortalName;
  version: number;
  now: number;
  mode: ValueMode;
  onModeChange: (mode: ValueMode) => void;
  onScope: (scope: ExportScope | null) => void;
  /** The record the pane beside the table shows, if any. */
  openId: string | null;
  onOpenRecord: (id: string) => void;
  onNew: (() => void) | null;
  /** Opens the CSV import into this model (null when it cannot be written here). */
  onImport: (() => void) | null;
  /** Opens the list of this connection's imports. */
  onImports: () => void;
  /** The record pane or form, beside the table. */
  aside: ReactNode;
}

/**
 * One model's offline copy in the grid: sortable, the filter box, conditions with the server's
 * operators, relation columns as labels; Enter or a double-click opens a record beside the table.
 * Everything here reads the cache, so it works offline just the same.
 */
export function ModelTable(props: ModelTableProps) {
  const { model } = props;
  const [conditions, setConditions] = useState<ViewCondition[]>([]);
  const [columns, setColumns] = useState<ColumnInfo[]>([]);
  const onColumns = useCallback((next: ColumnInfo[]) => setColumns(next), []);

  return (
    <DatasetPane
      connectionId={props.connectionId}
      dataset={model.dataset}
      title={model.pluralLabel}
      mode={props.mode}
      onModeChange={props.onModeChange}
      version={props.version}
      onScope={props.onScope}
      where={conditions}
      onColumns={onColumns}
      emptyText={`The ${props.portal} portal has no ${model.pluralLabel.toLowerCase()} you may read.`}
      toolbar={
        <>
          {props.onNew ? (
            <button type="button" className="btn" onClick={props.onNew} title={`New ${model.label.toLowerCase()} (${primaryKeyName}+N)`}>
              New {model.label.toLowerCase()}
            </button>
          ) : null}
          {props.onImport ? (
            <button type="button" className="btn" onClick={props.onImport} title={`Create or update ${model.pluralLabel.toLowerCase()} from a CSV file; or drop one on the table (${primaryKeyName}+I)`}>
              Import CSV…
            </button>
          ) : null}
          <button type="button" className="btn" onClick={props.onImports} title="Imports into this BrainSTEM connection: resume or undo them">
            Imports
          </button>
          {model.lastSyncedAt ? (
            <span className="muted" data-testid="model-synced" title={formatAbsolute(model.lastSyncedAt)}>
              Synced {formatRelative(model.lastSyncedAt, props.now)}
            </span>
          ) : null}
        </>
      }
      belowToolbar={<ConditionBar columns={columns} fields={model.fields} conditions={conditions} onChange={setConditions} />}
      rowPane={{ openId: props.openId, onOpen: props.onOpenRecord, pane: props.aside }}
    />
  );
}
