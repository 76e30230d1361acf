import type { Readable, Writable } from 'node:stream';
import { AppError } from '../../../shared/contract/errors.ts';
import type { CliIo } from './cli-types.ts';
import { UsageError } from './cli-args.ts';

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a line from the terminal without echoing it. */
function hiddenPrompt(prompt: string, stdin: Readable & { setRawMode?: (raw: boolean) => void }, stderr: Writable): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    stderr.write(prompt);
    stdin.setRawMode?.(true);
    stdin.resume();
    const finish = (error: Error | null): void => {
      stdin.setRawMode?.(false);
      stdin.pause();
      stdin.off('data', onData);
      stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n') return finish(null);
        if (char === '\u0003') return finish(new AppError('CANCELLED', 'Cancelled.'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ') value += char;
      }
    };
    stdin.on('data', onData);
  });
}

/**
 * A secret never comes from an argument (it would land in the shell history and in `ps`): from the
 * environment variable named, else stdin when something is piped in, else a prompt that does not echo.
 */
export async function readSecret(io: CliIo, prompt: string, envName: string): Promise<string> {
  const fromEnv = io.env[envName];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return fromEnv.trim();
  if (!io.stdinIsTTY) {
    const piped = (await readAll(io.stdin)).split(/\r?\n/)[0]?.trim() ?? '';
    if (piped) return piped;
    throw new UsageError(`No token given: set ${envName}, pipe it on stdin, or run the command in a terminal to be asked.`);
  }
  const typed = (await hiddenPrompt(prompt, io.stdin, io.stderr)).trim();
  if (!typed) throw new UsageError('No token entered.');
  return typed;
}

/** Yes/no on a terminal; false for anything but y/yes. */
export function confirm(io: CliIo, question: string): Promise<boolean> {
  return new Promise((resolve) => {
    io.stderr.write(`${question} [y/N] `);
    io.stdin.resume();
    io.stdin.once('data', (chunk: Buffer | string) => {
      io.stdin.pause();
      resolve(/^\s*y(es)?\s*$/i.test(chunk.toString()));
    });
  });
}
