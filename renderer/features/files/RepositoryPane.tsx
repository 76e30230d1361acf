import { useEffect, useRef, useState } from 'react';
import { useApi } from '../../api/api-context.ts';
import { errorMessage } from '../../api/client.ts';
import { formatCount } from '../../app/format.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { ProgressBar } from '../../components/ProgressBar.tsx';
import { useFileDrop } from '../../components/use-file-drop.ts';
import type { ExportScope } from '../project/ExportDialog.tsx';
import { useDebounced } from '../project/use-debounced.ts';
import { UploadQueue } from '../uploads/UploadQueue.tsx';
import { repositoryUploadRules } from '../uploads/upload-rules.ts';
import { useUploadQueue } from '../uploads/use-upload-queue.ts';
import { finishDownload } from './deliver-file.ts';
import { NewFolderDialog } from './NewFolderDialog.tsx';
import { RepositoryList } from './RepositoryList.tsx';
import { listingLimit, useRepositoryFolder, type RepositoryItem } from './use-repository-folder.ts';
import './repository.css';

function countText(folders: number, files: number): string {
  const parts = [folders > 0 ? `${formatCount(folders)} folder${folders === 1 ? '' : 's'}` : '', files > 0 || folders === 0 ? `${formatCount(files)} file${files === 1 ? '' : 's'}` : ''];
  return parts.filter(Boolean).join(' · ');
}

export interface RepositoryPaneProps {
  connectionId: string;
  version: number;
  onScope: (scope: ExportScope | null) => void;
}

/**
 * The project's File Repository, folder by folder, from the offline cache: download, upload (drop
 * files on the list or pick them) into the folder shown, new folders, delete with a confirmation.
 * Every change is made in REDCap at once; then a sync brings the listing up to date.
 */
