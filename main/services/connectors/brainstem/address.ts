import { AppError } from '../../../../shared/contract/errors.ts';
import { isLoopbackHost, serverBase, withScheme } from '../../http/server-address.ts';

/**
 * First path segments that belong to BrainSTEM itself rather than to a prefix the server is mounted
 * under: `/api/…`, the site's `/private/…` and `/public/…` pages, the device-flow page `/account/…`.
 */
const siteSegments = new Set(['api', 'private', 'public', 'super', 'account', 'accounts', 'admin', 'login', 'logout']);

export const defaultBrainstemUrl = 'https://www.brainstem.org/';

/**
 * Turns what a user types or pastes (the site's address, a page such as
 * `https://www.brainstem.org/private/stem/session/…`, an API URL, a bare host name) into the server base,
 * which always ends in `/`. That base is also the key under which the server's token is stored, so that a
 * sign-in to a sandbox never replaces the production token.
 */
export function normalizeBrainstemUrl(input: string): { url: string; adjusted: boolean } {
  const trimmed = input.trim();
  if (trimmed === '') throw new AppError('VALIDATION', `Enter the BrainSTEM server address, e.g. ${defaultBrainstemUrl}.`);
  let parsed: URL;
  try {
    parsed = new URL(withScheme(trimmed));
  } catch {
    throw new AppError('VALIDATION', `That is not a web address. Enter the BrainSTEM server address, e.g. ${defaultBrainstemUrl}.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new AppError('VALIDATION', 'BrainSTEM addresses start with https://.');
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    throw new AppError('VALIDATION', 'Use the https:// address: over http:// your BrainSTEM token would travel unencrypted. Only a server on this computer (localhost) may use http://.');
  }
  if (parsed.username || parsed.password) {
    throw new AppError('VALIDATION', 'Leave user names and passwords out of the address; Carrel signs in to BrainSTEM separately.');
  }
  if (parsed.hostname.toLowerCase() === 'support.brainstem.org') {
    throw new AppError('VALIDATION', `support.brainstem.org is the BrainSTEM documentation site. The server address is ${defaultBrainstemUrl}.`);
  }

  const url = serverBase(parsed, siteSegments);
  return { url, adjusted: url !== trimmed };
}

/** The key a server's credentials are stored under; the same for every spelling of one address. */
export function brainstemServerKey(serverUrl: string): string {
  return normalizeBrainstemUrl(serverUrl).url;
}

/** The base's host, for messages (never the path or query, which could carry anything). */
export function brainstemHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return 'the BrainSTEM server';
  }
}
