import { net } from 'electron';
import type { FetchLike } from '../services/http/http-client.ts';

/** Chromium's network stack: system proxy settings, PAC files and the OS certificate store. */
export const netFetch: FetchLike = (url, init) => net.fetch(url, init);
