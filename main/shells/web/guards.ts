import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The web shell answers only its own page. Host must name the loopback address and port exactly (this
 * defeats DNS rebinding, where an attacker's page becomes "same origin"); Origin, when a browser sends
 * one, must be ours; calls carry the per-run token.
 */
export class RequestGuards {
  private readonly hosts: Set<string>;
  private readonly origins: Set<string>;
  private readonly token: Buffer;

  constructor(port: number, token: string) {
    this.hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    this.origins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
    this.token = Buffer.from(token);
  }

  hostAllowed(request: IncomingMessage): boolean {
    const host = request.headers.host;
    return typeof host === 'string' && this.hosts.has(host.toLowerCase());
  }

  /** Calls and WebSockets must come from our own page: Origin is required and exact. */
  originAllowed(request: IncomingMessage): boolean {
    const origin = request.headers.origin;
    return typeof origin === 'string' && this.origins.has(origin);
  }

  /** Page loads may omit Origin (navigations do); a foreign one is refused. */
  originAbsentOrAllowed(request: IncomingMessage): boolean {
    return request.headers.origin === undefined || this.originAllowed(request);
  }

  tokenMatches(candidate: string | undefined): boolean {
    if (typeof candidate !== 'string') return false;
    const given = Buffer.from(candidate);
    return given.length === this.token.length && timingSafeEqual(given, this.token);
  }

  bearerMatches(request: IncomingMessage): boolean {
    const header = request.headers.authorization;
    if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
    return this.tokenMatches(header.slice('Bearer '.length).trim());
  }
}

export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
