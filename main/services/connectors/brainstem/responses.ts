import type { z } from 'zod';
import { AppError, isAppError } from '../../../../shared/contract/errors.ts';
import type { HttpResponse } from '../../http/http-client.ts';
import { brainstemHost, defaultBrainstemUrl } from './address.ts';
import { drfErrorDetails, parseDrfError, type DrfErrorBody } from './error-bodies.ts';
import { quotableServerText } from '../../http/server-text.ts';

/** What a request was for, so that an error can say what to do about it. */
export interface RequestContext {
  baseUrl: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** 'list': a model's list URL; 'record': one record or its action; 'auth': a sign-in endpoint. */
  kind: 'list' | 'record' | 'auth';
  /** "session", "data acquisition"; or what the call is ("the sign-in code") for auth calls. */
  label: string;
  portal: string | null;
  /** No Authorization header was sent. */
  anonymous: boolean;
}

/**
 * Why an AUTH_FAILED happened, in `details.reason`, so the app can send the user back to sign-in; such
 * errors also carry `details.signIn: true`, which the UI reads to offer sign-in in place and retry.
 */
export type SignInReason = 'token_rejected' | 'sign_in_required';

/** True for the errors after which the user must sign in to this server again. */
export function needsSignIn(error: unknown): boolean {
  return isAppError(error) && error.code === 'AUTH_FAILED' && (error.details?.reason === 'token_rejected' || error.details?.reason === 'sign_in_required');
}

export function looksLikeHtml(response: HttpResponse): boolean {
  const type = response.headers.get('content-type') ?? '';
  const head = response.text().slice(0, 256).trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html') || (type.includes('text/html') && head.startsWith('<'));
}

