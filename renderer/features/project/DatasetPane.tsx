import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ColumnInfo, SortKey, ValueMode, ViewCondition, ViewSpec } from '../../../shared/contract/datasets.ts';
import { useApi } from '../../api/api-context.ts';
import { formatCount, primaryKeyName } from '../../app/format.ts';
import { useCommands } from '../../app/commands/commands-context.tsx';
import { standardCommand } from '../../app/commands/registry.ts';
import { DataGrid } from '../../components/DataGrid/DataGrid.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { neighbourRecord, recordAt, type RecordCursor } from '../record-detail/neighbour-records.ts';
import { RecordDetailPanel } from '../record-detail/RecordDetailPanel.tsx';
import type { ExportScope } from './ExportDialog.tsx';
import { useDatasetView } from './use-dataset-view.ts';
import type { ProjectDesign } from './use-project-design.ts';
import { useDebounced } from './use-debounced.ts';

export interface DatasetPaneProps {
  connectionId: string;
  dataset: string;
  /** Columns to show, in order (a record preset); absent = all. */
  columns?: string[] | null;
  where?: ViewCondition[];
  /** Words quick filters add to the filter box's (Logging's action types). */
  extraFilter?: string;
  title: string;
  mode: ValueMode;
  onModeChange: (mode: ValueMode) => void;
  version: number;
  onScope: (scope: ExportScope | null) => void;
  /** Controls after the filter box (quick filters, a report's Remove button). */
  toolbar?: ReactNode;
  /**
   * The conditions define what this entry is (a record preset), so "of N" counts the rows that meet
   * them, not the whole dataset; otherwise (quick filters) they narrow it like the filter box.
   */
  whereIsScope?: boolean;
  /** Rows are records: Enter or a double-click opens one beside the table. */
  records?: { design: ProjectDesign | null };
  /**
   * Rows are records another pane shows (BrainSTEM): Enter or a double-click hands the row's key to
   * `onOpen`; `pane` sits beside the table, and the row stays marked while `openId` is its key.
   */
  rowPane?: { openId: string | null; onOpen: (id: string) => void; pane: ReactNode };
  /** A line under the toolbar (conditions). */
  belowToolbar?: ReactNode;
  /** The view's columns whenever a view opens, for controls outside the grid. */
  onColumns?: (columns: ColumnInfo[]) => void;
  emptyText?: string;
}

/**
 * One cached dataset in the grid, with the filter box, labels/raw switch (where values have labels),
 * row count and status line; the same view spec drives the table, copy and export.
 */
