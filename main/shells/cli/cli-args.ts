import type { CliCommand, CliGlobals, CliOption } from './cli-types.ts';

/** A mistake on the command line: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  readonly command: CliCommand | null;
  constructor(message: string, command: CliCommand | null = null) {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}

/** Flags every command accepts, before or after its words. */
export const globalOptions: Readonly<Record<string, CliOption>> = {
  json: { type: 'boolean', description: 'print one JSON document (JSON lines for streams) on stdout; messages stay on stderr' },
  'user-data': { type: 'string', description: 'folder for settings, cache and logs (default: the desktop app\'s, or $CARREL_USER_DATA)' },
  'session-only': { type: 'boolean', description: 'keep tokens for this run only, never in the system keychain' },
  verbose: { type: 'boolean', description: 'also write the log to stderr' },
  help: { type: 'boolean', short: 'h', description: 'show help for the command' },
};

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The closest candidate when it is close enough to be a typo (or a prefix of it), else null. */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    const score = candidate.startsWith(word) && word.length >= 2 ? 0.5 : distance(word, candidate);
    if (score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best !== null && bestScore <= Math.max(1, Math.floor(word.length / 3)) ? best : null;
}

/**
 * Parses options and positionals. Unlike node:util's parseArgs, a string option always takes the next
 * word as its value, even one starting with '-' (`--sort -name`, `--delimiter ';'` … `--where x=-1`);
 * `--` ends the options.
 */
export function parseOptions(tokens: readonly string[], options: Readonly<Record<string, CliOption>>, command: CliCommand | null): { values: OptionValues; positionals: string[] } {
  const values: OptionValues = {};
  const positionals: string[] = [];
  const byShort = new Map(Object.entries(options).filter(([, o]) => o.short).map(([name, o]) => [o.short!, name]));
  const set = (name: string, option: CliOption, value: string | boolean): void => {
    if (option.multiple && typeof value === 'string') values[name] = [...((values[name] as string[] | undefined) ?? []), value];
    else values[name] = value;
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === '--') {
      positionals.push(...tokens.slice(i + 1));
      break;
    }
    if (!token.startsWith('-') || token === '-') {
      positionals.push(token);
      continue;
    }
    const long = token.startsWith('--');
    const body = long ? token.slice(2) : token.slice(1);
    const eq = long ? body.indexOf('=') : -1;
    const key = eq >= 0 ? body.slice(0, eq) : body;
    const name = long ? key : byShort.get(key);
    const option = name === undefined ? undefined : options[name];
    if (name === undefined || option === undefined) {
      const suggestion = long ? closest(key, Object.keys(options)) : null;
      throw new UsageError(`Unknown option ${token.split('=')[0]}.${suggestion ? ` Did you mean --${suggestion}?` : ''}`, command);
    }
    if (option.type === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value.`, command);
      set(name, option, true);
      continue;
    }
    if (eq >= 0) {
      set(name, option, body.slice(eq + 1));
      continue;
    }
    const value = tokens[i + 1];
    if (value === undefined) throw new UsageError(`--${name} needs a value.`, command);
    set(name, option, value);
    i++;
  }
  return { values, positionals };
}

/** Splits `carrel [globals] WORDS… rest` into the command (longest match of its words) and what follows. */
export function findCommand(argv: readonly string[], commands: readonly CliCommand[]): { command: CliCommand | null; words: string[]; rest: string[]; unknownWord: string | null } {
  const leading: string[] = [];
  let i = 0;
  // Global flags may come first; `--user-data` takes a value.
  while (i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '-') {
    leading.push(argv[i]!);
    if (argv[i] === '--user-data') {
      if (argv[i + 1] !== undefined) leading.push(argv[i + 1]!);
      i++;
    }
    i++;
  }
  const words: string[] = [];
  let command: CliCommand | null = null;
  let consumed = 0;
  for (let j = i; j < argv.length && !argv[j]!.startsWith('-'); j++) {
    const candidate = [...words, argv[j]!];
    if (!commands.some((c) => candidate.every((w, k) => c.path[k] === w))) break;
    words.push(argv[j]!);
    const exact = commands.find((c) => c.path.length === words.length && c.path.every((w, k) => w === words[k]));
    if (exact) {
      command = exact;
      consumed = words.length;
    }
  }
  // Words that named a group but no command (`carrel connections`) stay as words; the runner lists the group.
  const used = command ? consumed : words.length;
  const next = argv[i + used];
  const unknownWord = command === null && next !== undefined && !next.startsWith('-') ? next : null;
  return { command, words: words.slice(0, used), rest: [...leading, ...argv.slice(i + used)], unknownWord };
}

export function globalsFrom(values: OptionValues, defaultUserData: () => string): CliGlobals {
  return {
    json: values.json === true,
    userData: typeof values['user-data'] === 'string' ? values['user-data'] : defaultUserData(),
    sessionOnly: values['session-only'] === true,
    verbose: values.verbose === true,
  };
}
