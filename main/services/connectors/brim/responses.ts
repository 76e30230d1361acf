import type { z } from 'zod';
import { AppError } from '../../../../shared/contract/errors.ts';
import { parseRetryAfter } from '../../http/backoff.ts';
import { brimHost } from './address.ts';
import { errorBodySchema } from './envelopes.ts';
import type { BrimCapability } from './types.ts';
import { quotableServerText } from '../../http/server-text.ts';

/** What a request was for, so that an error can say what happened and what to do. */
export interface BrimRequestContext {
  baseUrl: string;
  /** "the notes upload", "the task status" … */
  what: string;
  projectId: number | null;
  /** Set for the inferred endpoints: a missing route turns the feature off rather than failing. */
  capability: BrimCapability | null;
  /** The request changes something on the server (it was not retried). */
  write: boolean;
  /** Redacted from anything quoted back (a server could echo the token). */
  secret: string | null;
}

export const tokenPages =
  'In Brim, project tokens are under Settings → Manage Project → Project API Tokens; organization tokens under Admin → Org Settings → Organization API Tokens.';

export function looksLikeHtml(contentType: string | null, text: string): boolean {
  const head = text.slice(0, 256).trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || ((contentType ?? '').includes('text/html') && head.startsWith('<'));
}

/** What the server said in an error body: `detail` (a string or Ninja's list of `{loc, msg}`), else short plain text. */
export function serverDetail(text: string, contentType: string | null, secret: string | null): string | null {
  if (looksLikeHtml(contentType, text)) return null;
  let said: string | null = null;
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) {
      const { detail, message } = parsed.data;
      if (typeof detail === 'string') said = detail;
      else if (Array.isArray(detail)) said = detail.map(describeValidationItem).filter(Boolean).slice(0, 3).join('; ') || null;
      else if (typeof message === 'string') said = message;
    }
  } catch {
    const trimmed = text.trim();
    said = trimmed.length > 0 && trimmed.length <= 300 ? trimmed : null;
  }
  if (said === null) return null;
  said = quotableServerText(said);
  if (said === '') return null;
  if (secret) said = said.split(secret).join('[token]');
  return said.length > 300 ? `${said.slice(0, 300)}…` : said;
}

function describeValidationItem(item: unknown): string {
  if (typeof item !== 'object' || item === null) return typeof item === 'string' ? item : '';
  const record = item as { loc?: unknown; msg?: unknown };
  const loc = Array.isArray(record.loc) ? record.loc.filter((part) => part !== 'body' && part !== 'form').join('.') : '';
  const msg = typeof record.msg === 'string' ? record.msg : '';
  return loc ? `${loc}: ${msg}` : msg;
}

/** A 404/405 that means "no such route here" rather than "no such project or task". */
function routeMissing(status: number, detail: string | null, html: boolean): boolean {
  if (status === 405) return true;
  return html || detail === null || /^not found\.?$/i.test(detail.trim());
}

/**
 * Turns a non-2xx (or a web page with 200, or a redirect) into an AppError; returns null for a usable
 * answer. Messages name the host and the project, never the token or uploaded values.
 */
