import type { WireReply } from '../../shared/channels.ts';

export type EventListener = (name: string, payload: unknown) => void;

/** How the renderer reaches main: Electron IPC through the preload bridge, or HTTP + WebSocket in the web shell. */
export interface Transport {
  readonly kind: 'desktop' | 'web';
  call(method: string, input: unknown): Promise<WireReply>;
  subscribe(listener: EventListener): () => void;
  /**
   * Hands a file the user dropped or picked to main's staging folder; the reply's result is a
   * StagedFile whose stageId later calls name. Desktop: main copies it from its path; web: the bytes
   * are posted to the shell's /upload.
   */
  stageFile(file: File): Promise<WireReply>;
}

/** Emitted by a transport after it lost and regained its event stream: screens refetch what they show. */
export const reconnectedEvent = 'transport.reconnected';
