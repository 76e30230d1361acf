import { AppError } from '../../../../shared/contract/errors.ts';
import { isLoopbackHost, serverBase, withScheme } from '../../http/server-address.ts';

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
  let parsed: URL;
  try {
    parsed = new URL(withScheme(trimmed, { httpForLoopback: true }));
  } catch {
    throw new AppError('VALIDATION', `That is not a web address. Enter the Brim API address, e.g. ${brimExampleUrl}.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new AppError('VALIDATION', 'Brim addresses start with https:// (or http:// for a server on this computer).');
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    throw new AppError('VALIDATION', 'Use the https:// address: over http:// your Brim token and the notes you upload would travel unencrypted. Only a server on this computer (localhost) may use http://.');
  }
  if (parsed.username || parsed.password) {
    throw new AppError('VALIDATION', 'Leave user names and passwords out of the address; Carrel sends the Brim API token separately.');
  }
  const url = serverBase(parsed, siteSegments);
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
