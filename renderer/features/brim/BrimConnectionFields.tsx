import type { ReactNode, RefObject } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import './brim.css';

export interface BrimConnectionFieldsProps {
  url: string;
  onUrl: (url: string) => void;
  /** The token field stays uncontrolled: its value lives only in the field (see AddConnectionDialog). */
  tokenRef: RefObject<HTMLInputElement | null>;
  showToken: boolean;
  onShowToken: (show: boolean) => void;
  onToken: (present: boolean) => void;
  focusFirst: boolean;
  project: 'id' | 'name';
  onProject: (project: 'id' | 'name') => void;
  projectId: string;
  onProjectId: (id: string) => void;
  projectName: string;
  onProjectName: (name: string) => void;
  name: string;
  onName: (name: string) => void;
  error: unknown;
  /** The add dialog's "Advanced" section (CA file, offline copy), shown before any error. */
  advanced?: ReactNode;
}

/**
 * A Brim connection: the API address, a project or organization token, and the project — its id, or a
 * name Carrel looks up or creates (Brim's project creation is idempotent by name). Checked before saving.
 */
export function BrimConnectionFields(props: BrimConnectionFieldsProps) {
  return (
    <>
      <label>
        <span>API address</span>
        <input type="url" name="url" autoFocus={props.focusFirst} placeholder="https://demo.brimanalytics.com" value={props.url} onChange={(e) => props.onUrl(e.target.value)} spellCheck={false} autoComplete="off" />
        <small className="muted">The address of your Brim server, as in Brim's API guide (API_URL).</small>
      </label>
      <label>
        <span>API token</span>
        <div className="input-with-button">
          <input
            type={props.showToken ? 'text' : 'password'}
            name="token"
            placeholder="A project or organization API token"
            ref={props.tokenRef}
            onChange={(e) => props.onToken(e.target.value.trim() !== '')}
            spellCheck={false}
            autoComplete="off"
          />
          <button type="button" className="btn" onClick={() => props.onShowToken(!props.showToken)} aria-pressed={props.showToken}>
            {props.showToken ? 'Hide' : 'Show'}
          </button>
        </div>
        <small className="muted">From Settings → Manage Project → Project API Tokens in Brim. Stored in your system keychain, never shown again in full.</small>
      </label>
      <fieldset className="form-group brim-project-choice">
        <legend>Project</legend>
        <label className="radio">
          <input type="radio" name="brim-project" value="id" checked={props.project === 'id'} onChange={() => props.onProject('id')} />
          <span>An existing project, by its id</span>
        </label>
        {props.project === 'id' ? (
          <input type="text" inputMode="numeric" name="projectId" aria-label="Project id" placeholder="e.g. 42" value={props.projectId} onChange={(e) => props.onProjectId(e.target.value)} autoComplete="off" />
        ) : null}
        <label className="radio">
          <input type="radio" name="brim-project" value="name" checked={props.project === 'name'} onChange={() => props.onProject('name')} />
          <span>The project with this name (created if there is none)</span>
        </label>
        {props.project === 'name' ? (
          <input type="text" name="projectName" aria-label="Project name" placeholder="e.g. Lung nodules 2025" value={props.projectName} onChange={(e) => props.onProjectName(e.target.value)} maxLength={200} autoComplete="off" />
        ) : null}
      </fieldset>
      <label>
        <span>Name (optional)</span>
        <input type="text" name="name" placeholder="Defaults to the project's name" value={props.name} onChange={(e) => props.onName(e.target.value)} maxLength={120} />
      </label>
      {props.advanced}
      {props.error ? <ErrorNotice error={props.error} service="brim" /> : null}
    </>
  );
}
