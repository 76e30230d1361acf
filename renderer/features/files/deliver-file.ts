import type { MethodOutput } from '../../../shared/contract/index.ts';
import { startBrowserDownload } from '../../app/browser-download.ts';

type Delivered = MethodOutput<'recordFiles.download'>;

/**
 * Finishes a download main has prepared: the web shell gives a one-time URL for the browser to fetch,
 * the desktop app has already saved the file where the user chose. Returns a line for the status bar.
 */
export function finishDownload(result: Delivered): string | null {
  if (result.cancelled) return null;
  if (result.url) {
    startBrowserDownload(result.url);
    return `Downloading ${result.fileName}`;
  }
  return result.path ? `Saved ${result.fileName} to ${result.path}` : `Saved ${result.fileName}`;
}
