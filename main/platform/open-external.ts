import { shell } from 'electron';

/**
 * The only place Carrel hands a URL to the operating system. https only: no file:, no custom schemes
 * that launch other programs, no http that could leak a token-bearing link in clear text.
 */
export async function safeOpenExternal(url: string): Promise<boolean> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return false;
  await shell.openExternal(parsed.toString());
  return true;
}
