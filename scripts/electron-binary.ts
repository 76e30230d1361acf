import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * The Electron executable, or null where it is not installed (it is downloaded by electron's own
 * install script, which our build machines skip). Never `require('electron')` to find out: in plain
 * Node that tries the download.
 */
export function electronBinary(): string | null {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

export const missingElectronLine = "Electron's binary is not installed on this machine (node_modules/electron/dist is missing), so Carrel starts its web shell instead.";
