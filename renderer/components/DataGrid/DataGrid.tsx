import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent } from 'react';
import type { ColumnInfo, SortKey, ValueMode } from '../../../shared/contract/datasets.ts';
import { toTsv, writeClipboard } from './clipboard-text.ts';
import { fitWidths, initialWidth, maxColumnWidth, minColumnWidth } from './column-widths.ts';
import type { RowCache } from './row-cache.ts';
import { bounds, contains, moveSelection, type GridSelection } from './selection.ts';
import './data-grid.css';

export interface DataGridProps {
  columns: ColumnInfo[];
  rowCount: number;
  cache: RowCache;
  mode: ValueMode;
  sort: SortKey[];
  onSortChange: (sort: SortKey[]) => void;
  /** Short status lines for the user ("Copied 3 rows", "Selection too large"). */
  onNotice: (message: string) => void;
  label: string;
  /** Identifies the view shown, so tests and benchmarks can tell when a new sort or filter is on screen. */
  viewId: string;
  /** Enter or a double-click on a row (opens the record, where rows are records). */
  onActivateRow?: (row: number) => void;
  /** A row to move the focus to and show, when something outside the grid moves through the rows. */
  activeRow?: number | null;
}

const rowHeight = 30;
const headerHeight = 48;
const maxCopyCells = 2_000_000;
const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

function nextSort(sort: SortKey[], column: string, additive: boolean): SortKey[] {
  const current = sort.find((key) => key.column === column);
  const others = additive ? sort.filter((key) => key.column !== column) : [];
  if (!current) return [...others, { column, direction: 'asc' }];
  if (current.direction === 'asc') return additive ? sort.map((key) => (key.column === column ? { column, direction: 'desc' } : key)) : [{ column, direction: 'desc' }];
  return others;
}

/**
 * The records table. Rows and columns are virtualised (only what is on screen exists in the DOM), rows
 * come from main in blocks, the record-ID column stays put while scrolling sideways, and the keyboard
 * works as in a spreadsheet. Sorting is done by main in SQL; the grid only asks for it.
 */
