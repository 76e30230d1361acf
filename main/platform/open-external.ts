import { shell } from 'electron';
import { externalUrlAllowed } from '../services/http/external-url.ts';

/** The only place Carrel hands a URL to the operating system; what may pass is decided by externalUrlAllowed. */
export async function safeOpenExternal(url: string): Promise<boolean> {
  const allowed = externalUrlAllowed(url);
  if (!allowed) return false;
  await shell.openExternal(allowed.toString());
  return true;
}
