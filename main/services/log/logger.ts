import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { defaultRotation, logFileName, recentLines, rotateIfNeeded, type RotationLimits } from './log-files.ts';
import { redactForLog } from './redact.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** The folder of the log files; null or absent when this logger writes no files. */
  readonly dir?: string | null;
  /**
   * The newest error and warning lines (redacted, oldest first): from the files when there are any, else
   * from this run. Warnings count: a failed job or an unusable keychain is logged as one.
   */
  recentErrors?(limit: number): string[];
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const remembered = 50;

function serialise(fields: Record<string, unknown> | undefined): string {
  if (!fields) return '';
  try {
    return ' ' + JSON.stringify(fields, (_k, v: unknown) => (v instanceof Error ? `${v.name}: ${v.message}` : v));
  } catch {
    return ' {"fields":"unserialisable"}';
  }
}

/**
 * Writes redacted lines to `<dir>/carrel.log`, rolled at 5 MB with four older files kept (`carrel.log.1`
 * newest), and, when asked, to stderr. Callers log events, ids and counts, never record values: research
 * data may be PHI. Tokens, bearer headers, `token=` parameters and e-mail addresses are scrubbed here.
 */
export function createLogger(options: { dir?: string; level?: LogLevel; stderr?: boolean; rotation?: RotationLimits } = {}): Logger {
  const minimum = order[options.level ?? 'info'];
  const rotation = options.rotation ?? defaultRotation;
  let dir: string | null = null;
  if (options.dir) {
    try {
      mkdirSync(options.dir, { recursive: true, mode: 0o700 });
      dir = options.dir;
    } catch {
      dir = null;
    }
  }
  const file = dir ? join(dir, logFileName) : null;
  // Errors and warnings of this run, for diagnostics when no file can be written.
  const errors: string[] = [];

  function write(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    if (order[level] < minimum) return;
    const line = redactForLog(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${serialise(fields)}`).replace(/\n/g, '\\n') + '\n';
    if (level === 'error' || level === 'warn') {
      errors.push(line.trimEnd());
      if (errors.length > remembered) errors.shift();
    }
    if (options.stderr) process.stderr.write(line);
    if (!dir || !file) return;
    try {
      rotateIfNeeded(dir, Buffer.byteLength(line), rotation);
      appendFileSync(file, line, { mode: 0o600 });
    } catch {
      // A log that cannot be written must never take the app down.
    }
  }

  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    dir,
    recentErrors: (limit) => {
      const fromFiles = dir ? recentLines(dir, ['ERROR', 'WARN'], limit, rotation) : [];
      return (fromFiles.length > 0 ? fromFiles : errors.slice(-limit)).map(redactForLog);
    },
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