export function DatasetPane(props: DatasetPaneProps) {
  const { connectionId, dataset, title, mode, onModeChange, version, onScope, records, rowPane, onColumns } = props;
  const api = useApi();
  const [sort, setSort] = useState<SortKey[]>([]);
  const [filter, setFilter] = useState('');
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [detail, setDetail] = useState<RecordCursor | null>(null);
  const [neighbours, setNeighbours] = useState<{ previous: RecordCursor | null; next: RecordCursor | null }>({ previous: null, next: null });
  const filterRef = useRef<HTMLInputElement>(null);
  const gridArea = useRef<HTMLDivElement>(null);
  const debouncedFilter = useDebounced(filter, 200);
  const effectiveFilter = [debouncedFilter.trim(), props.extraFilter ?? ''].filter(Boolean).join(' ');

  const spec: ViewSpec = {
    connectionId,
    dataset,
    mode,
    sort,
    filter: effectiveFilter,
    ...(props.columns ? { columns: props.columns } : {}),
    ...(props.where && props.where.length > 0 ? { where: props.where } : {}),
  };
  const view = useDatasetView(api, spec, version + reload, true);
  // A preset's conditions are what it is, so "of N" counts its scope; quick filters narrow the whole.
  const ofTotal = (props.whereIsScope ? view.view?.scopeTotal : view.view?.unfilteredTotal) ?? 0;
  const hasLabels = view.view?.columns.some((c) => c.hasLabels) ?? false;
  const keyIndex = Math.max(0, view.view?.columns.findIndex((c) => c.isKey) ?? 0);
  const specKey = JSON.stringify(spec);

  useEffect(() => {
    const v = view.view;
    onScope(v && v.total > 0 ? { view: JSON.parse(specKey) as ViewSpec, title, rows: v.total, unfilteredRows: ofTotal, columns: v.columns } : null);
  }, [view.view, specKey, title, onScope, ofTotal]);
  useEffect(() => () => onScope(null), [onScope]);
  const viewColumns = view.view?.columns;
  useEffect(() => {
    if (viewColumns) onColumns?.(viewColumns);
  }, [viewColumns, onColumns]);

  useCommands([
    standardCommand('filter.focus', 'Data', {
      run: () => {
        filterRef.current?.focus();
        filterRef.current?.select();
      },
      keywords: ['search', 'find'],
    }),
    standardCommand('values.toggle', 'Data', { run: () => onModeChange(mode === 'raw' ? 'label' : 'raw'), enabled: () => hasLabels, keywords: ['codes', 'choices'] }),
  ]);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 6000);
    return () => clearTimeout(timer);
  }, [notice]);

  // The records before and after the open one, in the table's order, for Alt+↑/↓.
  const cache = view.cache;
  const total = view.view?.total ?? 0;
  useEffect(() => {
    if (!detail || !cache) return;
    let live = true;
    setNeighbours({ previous: null, next: null });
    void Promise.all([neighbourRecord(cache, total, keyIndex, detail, -1), neighbourRecord(cache, total, keyIndex, detail, 1)]).then(
      ([previous, next]) => live && setNeighbours({ previous, next }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [detail, cache, total, keyIndex]);

  const openInPane = rowPane?.onOpen;
  const openRow = useCallback(
    (row: number) => {
      if (!cache) return;
      void recordAt(cache, keyIndex, row).then(
        (cursor) => {
          if (!cursor) return;
          setDetail(cursor);
          openInPane?.(cursor.recordId);
        },
        () => undefined,
      );
    },
    [cache, keyIndex, openInPane],
  );
  // The caller's pane may show another record (a related one) or none: then no row is marked.
  const activeRow = rowPane ? (detail && rowPane.openId === detail.recordId ? detail.row : null) : (detail?.row ?? null);
  const closeDetail = useCallback(() => {
    setDetail(null);
    gridArea.current?.querySelector<HTMLElement>('[role=grid]')?.focus();
  }, []);
  const previous = neighbours.previous;
  const next = neighbours.next;
  const goPrevious = useCallback(() => previous && setDetail(previous), [previous]);
  const goNext = useCallback(() => next && setDetail(next), [next]);

  const sortText = sort.map((s) => `${s.column} ${s.direction === 'asc' ? '↑' : '↓'}`).join(', ');
  const v = view.view;
  return (
    <div className="pane" data-dataset={dataset}>
      <div className="toolbar">
        <input
          ref={filterRef}
          type="search"
          className="filter"
          placeholder={`Filter rows (${primaryKeyName}+F) — every word must appear in the row`}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label="Filter rows"
          data-testid="filter"
        />
        {hasLabels ? (
          <div className="segmented" role="group" aria-label="Values" title="Alt+L">
            <button type="button" aria-pressed={mode === 'label'} onClick={() => onModeChange('label')}>
              Labels
            </button>
            <button type="button" aria-pressed={mode === 'raw'} onClick={() => onModeChange('raw')}>
              Raw codes
            </button>
          </div>
        ) : null}
        {props.toolbar}
        <span className="spacer" />
        <span className="muted" data-testid="row-count">
          {v ? `${formatCount(v.total)}${v.total !== ofTotal ? ` of ${formatCount(ofTotal)}` : ''} rows · ${v.columns.length} columns` : view.loading ? 'Loading…' : ''}
        </span>
      </div>
      {props.belowToolbar}
      {view.error ? <ErrorNotice error={view.error} onRetry={() => setReload((n) => n + 1)} /> : null}
      <div className="pane-body" ref={gridArea}>
        {v && view.cache ? (
          v.total === 0 ? (
            <div className="empty-grid">
              {ofTotal === 0 ? (
                <EmptyState size="inline" title="This table is empty" testId="table-empty">
                  <p>{props.emptyText ?? 'There is nothing in this table yet. Sync again after it changes on the server.'}</p>
                </EmptyState>
              ) : (
                <EmptyState
                  size="inline"
                  title={filter.trim() ? `No rows match “${filter.trim()}”` : 'No rows match the filter'}
                  testId="no-match"
                  actions={
                    filter ? (
                      <button type="button" className="btn" onClick={() => setFilter('')}>
                        Clear the filter
                      </button>
                    ) : null
                  }
                >
                  <p>{filter.trim() ? `Every word must appear somewhere in a row; it hides all ${formatCount(ofTotal)} ${ofTotal === 1 ? 'row' : 'rows'}.` : `The chosen conditions hide all ${formatCount(ofTotal)} ${ofTotal === 1 ? 'row' : 'rows'}.`}</p>
                </EmptyState>
              )}
            </div>
          ) : (
            <DataGrid
              columns={v.columns}
              rowCount={v.total}
              cache={view.cache}
              mode={mode}
              sort={sort}
              onSortChange={setSort}
              onNotice={setNotice}
              label={title}
              viewId={v.viewId}
              onActivateRow={records || rowPane ? openRow : undefined}
              activeRow={activeRow}
            />
          )
        ) : (
          <div className="empty-grid" />
        )}
        {records && detail ? (
          <RecordDetailPanel
            connectionId={connectionId}
            recordId={detail.recordId}
            design={records.design}
            version={version}
            onClose={closeDetail}
            onPrevious={previous ? goPrevious : null}
            onNext={next ? goNext : null}
            onNotice={setNotice}
          />
        ) : null}
        {rowPane?.pane}
      </div>
      <div className="statusbar" role="status">
        <span>{notice ?? (sortText ? `Sorted by ${sortText}` : dataset === 'records' ? 'Record order' : 'Original order')}</span>
        <span className="spacer" />
        <span className="muted">
          {view.elapsedMs !== null ? `view ready in ${view.elapsedMs} ms · ` : ''}
          <span className="kbd">↑↓←→</span> move · <span className="kbd">Shift</span> select · <span className="kbd">{primaryKeyName}+C</span> copy
          {records || rowPane ? (
            <>
              {' '}
              · <span className="kbd">Enter</span> open record
            </>
          ) : null}
        </span>
      </div>
    </div>
  );
}
