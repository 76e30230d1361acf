import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/contract/app.ts';
import { useApi, useEvent } from '../api/api-context.ts';
import type { ServiceKind } from '../../shared/contract/common.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { BrainstemScreen } from '../features/brainstem/BrainstemScreen.tsx';
import { BrimScreen } from '../features/brim/BrimScreen.tsx';
import { HomeScreen } from '../features/connections/HomeScreen.tsx';
import { JobsPanel } from '../features/jobs/JobsPanel.tsx';
import { JobsProvider, useJobs } from '../features/jobs/jobs-context.tsx';
import { ProjectScreen } from '../features/project/ProjectScreen.tsx';
import { AboutButton } from '../features/about/AboutButton.tsx';
import { CommandPalette } from '../components/CommandPalette.tsx';
import { ShortcutsSheet } from '../components/ShortcutsSheet.tsx';
import { useAppCommands } from './commands/app-commands.ts';
import { CommandsProvider, useCommandList, useCommandRegistry } from './commands/commands-context.tsx';
import type { Command } from './commands/registry.ts';
import { formatShortcut } from './commands/shortcut.ts';
import { isMac } from './format.ts';
import { useJobNotifications } from './job-notifications.ts';
import { useTheme } from './theme.ts';
import { NoticeBanner, type ShownNotice } from './NoticeBanner.tsx';

type Route = { screen: 'home'; adding?: boolean } | { screen: 'project'; connectionId: string; kind: ServiceKind; syncOnOpen: boolean };

function JobsButton() {
  const { jobs, panelOpen, setPanelOpen } = useJobs();
  const running = jobs.filter((job) => job.state === 'running').length;
  return (
    <button type="button" className="btn" aria-expanded={panelOpen} onClick={() => setPanelOpen(!panelOpen)} title={`Jobs (${formatShortcut('Mod+J', isMac)})`} data-testid="jobs-button">
      Jobs{running > 0 ? <span className="badge badge-ok">{running} running</span> : null}
    </button>
  );
}

export function App() {
  return (
    <CommandsProvider>
      <JobsProvider>
        <AppShell />
      </JobsProvider>
    </CommandsProvider>
  );
}

function AppShell() {
  const api = useApi();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [infoError, setInfoError] = useState<unknown>(null);
  const [route, setRoute] = useState<Route>({ screen: 'home' });
  const [notices, setNotices] = useState<ShownNotice[]>([]);

  useEffect(() => {
    api.call('app.info', {}).then(setInfo, setInfoError);
  }, [api]);
  useEvent('app.notice', (notice) => setNotices((current) => [...current.slice(-2), { message: notice.message, action: notice.action }]));
  useEffect(() => {
    // A file dropped outside a drop target must not replace the app with the file's contents.
    const refuse = (event: DragEvent): void => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault();
    };
    window.addEventListener('dragover', refuse);
    window.addEventListener('drop', refuse);
    return () => {
      window.removeEventListener('dragover', refuse);
      window.removeEventListener('drop', refuse);
    };
  }, []);

  const shell = info?.shell ?? 'web';
  const { jobs, panelOpen, setPanelOpen } = useJobs();
  const registry = useCommandRegistry();
  const commands = useCommandList();
  const theme = useTheme();
  const [overlay, setOverlay] = useState<'palette' | 'shortcuts' | null>(null);
  useJobNotifications(jobs, () => setPanelOpen(true));
  useAppCommands({
    openPalette: () => setOverlay('palette'),
    openShortcuts: () => setOverlay('shortcuts'),
    toggleJobs: () => setPanelOpen(!panelOpen),
    goHome: () => setRoute({ screen: 'home' }),
    // The connections list offers its own Add connection while it shows; elsewhere go there first.
    addConnection: () => setRoute({ screen: 'home', adding: true }),
    openConnection: (connectionId, kind) => setRoute({ screen: 'project', connectionId, kind, syncOnOpen: false }),
    theme: theme.choice,
    chooseTheme: theme.choose,
    atHome: route.screen === 'home',
  });
  // The desktop menu runs commands by id; one that does not apply to this screen says so.
  useEvent('menu.command', ({ commandId }) => {
    const outcome = registry.run(commandId);
    if (outcome.ran) return;
    const title = registry.get(commandId)?.title ?? commandId;
    setNotices((current) => [...current.slice(-2), { message: `${title.replace(/…$/, '')} is not available on this screen.` }]);
  });
  const runFromPalette = (command: Command): void => {
    setOverlay(null);
    // After the palette has closed, so a command that opens a dialog or moves focus is not undone by it.
    setTimeout(() => registry.run(command.id), 0);
  };
  return (
    <>
      <div className="app" data-testid="app" data-app-state={info ? 'ready' : 'loading'}>
        <header className="topbar">
          <span className="brand">Carrel</span>
          {info?.demo ? <span className="badge">Demo data</span> : null}
          <span className="spacer" />
          <JobsButton />
          <AboutButton info={info} onNotice={(message) => setNotices((current) => [...current.slice(-2), { message }])} />
        </header>
        {infoError ? <ErrorNotice error={infoError} /> : null}
        {info && !info.secretStorage.persistent && info.secretStorage.notice ? (
          <div className={`notice ${info.demo ? 'notice-info' : 'notice-warning'} banner`} role="status" data-testid="keychain-notice">
            {info.secretStorage.notice}
          </div>
        ) : null}
        {notices.map((notice, index) => (
          <NoticeBanner key={`${index}:${notice.message}`} notice={notice} />
        ))}
        {route.screen === 'home' ? (
          <HomeScreen startAdding={route.adding ?? false} onOpen={(connectionId, options) => setRoute({ screen: 'project', connectionId, kind: options.kind, syncOnOpen: options.syncNow ?? false })} />
        ) : route.kind === 'brim' ? (
          <BrimScreen key={route.connectionId} connectionId={route.connectionId} shell={shell} onBack={() => setRoute({ screen: 'home' })} />
        ) : route.kind === 'brainstem' ? (
          <BrainstemScreen key={route.connectionId} connectionId={route.connectionId} shell={shell} syncOnOpen={route.syncOnOpen} onBack={() => setRoute({ screen: 'home' })} />
        ) : (
          <ProjectScreen key={route.connectionId} connectionId={route.connectionId} shell={shell} syncOnOpen={route.syncOnOpen} onBack={() => setRoute({ screen: 'home' })} />
        )}
        <JobsPanel shell={shell} platform={info?.platform ?? ''} />
      </div>
      {overlay === 'palette' ? <CommandPalette commands={commands} onRun={runFromPalette} onClose={() => setOverlay(null)} /> : null}
      {overlay === 'shortcuts' ? <ShortcutsSheet commands={commands} onClose={() => setOverlay(null)} /> : null}
    </>
  );
}
