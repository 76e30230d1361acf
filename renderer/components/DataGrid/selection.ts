export interface CellPosition {
  row: number;
  col: number;
}

export interface GridSelection {
  anchor: CellPosition;
  focus: CellPosition;
}

export interface SelectionBounds {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export function bounds(selection: GridSelection): SelectionBounds {
  return {
    top: Math.min(selection.anchor.row, selection.focus.row),
    bottom: Math.max(selection.anchor.row, selection.focus.row),
    left: Math.min(selection.anchor.col, selection.focus.col),
    right: Math.max(selection.anchor.col, selection.focus.col),
  };
}

export function contains(b: SelectionBounds, row: number, col: number): boolean {
  return row >= b.top && row <= b.bottom && col >= b.left && col <= b.right;
}

export interface KeyInput {
  key: string;
  shift: boolean;
  /** Ctrl on Windows/Linux, Cmd on macOS. */
  primary: boolean;
}

/**
 * Spreadsheet movement: arrows, Page Up/Down, Home/End (row start/end; with Ctrl/Cmd the table's
 * corners), Ctrl/Cmd+arrows to the edges, Shift to extend, Ctrl/Cmd+A for everything. Returns null for
 * keys the grid does not handle.
 */
export function moveSelection(
  selection: GridSelection,
  input: KeyInput,
  size: { rows: number; cols: number; pageRows: number },
): GridSelection | null {
  const lastRow = Math.max(0, size.rows - 1);
  const lastCol = Math.max(0, size.cols - 1);
  if (input.primary && input.key.toLowerCase() === 'a') {
    return { anchor: { row: 0, col: 0 }, focus: { row: lastRow, col: lastCol } };
  }
  const { row, col } = selection.focus;
  let next: CellPosition;
  switch (input.key) {
    case 'ArrowUp':
      next = { row: input.primary ? 0 : row - 1, col };
      break;
    case 'ArrowDown':
      next = { row: input.primary ? lastRow : row + 1, col };
      break;
    case 'ArrowLeft':
      next = { row, col: input.primary ? 0 : col - 1 };
      break;
    case 'ArrowRight':
      next = { row, col: input.primary ? lastCol : col + 1 };
      break;
    case 'PageUp':
      next = { row: row - size.pageRows, col };
      break;
    case 'PageDown':
      next = { row: row + size.pageRows, col };
      break;
    case 'Home':
      next = input.primary ? { row: 0, col: 0 } : { row, col: 0 };
      break;
    case 'End':
      next = input.primary ? { row: lastRow, col: lastCol } : { row, col: lastCol };
      break;
    default:
      return null;
  }
  const focus = { row: Math.min(lastRow, Math.max(0, next.row)), col: Math.min(lastCol, Math.max(0, next.col)) };
  return { anchor: input.shift ? selection.anchor : focus, focus };
}
