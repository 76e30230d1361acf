import type { ConnectionStatus } from '../../../shared/contract/connections.ts';
import type { EventSink } from '../events.ts';

/**
 * Online/offline per connection, learned from every request Carrel makes (and from pings). The UI
 * shows "offline — showing cached data" from this; only changes are pushed.
 */
export class ConnectionStatusTracker {
  private readonly statuses = new Map<string, ConnectionStatus>();
  private readonly emit: EventSink;
  private urls = new Map<string, string[]>();

  constructor(emit: EventSink) {
    this.emit = emit;
  }

  /** Tells the tracker which API address belongs to which connections. */
  setAddresses(connections: ReadonlyArray<{ id: string; url: string }>): void {
    const urls = new Map<string, string[]>();
    for (const { id, url } of connections) urls.set(url, [...(urls.get(url) ?? []), id]);
    this.urls = urls;
    for (const id of this.statuses.keys()) if (!connections.some((c) => c.id === id)) this.statuses.delete(id);
  }

  /**
   * `url` is the request's address: a REDCap connection's API address itself, or any address under a
   * BrainSTEM connection's server base (`…/api/private/stem/session/?…`).
   */
  observe(url: string, reachable: boolean, message?: string): void {
    for (const [base, ids] of this.urls) {
      if (url === base || (base.endsWith('/') && url.startsWith(base))) for (const id of ids) this.record(id, reachable, message);
    }
  }

  record(connectionId: string, online: boolean, message?: string): ConnectionStatus {
    const status: ConnectionStatus = { connectionId, online, checkedAt: new Date().toISOString(), ...(message ? { message } : {}) };
    const previous = this.statuses.get(connectionId);
    this.statuses.set(connectionId, status);
    if (!previous || previous.online !== online) this.emit('connection.status', status);
    return status;
  }

  get(connectionId: string): ConnectionStatus | null {
    return this.statuses.get(connectionId) ?? null;
  }
}
