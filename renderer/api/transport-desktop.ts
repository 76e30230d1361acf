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
  };
}