export function brimError(status: number, headers: Headers, text: string, context: BrimRequestContext): AppError | null {
  const host = brimHost(context.baseUrl);
  const contentType = headers.get('content-type');
  const html = looksLikeHtml(contentType, text);
  if (status >= 300 && status < 400) {
    const location = headers.get('location')?.replace(/[?#].*$/, '');
    const toHttps = location?.startsWith('https:') && context.baseUrl.startsWith('http:');
    return new AppError('NOT_SERVICE', `${host} sent ${context.what} on to ${location ?? 'another address'}. Carrel does not follow it${context.write ? ' (the upload could be lost on the way), so nothing was sent' : ''}. Check the API address in the connection settings${toHttps ? ' (use https://)' : ''}.`, { details: { status } });
  }
  if (status >= 200 && status < 300) {
    if (html) return new AppError('NOT_SERVICE', `${host} answered ${context.what} with a web page instead of Brim API data. Check the API address; if your institution puts a sign-in page in front of Brim, sign in there first.`, { details: { status } });
    return null;
  }

  const detail = serverDetail(text, contentType, context.secret);
  const says = detail ? ` Brim says: ${detail}` : '';
  const details: Record<string, unknown> = { status, ...(detail ? { detail } : {}) };
  const project = context.projectId === null ? 'this project' : `project ${context.projectId}`;

  if (context.capability !== null && (status === 404 || status === 405) && routeMissing(status, detail, html)) {
    return new AppError('UNSUPPORTED', `This Brim server does not offer ${context.what} (HTTP ${status}). Carrel turns the feature off for this connection; use Brim's web app for it.`, { details: { ...details, capability: context.capability } });
  }
  if (status === 401) {
    return new AppError('AUTH_FAILED', `Brim at ${host} did not accept the API token (HTTP 401): it is wrong, was deactivated, or was replaced by a new one. Copy a current token from Brim and update the connection. ${tokenPages}`, { details: { ...details, reason: 'token_rejected' } });
  }
  if (status === 403) {
    return new AppError('FORBIDDEN', `The API token is valid but may not use ${project} (HTTP 403). A project API token opens only the project it was made for; an organization API token (made by an organization admin) opens every project of the organization. Use the token of ${project}, or an organization token. ${tokenPages}${says}`, { details: { ...details, reason: 'token_scope' } });
  }
  if (status === 404 || status === 405) {
    if (routeMissing(status, detail, html)) {
      return new AppError('NOT_SERVICE', `Nothing answers ${context.what} at ${host} (HTTP ${status}). Check the API address: it is the address of Brim itself (e.g. https://demo.brimanalytics.com), and its API lives under /api/v1/.`, { details });
    }
    return new AppError('NOT_FOUND', `Brim does not know ${/task/i.test(detail ?? '') ? 'that task' : project} (HTTP 404). Check the project id in the connection settings.${says}`, { details });
  }
  if (status === 400 || status === 422) {
    return new AppError('VALIDATION', `Brim did not accept ${context.what} (HTTP ${status}).${says || ' It gave no reason; check the file or the values and try again.'}`, { details });
  }
  if (status === 409) return new AppError('CONFLICT', `Brim cannot do ${context.what} now (HTTP 409).${says}`, { details });
  if (status === 413) {
    return new AppError('VALIDATION', `The file is larger than Brim at ${host} accepts (HTTP 413). Split it into smaller files and upload them one after the other.`, { details });
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers.get('retry-after'));
    return new AppError('RATE_LIMITED', `Brim is limiting the number of requests (HTTP 429). Wait ${retryAfterMs === null ? 'a minute' : `${Math.ceil(retryAfterMs / 1000)} s`}, then try again.`, { retryable: true, details: { ...details, retryAfterMs } });
  }
  if (status >= 500) {
    return new AppError('SERVICE_ERROR', `Brim at ${host} had an internal error with ${context.what} (HTTP ${status}).${says} Try again later; if it keeps happening, write to support@brimanalytics.com.`, { retryable: true, details });
  }
  return new AppError('SERVICE_ERROR', `Brim could not carry out ${context.what} (HTTP ${status}).${says}`, { details });
}

/** Parses a JSON answer; a cut-off or foreign body is an error that says so. */
export function parseBrimJson<T extends z.ZodType>(text: string, bytes: number, schema: T, context: BrimRequestContext): z.output<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      throw new AppError('BAD_RESPONSE', `Brim's answer to ${context.what} was cut off after ${bytes} bytes. Try again.`, { retryable: !context.write });
    }
    throw new AppError('BAD_RESPONSE', `Brim answered ${context.what} with something that is not JSON. Check the API address.`);
  }
  if (typeof value === 'object' && value !== null && (value as { status?: unknown }).status === 'error') {
    const detail = serverDetail(text, 'application/json', context.secret);
    throw new AppError('SERVICE_ERROR', `Brim reported an error for ${context.what}.${detail ? ` Brim says: ${detail}` : ''}`, { details: detail ? { detail } : {} });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.slice(0, 3).join('.')}` : '';
    throw new AppError('BAD_RESPONSE', `Brim's answer to ${context.what} is not what Brim sends${where}: ${issue?.message ?? 'unexpected shape'}.`);
  }
  return parsed.data;
}
