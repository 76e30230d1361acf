import { useEffect, useState } from 'react';
import { useApi } from '../../api/api-context.ts';

/** The shell decides where trust comes from: the desktop app uses the system's store and proxy settings. */
export function useShell(): 'desktop' | 'web' | null {
  const api = useApi();
  const [shell, setShell] = useState<'desktop' | 'web' | null>(null);
  useEffect(() => {
    api.call('app.info', {}).then((info) => setShell(info.shell), () => setShell(null));
  }, [api]);
  return shell;
}

export const offlineOffNote = 'Offline copy off: data is kept only while Carrel runs.';

/**
 * A connection's settings that stay on this computer: the private CA file (Node shells) and whether the
 * synced data is kept on disk between runs. Shared by the add dialog's advanced section and the
 * connection's settings dialog.
 */
export function LocalSettingsFields({
  caFile,
  onCaFile,
  offlineCache,
  onOfflineCache,
  showCaFile = true,
}: {
  caFile: string;
  onCaFile: (value: string) => void;
  offlineCache: boolean;
  onOfflineCache: (value: boolean) => void;
  showCaFile?: boolean;
}) {
  const shell = useShell();
  return (
    <>
      <label className="checkbox">
        <input type="checkbox" name="offlineCache" checked={offlineCache} onChange={(e) => onOfflineCache(e.target.checked)} />
        <span>Keep an offline copy</span>
      </label>
      <small className="muted" data-testid="offline-cache-note">
        {offlineCache
          ? 'Synced records stay on this computer (in Carrel\'s data folder) so you can browse them offline.'
          : `${offlineOffNote} Nothing is left on this computer after you quit.`}
      </small>
      {!showCaFile ? null : shell === 'desktop' ? (
        <p className="muted" data-testid="ca-desktop-note">
          Custom CA certificate: the desktop app trusts the certificates and uses the proxy settings of this computer. If your institution uses its own
          certificate authority, install its certificate in the system's certificate store (your IT department can help).
        </p>
      ) : (
        <label>
          <span>Custom CA certificate (PEM)</span>
          <input
            type="text"
            name="caFile"
            value={caFile}
            onChange={(e) => onCaFile(e.target.value)}
            placeholder="/path/to/institution-ca.pem"
            spellCheck={false}
            autoComplete="off"
            maxLength={4096}
          />
          <small className="muted">
            The full path of your institution's CA certificate file, if its servers use one. It is trusted for this connection's server only, on top of the
            usual authorities. Proxies come from HTTPS_PROXY, HTTP_PROXY and NO_PROXY.
          </small>
        </label>
      )}
    </>
  );
}
