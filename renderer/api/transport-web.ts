import type { WireReply } from '../../shared/channels.ts';
import { reconnectedEvent, type EventListener, type Transport } from './transport.ts';

const storageKey = 'carrel.session';

/**
 * The web shell passes its per-run key in the URL fragment (never sent to a server, never logged).
 * It is moved to sessionStorage and removed from the address bar, so it survives a reload of this tab
 * but does not end up in bookmarks or screenshots.
 */
export function takeSessionToken(): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(storageKey, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(storageKey);
}

function lostContact(message: string): WireReply {
  return { ok: false, error: { code: 'UNREACHABLE', message, retryable: true } };
}

export function webTransport(token: string): Transport {
  const listeners = new Set<EventListener>();
  let socket: WebSocket | null = null;
  let retryMs = 500;
  let everOpened = false;

  const connect = (): void => {
    const ws = new WebSocket(`ws://${window.location.host}/events`);
    socket = ws;
    ws.addEventListener('open', () => ws.send(JSON.stringify({ token })));
    ws.addEventListener('message', (message) => {
      let data: unknown;
      try {
        data = JSON.parse(String(message.data));
      } catch {
        return;
      }
      if (!data || typeof data !== 'object') return;
      const record = data as { type?: unknown; name?: unknown; payload?: unknown };
      if (record.type === 'ready') {
        retryMs = 500;
        if (everOpened) for (const listener of listeners) listener(reconnectedEvent, null);
        everOpened = true;
      } else if (record.type === 'event' && typeof record.name === 'string') {
        for (const listener of listeners) listener(record.name, record.payload);
      }
    });
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = null;
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    });
  };
  connect();

  return {
    kind: 'web',
    async call(method, input) {
      let response: Response;
      try {
        response = await fetch(`/rpc/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
        });
      } catch {
        return lostContact('Lost contact with the Carrel web shell. Check that it is still running, then reload this page.');
      }
      try {
        return (await response.json()) as WireReply;
      } catch {
        return lostContact(`The Carrel web shell answered HTTP ${response.status}. Reload this page.`);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async stageFile(file) {
      let response: Response;
      try {
        response = await fetch('/upload', {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(file.name) },
          body: file,
        });
      } catch {
        return lostContact('The file could not be handed to the Carrel web shell. Check that it is still running, then try again.');
      }
      if (response.status === 413) return { ok: false, error: { code: 'VALIDATION', message: 'That file is too large for Carrel to upload.', retryable: false } };
      try {
        return (await response.json()) as WireReply;
      } catch {
        return lostContact(`The Carrel web shell answered HTTP ${response.status} to the upload. Reload this page and try again.`);
      }
    },
  };
}
