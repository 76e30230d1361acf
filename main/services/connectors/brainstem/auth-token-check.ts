import { AppError, isAppError } from '../../../../shared/contract/errors.ts';
import type { HttpClient } from '../../http/http-client.ts';
import { BrainstemApi, type BrainstemToken } from './api.ts';
import { BrainstemClient } from './client.ts';

export interface TokenCheck {
  /** The projects this account can see in the private portal, when the server says. */
  projectCount: number | null;
}

/**
 * Proves a token works with the cheapest authenticated call: one private project (limit=1). A rejected
 * token is AUTH_FAILED (reason token_rejected); an address that is not a BrainSTEM API is NOT_SERVICE.
 */
export async function checkBrainstemToken(http: HttpClient, baseUrl: string, token: BrainstemToken, options: { signal?: AbortSignal } = {}): Promise<TokenCheck> {
  const client = new BrainstemClient(new BrainstemApi(http, { baseUrl, portal: 'private', token }));
  try {
    const page = await client.list('project', { limit: 1 }, options);
    return { projectCount: page.totalResults ?? page.count };
  } catch (error) {
    if (isAppError(error) && error.code === 'BAD_RESPONSE' && !error.retryable) {
      throw new AppError('NOT_SERVICE', `The server at ${baseUrl} answered, but not like a BrainSTEM API. Check the server address.`, { cause: error });
    }
    throw error;
  }
}
