import { useEffect, useState } from 'react';
import type { SortKey, ViewCondition } from '../../../shared/contract/datasets.ts';
import { useApi } from '../../api/api-context.ts';
import { readDataset } from '../project/read-dataset.ts';

export interface RepositoryItem {
  kind: 'folder' | 'file';
  name: string;
  path: string;
  /** folder_id for folders, doc_id for files. */
  id: number;
}

export interface RepositoryListing {
  items: RepositoryItem[];
  /** Entries of the folder not read (a folder with thousands of files). */
  more: number;
}

export const listingLimit = 2000;
/** Folders before files ('folder' > 'file'), then by name. */
export const listingSort: SortKey[] = [
  { column: 'type', direction: 'desc' },
  { column: 'name', direction: 'asc' },
];

export function folderCondition(folderId: number | null): ViewCondition[] {
  return [{ column: 'parent_folder_id', values: [folderId === null ? '' : String(folderId)] }];
}

/** One folder of the cached File Repository listing (read through a view: only that folder's rows). */
export function useRepositoryFolder(connectionId: string, folderId: number | null, filter: string, version: number): { listing: RepositoryListing | null; error: unknown } {
  const api = useApi();
  const [listing, setListing] = useState<RepositoryListing | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    readDataset(api, { connectionId, dataset: 'file_repository', where: folderCondition(folderId), sort: listingSort, filter }, listingLimit).then(
      ({ rows, more }) => {
        if (!live) return;
        setListing({
          more,
          items: rows.map((row) => {
            const kind = row.type === 'folder' ? 'folder' : 'file';
            return { kind, name: row.name ?? '', path: row.path ?? '', id: Number(kind === 'folder' ? row.folder_id : row.doc_id) };
          }),
        });
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [api, connectionId, folderId, filter, version]);

  return { listing, error };
}
