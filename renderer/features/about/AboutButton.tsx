import { useState } from 'react';
import type { AppInfo } from '../../../shared/contract/app.ts';
import { useCommands } from '../../app/commands/commands-context.tsx';
import { standardCommand } from '../../app/commands/registry.ts';
import { AboutDialog } from './AboutDialog.tsx';
import { useDiagnostics } from './use-diagnostics.ts';
import './about.css';

/** The topbar's About button, and the About / Copy diagnostics / Show logs commands for the palette and menu. */
export function AboutButton({ info, onNotice }: { info: AppInfo | null; onNotice: (message: string) => void }) {
  const [open, setOpen] = useState<{ copy: boolean } | null>(null);
  const logs = useDiagnostics(info?.shell ?? 'web');
  useCommands(
    info
      ? [
          standardCommand('about.show', 'General', { run: () => setOpen({ copy: false }), keywords: ['version', 'support', 'help'] }),
          standardCommand('diagnostics.copy', 'General', { run: () => setOpen({ copy: true }), keywords: ['support', 'bug', 'report', 'versions'] }),
          standardCommand('logs.show', 'General', {
            run: () => void logs.showLogs().then(onNotice),
            keywords: ['log', 'support', 'debug'],
          }),
        ]
      : [],
  );
  if (!info) return null;
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen({ copy: false })} data-testid="about-button">
        About
      </button>
      {open ? <AboutDialog info={info} copyOnOpen={open.copy} onClose={() => setOpen(null)} /> : null}
    </>
  );
}
