/**
 * What differs between shells, and only that. The desktop shell implements these with Electron
 * (save dialog, shell.showItemInFolder); the web shell with a downloads folder and one-time URLs.
 */
export interface PlatformPorts {
  readonly shell: 'desktop' | 'web';
  /** Asks the user where to save; null when they cancel. The renderer never supplies a path. */
  chooseSavePath(suggestedName: string, filter: { name: string; extensions: string[] }): Promise<string | null>;
  /** Shows a finished file to the user: reveal in its folder, open with the default app, or download. */
  deliverFile(path: string, action: 'reveal' | 'open' | 'download'): Promise<{ url: string | null }>;
  /**
   * Opens a web page (a sign-in approval page) in the system browser. False when this shell cannot, or the
   * address is refused: the UI then opens or shows the page itself.
   */
  openExternal(url: string): Promise<boolean>;
}
