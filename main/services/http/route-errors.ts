import { isIP } from 'node:net';
import { AppError } from '../../../shared/contract/errors.ts';

/**
 * Certificate and proxy failures, explained with the fix. Node shells report OpenSSL codes
 * (UNABLE_TO_VERIFY_LEAF_SIGNATURE…) and the proxy they used; Electron's net.fetch reports `net::ERR_…`
 * codes and follows the system's proxy settings, so the fix it needs is in the system, not in Carrel.
 * There is deliberately no "ignore certificate errors" way out anywhere.
 */

export interface RouteFacts {
  host: string;
  codes: string[];
  /** `host:port` of the proxy the Node shell used for this scheme, if any. */
  proxy: string | null;
  /** CA files this request trusted on top of the default roots. */
  caFiles: string[];
  /** Every message and every socket endpoint in the error's cause chain. */
  messages: string;
  endpoints: Array<{ hostname?: string; address?: string; port?: number }>;
  details: Record<string, unknown>;
  cause: unknown;
}

const untrustedAuthority = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_CERT_AUTHORITY_INVALID',
]);
const badDates = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_CERT_DATE_INVALID']);
const wrongName = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_CERT_COMMON_NAME_INVALID']);
const revoked = new Set(['CERT_REVOKED', 'ERR_CERT_REVOKED']);
const anyTls = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_|ERR_SSL_|ERR_CERT_|ERR_BAD_SSL)/;

/** Electron's codes for a proxy taken from the system settings or a PAC file. */
const systemProxyFailures = new Set(['ERR_PROXY_CONNECTION_FAILED', 'ERR_TUNNEL_CONNECTION_FAILED', 'ERR_MANDATORY_PROXY_CONFIGURATION_FAILED', 'ERR_PROXY_CERTIFICATE_INVALID']);
const systemProxyAuth = new Set(['ERR_PROXY_AUTH_REQUESTED', 'ERR_PROXY_AUTH_UNSUPPORTED', 'ERR_PROXY_AUTH_REQUESTED_WITH_NO_CONNECTION']);
const socketFailures = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function electron(facts: RouteFacts): boolean {
  return facts.codes.some((code) => code.startsWith('ERR_CERT_') || code.startsWith('ERR_SSL_') || code.startsWith('ERR_PROXY_') || code.startsWith('ERR_TUNNEL_') || code === 'ERR_MANDATORY_PROXY_CONFIGURATION_FAILED');
}

/** A certificate problem, explained; null when the failure is not about certificates. */
export function explainTls(facts: RouteFacts): AppError | null {
  const { host, codes } = facts;
  if (!codes.some((code) => anyTls.test(code))) return null;
  const has = (set: Set<string>): boolean => codes.some((code) => set.has(code));
  const options = { details: facts.details, cause: facts.cause };
  if (has(untrustedAuthority)) {
    if (electron(facts)) {
      return new AppError('TLS', `The certificate of ${host} is signed by an authority this computer does not trust. If your institution uses its own certificate authority, install its certificate in this computer's certificate store (your IT department can help), then try again.`, options);
    }
    if (facts.caFiles.length > 0) {
      return new AppError('TLS', `The certificate of ${host} is not signed by an authority this computer trusts, nor by the custom CA certificate set for this connection (${facts.caFiles.join(', ')}). Check that the file is your institution's CA certificate (the root or intermediate that signed the server), then try again.`, { ...options, details: { ...facts.details, caFiles: facts.caFiles } });
    }
    return new AppError('TLS', `The certificate of ${host} is signed by an authority this computer does not trust. If your institution uses its own certificate authority, add its certificate file (PEM) in the connection's settings under "Custom CA certificate", then try again. If not, something may be intercepting the connection: ask your IT department.`, options);
  }
  if (has(badDates)) {
    return new AppError('TLS', `The certificate of ${host} has expired or is not valid yet. Check that this computer's date and time are right; if they are, the server's administrators must renew its certificate.`, options);
  }
  if (has(wrongName)) {
    return new AppError('TLS', `The certificate of ${host} was made for another name. Use the exact server name its certificate is made for (for example redcap.example.edu rather than an alias or an IP address) in the connection's address.`, options);
  }
  if (has(revoked)) {
    return new AppError('TLS', `The certificate of ${host} has been revoked by its authority. Do not use this server until its administrators replace the certificate.`, options);
  }
  return new AppError('TLS', `A secure connection to ${host} could not be set up (${codes.find((code) => anyTls.test(code))}). If the address starts with https://, check its port; if your institution uses its own certificate authority, add its certificate in the connection's settings.`, options);
}

/** A proxy problem, explained; null when no proxy was involved in the failure. */
export function explainProxy(facts: RouteFacts): AppError | null {
  const { host, codes } = facts;
  const options = { details: { ...facts.details, proxy: facts.proxy }, cause: facts.cause };
  if (codes.some((code) => systemProxyAuth.has(code))) {
    return new AppError('UNREACHABLE', `The proxy server in this computer's network settings asks for a sign-in that Carrel cannot give. Ask your IT department for a proxy that does not need one for ${host}, or for ${host} to be exempted from the proxy.`, options);
  }
  if (codes.some((code) => systemProxyFailures.has(code))) {
    return new AppError('UNREACHABLE', `The proxy server in this computer's network settings (or its automatic proxy configuration) did not let Carrel reach ${host}. Check the system proxy settings, or ask your IT department.`, { ...options, retryable: true });
  }
  if (facts.proxy === null) return null;
  const tunnel = /Proxy response \((\d{3})\)/.exec(facts.messages);
  if (tunnel?.[1] === '407') {
    return new AppError('UNREACHABLE', `The proxy server ${facts.proxy} asks for a user name and password (407). Put them in the proxy address, as in HTTPS_PROXY=http://user:password@${facts.proxy}, or ask your IT department.`, options);
  }
  if (tunnel) {
    return new AppError('UNREACHABLE', `The proxy server ${facts.proxy} would not connect Carrel to ${host} (it answered ${tunnel[1]}). Ask your IT department whether ${host} may be reached through it; if the server should be reached directly, add it to NO_PROXY.`, { ...options, retryable: tunnel[1] === '502' || tunnel[1] === '503' || tunnel[1] === '504' });
  }
  const [proxyHost, proxyPort] = splitAddress(facts.proxy);
  // A name lookup failure names the host; a refused or timed-out socket names the address and port.
  const literal = isIP(proxyHost) !== 0;
  const atProxy = facts.endpoints.some(
    (endpoint) => endpoint.hostname === proxyHost || (endpoint.port !== undefined && endpoint.port === proxyPort && (!literal || endpoint.address === proxyHost)),
  );
  if (atProxy && codes.some((code) => socketFailures.has(code))) {
    return new AppError('UNREACHABLE', `The proxy server ${facts.proxy} (from the HTTPS_PROXY or HTTP_PROXY setting) could not be reached. Check that proxy address; if ${host} should be reached directly, add it to NO_PROXY.`, { ...options, retryable: true });
  }
  return null;
}

function splitAddress(address: string): [string, number | undefined] {
  const match = /^(.*):(\d+)$/.exec(address);
  if (!match) return [address, undefined];
  return [match[1]!.replace(/^\[(.*)\]$/, '$1'), Number(match[2])];
}
