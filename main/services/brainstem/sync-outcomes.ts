import { isAppError } from '../../../shared/contract/errors.ts';
import type { BrainstemPortalName } from '../../../shared/contract/connections.ts';
import type { LoadAllResult } from '../connectors/brainstem/load-all.ts';
import { modelPluralNoun } from './naming.ts';

export type ModelAvailability = 'ok' | 'forbidden' | 'not-applicable' | 'failed';

/** What happened to one model in a sync. */
export interface ModelOutcome {
  model: string;
  dataset: string;
  availability: ModelAvailability;
  /** Rows now cached (the old copy's when it failed). */
  rows: number;
  note: string | null;
}

/** A failure after which no other model can be read either: the sync stops and says why. */
export function stopsTheSync(error: unknown): boolean {
  if (!isAppError(error)) return true;
  if (error.code === 'AUTH_FAILED') return error.details?.reason !== 'sign_in_required';
  return ['CANCELLED', 'NO_TOKEN', 'RATE_LIMITED', 'KEYCHAIN', 'INTERNAL'].includes(error.code);
}

export function isNetworkFailure(error: unknown): boolean {
  return isAppError(error) && (error.code === 'UNREACHABLE' || error.code === 'TIMEOUT' || error.code === 'TLS');
}

/**
 * Why one model could not be synced, in a sentence for the user: refused for this account (forbidden),
 * not served by this server or portal (not applicable), or anything else (failed: the old copy stays).
 */
export function classifyModelError(model: string, portal: BrainstemPortalName, error: unknown): { availability: Exclude<ModelAvailability, 'ok'>; note: string } {
  const noun = modelPluralNoun(model);
  if (!isAppError(error)) return { availability: 'failed', note: `Carrel could not read the ${noun}. The previous copy is kept.` };
  const status = typeof error.details?.status === 'number' ? error.details.status : null;
  if (error.code === 'FORBIDDEN') {
    return { availability: 'forbidden', note: `Your BrainSTEM account may not read ${noun} in the ${portal} portal. Ask a project or group manager if you need them.` };
  }
  if (error.code === 'AUTH_FAILED') {
    return { availability: 'forbidden', note: `BrainSTEM only shows ${noun} to signed-in users. Sign in, then sync again.` };
  }
  if ((error.code === 'NOT_SERVICE' && status === 404) || (error.code === 'SERVICE_ERROR' && status === 405)) {
    return { availability: 'not-applicable', note: `This BrainSTEM server does not offer ${noun} in the ${portal} portal.` };
  }
  return { availability: 'failed', note: `${error.message} The previous copy of the ${noun} is kept; sync again to retry.` };
}

/** A load that did not add up is not trusted: the old copy stays (the cache never shows half a truth). */
export function incompleteLoad(model: string, result: LoadAllResult): string | null {
  const noun = modelPluralNoun(model);
  for (const issue of result.issues) {
    if (issue.kind === 'total_mismatch' && issue.received < issue.serverTotal) {
      return `BrainSTEM said it has ${issue.serverTotal.toLocaleString('en-US')} ${noun} but sent ${issue.received.toLocaleString('en-US')} (they may have changed during the sync). The previous copy is kept; sync again.`;
    }
    if (issue.kind === 'repeated_page' || issue.kind === 'page_limit') {
      return `BrainSTEM kept sending the same page of ${noun}, so Carrel stopped reading them. The previous copy is kept; sync again, and tell the BrainSTEM team if it keeps happening.`;
    }
  }
  return null;
}