export function DataGrid({ columns, rowCount, cache, mode, sort, onSortChange, onNotice, label, viewId, onActivateRow, activeRow }: DataGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [widths, setWidths] = useState<number[]>(() => columns.map(initialWidth));
  const [selection, setSelection] = useState<GridSelection>({ anchor: { row: 0, col: 0 }, focus: { row: 0, col: 0 } });
  const dragging = useRef(false);

  // Widths are guessed from the headers, then fitted to the first rows once; a new sort or filter
  // over the same columns keeps them (and whatever the user dragged).
  const signature = columns.map((column) => column.name).join('\u0001');
  const fittedFor = useRef<string | null>(null);
  useEffect(() => {
    if (fittedFor.current !== signature) setWidths(columns.map(initialWidth));
    // columns stand for signature here
  }, [signature]);
  useEffect(() => {
    if (fittedFor.current === signature) return;
    const sample: string[][] = [];
    for (let row = 0; row < Math.min(rowCount, 100); row++) {
      const values = cache.get(row);
      if (!values) break;
      sample.push(values);
    }
    if (sample.length === 0 && rowCount > 0) return;
    fittedFor.current = signature;
    setWidths(fitWidths(columns, sample));
  });
  useEffect(() => cache.subscribe(rerender), [cache]);
  useEffect(() => setSelection({ anchor: { row: 0, col: 0 }, focus: { row: 0, col: 0 } }), [cache]);
  useEffect(() => {
    const stop = (): void => {
      dragging.current = false;
    };
    window.addEventListener('mouseup', stop);
    return () => window.removeEventListener('mouseup', stop);
  }, []);

  const keyWidth = widths[0] ?? 120;
  const bodyWidths = useMemo(() => widths.slice(1), [widths]);

  const rows = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
    paddingStart: headerHeight,
    scrollPaddingStart: headerHeight,
  });
  const cols = useVirtualizer({
    horizontal: true,
    count: bodyWidths.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => bodyWidths[index] ?? 120,
    overscan: 4,
    paddingStart: keyWidth,
    scrollPaddingStart: keyWidth,
  });
  useEffect(() => cols.measure(), [bodyWidths, keyWidth, cols]);

  const virtualRows = rows.getVirtualItems();
  const virtualCols = cols.getVirtualItems();
  const firstRow = virtualRows[0]?.index ?? 0;
  const lastRow = virtualRows.at(-1)?.index ?? 0;
  useEffect(() => {
    if (rowCount > 0) cache.ensure(firstRow, lastRow);
  }, [cache, firstRow, lastRow, rowCount]);

  const selected = bounds(selection);
  const totalWidth = keyWidth + bodyWidths.reduce((sum, width) => sum + width, 0);
  const ready = rowCount === 0 || cache.get(firstRow) !== undefined;

  const reveal = useCallback(
    (row: number, col: number) => {
      rows.scrollToIndex(row, { align: 'auto' });
      if (col > 0) cols.scrollToIndex(col - 1, { align: 'auto' });
    },
    [rows, cols],
  );

  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  useEffect(() => {
    if (activeRow === null || activeRow === undefined) return;
    setSelection((current) => ({ anchor: { row: activeRow, col: current.focus.col }, focus: { row: activeRow, col: current.focus.col } }));
    rowsRef.current.scrollToIndex(activeRow, { align: 'auto' });
    // Also after the rows were reloaded (a sync), which moves the selection back to the top.
  }, [activeRow, cache]);

  const copy = useCallback(
    async (withHeader: boolean) => {
      const b = bounds(selection);
      const cells = (b.bottom - b.top + 1) * (b.right - b.left + 1);
      if (rowCount === 0) return;
      if (cells > maxCopyCells) {
        onNotice(`That selection has ${cells.toLocaleString('en-US')} cells, too many for the clipboard. Export the view to a file instead.`);
        return;
      }
      try {
        const data = (await cache.range(b.top, b.bottom)).map((row) => row.slice(b.left, b.right + 1));
        const header = withHeader ? [columns.slice(b.left, b.right + 1).map((column) => column.name)] : [];
        await writeClipboard(toTsv([...header, ...data]));
        const height = b.bottom - b.top + 1;
        const width = b.right - b.left + 1;
        onNotice(height * width === 1 ? 'Copied 1 cell' : `Copied ${height.toLocaleString('en-US')} × ${width} cells${withHeader ? ' with field names' : ''}`);
      } catch (error) {
        onNotice(`Could not copy: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    [selection, rowCount, cache, columns, onNotice],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    const primary = isMac ? event.metaKey : event.ctrlKey;
    if (primary && event.key.toLowerCase() === 'c') {
      event.preventDefault();
      void copy(event.shiftKey);
      return;
    }
    if (event.key === 'Enter' && onActivateRow && rowCount > 0 && !primary && !event.altKey) {
      event.preventDefault();
      onActivateRow(selection.focus.row);
      return;
    }
    const pageRows = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 600) - headerHeight) / rowHeight) - 1);
    const next = moveSelection(selection, { key: event.key, shift: event.shiftKey, primary }, { rows: rowCount, cols: columns.length, pageRows });
    if (!next) return;
    event.preventDefault();
    setSelection(next);
    reveal(next.focus.row, next.focus.col);
  };

  const onCellMouseDown = (event: MouseEvent, row: number, col: number): void => {
    if (event.button !== 0) return;
    dragging.current = true;
    setSelection((current) => (event.shiftKey ? { anchor: current.anchor, focus: { row, col } } : { anchor: { row, col }, focus: { row, col } }));
    scrollRef.current?.focus({ preventScroll: true });
  };
  const onCellMouseEnter = (row: number, col: number): void => {
    if (dragging.current) setSelection((current) => ({ anchor: current.anchor, focus: { row, col } }));
  };

  const startResize = (event: PointerEvent<HTMLDivElement>, index: number): void => {
    event.preventDefault();
    event.stopPropagation();
    const startX = event.clientX;
    const startWidth = widths[index] ?? 120;
    const target = event.currentTarget;
    target.setPointerCapture(event.pointerId);
    const move = (e: globalThis.PointerEvent): void => {
      const width = Math.min(maxColumnWidth, Math.max(minColumnWidth, startWidth + e.clientX - startX));
      setWidths((current) => current.map((w, i) => (i === index ? width : w)));
    };
    const up = (): void => {
      target.removeEventListener('pointermove', move);
      target.removeEventListener('pointerup', up);
    };
    target.addEventListener('pointermove', move);
    target.addEventListener('pointerup', up);
  };

  const header = (column: ColumnInfo, index: number, left: number | null, width: number) => {
    const key = sort.find((s) => s.column === column.name);
    const position = sort.findIndex((s) => s.column === column.name);
    return (
      <div
        key={column.name}
        role="columnheader"
        aria-colindex={index + 1}
        aria-sort={key ? (key.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
        data-column={column.name}
        className={`dg-header-cell${index === 0 ? ' dg-sticky' : ''}${column.numeric && !(mode === 'label' && column.hasLabels) ? ' dg-numeric' : ''}`}
        style={left === null ? { width } : { left, width }}
        title={`${column.label}\n${column.name} · ${column.fieldType}${column.form ? ` · ${column.form}` : ''}\nClick to sort, Shift+click to add a sort level`}
        onClick={(event) => onSortChange(nextSort(sort, column.name, event.shiftKey))}
      >
        <span className="dg-header-label">{column.label}</span>
        <span className="dg-header-name">
          {column.name}
          {key ? <span className="dg-sort-mark" aria-hidden="true">{key.direction === 'asc' ? ' ▲' : ' ▼'}{sort.length > 1 ? position + 1 : ''}</span> : null}
        </span>
        <div className="dg-resize" aria-hidden="true" onPointerDown={(event) => startResize(event, index)} onClick={(event) => event.stopPropagation()} />
      </div>
    );
  };

  const cell = (rowIndex: number, colIndex: number, value: string | undefined, left: number | null, width: number) => {
    const column = columns[colIndex]!;
    const isSelected = contains(selected, rowIndex, colIndex);
    const isFocus = selection.focus.row === rowIndex && selection.focus.col === colIndex;
    const classes = ['dg-cell'];
    if (colIndex === 0) classes.push('dg-sticky');
    if (column.numeric && !(mode === 'label' && column.hasLabels)) classes.push('dg-numeric');
    if (isSelected) classes.push('dg-selected');
    if (isFocus) classes.push('dg-focus');
    if (value === undefined) classes.push('dg-loading');
    return (
      <div
        key={colIndex}
        role="gridcell"
        aria-colindex={colIndex + 1}
        aria-selected={isSelected}
        className={classes.join(' ')}
        style={left === null ? { width } : { left, width }}
        onMouseDown={(event) => onCellMouseDown(event, rowIndex, colIndex)}
        onMouseEnter={() => onCellMouseEnter(rowIndex, colIndex)}
        onDoubleClick={onActivateRow ? () => onActivateRow(rowIndex) : undefined}
        title={value && value.length > 24 ? value : undefined}
      >
        {value ?? ''}
      </div>
    );
  };

  return (
    <div
      ref={scrollRef}
      className="dg-scroll"
      role="grid"
      aria-label={label}
      aria-rowcount={rowCount + 1}
      aria-colcount={columns.length}
      aria-multiselectable="true"
      tabIndex={0}
      data-ready={ready ? 'true' : 'false'}
      data-view-id={viewId}
      data-testid="records-grid"
      onKeyDown={onKeyDown}
    >
      <div className="dg-canvas" style={{ width: totalWidth, height: rows.getTotalSize() }}>
        <div className="dg-header" role="row" aria-rowindex={1} style={{ width: totalWidth, height: headerHeight }}>
          {columns[0] ? header(columns[0], 0, null, keyWidth) : null}
          {virtualCols.map((vc) => header(columns[vc.index + 1]!, vc.index + 1, vc.start, vc.size))}
        </div>
        {virtualRows.map((vr) => {
          const row = cache.get(vr.index);
          return (
            <div key={vr.index} role="row" aria-rowindex={vr.index + 2} className={`dg-row${vr.index % 2 ? ' dg-odd' : ''}`} style={{ top: vr.start, height: rowHeight, width: totalWidth }}>
              {cell(vr.index, 0, row?.[0], null, keyWidth)}
              {virtualCols.map((vc) => cell(vr.index, vc.index + 1, row?.[vc.index + 1], vc.start, vc.size))}
            </div>
          );
        })}
      </div>
    </div>
  );
}
