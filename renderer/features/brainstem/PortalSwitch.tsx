import { useState } from 'react';
import type { BrainstemPortalName, ConnectionSummary } from '../../../shared/contract/connections.ts';
import { useApi } from '../../api/api-context.ts';

const portals: Array<{ id: BrainstemPortalName; label: string; title: string }> = [
  { id: 'private', label: 'Private', title: 'What your sign-in may read: your projects, your groups’ resources, shared taxonomies' },
  { id: 'public', label: 'Public', title: 'Published projects and public resources: anyone may read them, no sign-in needed' },
];

/**
 * Which of the server's portals the screen shows. Each portal has its own offline copy, so switching
 * back and forth never mixes public and private records.
 */
export function PortalSwitch({ connectionId, portal, disabled, onChanged, onError }: {
  connectionId: string;
  portal: BrainstemPortalName;
  disabled?: boolean;
  onChanged: (connection: ConnectionSummary) => void;
  onError: (error: unknown) => void;
}) {
  const api = useApi();
  const [busy, setBusy] = useState<BrainstemPortalName | null>(null);

  const choose = async (next: BrainstemPortalName): Promise<void> => {
    if (next === portal || busy) return;
    setBusy(next);
    try {
      onChanged(await api.call('brainstem.setPortal', { connectionId, portal: next }));
    } catch (error) {
      onError(error);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="segmented" role="group" aria-label="Portal" data-testid="portal-switch" data-portal={portal}>
      {portals.map((p) => (
        <button key={p.id} type="button" aria-pressed={(busy ?? portal) === p.id} title={p.title} disabled={disabled || busy !== null} onClick={() => void choose(p.id)}>
          {p.label}
        </button>
      ))}
    </div>
  );
}
