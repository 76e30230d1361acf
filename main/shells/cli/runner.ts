import { isAppError } from '../../../shared/contract/errors.ts';
import { redact } from '../../services/log/redact.ts';
import { defaultUserDataDir } from '../../services/paths.ts';
import { closest, findCommand, globalOptions, globalsFrom, parseOptions, UsageError } from './cli-args.ts';
import type { CliCore } from './cli-core.ts';
import { commandHelp, generalHelp, groupHelp } from './cli-help.ts';
import { createPrinter } from './cli-output.ts';
import { readSecret } from './cli-secret.ts';
import { exitCodes, type CliCommand, type CliIo, type CliRunContext } from './cli-types.ts';
import { cliCommands } from './commands/index.ts';
import { packageVersion } from './package-root.ts';

/** What a shell reports when the user pressed Ctrl+C (128 + SIGINT). */
export const interruptedExit = 130;

function usageFailure(io: CliIo, json: boolean, error: UsageError): number {
  const printer = createPrinter({ json, stdout: io.stdout, stderr: io.stderr });
  printer.error('USAGE', error.message);
  io.stderr.write(error.command ? `Usage: ${error.command.usage}\nRun \`carrel ${error.command.path.join(' ')} --help\` for options and examples.\n` : 'Run `carrel help` for the commands.\n');
  return exitCodes.usage;
}

/** Runs one command line to its exit code. Never throws: every failure becomes a sentence on stderr. */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = cliCommands): Promise<number> {
  const jsonAnywhere = argv.includes('--json');
  const { command, words, rest, unknownWord } = findCommand(argv, commands);
  if (!command) {
    let parsed;
    try {
      parsed = parseOptions(rest, { ...globalOptions, version: { type: 'boolean', short: 'V', description: '' } }, null);
    } catch (error) {
      if (error instanceof UsageError) return usageFailure(io, jsonAnywhere, error);
      throw error;
    }
    if (parsed.values.version) {
      io.stdout.write(parsed.values.json ? `${JSON.stringify({ version: packageVersion() })}\n` : `carrel ${packageVersion()}\n`);
      return exitCodes.ok;
    }
    // `carrel help [words…]`
    if (unknownWord === 'help' && words.length === 0) {
      const target = findCommand(parsed.positionals.slice(1), commands);
      if (target.command) io.stdout.write(commandHelp(target.command));
      else if (target.words.length) io.stdout.write(groupHelp(target.words, commands));
      else if (parsed.positionals.length > 1) return usageFailure(io, jsonAnywhere, new UsageError(`There is no command "${parsed.positionals.slice(1).join(' ')}".`));
      else io.stdout.write(generalHelp(commands, packageVersion()));
      return exitCodes.ok;
    }
    if (words.length && (unknownWord === null || parsed.values.help)) {
      io[parsed.values.help ? 'stdout' : 'stderr'].write(groupHelp(words, commands));
      return parsed.values.help ? exitCodes.ok : exitCodes.usage;
    }
    if (unknownWord !== null) {
      const candidates = commands.filter((c) => words.every((w, i) => c.path[i] === w)).map((c) => c.path[words.length]!);
      const suggestion = closest(unknownWord, [...new Set(candidates), ...(words.length ? [] : ['help'])]);
      return usageFailure(io, jsonAnywhere, new UsageError(`Unknown command "${[...words, unknownWord].join(' ')}".${suggestion ? ` Did you mean "carrel ${[...words, suggestion].join(' ')}"?` : ''}`));
    }
    io[parsed.values.help ? 'stdout' : 'stderr'].write(generalHelp(commands, packageVersion()));
    return parsed.values.help ? exitCodes.ok : exitCodes.usage;
  }

  let values;
  let positionals;
  try {
    ({ values, positionals } = parseOptions(rest, { ...globalOptions, ...command.options }, command));
    if (values.help) {
      io.stdout.write(commandHelp(command));
      return exitCodes.ok;
    }
    const { min, max, names } = command.positionals;
    if (positionals.length < min) throw new UsageError(`Missing ${names.slice(positionals.length, min).join(' ')}.`, command);
    if (positionals.length > max) throw new UsageError(`Unexpected argument "${positionals[max]}".`, command);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(io, jsonAnywhere, error);
    throw error;
  }

  const globals = globalsFrom(values, () => defaultUserDataDir(io.env as NodeJS.ProcessEnv));
  const printer = createPrinter({ json: globals.json, stdout: io.stdout, stderr: io.stderr });
  let started: CliCore | null = null;
  let starting: Promise<CliCore> | null = null;
  let interrupted = false;
  const onInterrupt = (): void => {
    if (interrupted) process.exit(interruptedExit);
    interrupted = true;
    printer.note('Stopping… (press Ctrl+C again to quit at once)');
    const jobs = (started as CliCore | null)?.core.services.jobs;
    if (jobs) for (const job of jobs.list()) if (job.state === 'running') jobs.cancel(job.id);
  };
  process.on('SIGINT', onInterrupt);
  const context: CliRunContext = {
    values,
    positionals,
    globals,
    io,
    out: printer,
    core: async () => {
      starting ??= import('./cli-core.ts')
        .then(({ startCliCore }) => startCliCore(globals, (line) => printer.note(line)))
        .then((c) => {
          // A job that starts after Ctrl+C (the command was between two steps) is cancelled at once.
          c.core.subscribe((event, payload) => {
            const job = payload as { id: string; state: string };
            if (interrupted && event === 'job.updated' && job.state === 'running') c.core.services.jobs.cancel(job.id);
          });
          return (started = c);
        });
      return (await starting).core;
    },
    readSecret: (prompt, envName) => readSecret(io, prompt, envName),
  };
  let code: number;
  try {
    code = await command.run(context);
  } catch (error) {
    if (error instanceof UsageError) {
      code = usageFailure(io, globals.json, error.command ? error : new UsageError(error.message, command));
    } else if (isAppError(error)) {
      printer.error(error.code, redact(error.message));
      code = error.code === 'CANCELLED' && interrupted ? interruptedExit : exitCodes.failure;
    } else {
      const message = redact(error instanceof Error ? error.message : String(error));
      printer.error('INTERNAL', `Something went wrong inside Carrel: ${message}`);
      if (globals.verbose && error instanceof Error && error.stack) io.stderr.write(`${redact(error.stack)}\n`);
      code = exitCodes.failure;
    }
  } finally {
    printer.endProgress();
  }
  // Assigned inside context.core(); TypeScript cannot see that through the closure.
  const running = started as CliCore | null;
  try {
    if (running) await running.core.shutdown();
  } finally {
    process.off('SIGINT', onInterrupt);
  }
  // A command that finished its work regardless (serve, which Ctrl+C stops) keeps its 0.
  return interrupted && code !== exitCodes.ok ? interruptedExit : code;
}
