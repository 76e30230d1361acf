import { dialog, shell, type BrowserWindow } from 'electron';
import { AppError } from '../../shared/contract/errors.ts';
import type { PlatformPorts } from '../ipc/ports.ts';
import { safeOpenExternal } from './open-external.ts';

export function electronPorts(window: () => BrowserWindow | null): PlatformPorts {
  return {
    shell: 'desktop',
    chooseSavePath: async (suggestedName, filter) => {
      const owner = window();
      const options = { defaultPath: suggestedName, filters: [filter, { name: 'All files', extensions: ['*'] }], properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<'createDirectory' | 'showOverwriteConfirmation'> };
      const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    deliverFile: async (path, action) => {
      if (action === 'reveal') shell.showItemInFolder(path);
      else if (action === 'open') {
        const failure = await shell.openPath(path);
        if (failure) throw new AppError('FILE_SYSTEM', `The file could not be opened: ${failure}`);
      } else throw new AppError('UNSUPPORTED', 'The desktop app saves exports where you chose; there is nothing to download.');
      return { url: null };
    },
    openExternal: (url) => safeOpenExternal(url),
  };
}
