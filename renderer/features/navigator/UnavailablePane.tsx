import type { NavEntry } from './nav-entries.ts';

const headings: Record<NavEntry['state'], string> = {
  ok: '',
  'not-synced': 'Not in the offline cache yet',
  forbidden: 'Not available for this token',
  'not-applicable': "Doesn't apply to this project",
  failed: 'The last sync could not read this',
};

/** What the main area says for an entry that has nothing to show, and what to do about it. */
export function UnavailablePane({ entry, onSync, syncing }: { entry: NavEntry; onSync: () => void; syncing: boolean }) {
  const fallback: Record<NavEntry['state'], string> = {
    ok: '',
    'not-synced': `Sync the project to download ${entry.title.toLowerCase()} to this computer.`,
    forbidden: "The REDCap user of this connection's token may not read this. Ask the project's administrator for the right if you need it, then sync again.",
    'not-applicable': 'REDCap keeps nothing of this kind for this project.',
    failed: 'REDCap did not answer as expected. Sync again to retry.',
  };
  const canSync = entry.state === 'not-synced' || entry.state === 'failed' || entry.state === 'forbidden';
  return (
    <div className="pane">
      <section className="empty-state" data-testid="unavailable" data-state={entry.state}>
        <h2>
          {entry.title}: {headings[entry.state].toLowerCase()}
        </h2>
        <p>{entry.note ?? fallback[entry.state]}</p>
        {canSync ? (
          <button type="button" className="btn" onClick={onSync} disabled={syncing}>
            {syncing ? 'Syncing…' : entry.state === 'not-synced' ? 'Sync now' : 'Sync again'}
          </button>
        ) : null}
      </section>
    </div>
  );
}
