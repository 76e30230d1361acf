import { AppError } from '../../../shared/contract/errors.ts';

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
  for (let depth = 0; depth < 5 && current; depth++) {
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

const tlsCodes = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_|ERR_CERT_|ERR_BAD_SSL)/;

function messages(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
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

  if (codes.some((code) => tlsCodes.test(code))) {
    return new AppError('TLS', `The certificate of ${host} is not trusted. If your institution uses its own certificate authority, ask IT to install it in this computer's trust store, then try again.`, { details, cause: error });
  }
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
