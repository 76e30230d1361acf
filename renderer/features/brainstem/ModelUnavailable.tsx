import type { BrainstemModelSummary } from '../../../shared/contract/brainstem.ts';
import type { BrainstemPortalName } from '../../../shared/contract/connections.ts';

const headings: Record<BrainstemModelSummary['availability'], string> = {
  ok: '',
  'not-synced': 'not in the offline cache yet',
  forbidden: 'not readable with this sign-in',
  'not-applicable': 'not in this portal',
  failed: 'the last sync could not read them',
};

/** What the main area says for a model the cache cannot show, and what to do about it. */
export function ModelUnavailable({ model, portal, signedIn, syncing, onSync, onSignIn }: {
  model: BrainstemModelSummary;
  portal: BrainstemPortalName;
  signedIn: boolean;
  syncing: boolean;
  onSync: () => void;
  onSignIn: () => void;
}) {
  const state = model.availability;
  const fallback: Record<BrainstemModelSummary['availability'], string> = {
    ok: '',
    'not-synced': `Sync to download the ${portal} portal's ${model.pluralLabel.toLowerCase()} to this computer.`,
    forbidden: signedIn ? 'The server does not let this account read them. Ask an administrator of the project or group if you need them.' : 'Sign in to read them.',
    'not-applicable': portal === 'public' ? 'Only the private portal lists these, for signed-in users.' : 'This server does not offer them.',
    failed: 'BrainSTEM did not answer as expected. Sync again to retry; the rest of the cache is unchanged.',
  };
  const canSync = state === 'not-synced' || state === 'failed' || (state === 'forbidden' && signedIn);
  return (
    <div className="pane">
      <section className="empty-state" data-testid="unavailable" data-state={state}>
        <h2>
          {model.pluralLabel}: {headings[state]}
        </h2>
        <p>{model.note ?? fallback[state]}</p>
        {state === 'forbidden' && !signedIn ? (
          <button type="button" className="btn btn-primary" onClick={onSignIn}>
            Sign in
          </button>
        ) : null}
        {canSync ? (
          <button type="button" className="btn" onClick={onSync} disabled={syncing}>
            {syncing ? 'Syncing…' : state === 'not-synced' ? `Sync ${model.pluralLabel.toLowerCase()} now` : 'Sync again'}
          </button>
        ) : null}
      </section>
    </div>
  );
}
