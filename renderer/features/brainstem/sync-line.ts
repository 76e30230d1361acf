import type { BrainstemModelSummary } from '../../../shared/contract/brainstem.ts';
import type { BrainstemPortalName } from '../../../shared/contract/connections.ts';
import type { Job } from '../../../shared/contract/jobs.ts';
import { formatCount } from '../../app/format.ts';

/**
 * What a finished sync says: how many records the portal gave, and which models could not be read
 * (refused or failed; models that simply are not in this portal are not news).
 */
export function syncLine(job: Job, models: readonly BrainstemModelSummary[], portal: BrainstemPortalName): { text: string; warning: boolean } {
  const result = job.result;
  if (result?.kind !== 'sync') return { text: job.message, warning: false };
  const unread = result.skipped
    .map((skipped) => models.find((m) => m.dataset === skipped.name))
    .filter((model): model is BrainstemModelSummary => model !== undefined && (model.availability === 'forbidden' || model.availability === 'failed'))
    .map((model) => model.pluralLabel);
  const text = `Synced ${formatCount(result.records)} records of the ${portal} portal.`;
  if (unread.length === 0) return { text, warning: false };
  return { text: `${text} Not read: ${unread.join(', ')} (the model list says why).`, warning: true };
}