/** Server text is quoted in a message only when it cannot be echoing submitted values back. */
function safeToQuote(text: string): boolean {
  return text.length <= 200 && !/["'`]/.test(text);
}

function said(body: DrfErrorBody | null): string {
  if (!body) return '';
  const fieldNames = Object.keys(body.fields);
  const parts: string[] = [];
  for (const field of fieldNames.slice(0, 3)) {
    const raw = body.fields[field]?.[0];
    const first = raw === undefined ? undefined : quotableServerText(raw);
    const name = quotableServerText(field);
    parts.push(first && safeToQuote(first) ? `${name}: ${first}` : name);
  }
  if (fieldNames.length > 3) parts.push(`and ${fieldNames.length - 3} more`);
  for (const message of [...(body.detail ? [body.detail] : []), ...body.general].slice(0, 2).map(quotableServerText)) {
    if (message && safeToQuote(message)) parts.push(message);
  }
  return parts.length > 0 ? ` BrainSTEM says: ${parts.join('; ')}.` : '';
}

function withoutQuery(location: string): string {
  return location.replace(/[?#].*$/, '');
}

const tokensPage = (baseUrl: string): string => `${baseUrl}private/users/tokens/`;

/**
 * Reads one BrainSTEM answer and throws an AppError that says what happened and what to do. Messages name
 * the host and the model, never the token, record ids or values the user sent; the server's field messages
 * go into `details`.
 */
export function checkBrainstemResponse(response: HttpResponse, context: RequestContext): void {
  const { status } = response;
  const host = brainstemHost(context.baseUrl);
  const write = context.method !== 'GET';
  if (status >= 300 && status < 400) {
    const location = response.headers.get('location');
    const where = location ? ` to ${withoutQuery(location)}` : '';
    throw new AppError('NOT_SERVICE', write
      ? `${host} redirected the change${where}. Carrel does not resend changes to another address (the data could be lost on the way), so nothing was saved. Check the server address in the connection settings.`
      : `${host} sends this request on${where}. Check the server address in the connection settings${location?.startsWith('https:') && context.baseUrl.startsWith('http:') ? ' (use https://)' : ''}.`,
    { details: { status } });
  }
  const html = looksLikeHtml(response);
  if (status >= 200 && status < 300) {
    if (html) {
      throw new AppError('NOT_SERVICE', `${host} answered with a web page instead of BrainSTEM API data. Check the server address; if your institution puts a login page in front of BrainSTEM, sign in there first.`, { details: { status } });
    }
    return;
  }

  const body = html ? null : parseDrfError(response.text());
  const details: Record<string, unknown> = { status, ...drfErrorDetails(body) };
  const detailText = body?.detail ?? '';

  if (status === 401 || (status === 403 && (context.anonymous || /credentials were not provided|token/i.test(detailText)))) {
    if (context.anonymous) {
      throw new AppError('AUTH_FAILED', `${host} needs you to sign in for this. Sign in to BrainSTEM, or use the public portal for public data.`, { details: { ...details, reason: 'sign_in_required', signIn: true } });
    }
    throw new AppError('AUTH_FAILED', `${host} no longer accepts your BrainSTEM sign-in: the token is invalid, expired or was revoked. Sign in again, or create a new personal access token at ${tokensPage(context.baseUrl)}.`, { details: { ...details, reason: 'token_rejected', signIn: true } });
  }
  if (status === 403) {
    const verb = write ? 'change' : 'see';
    throw new AppError('FORBIDDEN', `Your BrainSTEM account may not ${verb} this ${context.label}. Ask a manager of the project (or group) to give you ${write ? 'contributor' : 'member'} rights.`, { details });
  }
  if (status === 404) {
    if (html || context.kind !== 'record' || !body) {
      throw new AppError('NOT_SERVICE', `Nothing answers at this BrainSTEM API address on ${host} (HTTP 404). Check the server address; BrainSTEM's own is ${defaultBrainstemUrl}.`, { details });
    }
    const publicHint = context.portal === 'public' ? ' Records that are not public are only in the private portal.' : '';
    throw new AppError('NOT_FOUND', `This ${context.label} does not exist on ${host}, or it is not visible to you in the ${context.portal ?? 'private'} portal.${publicHint}`, { details });
  }
  if (status === 400) {
    throw new AppError('VALIDATION', `BrainSTEM did not accept the ${context.label}${write ? '' : ' request'} (HTTP 400).${said(body) || ' The details say why.'}`, { details });
  }
  if (status === 405) {
    throw new AppError('SERVICE_ERROR', `BrainSTEM does not allow this (${context.method}) on a ${context.label}${context.portal === 'public' ? ' in the public portal; changes go through the private portal' : ''}.`, { details });
  }
  if (status === 429) {
    throw new AppError('RATE_LIMITED', `BrainSTEM is limiting the number of requests (HTTP 429). Wait a few minutes, then try again.`, { retryable: true, details });
  }
  if (status >= 500) {
    throw new AppError('SERVICE_ERROR', `BrainSTEM at ${host} had an internal error (HTTP ${status}). Try again later; if it keeps happening, tell the BrainSTEM team (support.brainstem.org).`, { retryable: true, details });
  }
  throw new AppError('SERVICE_ERROR', `BrainSTEM could not carry out the request (HTTP ${status}).${said(body)}`, { details });
}

/** Parses a JSON answer against a schema; a cut-off or unexpected body is an error that says so. */
export function parseBrainstemJson<T extends z.ZodType>(response: HttpResponse, schema: T, what: string): z.output<T> {
  const text = response.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const trimmed = text.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      throw new AppError('BAD_RESPONSE', `BrainSTEM's answer (${what}) was cut off after ${response.body.length} bytes. Carrel retries reads automatically; try again.`, { retryable: true });
    }
    throw new AppError('BAD_RESPONSE', `BrainSTEM answered ${what} with something that is not JSON. Check the server address.`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.slice(0, 3).join('.')}` : '';
    throw new AppError('BAD_RESPONSE', `BrainSTEM's answer (${what}) is not what BrainSTEM sends${where}: ${issue?.message ?? 'unexpected shape'}.`);
  }
  return parsed.data;
}
