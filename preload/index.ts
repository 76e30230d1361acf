import * as electron from 'electron';
import { ipcEventChannel, ipcInvokeChannel, methodNamePattern, type DesktopBridge, type WireReply } from '../shared/channels.ts';

/**
 * The whole surface the page gets: three flat functions. Calls can only reach `carrel:call:<method>`
 * channels, each bound by main to one contract method behind its validating dispatcher; there is no
 * way to name any other channel from the page.
 */
const bridge: DesktopBridge = {
  invoke(method: string, input: unknown): Promise<WireReply> {
    if (typeof method !== 'string' || !methodNamePattern.test(method)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_METHOD', message: 'Unknown method.', retryable: false } });
    }
    return electron.ipcRenderer.invoke(ipcInvokeChannel(method), input) as Promise<WireReply>;
  },
  subscribe(listener: (event: string, payload: unknown) => void): () => void {
    const handler = (_event: Electron.IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (typeof name === 'string') listener(name, payload);
    };
    electron.ipcRenderer.on(ipcEventChannel, handler);
    return () => {
      electron.ipcRenderer.removeListener(ipcEventChannel, handler);
    };
  },
  pathForFile(file: unknown): string {
    return file instanceof File ? electron.webUtils.getPathForFile(file) : '';
  },
};

electron.contextBridge.exposeInMainWorld('carrel', bridge);
