import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';

const titles: Partial<Record<string, string>> = {
  AUTH_FAILED: 'Token not accepted',
  FORBIDDEN: 'Not allowed',
  UNREACHABLE: 'Server not reachable',
  TIMEOUT: 'No answer in time',
  TLS: 'Certificate problem',
  NOT_SERVICE: 'Not a REDCap API address',
  BAD_RESPONSE: 'Unexpected answer',
  INCOMPLETE_DATA: 'Incomplete data',
  SERVICE_ERROR: 'REDCap reported an error',
  RATE_LIMITED: 'Too many requests',
  NO_TOKEN: 'Token needed',
  KEYCHAIN: 'Keychain problem',
  VALIDATION: 'Check the input',
  FILE_SYSTEM: 'File problem',
};

/** Where a title names the service, BrainSTEM's own words (REDCap's are the default). */
const brainstemTitles: Partial<Record<string, string>> = {
  AUTH_FAILED: 'Sign-in not accepted',
  NO_TOKEN: 'Sign-in needed',
  NOT_SERVICE: 'Not a BrainSTEM server',
  SERVICE_ERROR: 'BrainSTEM reported an error',
};

/** Brim's words for the same codes. */
const brimTitles: Partial<Record<string, string>> = {
  NOT_SERVICE: 'Not a Brim API address',
  SERVICE_ERROR: 'Brim reported an error',
  UNSUPPORTED: 'Not available on this server',
};

const serviceTitles: Record<'redcap' | 'brainstem' | 'brim', Partial<Record<string, string>>> = { redcap: {}, brainstem: brainstemTitles, brim: brimTitles };

/** Says what went wrong and what to do; the message comes from main and never contains a token. */
export function ErrorNotice({ error, onRetry, service = 'redcap', action }: { error: unknown; onRetry?: () => void; service?: 'redcap' | 'brainstem' | 'brim'; action?: ReactNode }) {
  const code = error instanceof ApiError ? error.code : 'INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  const retryable = error instanceof ApiError ? error.retryable : false;
  return (
    <div className="notice notice-error" role="alert" data-error-code={code}>
      <div>
        <strong>{serviceTitles[service][code] ?? titles[code] ?? 'Something went wrong'}</strong>
        <div>{message}</div>
      </div>
      {onRetry && retryable ? (
        <button type="button" className="btn" onClick={onRetry}>
          Try again
        </button>
      ) : null}
      {action}
    </div>
  );
}
