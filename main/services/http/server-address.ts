const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** This computer: the only place plain http:// is allowed, because nothing crosses the network. */
export function isLoopbackHost(hostname: string): boolean {
  return loopbackHosts.has(hostname.toLowerCase());
}

/** What a user typed, with https:// added when no scheme is given (http:// for this computer when `httpForLoopback`). */
export function withScheme(text: string, options: { httpForLoopback?: boolean } = {}): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return text;
  const local = options.httpForLoopback === true && /^(localhost|127\.0\.0\.1|\[::1\])(:|\/|$)/i.test(text);
  return `${local ? 'http' : 'https'}://${text}`;
}

/**
 * The base a service is mounted at, ending in `/`: scheme, host and the path before the first segment that
 * belongs to the service itself (`api`, a page of its web app), so a pasted page or API URL gives the same base.
 */
export function serverBase(parsed: URL, ownSegments: ReadonlySet<string>): string {
  const segments = parsed.pathname.split('/').filter((segment) => segment !== '');
  const siteStart = segments.findIndex((segment) => ownSegments.has(segment.toLowerCase()));
  const prefix = siteStart === -1 ? segments : segments.slice(0, siteStart);
  const path = prefix.length === 0 ? '/' : `/${prefix.join('/')}/`;
  return `${parsed.protocol}//${parsed.host.toLowerCase()}${path}`;
}
