/**
 * Tokens must never reach a log line, an error message or the renderer. Two nets catch them:
 * every secret this process has handled is registered and scrubbed verbatim, and text that looks like a
 * credential (token parameters, bearer headers, REDCap-shaped hex keys) is scrubbed by pattern.
 */

const known = new Set<string>();
const minimumSecretLength = 8;
export const redactedMark = '[redacted]';

export function registerSecret(secret: string): void {
  const trimmed = secret.trim();
  if (trimmed.length >= minimumSecretLength) known.add(trimmed);
}

export function forgetSecret(secret: string): void {
  known.delete(secret.trim());
}

const patterns: RegExp[] = [
  // token=… in query strings and form bodies (REDCap sends its token as a form field)
  /\b(token|access_token|refresh_token|api_key|apikey|password)=([^&\s"']+)/gi,
  // JSON-ish "token": "…"
  /("(?:token|access_token|refresh_token|api_key|password)"\s*:\s*")([^"]*)(")/gi,
  // Authorization headers
  /\b(Bearer|Token|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g,
  // REDCap project tokens (32 hex) and super tokens (64 hex)
  /\b[0-9A-Fa-f]{64}\b/g,
  /\b[0-9A-Fa-f]{32}\b/g,
];

export function redact(text: string): string {
  let out = text;
  for (const secret of known) {
    if (out.includes(secret)) out = out.split(secret).join(redactedMark);
  }
  out = out.replace(patterns[0]!, (_m, key: string) => `${key}=${redactedMark}`);
  out = out.replace(patterns[1]!, (_m, head: string, _v: string, tail: string) => `${head}${redactedMark}${tail}`);
  out = out.replace(patterns[2]!, (_m, scheme: string) => `${scheme} ${redactedMark}`);
  out = out.replace(patterns[3]!, redactedMark);
  out = out.replace(patterns[4]!, redactedMark);
  return out;
}

// Addresses of people (BrainSTEM accounts, REDCap users in logging rows) say who, which a log need not.
const emailPattern = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g;
export const emailMark = '[email]';

/**
 * What goes into log files and diagnostics: secrets as in `redact`, and e-mail addresses too. Messages
 * for the user keep addresses (they may need them to act), so this is separate from `redact`.
 */
export function redactForLog(text: string): string {
  return redact(text).replace(emailPattern, emailMark);
}

/** A short hint that lets a user tell two tokens apart: `…a1f3`. */
export function tokenHint(token: string): string {
  const trimmed = token.trim();
  return trimmed.length >= 12 ? `…${trimmed.slice(-4)}` : '…';
}
