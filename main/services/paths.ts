import { homedir } from 'node:os';
import { join } from 'node:path';

export const productName = 'Carrel';

/**
 * The same folder Electron's `app.getPath('userData')` gives the desktop app, so the desktop app, the
 * web shell and the command line share connections, tokens and the offline cache.
 */
export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CARREL_USER_DATA) return env.CARREL_USER_DATA;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', productName);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), productName);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), productName);
}
