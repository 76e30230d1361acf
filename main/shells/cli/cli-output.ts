import type { Writable } from 'node:stream';
import type { CliOutput } from './cli-types.ts';

const barWidth = 24;
const redrawMs = 100;

export interface CliPrinter extends CliOutput {
  /** One line on stderr; in JSON mode also `{"error": {code, message}}` on stdout. */
  error(code: string, message: string): void;
  /** Clears the progress bar (before exit, or before other text). */
  endProgress(): void;
}

function isTerminal(stream: Writable): boolean {
  return (stream as Writable & { isTTY?: boolean }).isTTY === true;
}

function columnsOf(stream: Writable): number {
  return (stream as Writable & { columns?: number }).columns ?? 80;
}

/**
 * JSON mode: the result as one document, items as JSON lines, nothing else on stdout. Human mode: text on
 * stdout, sentences on stderr, and a progress bar redrawn in place on stderr when it is a terminal (so a
 * piped or redirected run, or a cron job's mail, gets no control characters).
 */
export function createPrinter(options: { json: boolean; stdout: Writable; stderr: Writable }): CliPrinter {
  const { json, stdout, stderr } = options;
  const bars = !json && isTerminal(stderr);
  let barShown = false;
  let lastDraw = 0;
  const clear = (): void => {
    if (barShown) stderr.write('\r\x1b[2K');
    barShown = false;
  };
  const printer: CliPrinter = {
    result(value, human) {
      clear();
      if (json) stdout.write(`${JSON.stringify(value)}\n`);
      else {
        const text = human();
        if (text) stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      }
    },
    item(value, human) {
      clear();
      if (json) stdout.write(`${JSON.stringify(value)}\n`);
      else stdout.write(`${human()}\n`);
    },
    progress(done, total, message) {
      if (!bars) return;
      const now = Date.now();
      if (now - lastDraw < redrawMs && !(total !== null && done >= total)) return;
      lastDraw = now;
      let line: string;
      if (total !== null && total > 0) {
        const share = Math.min(1, Math.max(0, done / total));
        const filled = Math.round(share * barWidth);
        line = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${message}`;
      } else {
        line = `[${'.'.repeat(barWidth)}] ${message}`;
      }
      stderr.write(`\r\x1b[2K${line.slice(0, Math.max(20, columnsOf(stderr) - 1))}`);
      barShown = true;
    },
    note(message) {
      clear();
      stderr.write(`${message}\n`);
    },
    error(code, message) {
      clear();
      stderr.write(`carrel: ${message}\n`);
      if (json) stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
    },
    endProgress: clear,
  };
  return printer;
}
