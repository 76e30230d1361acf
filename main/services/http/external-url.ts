import { isLoopbackHost } from './server-address.ts';

/**
 * Whether a URL may be handed to the operating system's browser. https only, except plain http to this
 * computer (a local server, e.g. a sandbox's sign-in page): nothing that travels the network in clear
 * text, no file: or custom schemes that launch other programs, no user names or passwords in the URL.
 * Returns the parsed URL to open, or null.
 */
export function externalUrlAllowed(url: string): URL | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.username || parsed.password) return null;
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) return parsed;
  return null;
}
