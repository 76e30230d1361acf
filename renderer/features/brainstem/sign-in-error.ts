/**
 * A call that failed only because this server wants a (new) sign-in: main marks those errors with
 * `details.signIn`, so the screen can open the sign-in dialog in place and try the call again, and forms
 * keep what the user typed. Checked by shape, so it holds for any error that crossed the contract.
 */
export function needsSignIn(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, details } = error as { code?: unknown; details?: unknown };
  const signIn = typeof details === 'object' && details !== null && (details as { signIn?: unknown }).signIn === true;
  return (code === 'AUTH_FAILED' || code === 'NO_TOKEN') && signIn;
}
