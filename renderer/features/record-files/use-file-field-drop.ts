import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useApi } from '../../api/api-context.ts';

/** The column a drop landed on in a data grid: its header, or a cell under that header. */
function columnUnder(target: EventTarget | null): string | null {
  if (!(target instanceof Element)) return null;
  const header = target.closest('[role="columnheader"]');
  if (header) return header.getAttribute('data-column');
  const cell = target.closest('[role="gridcell"]');
  const grid = target.closest('[role="grid"]');
  const index = cell?.getAttribute('aria-colindex');
  if (!grid || !index) return null;
  return grid.querySelector(`[role="columnheader"][aria-colindex="${index}"]`)?.getAttribute('data-column') ?? null;
}

/**
 * Files dropped on a file-upload field's column of the records table go into that field: the screen's
 * drop area lets `onDropCapture` note the column under the pointer (before its own drop handler runs),
 * then asks `take()` whether the drop was meant for a file field. `structureKey` changes when a sync
 * may have changed the fields.
 */
export function useFileFieldDrop(connectionId: string, structureKey: string | null): { onDropCapture: (event: DragEvent) => void; take: () => string | null } {
  const api = useApi();
  const [fields, setFields] = useState<ReadonlySet<string>>(new Set());
  const dropped = useRef<string | null>(null);

  useEffect(() => {
    if (structureKey === null) return;
    let live = true;
    api.call('recordFiles.targets', { connectionId }).then(
      (targets) => live && setFields(new Set(targets.fields.map((f) => f.field))),
      // Without the list, drops simply keep their ordinary meaning (a CSV import).
      () => live && setFields(new Set()),
    );
    return () => {
      live = false;
    };
  }, [api, connectionId, structureKey]);

  return {
    onDropCapture: (event) => {
      const column = columnUnder(event.target);
      dropped.current = column !== null && fields.has(column) ? column : null;
    },
    take: () => {
      const field = dropped.current;
      dropped.current = null;
      return field;
    },
  };
}
