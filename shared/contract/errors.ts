import { z } from 'zod';

/**
 * Every error that crosses the contract carries one of these codes. The renderer decides what to show
 * (and whether to offer "Try again") from the code and `retryable`, never by parsing messages.
 */
export const errorCodes = [
  'VALIDATION', // the input did not match the contract
  'UNKNOWN_METHOD',
  'NOT_FOUND', // a connection, job or view that does not exist (any more)
  'CONFLICT', // the operation cannot run now (e.g. a sync is already running)
  'AUTH_FAILED', // the service rejected the credentials
  'FORBIDDEN', // credentials accepted but the user lacks a right
  'UNREACHABLE', // DNS, refused, reset: no answer from the server
  'TIMEOUT',
  'TLS', // certificate problems
  'NOT_SERVICE', // something answered, but not the expected service API (HTML page, 404, redirect)
  'BAD_RESPONSE', // the service answered with a body we cannot trust (truncated, malformed, wrong shape)
  'INCOMPLETE_DATA', // the service silently left records out
  'SERVICE_ERROR', // the service reported an error for this request
  'RATE_LIMITED',
  'CANCELLED',
  'KEYCHAIN', // the OS keychain failed
  'NO_TOKEN', // no stored token for this connection (session-only storage after a restart)
  'NOT_SYNCED', // the dataset has never been synced
  'VIEW_EXPIRED', // the table changed under an open view; reopen it
  'FILE_SYSTEM',
  'UNSUPPORTED', // not possible in this shell (e.g. "show in folder" from a browser)
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export const appErrorSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  retryable: z.boolean(),
  details: z.record(z.string(), z.unknown()).optional(),
});

export type AppErrorShape = z.infer<typeof appErrorSchema>;

/** Thrown by services and handlers; serialised to {code, message, retryable, details} at the contract edge. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: { retryable?: boolean; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }

  toShape(): AppErrorShape {
    const shape: AppErrorShape = { code: this.code, message: this.message, retryable: this.retryable };
    if (this.details !== undefined) shape.details = this.details;
    return shape;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
