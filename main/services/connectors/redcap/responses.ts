import type { z } from 'zod';
import { AppError } from '../../../../shared/contract/errors.ts';
import type { HttpResponse } from '../../http/http-client.ts';
import { quotableServerText } from '../../http/server-text.ts';

/** Set while testing a new connection: an HTML answer then means "wrong address", not "flaky server". */
export type Phase = 'connect' | 'data';

function looksLikeHtml(response: HttpResponse): boolean {
  const type = response.headers.get('content-type') ?? '';
  const head = response.text().slice(0, 512).trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || (type.includes('text/html') && head.startsWith('<'));
}

/** REDCap's error body follows returnFormat: {"error": …}, `ERROR: …`, or `<hash><error>…</error></hash>`. */
export function redcapErrorText(body: string): string | null {
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      if (parsed && typeof parsed === 'object' && 'error' in parsed && typeof parsed.error === 'string') return parsed.error;
    } catch {
      // not JSON: fall through to the other shapes
    }
  }
  if (/^error:/i.test(trimmed)) return trimmed.replace(/^error:\s*/i, '');
  const xml = /<error>([\s\S]*?)<\/error>/i.exec(trimmed);
  if (xml?.[1] !== undefined) return xml[1].trim();
  return null;
}

/**
 * Reads REDCap's error text for one kind of call (record imports: per-row validation lists) better than
 * the generic message can; answers null to leave the text to the generic handling.
 */
export type ErrorInterpreter = (serverText: string, status: number) => AppError | null;

function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

/**
 * Reads one REDCap answer. Throws an AppError that says what happened and what to do for redirects,
 * web pages, REDCap error bodies and HTTP failures; returns the body text of a good answer.
 */
export function checkRedcapResponse(response: HttpResponse, url: string, phase: Phase, interpret?: ErrorInterpreter): void {
  const status = response.status;
  if (status >= 300 && status < 400) {
    const location = response.headers.get('location');
    throw new AppError('NOT_SERVICE', location
      ? `The server sends this address on to ${location}. Use that address instead${location.startsWith('https:') && url.startsWith('http:') ? ' (https)' : ''}.`
      : `The server answered with a redirect (HTTP ${status}). Check the address.`, { details: { status } });
  }
  if (looksLikeHtml(response) && !redcapErrorText(response.text())) {
    if (phase === 'connect' || status !== 200) {
      throw new AppError('NOT_SERVICE', status === 404
        ? `Nothing answers at this address on ${host(url)} (HTTP 404). The REDCap API address usually ends in /api/, e.g. https://${host(url)}/api/.`
        : `${host(url)} answered with a web page instead of REDCap API data${status === 200 ? '' : ` (HTTP ${status})`}. Check that the address is your REDCap's API address (ending in /api/); if your institution puts a login page or VPN in front of REDCap, sign in to it first.`,
      { details: { status } });
    }
    // REDCap sometimes answers 200 with an HTML error page under load; retrying usually succeeds.
    throw new AppError('BAD_RESPONSE', `${host(url)} answered with a web page instead of data. This is usually a temporary REDCap problem; try again in a minute.`, { retryable: true, details: { status } });
  }
  if (status === 200) return;

  const serverText = redcapErrorText(response.text());
  // Quoted to the user without control characters; interpreters below still get the text as sent.
  const quoted = serverText ? quotableServerText(serverText) : '';
  const said = quoted ? ` REDCap says: "${quoted.slice(0, 500)}"` : '';
  if (status === 401 || status === 403) {
    if (serverText && /permissions to use the api/i.test(serverText)) {
      throw new AppError('AUTH_FAILED', 'REDCap did not accept this API token. Check that you copied the whole token from the project\'s "API" page, and that your API rights for the project are still active (tokens are per user and per project).', { details: { status } });
    }
    throw new AppError(status === 401 ? 'AUTH_FAILED' : 'FORBIDDEN', `REDCap refused the request (HTTP ${status}).${said}`, { details: { status } });
  }
  if (status === 404) {
    throw new AppError('NOT_SERVICE', `Nothing answers at this address (HTTP 404). The REDCap API address usually ends in /api/.`, { details: { status } });
  }
  if (status === 501) {
    throw new AppError('NOT_SERVICE', 'REDCap received a request without its parameters. This happens when an http:// address is redirected to https:// on the way; use the https:// address.', { details: { status } });
  }
  if (status === 429) {
    throw new AppError('RATE_LIMITED', `REDCap is limiting the number of requests (HTTP 429). Wait a few minutes, then try again.${said}`, { retryable: true, details: { status } });
  }
  if (serverText && /ran out of server memory/i.test(serverText)) {
    throw new AppError('SERVICE_ERROR', 'REDCap ran out of memory for this request. For a sync, lower the records-per-request batch size in Settings and sync again; for a file upload, try again later or ask your REDCap administrators to raise the memory limit.', { details: { status } });
  }
  if (status >= 500) {
    throw new AppError('SERVICE_ERROR', `REDCap had an internal error (HTTP ${status}).${said} Try again later; if it persists, tell your REDCap administrators.`, { retryable: true, details: { status } });
  }
  const interpreted = serverText === null ? null : (interpret?.(serverText, status) ?? null);
  if (interpreted) throw interpreted;
  if (!serverText && phase === 'connect') {
    throw new AppError('NOT_SERVICE', `The server answered HTTP ${status}, not like a REDCap API. Check the address.`, { details: { status } });
  }
  throw new AppError('SERVICE_ERROR', `REDCap could not carry out the request (HTTP ${status}).${said}`, { details: { status } });
}

/** Parses a JSON answer against a schema; a cut-off or unexpected body is an error that says so. */
export function parseRedcapJson<T extends z.ZodType>(response: HttpResponse, schema: T, what: string): z.output<T> {
  const text = response.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
      throw new AppError('BAD_RESPONSE', `REDCap's answer (${what}) was cut off after ${formatBytes(response.body.length)}. The connection or the server dropped it; Carrel retries this automatically, and you can try again.`, { retryable: true });
    }
    throw new AppError('BAD_RESPONSE', `REDCap answered ${what} with something that is not JSON (${formatBytes(response.body.length)}). Check that the address is a REDCap API.`, { retryable: false });
  }
  return parseAnswer(value, schema, what);
}

/** Checks a plain-text answer (a version, a survey link, a code) against a schema, with the same error. */
export function parseRedcapText<T extends z.ZodType>(text: string, schema: T, what: string): z.output<T> {
  return parseAnswer(text, schema, what);
}

function parseAnswer<T extends z.ZodType>(value: unknown, schema: T, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.slice(0, 3).join('.')}` : '';
    throw new AppError('BAD_RESPONSE', `REDCap's answer (${what}) is not what REDCap sends${where}: ${issue?.message ?? 'unexpected shape'}.`, { retryable: false });
  }
  return parsed.data;
}

export function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(0)} KB`;
}
