// The shape every `carrel` command has, so that commands can be written apart from the runner that
// parses arguments, prints help and output, and maps outcomes to exit codes.

import type { Readable, Writable } from 'node:stream';
import type { Core } from '../../ipc/core.ts';

/** 0 success, 1 failure, 2 usage error, 3 partial success (some items failed). */
export const exitCodes = { ok: 0, failure: 1, usage: 2, partial: 3 } as const;
export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

export interface CliOption {
  type: 'string' | 'boolean';
  /** May be given several times (`--filters a=1 --filters b=2`), or take several values. */
  multiple?: boolean;
  short?: string;
  description: string;
}

/** Flags every command accepts, wherever they appear on the line. */
export interface CliGlobals {
  /** One JSON document on stdout (or JSON lines for streams); no colours, no progress. */
  json: boolean;
  /** Settings, keychain entries and cache are the desktop app's unless this says otherwise. */
  userData: string;
  /** Tokens for this run only, never the keychain. */
  sessionOnly: boolean;
  verbose: boolean;
}

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  /** stdout is a terminal: human output may use progress bars and colour. */
  stdoutIsTTY: boolean;
  stdinIsTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

/** How a command reports: the runner decides between JSON and human text. */
export interface CliOutput {
  /** The command's one result: JSON as is, or the human text. */
  result(value: unknown, human: () => string): void;
  /** One item of a stream (JSON lines in --json mode). */
  item(value: unknown, human: () => string): void;
  /** A job's progress: a bar on a terminal, nothing when piped or in --json mode. */
  progress(done: number, total: number | null, message: string): void;
  /** A sentence for the user on stderr. */
  note(message: string): void;
}

export interface CliRunContext {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  globals: CliGlobals;
  io: CliIo;
  out: CliOutput;
  /** The same services as the desktop app, started on first use (so `--help` and `--version` stay fast). */
  core(): Promise<Core>;
  /** Reads a secret: from the environment variable named, else stdin when piped, else a hidden prompt. */
  readSecret(prompt: string, envName: string): Promise<string>;
}

export interface CliCommand {
  /** Words that name it: ['brainstem', 'load']. */
  path: readonly string[];
  summary: string;
  /** e.g. "carrel brainstem load MODEL [options]" */
  usage: string;
  examples: readonly string[];
  options: Readonly<Record<string, CliOption>>;
  positionals: { min: number; max: number; names: readonly string[] };
  run(context: CliRunContext): Promise<ExitCode>;
}
