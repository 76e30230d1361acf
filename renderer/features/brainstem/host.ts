/** The host a person recognises a server by (`www.brainstem.org`), or the address as given. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
