import type { WireReply } from '../../shared/channels.ts';

export type EventListener = (name: string, payload: unknown) => void;

/** How the renderer reaches main: Electron IPC through the preload bridge, or HTTP + WebSocket in the web shell. */
export interface Transport {
  readonly kind: 'desktop' | 'web';
  call(method: string, input: unknown): Promise<WireReply>;
  subscribe(listener: EventListener): () => void;
}

/** Emitted by a transport after it lost and regained its event stream: screens refetch what they show. */
export const reconnectedEvent = 'transport.reconnected';
