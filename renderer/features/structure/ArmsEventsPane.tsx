import { useEffect, useState } from 'react';
import type { DatasetSummary, ValueMode } from '../../../shared/contract/datasets.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { DatasetPane } from '../project/DatasetPane.tsx';
import type { ExportScope } from '../project/ExportDialog.tsx';
import type { ProjectDesign } from '../project/use-project-design.ts';
import { FormEventGrid } from './FormEventGrid.tsx';

const tables = [
  { id: 'grid', title: 'Form–event grid' },
  { id: 'arms', title: 'Arms' },
  { id: 'events', title: 'Events' },
  { id: 'form_events', title: 'Instruments per event' },
] as const;
type Tab = (typeof tables)[number]['id'];

export interface ArmsEventsPaneProps {
  connectionId: string;
  datasets: DatasetSummary[];
  design: ProjectDesign | null;
  designError: unknown;
  mode: ValueMode;
  onModeChange: (mode: ValueMode) => void;
  version: number;
  onScope: (scope: ExportScope | null) => void;
}

/** A longitudinal project's arms and events: the form–event grid, and the three tables behind it. */
export function ArmsEventsPane({ connectionId, datasets, design, designError, mode, onModeChange, version, onScope }: ArmsEventsPaneProps) {
  const [tab, setTab] = useState<Tab>('grid');
  // The grid is not a table main can export; the other tabs report their own scope.
  useEffect(() => {
    if (tab === 'grid') onScope(null);
  }, [tab, onScope]);
  const available = (id: Tab): boolean => id === 'grid' || datasets.find((d) => d.name === id)?.availability === 'ok';
  const tabs = (
    <div className="segmented" role="group" aria-label="Show">
      {tables.filter((t) => available(t.id)).map((t) => (
        <button key={t.id} type="button" aria-pressed={tab === t.id} onClick={() => setTab(t.id)}>
          {t.title}
        </button>
      ))}
    </div>
  );

  if (tab !== 'grid') {
    const title = tables.find((t) => t.id === tab)!.title;
    return <DatasetPane key={tab} connectionId={connectionId} dataset={tab} title={title} mode={mode} onModeChange={onModeChange} version={version} onScope={onScope} toolbar={tabs} />;
  }
  return (
    <div className="pane">
      <div className="toolbar">
        {tabs}
        <span className="spacer" />
        <span className="muted">{design ? `${design.instruments.length} instruments × ${design.events.length} events` : ''}</span>
      </div>
      {designError ? <ErrorNotice error={designError} /> : null}
      {design ? design.events.length > 0 ? <FormEventGrid design={design} /> : <div className="empty-grid muted">This project has no events.</div> : designError ? null : <div className="empty-grid muted">Loading…</div>}
    </div>
  );
}
