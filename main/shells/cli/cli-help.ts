import { globalOptions } from './cli-args.ts';
import type { CliCommand, CliOption } from './cli-types.ts';

function optionLines(options: Readonly<Record<string, CliOption>>): string[] {
  const entries = Object.entries(options).map(([name, option]) => {
    const flag = `${option.short ? `-${option.short}, ` : ''}--${name}${option.type === 'string' ? ` ${name === 'user-data' ? 'DIR' : name.toUpperCase()}` : ''}${option.multiple ? ' …' : ''}`;
    return [flag, option.description] as const;
  });
  const width = Math.min(30, Math.max(0, ...entries.map(([flag]) => flag.length)) + 2);
  return entries.map(([flag, description]) => `  ${flag.padEnd(width)}${description}`);
}

export function commandHelp(command: CliCommand): string {
  const lines = [`${command.summary}`, '', `Usage: ${command.usage}`];
  if (Object.keys(command.options).length) lines.push('', 'Options:', ...optionLines(command.options));
  lines.push('', 'Global options (anywhere on the line):', ...optionLines(globalOptions));
  if (command.examples.length) lines.push('', 'Examples:', ...command.examples.map((example) => `  ${example}`));
  return `${lines.join('\n')}\n`;
}

function commandList(commands: readonly CliCommand[]): string[] {
  const names = commands.map((c) => c.path.join(' '));
  const width = Math.max(...names.map((n) => n.length)) + 3;
  return commands.map((c, i) => `  carrel ${names[i]!.padEnd(width)}${c.summary}`);
}

export function generalHelp(commands: readonly CliCommand[], version: string): string {
  return [
    `carrel ${version} — REDCap, BrainSTEM and Brim from the command line, with the desktop app's connections,`,
    'tokens and offline cache.',
    '',
    'Usage: carrel COMMAND [options]',
    '',
    'Commands:',
    ...commandList(commands),
    '',
    'Global options (anywhere on the line):',
    ...optionLines({ ...globalOptions, version: { type: 'boolean', short: 'V', description: 'print the version' } }),
    '',
    'Exit codes: 0 success, 1 failure, 2 usage error, 3 partial success (some items failed), 130 interrupted.',
    'Run `carrel COMMAND --help` (or `carrel help COMMAND`) for a command\'s options and examples.',
    '',
  ].join('\n');
}

/** `carrel connections`: the commands under a group word. */
export function groupHelp(words: readonly string[], commands: readonly CliCommand[]): string {
  const members = commands.filter((c) => words.every((w, i) => c.path[i] === w));
  return [`Commands under "carrel ${words.join(' ')}":`, ...commandList(members), '', `Run \`carrel ${words.join(' ')} COMMAND --help\` for details.`, ''].join('\n');
}
