import type { ProjectOverview, ValueMode } from '../../../shared/contract/datasets.ts';
import { RepositoryPane } from '../files/RepositoryPane.tsx';
import { LoggingPane } from '../logging/LoggingPane.tsx';
import type { NavEntry } from '../navigator/nav-entries.ts';
import { UnavailablePane } from '../navigator/UnavailablePane.tsx';
import { ArmsEventsPane } from '../structure/ArmsEventsPane.tsx';
import { DatasetPane } from './DatasetPane.tsx';
import type { ExportScope } from './ExportDialog.tsx';
import type { ProjectDesign } from './use-project-design.ts';

export interface EntryPaneProps {
  connectionId: string;
  entry: NavEntry;
  overview: ProjectOverview;
  design: ProjectDesign | null;
  designError: unknown;
  mode: ValueMode;
  onModeChange: (mode: ValueMode) => void;
  version: number;
  onScope: (scope: ExportScope | null) => void;
  onSync: () => void;
  syncing: boolean;
  onRemoveReport: (entry: NavEntry) => void;
}

/** The main area for the navigator's entry: a preset or dataset in the grid, or a view made for it. */
export function EntryPane(props: EntryPaneProps) {
  const { connectionId, entry, overview, mode, onModeChange, version, onScope } = props;
  const common = { connectionId, mode, onModeChange, version, onScope };
  if (entry.state !== 'ok') return <UnavailablePane entry={entry} onSync={props.onSync} syncing={props.syncing} />;

  const target = entry.target;
  switch (target.kind) {
    case 'preset':
      return (
        <DatasetPane
          {...common}
          dataset="records"
          columns={target.preset.columns}
          where={target.preset.where}
          whereIsScope
          title={entry.title}
          records={{ design: props.design }}
          emptyText={target.preset.kind === 'all' ? 'This project has no records yet.' : 'No record has a row here yet.'}
        />
      );
    case 'arms-events':
      return <ArmsEventsPane {...common} datasets={overview.datasets} design={props.design} designError={props.designError} />;
    case 'report':
      return (
        <DatasetPane
          {...common}
          dataset={target.dataset.name}
          title={entry.title}
          emptyText="This report has no rows: its filter matches no record, or it was emptied in REDCap."
          toolbar={
            <button type="button" className="btn" onClick={() => props.onRemoveReport(entry)}>
              Remove report…
            </button>
          }
        />
      );
    case 'dataset':
      if (target.dataset.name === 'logging') return <LoggingPane {...common} users={overview.datasets.find((d) => d.name === 'users')} />;
      if (target.dataset.name === 'file_repository') return <RepositoryPane connectionId={connectionId} version={version} onScope={onScope} />;
      return <DatasetPane {...common} dataset={target.dataset.name} title={entry.title} emptyText={`REDCap returned no ${entry.title.toLowerCase()}.`} />;
  }
}
