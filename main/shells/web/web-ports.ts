import { AppError } from '../../../shared/contract/errors.ts';
import type { PlatformPorts } from '../../ipc/ports.ts';
import type { DownloadDesk } from './downloads.ts';

/** In a browser there is no save dialog or file manager: exports land in the download desk and are fetched once. */
export function webPorts(downloads: DownloadDesk): PlatformPorts {
  return {
    shell: 'web',
    chooseSavePath: async (suggestedName) => downloads.pathFor(suggestedName),
    deliverFile: async (path, action) => {
      if (action !== 'download') throw new AppError('UNSUPPORTED', 'The browser shell cannot open folders on this computer; use Download.');
      return { url: downloads.issue(path) };
    },
    // The web shell may run on a remote workstation reached over SSH: its "system browser" is not the
    // user's. The page opens in the user's own browser, from the UI.
    openExternal: async () => false,
  };
}
