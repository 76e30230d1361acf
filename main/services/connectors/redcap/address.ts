import { AppError } from '../../../../shared/contract/errors.ts';
import { isLoopbackHost, withScheme } from '../../http/server-address.ts';

/**
 * Turns what a user pastes (the API address, the project's web address, a bare host name) into the API
 * endpoint, which always ends in `/api/`. A page address such as
 * `https://redcap.example.edu/redcap_v14.1.5/index.php?pid=12` becomes `https://redcap.example.edu/api/`.
 */
export function normalizeRedcapUrl(input: string): { url: string; adjusted: boolean } {
  const trimmed = input.trim();
  let parsed: URL;
  try {
    parsed = new URL(withScheme(trimmed));
  } catch {
    throw new AppError('VALIDATION', 'That is not a web address. Paste the REDCap API address, e.g. https://redcap.example.edu/api/.');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new AppError('VALIDATION', 'REDCap addresses start with https://.');
  }
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    throw new AppError('VALIDATION', 'Use the https:// address: over http:// the API token would travel unencrypted.');
  }
  if (parsed.username || parsed.password) {
    throw new AppError('VALIDATION', 'Leave user names and passwords out of the address; Carrel only needs the API token.');
  }

  let path = parsed.pathname;
  const versioned = /^(.*?\/)redcap_v\d+(?:\.\d+)*\//i.exec(path);
  if (versioned?.[1] !== undefined) path = `${versioned[1]}api/`;
  else if (/\/api\/?$/i.test(path)) path = path.replace(/\/api\/?$/i, '/api/');
  else if (/\.php$/i.test(path)) path = path.replace(/[^/]*$/, 'api/');
  else path = `${path.replace(/\/?$/, '/')}api/`;

  const url = `${parsed.protocol}//${parsed.host}${path}`;
  const given = trimmed.replace(/#.*$/, '');
  return { url, adjusted: url !== given };
}

/** REDCap project tokens are 32 hexadecimal characters; a trailing newline from copy-paste is dropped. */
export function checkRedcapToken(input: string): string {
  const token = input.trim();
  if (/^[0-9A-Fa-f]{64}$/.test(token)) {
    throw new AppError('VALIDATION', 'This is a REDCap super token (64 characters). Carrel needs the project token (32 characters) from the project\'s "API" page.');
  }
  if (!/^[0-9A-Fa-f]{32}$/.test(token)) {
    throw new AppError('VALIDATION', `A REDCap API token is 32 hexadecimal characters (0–9, A–F); this one has ${token.length} characters${/[^0-9A-Fa-f]/.test(token) ? ' including other characters' : ''}. Copy it again from the project's "API" page in REDCap.`);
  }
  return token;
}
