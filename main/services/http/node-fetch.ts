import { statSync } from 'node:fs';
import tls from 'node:tls';
import { EnvHttpProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { readCaFile } from './ca-files.ts';
import type { FetchLike, FetchRoute } from './http-client.ts';
import { FetchRouteError } from './network-errors.ts';

/** The proxy settings Node shells honour, as curl and most command-line tools read them. */
export interface ProxyEnv {
  httpProxy: string | undefined;
  httpsProxy: string | undefined;
  noProxy: string | undefined;
}

/** Lower case first, like curl and undici: `https_proxy` wins over `HTTPS_PROXY`. Empty means unset. */
export function readProxyEnv(env: NodeJS.ProcessEnv = process.env): ProxyEnv {
  const pick = (name: string): string | undefined => {
    const value = env[name.toLowerCase()] ?? env[name.toUpperCase()];
    return value && value.trim() !== '' ? value.trim() : undefined;
  };
  return { httpProxy: pick('http_proxy'), httpsProxy: pick('https_proxy'), noProxy: pick('no_proxy') };
}

/** `host:port` of a proxy URL: what errors may say (never the credentials a proxy URL can carry). */
export function proxyAddress(proxyUrl: string): string {
  try {
    const url = new URL(proxyUrl);
    return url.port ? `${url.hostname}:${url.port}` : url.hostname;
  } catch {
    return 'the proxy server';
  }
}

/** The roots Node trusts by default (bundled, plus NODE_EXTRA_CA_CERTS / system ones where Node adds them). */
function defaultRoots(): string[] {
  const withExtras = (tls as { getCACertificates?: (kind: 'default') => string[] }).getCACertificates;
  return withExtras ? withExtras('default') : [...tls.rootCertificates];
}

interface CachedCa {
  stamp: string;
  certificates: string[];
}

const maxAgents = 8;

/**
 * Fetch for Node shells (web shell, CLI): undici's `EnvHttpProxyAgent` honours HTTPS_PROXY, HTTP_PROXY
 * and NO_PROXY; a request whose route names CA files trusts their certificates on top of the default
 * roots, for that request only. Undici's own fetch is used because Node's built-in fetch bundles an
 * older undici that cannot drive this version's dispatchers.
 */
export function createNodeFetch(options: { env?: () => NodeJS.ProcessEnv } = {}): FetchLike {
  const env = options.env ?? (() => process.env);
  const agents = new Map<string, Dispatcher>();
  const cas = new Map<string, CachedCa>();

  /** Re-read only when the file changed: the user may replace an expired CA while Carrel runs. */
  const certificatesOf = (path: string): { stamp: string; certificates: string[] } => {
    let stamp = 'missing';
    try {
      const info = statSync(path);
      stamp = `${info.mtimeMs}:${info.size}`;
    } catch {
      // readCaFile below says what is wrong with the path.
    }
    const cached = cas.get(path);
    if (cached && cached.stamp === stamp) return cached;
    const fresh = { stamp, certificates: readCaFile(path) };
    cas.set(path, fresh);
    return fresh;
  };

  const agentFor = (proxy: ProxyEnv, caFiles: readonly string[]): Dispatcher => {
    const loaded = [...new Set(caFiles)].sort().map((path) => ({ path, ...certificatesOf(path) }));
    const key = JSON.stringify([proxy, loaded.map(({ path, stamp }) => [path, stamp])]);
    const existing = agents.get(key);
    if (existing) return existing;
    const ca = loaded.length > 0 ? [...defaultRoots(), ...loaded.flatMap((entry) => entry.certificates)] : undefined;
    // `connect` reaches servers directly; `requestTls` reaches them through a proxy's tunnel.
    // Empty strings, not undefined: undici would otherwise read process.env itself, behind `env`'s back.
    const agent = new EnvHttpProxyAgent({
      httpProxy: proxy.httpProxy ?? '',
      httpsProxy: proxy.httpsProxy ?? '',
      noProxy: proxy.noProxy ?? '',
      ...(ca ? { connect: { ca }, requestTls: { ca } } : {}),
    });
    agents.set(key, agent);
    if (agents.size > maxAgents) {
      const [oldestKey, oldest] = agents.entries().next().value as [string, Dispatcher];
      agents.delete(oldestKey);
      void oldest.close().catch(() => undefined);
    }
    return agent;
  };

  return async (url: string, init: RequestInit, route?: FetchRoute): Promise<Response> => {
    const proxy = readProxyEnv(env());
    const caFiles = route?.caFiles ?? [];
    const dispatcher = agentFor(proxy, caFiles);
    let body = init.body;
    let headers = init.headers;
    if (body instanceof FormData) {
      // Undici's fetch does not recognise the global FormData (another undici's class): encode it here.
      const packed = new Response(body);
      body = new Uint8Array(await packed.arrayBuffer());
      headers = new Headers(init.headers);
      headers.set('content-type', packed.headers.get('content-type') ?? 'multipart/form-data');
    }
    try {
      const response = await undiciFetch(url, { ...init, body, headers, dispatcher } as Parameters<typeof undiciFetch>[1]);
      // Undici's Response has the same shape as the global one; only the class differs.
      return response as unknown as Response;
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      // The classifier can then tell a proxy's failure from the server's, and a CA file's from the system's.
      const proxyUrl = url.startsWith('https:') ? (proxy.httpsProxy ?? proxy.httpProxy) : proxy.httpProxy;
      throw new FetchRouteError({ proxy: proxyUrl ? proxyAddress(proxyUrl) : null, caFiles: [...caFiles] }, error);
    }
  };
}
