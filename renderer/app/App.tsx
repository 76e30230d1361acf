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
import { hasPrimary, primaryKeyName } from './format.ts';

type Route = { screen: 'home' } | { screen: 'project'; connectionId: string; kind: ServiceKind; syncOnOpen: boolean };

function JobsButton() {
  const { jobs, panelOpen, setPanelOpen } = useJobs();
  const running = jobs.filter((job) => job.state === 'running').length;
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (hasPrimary(event) && event.key.toLowerCase() === 'j') {
        event.preventDefault();
        setPanelOpen(!panelOpen);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [panelOpen, setPanelOpen]);
  return (
    <button type="button" className="btn" aria-expanded={panelOpen} onClick={() => setPanelOpen(!panelOpen)} title={`Jobs (${primaryKeyName}+J)`} data-testid="jobs-button">
      Jobs{running > 0 ? <span className="badge badge-ok">{running} running</span> : null}
    </button>
  );
}

export function App() {
  const api = useApi();
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [infoError, setInfoError] = useState<unknown>(null);
  const [route, setRoute] = useState<Route>({ screen: 'home' });
  const [notices, setNotices] = useState<string[]>([]);

  useEffect(() => {
    api.call('app.info', {}).then(setInfo, setInfoError);
  }, [api]);
  useEvent('app.notice', (notice) => setNotices((current) => [...current.slice(-2), notice.message]));
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
  return (
    <JobsProvider>
      <div className="app" data-testid="app" data-app-state={info ? 'ready' : 'loading'}>
        <header className="topbar">
          <span className="brand">Carrel</span>
          {info?.demo ? <span className="badge">Demo data</span> : null}
          <span className="spacer" />
          <JobsButton />
        </header>
        {infoError ? <ErrorNotice error={infoError} /> : null}
        {info && !info.secretStorage.persistent && info.secretStorage.notice ? (
          <div className={`notice ${info.demo ? 'notice-info' : 'notice-warning'} banner`} role="status" data-testid="keychain-notice">
            {info.secretStorage.notice}
          </div>
        ) : null}
        {notices.map((message, index) => (
          <div key={index} className="notice notice-info banner" role="status">
            {message}
          </div>
        ))}
        {route.screen === 'home' ? (
          <HomeScreen onOpen={(connectionId, options) => setRoute({ screen: 'project', connectionId, kind: options.kind, syncOnOpen: options.syncNow ?? false })} />
        ) : route.kind === 'brim' ? (
          <BrimScreen key={route.connectionId} connectionId={route.connectionId} shell={shell} onBack={() => setRoute({ screen: 'home' })} />
        ) : route.kind === 'brainstem' ? (
          <BrainstemScreen key={route.connectionId} connectionId={route.connectionId} shell={shell} syncOnOpen={route.syncOnOpen} onBack={() => setRoute({ screen: 'home' })} />
        ) : (
          <ProjectScreen key={route.connectionId} connectionId={route.connectionId} shell={shell} syncOnOpen={route.syncOnOpen} onBack={() => setRoute({ screen: 'home' })} />
        )}
        <JobsPanel shell={shell} />
      </div>
    </JobsProvider>
  );
}