export function RepositoryPane({ connectionId, version, onScope }: RepositoryPaneProps) {
  const api = useApi();
  const [trail, setTrail] = useState<Array<{ id: number | null; name: string }>>([{ id: null, name: 'File repository' }]);
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<RepositoryItem | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const seenVersion = useRef(version);
  seenVersion.current = version;
  const folder = trail.at(-1)!;
  const debouncedFilter = useDebounced(filter.trim(), 200);
  // While files are on their way the listing holds still; it is read again once when the queue is idle.
  const listingVersion = useRef(version);

  // The listing is browsed here, not exported: the header's Export applies to tables.
  useEffect(() => onScope(null), [onScope]);

  const work = async (label: string, action: () => Promise<string | null>, refresh: boolean): Promise<void> => {
    const before = seenVersion.current;
    setBusy(label);
    setError(null);
    try {
      const done = await action();
      if (refresh) {
        // Main updates the cached listing after a change and says so; if it did not, a sync does.
        await new Promise((resolve) => setTimeout(resolve, 400));
        if (seenVersion.current !== before) setNotice(done);
        else {
          try {
            await api.call('sync.start', { connectionId, mode: 'auto' });
            setNotice(`${done ?? 'Done'} — syncing to refresh the listing…`);
          } catch (e) {
            setNotice(`${done ?? 'Done'}. The listing could not be refreshed: ${errorMessage(e)}`);
          }
        }
      } else if (done) setNotice(done);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  // Each file goes into the folder shown when it was dropped, even if the user browses on meanwhile.
  const targets = useRef(new WeakMap<File, number | null>());
  const queueStart = useRef(version);
  const queue = useUploadQueue({
    rules: repositoryUploadRules,
    send: async (file, report) => {
      const staged = await api.stageFile(file);
      report({ state: 'sending' });
      await api.call('repository.upload', { connectionId, folderId: targets.current.get(file) ?? null, stageId: staged.stageId });
    },
    onSettled: (uploaded) => {
      const before = queueStart.current;
      setNotice(`Uploaded ${formatCount(uploaded)} file${uploaded === 1 ? '' : 's'}`);
      // Main updates the cached listing after each upload and says so; if it did not, one sync does.
      setTimeout(() => {
        if (seenVersion.current !== before) return;
        api.call('sync.start', { connectionId, mode: 'auto' }).then(
          () => setNotice(`Uploaded ${formatCount(uploaded)} file${uploaded === 1 ? '' : 's'} — syncing to refresh the listing…`),
          (e: unknown) => setNotice(`Uploaded ${formatCount(uploaded)} file${uploaded === 1 ? '' : 's'}. The listing could not be refreshed: ${errorMessage(e)}`),
        );
      }, 400);
    },
  });
  const upload = (files: File[]): void => {
    if (queue.summary.active === 0) queueStart.current = seenVersion.current;
    for (const file of files) targets.current.set(file, folder.id);
    setError(null);
    queue.add(files);
  };
  if (queue.summary.active === 0) listingVersion.current = version;
  const { listing, error: listError } = useRepositoryFolder(connectionId, folder.id, debouncedFilter, listingVersion.current);

  // The queue takes files at any time; a download or a new folder in progress does not refuse a drop.
  const drop = useFileDrop(upload);
  const folders = listing?.items.filter((i) => i.kind === 'folder').length ?? 0;
  const files = (listing?.items.length ?? 0) - folders;

  return (
    <div className="pane repo-pane" data-testid="repository">
      <div className="toolbar">
        <nav aria-label="Folder path" className="repo-trail">
          <ol>
            {trail.map((step, index) => (
              <li key={`${step.id ?? 'root'}`}>
                {index < trail.length - 1 ? (
                  <button type="button" className="btn btn-link" onClick={() => setTrail(trail.slice(0, index + 1))}>
                    {step.name}
                  </button>
                ) : (
                  <span aria-current="page">{step.name}</span>
                )}
              </li>
            ))}
          </ol>
        </nav>
        <input type="search" className="filter repo-filter" placeholder="Filter this folder" value={filter} onChange={(e) => setFilter(e.target.value)} aria-label="Filter this folder" />
        <span className="spacer" />
        <span className="muted" data-testid="row-count">
          {listing ? countText(folders, files + listing.more) : ''}
        </span>
        <button type="button" className="btn" disabled={busy !== null} onClick={() => setCreating(true)}>
          New folder…
        </button>
        <button type="button" className="btn" disabled={busy !== null} onClick={() => picker.current?.click()}>
          Upload…
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          data-testid="repository-file-input"
          onChange={(event) => {
            const chosen = [...(event.target.files ?? [])];
            event.target.value = '';
            if (chosen.length > 0) upload(chosen);
          }}
        />
      </div>
      {busy ? (
        <div className="sync-strip" role="status">
          <ProgressBar done={0} total={null} label={busy} />
          <span className="muted">{busy}</span>
          <span />
        </div>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      {listError ? <ErrorNotice error={listError} /> : null}
      <div className={`repo-drop${drop.over ? ' repo-drop-over' : ''}`} {...drop.props}>
        {listing && listing.items.length > 0 ? (
          <RepositoryList
            items={listing.items}
            busy={busy !== null}
            onOpen={(item) => {
              setFilter('');
              setTrail([...trail, { id: item.id, name: item.name }]);
            }}
            onDownload={(item) => void work(`Downloading ${item.name}…`, async () => finishDownload(await api.call('repository.download', { connectionId, docId: item.id })), false)}
            onDelete={setDeleting}
          />
        ) : listing ? (
          <EmptyState
            className="repo-empty"
            title={debouncedFilter ? `Nothing here matches “${debouncedFilter}”` : 'This folder is empty'}
            actions={
              debouncedFilter ? (
                <button type="button" className="btn" onClick={() => setFilter('')}>
                  Clear the filter
                </button>
              ) : null
            }
          >
            <p>Drop files here to upload them into {folder.id === null ? 'the top folder' : `“${folder.name}”`}, or use Upload…. New folder… makes a folder here.</p>
          </EmptyState>
        ) : null}
        {listing && listing.items.length > 0 && listing.items.length < 12 ? (
          <p className="repo-drop-note muted">Drop files anywhere here to upload them into {folder.id === null ? 'the top folder' : `“${folder.name}”`}.</p>
        ) : null}
        {listing && listing.more > 0 ? <p className="muted repo-more">Showing the first {formatCount(listingLimit)} entries; filter to find the others.</p> : null}
        {drop.over ? <div className="repo-drop-hint">Drop to upload into {folder.id === null ? 'the top folder' : `“${folder.name}”`}</div> : null}
      </div>
      <UploadQueue queue={queue} title={`Uploads to the file repository`} />
      <div className="statusbar" role="status">
        <span>{notice ?? 'Uploads, new folders and deletions are made in REDCap at once.'}</span>
      </div>
      {creating ? (
        <NewFolderDialog
          parent={folder.id === null ? 'the top folder' : `“${folder.name}”`}
          onClose={() => setCreating(false)}
          onCreate={(name) => {
            setCreating(false);
            void work(`Creating ${name}…`, async () => {
              await api.call('repository.createFolder', { connectionId, parentId: folder.id, name });
              return `Created the folder ${name}`;
            }, true);
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title="Delete the file?"
          confirmLabel="Delete"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const item = deleting;
            setDeleting(null);
            void work(`Deleting ${item.name}…`, async () => {
              await api.call('repository.delete', { connectionId, docId: item.id });
              return `Deleted ${item.name}`;
            }, true);
          }}
        >
          <p>
            Delete <strong>{deleting.name}</strong> from the project's File Repository? REDCap moves it to its recycle bin, where an administrator can restore it for
            a while.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
