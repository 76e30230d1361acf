import { useCallback, useState } from 'react';
import { useApi } from '../../api/api-context.ts';
import { startBrowserDownload } from '../../app/browser-download.ts';
import { writeClipboard } from '../../components/DataGrid/clipboard-text.ts';

export type DiagnosticsStatus = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; message: string } | { kind: 'error'; error: unknown };

/** "Copy diagnostics" and "Show logs folder", shared by the About dialog and the command palette/menu. */
export function useDiagnostics(shell: 'desktop' | 'web') {
  const api = useApi();
  const [status, setStatus] = useState<DiagnosticsStatus>({ kind: 'idle' });
  const [text, setText] = useState<string | null>(null);

  const load = useCallback(async (): Promise<string> => {
    const result = await api.call('app.diagnostics', {});
    setText(result.text);
    return result.text;
  }, [api]);

  const copy = useCallback(async (): Promise<void> => {
    setStatus({ kind: 'busy' });
    try {
      await writeClipboard(await load());
      setStatus({ kind: 'done', message: 'Diagnostics copied. Paste them into your support request; they hold no tokens and no record values.' });
    } catch (error) {
      setStatus({ kind: 'error', error });
    }
  }, [load]);

  /** Resolves to the sentence to show the user, whether it worked or not. */
  const showLogs = useCallback(async (): Promise<string> => {
    setStatus({ kind: 'busy' });
    try {
      const shown = await api.call('app.showLogs', {});
      if (shown.url) startBrowserDownload(shown.url);
      const message = !shown.found ? 'Nothing has been logged yet, so there is no log file to show.' : shell === 'web' ? 'The log is downloading (carrel.log).' : 'The logs folder is open in your file manager.';
      setStatus({ kind: 'done', message });
      return message;
    } catch (error) {
      setStatus({ kind: 'error', error });
      return `The logs could not be shown: ${error instanceof Error ? error.message : String(error)}`;
    }
  }, [api, shell]);

  return { status, text, load, copy, showLogs };
}
