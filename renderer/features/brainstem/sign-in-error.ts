import { ApiError } from '../../api/client.ts';

/**
 * A call that failed only because this server wants a (new) sign-in: main marks those errors with
 * `details.signIn`, so the screen can open the sign-in dialog in place and try the call again.
 */
export function needsSignIn(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'AUTH_FAILED' || error.code === 'NO_TOKEN') && error.details?.signIn === true;
}
