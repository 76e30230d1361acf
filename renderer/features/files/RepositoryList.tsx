import type { RepositoryItem } from './use-repository-folder.ts';

export interface RepositoryListProps {
  items: RepositoryItem[];
  busy: boolean;
  onOpen: (folder: RepositoryItem) => void;
  onDownload: (file: RepositoryItem) => void;
  onDelete: (file: RepositoryItem) => void;
}

function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot > name.length - 7 ? name.slice(dot + 1).toUpperCase() : '';
}

/** A folder's entries: folders open on click or Enter; files have Download and Delete. */
export function RepositoryList({ items, busy, onOpen, onDownload, onDelete }: RepositoryListProps) {
  return (
    <ul className="repo-list" aria-label="Folder contents" data-testid="repository-list">
      {items.map((item) => (
        <li key={`${item.kind}:${item.id}`} className={`repo-item repo-${item.kind}`} data-kind={item.kind} data-name={item.name}>
          {item.kind === 'folder' ? (
            <button type="button" className="repo-name repo-folder-open" onClick={() => onOpen(item)} aria-label={`Open folder ${item.name}`}>
              <span className="repo-icon" aria-hidden="true" />
              <span>{item.name}</span>
            </button>
          ) : (
            <span className="repo-name">
              <span className="repo-icon repo-ext" aria-hidden="true">
                {extension(item.name) || 'FILE'}
              </span>
              <span>{item.name}</span>
            </span>
          )}
          <span className="repo-kind muted">{item.kind === 'folder' ? 'Folder' : ''}</span>
          {item.kind === 'file' ? (
            <span className="repo-actions">
              <button type="button" className="btn btn-small" disabled={busy} onClick={() => onDownload(item)} aria-label={`Download ${item.name}`}>
                Download
              </button>
              <button type="button" className="btn btn-small btn-danger" disabled={busy} onClick={() => onDelete(item)} aria-label={`Delete ${item.name}`}>
                Delete…
              </button>
            </span>
          ) : (
            <span className="repo-actions" />
          )}
        </li>
      ))}
    </ul>
  );
}
