import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from './redact.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const maxLogBytes = 5 * 1024 * 1024;

function serialise(fields: Record<string, unknown> | undefined): string {
  if (!fields) return '';
  try {
    return ' ' + JSON.stringify(fields, (_k, v: unknown) => (v instanceof Error ? `${v.name}: ${v.message}` : v));
  } catch {
    return ' {"fields":"unserialisable"}';
  }
}

/**
 * Writes redacted lines to `<dir>/carrel.log` (rotated at 5 MB, one previous file kept) and, when asked,
 * to stderr. Callers log events and counts, never record values: research data may be PHI.
 */
export function createLogger(options: { dir?: string; level?: LogLevel; stderr?: boolean } = {}): Logger {
  const minimum = order[options.level ?? 'info'];
  let file: string | null = null;
  if (options.dir) {
    try {
      mkdirSync(options.dir, { recursive: true });
      file = join(options.dir, 'carrel.log');
    } catch {
      file = null;
    }
  }

  function write(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
    if (order[level] < minimum) return;
    const line = redact(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${serialise(fields)}`) + '\n';
    if (options.stderr) process.stderr.write(line);
    if (!file) return;
    try {
      if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > maxLogBytes) renameSync(file, file + '.1');
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
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
