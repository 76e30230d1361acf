import { AppError } from '../../../../shared/contract/errors.ts';

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Path segments that belong to Brim's API or web app, not to a prefix the server is mounted under. */
const siteSegments = new Set(['api', 'admin', 'login', 'projects', 'project', 'settings']);

export const brimExampleUrl = 'https://demo.brimanalytics.com';

/**
 * Turns what a user types or pastes (`demo.brimanalytics.com`, `https://host/api/v1/`, the Swagger page
 * `https://host/api/docs#/`, a page of the web app) into the server base, ending in `/`. API paths are
 * then `{base}api/v1/…/` — Brim's scripts build them the same way from `API_URL`.
 */
export function normalizeBrimUrl(input: string): { url: string; adjusted: boolean } {
  const trimmed = input.trim();
  if (trimmed === '') throw new AppError('VALIDATION', `Enter the Brim API address, e.g. ${brimExampleUrl}.`);
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `${/^(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/i.test(trimmed) ? 'http' : 'https'}://${trimmed}`;
  let parsed: URL;
  try {
    parsed = new URL(withScheme);
  } catch {
    throw new AppError('VALIDATION', `That is not a web address. Enter the Brim API address, e.g. ${brimExampleUrl}.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new AppError('VALIDATION', 'Brim addresses start with https:// (or http:// for a server on this computer).');
  }
  if (parsed.protocol === 'http:' && !loopbackHosts.has(parsed.hostname)) {
    throw new AppError('VALIDATION', 'Use the https:// address: over http:// your Brim token and the notes you upload would travel unencrypted. Only a server on this computer (localhost) may use http://.');
  }
  if (parsed.username || parsed.password) {
    throw new AppError('VALIDATION', 'Leave user names and passwords out of the address; Carrel sends the Brim API token separately.');
  }
  const segments = parsed.pathname.split('/').filter((segment) => segment !== '');
  const siteStart = segments.findIndex((segment) => siteSegments.has(segment.toLowerCase()));
  const prefix = siteStart === -1 ? segments : segments.slice(0, siteStart);
  const path = prefix.length === 0 ? '/' : `/${prefix.join('/')}/`;
  const url = `${parsed.protocol}//${parsed.host.toLowerCase()}${path}`;
  return { url, adjusted: url !== trimmed };
}

/** `{base}api/v1/{path}/`: every Brim path ends in a slash (the server answers 404 without it). */
export function brimEndpoint(baseUrl: string, path: string): string {
  const clean = path.replace(/^\/+|\/+$/g, '');
  return `${baseUrl}api/v1/${clean}/`;
}

/** The base's host, for messages (never the path or query). */
export function brimHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return 'the Brim server';
  }
}
