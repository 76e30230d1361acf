/**
 * Names shared by the desktop preload and main. Only these names cross Electron IPC; the preload
 * refuses anything else, so the renderer never holds a generic channel.
 */
export const ipcInvokeChannel = (method: string): string => `carrel:call:${method}`;
export const ipcEventChannel = 'carrel:event';

/** `namespace.action` or `namespace.group.action` (`brainstem.signIn.token`): the shape of every contract method name. */
export const methodNamePattern = /^[a-z][A-Za-z]*(?:\.[A-Za-z]+){1,2}$/;

/** What a transport returns for one call: a result or an error shape, never a thrown Electron error. */
export type WireReply = { ok: true; result: unknown } | { ok: false; error: { code: string; message: string; retryable: boolean; details?: Record<string, unknown> } };

/** The preload bridge, the page's global `carrel`. Flat functions only. */
export interface DesktopBridge {
  invoke(method: string, input: unknown): Promise<WireReply>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
  pathForFile(file: unknown): string;
}
