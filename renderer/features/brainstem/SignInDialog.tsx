import { useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import type { ConnectionSummary } from '../../../shared/contract/connections.ts';
import { useApi } from '../../api/api-context.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { DeviceSignIn } from './DeviceSignIn.tsx';
import { hostOf } from './host.ts';

type Tab = 'device' | 'token' | 'password' | 'legacy';

const tabs: Array<{ id: Tab; label: string }> = [
  { id: 'device', label: 'Browser' },
  { id: 'token', label: 'Access token' },
  { id: 'password', label: 'Email and password' },
  { id: 'legacy', label: 'Older servers' },
];

/** Where BrainSTEM users create personal access tokens on this server. */
function tokensPageOf(serverUrl: string): string | null {
  try {
    return new URL('private/users/tokens/', serverUrl.endsWith('/') ? serverUrl : `${serverUrl}/`).toString();
  } catch {
    return null;
  }
}

/** A form whose secret lives only in its (uncontrolled) field, and is cleared once sent. */
function SecretForm({ id, fields, note, submitLabel, send, onSignedIn }: {
  id: Tab;
  fields: Array<{ name: string; label: string; type: 'text' | 'email' | 'password'; placeholder?: string; help?: ReactNode; autoComplete: string }>;
  note: ReactNode;
  submitLabel: string;
  send: (values: Record<string, string>) => Promise<unknown>;
  onSignedIn: () => void;
}) {
  const form = useRef<HTMLFormElement>(null);
  const [filled, setFilled] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const read = (): Record<string, string> => {
    const data = new FormData(form.current ?? undefined);
    return Object.fromEntries(fields.map((field) => [field.name, String(data.get(field.name) ?? '')]));
  };
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy || !filled) return;
    setBusy(true);
    setError(null);
    try {
      await send(read());
      form.current?.reset();
      onSignedIn();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <form ref={form} className="form bs-signin-pane" id={`sign-in-${id}`} onSubmit={(event) => void submit(event)} onChange={() => setFilled(Object.values(read()).every((value) => value.trim() !== ''))}>
      <p className="muted">{note}</p>
      {fields.map((field, index) => (
        <label key={field.name}>
          <span>{field.label}</span>
          <input
            type={field.type}
            name={field.name}
            placeholder={field.placeholder}
            autoComplete={field.autoComplete}
            spellCheck={false}
            autoFocus={index === 0}
            className={field.name === 'token' ? 'mono' : undefined}
          />
          {field.help ? <small className="muted">{field.help}</small> : null}
        </label>
      ))}
      {error ? <ErrorNotice error={error} service="brainstem" /> : null}
      <div>
        <button type="submit" className="btn btn-primary" disabled={!filled || busy}>
          {busy ? 'Signing in…' : submitLabel}
        </button>
      </div>
    </form>
  );
}

/**
 * Signing in to a BrainSTEM server, four ways: the browser (device flow, the server's recommended
 * way), a personal access token, email and password (for a refreshable token), or the older
 * username/password token. Secrets go to main once and are never shown again; a password is not kept.
 */
export function SignInDialog({ connection, onSignedIn, onClose }: { connection: ConnectionSummary; onSignedIn: () => void; onClose: () => void }) {
  const api = useApi();
  const [tab, setTab] = useState<Tab>('device');
  const host = hostOf(connection.url);
  const connectionId = connection.id;
  const tokensPage = tokensPageOf(connection.url);

  const onTabKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    const index = tabs.findIndex((t) => t.id === tab);
    const next = event.key === 'ArrowRight' ? index + 1 : event.key === 'ArrowLeft' ? index - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1 : null;
    if (next === null) return;
    event.preventDefault();
    const target = tabs[(next + tabs.length) % tabs.length]!;
    setTab(target.id);
    requestAnimationFrame(() => document.getElementById(`sign-in-tab-${target.id}`)?.focus());
  };

  return (
    <Dialog title={`Sign in to ${host}`} onClose={onClose} testId="sign-in-dialog" width={560}>
      <div className="bs-tabs" role="tablist" aria-label="How to sign in" onKeyDown={onTabKey}>
        {tabs.map((t) => (
          <button
            key={t.id}
            id={`sign-in-tab-${t.id}`}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            aria-controls={`sign-in-panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`sign-in-panel-${tab}`} aria-labelledby={`sign-in-tab-${tab}`} className="bs-tabpanel">
        {tab === 'device' ? <DeviceSignIn connectionId={connectionId} host={host} onSignedIn={onSignedIn} /> : null}
        {tab === 'token' ? (
          <SecretForm
            id="token"
            note={
              <>
                A personal access token lasts a year and renews itself while in use. It is kept in your system keychain for {host}, never shown again in full.
              </>
            }
            fields={[
              {
                name: 'token',
                label: 'Personal access token',
                type: 'password',
                autoComplete: 'off',
                help: tokensPage ? (
                  <>
                    Create one on{' '}
                    <a href={tokensPage} target="_blank" rel="noopener noreferrer">
                      your tokens page
                    </a>{' '}
                    in BrainSTEM (it is shown only once there).
                  </>
                ) : (
                  'Create one on your tokens page in BrainSTEM (it is shown only once there).'
                ),
              },
            ]}
            submitLabel="Sign in with the token"
            send={(values) => api.call('brainstem.signIn.token', { connectionId, token: values.token!.trim() })}
            onSignedIn={onSignedIn}
          />
        ) : null}
        {tab === 'password' ? (
          <SecretForm
            id="password"
            note={
              <>
                Your password is sent once to {host} in exchange for an access token that renews itself for 30 days. <strong>Carrel does not store your password.</strong> Accounts
                with two-factor authentication sign in with the browser instead.
              </>
            }
            fields={[
              { name: 'email', label: 'Email', type: 'email', autoComplete: 'username' },
              { name: 'password', label: 'Password', type: 'password', autoComplete: 'current-password' },
            ]}
            submitLabel="Sign in"
            send={(values) => api.call('brainstem.signIn.password', { connectionId, email: values.email!.trim(), password: values.password! })}
            onSignedIn={onSignedIn}
          />
        ) : null}
        {tab === 'legacy' ? (
          <SecretForm
            id="legacy"
            note={
              <>
                For older BrainSTEM servers without the browser sign-in: your username and password are exchanged once for a long-lived token. <strong>Carrel does not store your password</strong>, only
                the token, in your system keychain.
              </>
            }
            fields={[
              { name: 'username', label: 'Username (email)', type: 'text', autoComplete: 'username' },
              { name: 'password', label: 'Password', type: 'password', autoComplete: 'current-password' },
            ]}
            submitLabel="Sign in"
            send={(values) => api.call('brainstem.signIn.legacy', { connectionId, username: values.username!.trim(), password: values.password! })}
            onSignedIn={onSignedIn}
          />
        ) : null}
      </div>
      <p className="muted bs-signin-footnote">The sign-in belongs to {host}: every connection to this server uses it.</p>
    </Dialog>
  );
}
