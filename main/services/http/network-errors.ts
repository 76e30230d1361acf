import { AppError } from '../../../shared/contract/errors.ts';
import { explainProxy, explainTls, type RouteFacts } from './route-errors.ts';

/**
 * What Node shells' fetch wraps around a failure: which proxy it used (host:port) and which CA files it
 * trusted, so that the explanation can name the right culprit and the right fix.
 */
export class FetchRouteError extends Error {
  readonly proxy: string | null;
  readonly caFiles: string[];

  constructor(route: { proxy: string | null; caFiles: string[] }, cause: unknown) {
    super('fetch failed', { cause });
    this.name = 'FetchRouteError';
    this.proxy = route.proxy;
    this.caFiles = route.caFiles;
  }
}

function routeOf(error: unknown): FetchRouteError | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof FetchRouteError) return current;
    current = current.cause;
  }
  return null;
}

/** The socket endpoints named anywhere in the cause chain (a refused connect names address and port). */
function endpoints(error: unknown): RouteFacts['endpoints'] {
  const out: RouteFacts['endpoints'] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const record = current as { hostname?: unknown; address?: unknown; port?: unknown; cause?: unknown; errors?: unknown };
    const endpoint: RouteFacts['endpoints'][number] = {};
    if (typeof record.hostname === 'string') endpoint.hostname = record.hostname;
    if (typeof record.address === 'string') endpoint.address = record.address;
    if (typeof record.port === 'number') endpoint.port = record.port;
    if (Object.keys(endpoint).length > 0) out.push(endpoint);
    if (Array.isArray(record.errors)) for (const inner of record.errors) out.push(...endpoints(inner));
    current = record.cause;
  }
  return out;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

/** Node's fetch hides the socket error in `cause` (sometimes nested); Electron's net.fetch puts `net::ERR_…` in the message. */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    if (typeof current === 'object' && current !== null) {
      const record = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
      if (typeof record.code === 'string') codes.push(record.code);
      if (typeof record.message === 'string') {
        const netCode = /net::(ERR_[A-Z_]+)/.exec(record.message);
        if (netCode?.[1]) codes.push(netCode[1]);
      }
      if (Array.isArray(record.errors)) {
        for (const inner of record.errors) codes.push(...errorCodes(inner));
      }
      current = record.cause;
    } else break;
  }
  return codes;
}

function messages(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    parts.push(current.message);
    current = current.cause;
  }
  return parts.join(' | ');
}

function safePort(url: string): string {
  try {
    return new URL(url).port || 'of this address';
  } catch {
    return 'of this address';
  }
}

/** Turns whatever fetch threw into an AppError that says what happened and what to do. */
export function classifyNetworkError(error: unknown, url: string): AppError {
  const host = hostOf(url);
  const codes = errorCodes(error);
  const has = (...names: string[]): boolean => codes.some((code) => names.includes(code));
  const details = { host, codes: codes.slice(0, 4) };

  const route = routeOf(error);
  const facts: RouteFacts = { host, codes, proxy: route?.proxy ?? null, caFiles: route?.caFiles ?? [], messages: messages(error), endpoints: endpoints(error), details, cause: error };
  const explained = explainProxy(facts) ?? explainTls(facts);
  if (explained) return explained;
  if (has('ENOTFOUND', 'EAI_AGAIN', 'ERR_NAME_NOT_RESOLVED', 'ERR_NAME_RESOLUTION_FAILED')) {
    return new AppError('UNREACHABLE', `The server name ${host} could not be found. Check the address for typos; if the server is only reachable on your institution's network, connect to it (or its VPN) first.`, { details, cause: error });
  }
  if (has('ECONNREFUSED', 'ERR_CONNECTION_REFUSED')) {
    return new AppError('UNREACHABLE', `${host} refused the connection. Check the address and port; the server may be down.`, { retryable: true, details, cause: error });
  }
  if (has('ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ERR_TIMED_OUT', 'ERR_CONNECTION_TIMED_OUT')) {
    return new AppError('TIMEOUT', `${host} did not answer in time. Check your network and try again.`, { retryable: true, details, cause: error });
  }
  if (has('ENETUNREACH', 'EHOSTUNREACH', 'ERR_INTERNET_DISCONNECTED', 'ERR_NETWORK_CHANGED', 'ERR_ADDRESS_UNREACHABLE')) {
    return new AppError('UNREACHABLE', `No network route to ${host}. Check that this computer is online.`, { retryable: true, details, cause: error });
  }
  if (has('ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ERR_CONNECTION_RESET', 'ERR_CONNECTION_CLOSED', 'ERR_EMPTY_RESPONSE')) {
    return new AppError('UNREACHABLE', `The connection to ${host} was cut off before the answer was complete. This is usually temporary; try again.`, { retryable: true, details, cause: error });
  }
  if (/bad port/i.test(messages(error)) || has('ERR_UNSAFE_PORT')) {
    return new AppError('VALIDATION', `Port ${safePort(url)} is blocked for safety by web clients (it belongs to another kind of service). Check the port in the address.`, { details, cause: error });
  }
  if (has('ERR_INVALID_URL') || (error instanceof TypeError && /invalid url/i.test(error.message))) {
    return new AppError('VALIDATION', 'The address is not a valid URL.', { details, cause: error });
  }
  return new AppError('UNREACHABLE', `Could not talk to ${host}. Check the address and your network, then try again.`, { retryable: true, details, cause: error });
}
