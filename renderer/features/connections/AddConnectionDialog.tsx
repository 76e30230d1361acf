import { useRef, useState, type FormEvent } from 'react';
import type { ServiceKind } from '../../../shared/contract/common.ts';
import type { BrainstemPortalName, ConnectionSummary, ConnectionTestResult } from '../../../shared/contract/connections.ts';
import { useApi } from '../../api/api-context.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import '../brainstem/brainstem.css';
import { BrimConnectionFields } from '../brim/BrimConnectionFields.tsx';
import { LocalSettingsFields } from './LocalSettingsFields.tsx';

const defaultBrainstemUrl = 'https://www.brainstem.org/';

const dialogTitles: Record<ServiceKind, string> = {
  redcap: 'Add a REDCap connection',
  brainstem: 'Add a BrainSTEM server',
  brim: 'Add a Brim project',
};

/**
 * A new connection. REDCap: API address and token, tested before anything is saved; the token field
 * is write-only (once saved, Carrel shows only its last four characters). BrainSTEM: the server and
 * the portal; the server is checked before it is saved, and signing in comes later, when needed.
 */
export function AddConnectionDialog({ onClose, onAdded, initialService = 'redcap' }: { onClose: () => void; onAdded: (connection: ConnectionSummary) => void; initialService?: ServiceKind }) {
  const api = useApi();
  const [service, setService] = useState<ServiceKind>(initialService);
  const [serverUrl, setServerUrl] = useState(defaultBrainstemUrl);
  const [portal, setPortal] = useState<BrainstemPortalName>('private');
  // The first field takes the focus when the dialog opens, not when the user switches service with the arrows.
  const [serviceChanged, setServiceChanged] = useState(false);
  const [url, setUrl] = useState('');
  // Uncontrolled on purpose: a controlled React input mirrors its value into the DOM `value` attribute,
  // and the token should live in exactly one place, the field itself.
  const tokenRef = useRef<HTMLInputElement>(null);
  const [hasToken, setHasToken] = useState(false);
  const [name, setName] = useState('');
  const [showToken, setShowToken] = useState(false);
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [tested, setTested] = useState<ConnectionTestResult | null>(null);
  // Brim: an existing project by its id, or a project found (or created) by its name.
  const [brimProject, setBrimProject] = useState<'id' | 'name'>('id');
  const [brimProjectId, setBrimProjectId] = useState('');
  const [brimProjectName, setBrimProjectName] = useState('');
  const [error, setError] = useState<unknown>(null);
  // Advanced (every service): a private CA file for Node shells, and whether synced data outlives the run.
  const [caFile, setCaFile] = useState('');
  const [offlineCache, setOfflineCache] = useState(true);

  const caFileInput = () => (caFile.trim() ? { caFile: caFile.trim() } : {});
  const localSettings = () => ({ ...caFileInput(), ...(offlineCache ? {} : { offlineCache: false }) });
  const draft = () => ({ kind: 'redcap' as const, url, token: tokenRef.current?.value ?? '', ...caFileInput() });
  const brimProjectReady = brimProject === 'id' ? /^\d{1,10}$/.test(brimProjectId.trim()) && Number(brimProjectId) >= 1 : brimProjectName.trim() !== '';
  const ready = service === 'brainstem' ? serverUrl.trim() !== '' : url.trim() !== '' && hasToken && (service !== 'brim' || brimProjectReady);

  const test = async (): Promise<void> => {
    setBusy('test');
    setError(null);
    setTested(null);
    try {
      setTested(await api.call('connections.test', draft()));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const save = async (event?: FormEvent): Promise<void> => {
    event?.preventDefault();
    if (!ready || busy) return;
    setBusy('save');
    setError(null);
    if (service === 'brainstem') {
      try {
        onAdded(await api.call('brainstem.connect', { url: serverUrl, portal, ...(name.trim() ? { name: name.trim() } : {}), ...localSettings() }));
      } catch (e) {
        setError(e);
        setBusy(null);
      }
      return;
    }
    if (service === 'brim') {
      try {
        const added = await api.call('brim.connect', {
          url,
          token: tokenRef.current?.value ?? '',
          ...(brimProject === 'id' ? { projectId: Number(brimProjectId.trim()) } : { projectName: brimProjectName.trim() }),
          ...(name.trim() ? { name: name.trim() } : {}),
          ...localSettings(),
        });
        if (tokenRef.current) tokenRef.current.value = '';
        onAdded(added);
      } catch (e) {
        setError(e);
        setBusy(null);
      }
      return;
    }
    try {
      const added = await api.call('connections.add', { ...draft(), ...(name.trim() ? { name: name.trim() } : {}), ...localSettings() });
      if (tokenRef.current) tokenRef.current.value = '';
      onAdded(added);
    } catch (e) {
      setError(e);
      setBusy(null);
    }
  };

  const edited = (apply: () => void) => {
    apply();
    setTested(null);
  };

  const advanced = (
    <details className="form-advanced">
      <summary>Advanced: certificate and offline copy</summary>
      <LocalSettingsFields caFile={caFile} onCaFile={(value) => edited(() => setCaFile(value))} offlineCache={offlineCache} onOfflineCache={setOfflineCache} />
    </details>
  );

  return (
    <Dialog
      title={dialogTitles[service]}
      onClose={onClose}
      testId="add-connection"
      footer={
        <>
          {service === 'redcap' ? (
            <button type="button" className="btn" disabled={!ready || busy !== null} onClick={() => void test()}>
              {busy === 'test' ? 'Testing…' : 'Test connection'}
            </button>
          ) : null}
          <span className="spacer" />
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="add-connection-form" className="btn btn-primary" disabled={!ready || busy !== null}>
            {busy === 'save' ? 'Connecting…' : 'Add connection'}
          </button>
        </>
      }
    >
      <form id="add-connection-form" className="form" onSubmit={(event) => void save(event)}>
        <fieldset className="form-group">
          <legend>Service</legend>
          <div className="service-choice">
            {(
              [
                { id: 'redcap', title: 'REDCap', text: 'The records of one project' },
                { id: 'brainstem', title: 'BrainSTEM', text: 'Experiment metadata: projects, subjects, sessions…' },
                { id: 'brim', title: 'Brim', text: 'Chart abstraction: upload notes, generate and fetch labels' },
              ] as const
            ).map((choice) => (
              <label key={choice.id}>
                <input
                  type="radio"
                  name="service"
                  value={choice.id}
                  checked={service === choice.id}
                  onChange={() => {
                    setService(choice.id);
                    setServiceChanged(true);
                    setHasToken(false);
                    setTested(null);
                    setError(null);
                  }}
                />
                <span>
                  <strong>{choice.title}</strong>
                  <small>{choice.text}</small>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        {service === 'brainstem' ? (
          <>
            <label>
              <span>Server address</span>
              <input type="url" name="server" autoFocus={!serviceChanged} value={serverUrl} onChange={(e) => setServerUrl(e.target.value)} spellCheck={false} autoComplete="off" />
              <small className="muted">brainstem.org, or your institution's own BrainSTEM server.</small>
            </label>
            <fieldset className="form-group bs-portal-choice">
              <legend>Portal</legend>
              <label className="radio">
                <input type="radio" name="portal" value="private" checked={portal === 'private'} onChange={() => setPortal('private')} />
                <span>
                  Private — what your account may read; you sign in once (in your browser, or with a token)
                </span>
              </label>
              <label className="radio">
                <input type="radio" name="portal" value="public" checked={portal === 'public'} onChange={() => setPortal('public')} />
                <span>Public — published projects, no sign-in needed</span>
              </label>
              <small className="muted">You can switch between them at any time.</small>
            </fieldset>
            <label>
              <span>Name (optional)</span>
              <input type="text" name="name" placeholder="Defaults to the server's name" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
            </label>
            {advanced}
            {error ? <ErrorNotice error={error} service="brainstem" /> : null}
          </>
        ) : service === 'brim' ? (
          <BrimConnectionFields
            url={url}
            onUrl={(value) => setUrl(value)}
            tokenRef={tokenRef}
            showToken={showToken}
            onShowToken={setShowToken}
            onToken={(present) => setHasToken(present)}
            focusFirst={!serviceChanged}
            project={brimProject}
            onProject={setBrimProject}
            projectId={brimProjectId}
            onProjectId={setBrimProjectId}
            projectName={brimProjectName}
            onProjectName={setBrimProjectName}
            name={name}
            onName={setName}
            advanced={advanced}
            error={error}
          />
        ) : (
          <>
            <label>
              <span>API address</span>
              <input
                type="url"
                name="url"
                autoFocus={!serviceChanged}
                placeholder="https://redcap.example.edu/api/"
                value={url}
                onChange={(e) => edited(() => setUrl(e.target.value))}
                spellCheck={false}
                autoComplete="off"
              />
              <small className="muted">Shown on your project's "API" page in REDCap. A project address works too; Carrel finds the API from it.</small>
            </label>
            <label>
              <span>API token</span>
              <div className="input-with-button">
                <input
                  type={showToken ? 'text' : 'password'}
                  name="token"
                  placeholder="32 characters, from the project's API page"
                  ref={tokenRef}
                  onChange={(e) => edited(() => setHasToken(e.target.value.trim() !== ''))}
                  spellCheck={false}
                  autoComplete="off"
                />
                <button type="button" className="btn" onClick={() => setShowToken(!showToken)} aria-pressed={showToken}>
                  {showToken ? 'Hide' : 'Show'}
                </button>
              </div>
              <small className="muted">Stored in your system keychain, never shown again in full.</small>
            </label>
            <label>
              <span>Name (optional)</span>
              <input type="text" name="name" placeholder="Defaults to the project title" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
            </label>
            {advanced}
            {tested ? (
              <div className="notice notice-ok" role="status" data-testid="test-result">
                <div>
                  <strong>Connected to REDCap {tested.serverVersion}</strong>
                  <div>
                    Project “{tested.project.title}” (ID {tested.project.id}){tested.project.inProduction ? ', in production' : ', in development'}
                    {tested.project.isLongitudinal ? ', longitudinal' : ''}.
                  </div>
                  {tested.urlAdjusted ? <div className="mono">Carrel will use {tested.url}</div> : null}
                </div>
              </div>
            ) : null}
            {error ? <ErrorNotice error={error} /> : null}
          </>
        )}
      </form>
    </Dialog>
  );
}
