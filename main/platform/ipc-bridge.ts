import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { ipcEventChannel, ipcInvokeChannel } from '../../shared/channels.ts';
import { AppError, methodNames } from '../../shared/contract/index.ts';
import type { Core } from '../ipc/core.ts';
import { appOrigin } from './app-protocol.ts';

/** Only our own page, in a window's top frame, may call main. */
function trustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame !== event.sender.mainFrame) return false;
  return frame.url.startsWith(`${appOrigin}/`);
}

/**
 * One ipcMain handler per contract method (`carrel:call:<method>`), all going through the core's
 * dispatcher, which validates input and output. Events go to every window that loaded the app.
 */
export function registerIpc(core: Core, windows: () => WebContents[]): () => void {
  for (const method of methodNames) {
    ipcMain.handle(ipcInvokeChannel(method), async (event, input: unknown) => {
      if (!trustedSender(event)) return { ok: false, error: new AppError('FORBIDDEN', 'Refused: not sent by Carrel\'s own window.').toShape() };
      return core.dispatch(method, input, { shell: 'desktop' });
    });
  }
  const unsubscribe = core.subscribe((name, payload) => {
    for (const contents of windows()) {
      if (!contents.isDestroyed() && contents.getURL().startsWith(`${appOrigin}/`)) contents.send(ipcEventChannel, name, payload);
    }
  });
  return () => {
    unsubscribe();
    for (const method of methodNames) ipcMain.removeHandler(ipcInvokeChannel(method));
  };
}
