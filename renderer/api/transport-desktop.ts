import type { DesktopBridge } from '../../shared/channels.ts';
import type { Transport } from './transport.ts';

declare global {
  interface Window {
    carrel?: DesktopBridge;
  }
}

export function desktopTransport(bridge: DesktopBridge): Transport {
  return {
    kind: 'desktop',
    call: (method, input) => bridge.invoke(method, input),
    subscribe: (listener) => bridge.subscribe(listener),
    async stageFile(file) {
      // The preload turns a dropped or picked File into its path on disk; main copies it from there.
      const path = bridge.pathForFile(file);
      if (!path) return { ok: false, error: { code: 'VALIDATION', message: 'This file has no path on disk (was it dragged from another app?). Save it to a folder first, then drop it here.', retryable: false } };
      return bridge.invoke('files.stagePath', { path });
    },
  };
}
