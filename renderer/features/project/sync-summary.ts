import type { JobResult } from '../../../shared/contract/jobs.ts';
import { formatCount } from '../../app/format.ts';

type SyncResult = Extract<JobResult, { kind: 'sync' }>;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * What a finished sync did, in a line: "Synced: 10 changed, 2 deleted · 3 datasets not available for
 * this token". Skipped datasets are told apart by their state in the overview: refused, or failed.
 */
export function syncSummary(result: SyncResult, describe: (dataset: string) => { title: string; forbidden: boolean }): { text: string; warning: boolean } {
  const parts: string[] = [];
  if (result.mode === 'full') parts.push(`Synced the whole project: ${plural(result.records, 'record')}`);
  else if (result.fetched === 0 && result.deleted === 0) parts.push('Synced: no record changed since the last sync');
  else parts.push(`Synced: ${formatCount(result.fetched)} changed, ${formatCount(result.deleted)} deleted`);
  const skipped = result.skipped.map((s) => describe(s.name));
  const list = (items: typeof skipped): string => {
    const names = items.map((i) => i.title);
    return names.length > 4 ? `${names.slice(0, 4).join(', ')}…` : names.join(', ');
  };
  const refused = skipped.filter((s) => s.forbidden);
  const failed = skipped.filter((s) => !s.forbidden);
  if (refused.length > 0) parts.push(`${plural(refused.length, 'dataset')} not available for this token (${list(refused)})`);
  if (failed.length > 0) parts.push(`${plural(failed.length, 'dataset')} could not be read (${list(failed)})`);
  return { text: parts.join(' · '), warning: skipped.length > 0 };
}
