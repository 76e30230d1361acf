import { net } from 'electron';
import type { FetchLike } from '../services/http/http-client.ts';

/**
 * Chromium's network stack: the default session follows the system proxy settings (including PAC files
 * and WPAD), so no `session.setProxy` is needed, and trusts the OS certificate store. A connection's
 * `caFiles` route is ignored here on purpose: verifying a private CA by hand in
 * `setCertificateVerifyProc` would mean re-implementing chain checks; desktop users install their
 * institution's CA in the system store instead, and the connection dialog says so.
 */
export const netFetch: FetchLike = (url, init) => net.fetch(url, init);
