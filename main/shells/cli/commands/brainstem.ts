// `carrel brainstem load|save|delete`: the official BrainSTEM CLI's commands and flags, on Carrel's client
// (sign-ins kept per server in the keychain, `--sort -name` accepted, global flags anywhere).

import type { CliCommand } from '../cli-types.ts';
import { connectionOption } from './brainstem-connection.ts';
import { runLoad } from './brainstem-load.ts';
import { runDelete, runSave } from './brainstem-save.ts';

const model = { min: 1, max: 1, names: ['MODEL'] } as const;

const load: CliCommand = {
  path: ['brainstem', 'load'],
  summary: 'Load BrainSTEM records (one page, every page with --all, or one record with --id).',
  usage: 'carrel brainstem load MODEL [--id ID] [--filters FIELD=VALUE]… [--sort FIELD|-FIELD,…] [--include RELATION,…] [--limit N] [--offset N] [--portal private|public] [--all]',
  examples: [
    'carrel brainstem load session --filters name.icontains=rat --filters date_time.year=2024 --sort -name --limit 20',
    'carrel brainstem load session --all --include behaviors,projects --json > sessions.jsonl',
    'carrel brainstem load project --portal public --sort name',
    'carrel brainstem load subject --id 4f0c…e21a --include procedures',
  ],
  options: {
    id: { type: 'string', description: 'Load this one record.' },
    filters: { type: 'string', multiple: true, description: 'FIELD=VALUE or FIELD.OPERATOR=VALUE (icontains, in, gte, range, isnull…), repeated for more; in/range lists comma-separated; a leading - excludes.' },
    sort: { type: 'string', multiple: true, description: 'Fields to sort by, comma-separated or repeated; -FIELD sorts descending (--sort -name,date_time).' },
    include: { type: 'string', multiple: true, description: 'Related records to load in full, comma-separated or repeated (behaviors,projects).' },
    limit: { type: 'string', description: 'Records per page (the server sends at most 100).' },
    offset: { type: 'string', description: 'Skip this many records.' },
    portal: { type: 'string', description: 'private (what your sign-in may read) or public (published data, no sign-in); default: the connection\'s.' },
    all: { type: 'boolean', description: 'Load every matching record, page after page.' },
    connection: connectionOption,
  },
  positionals: model,
  run: runLoad,
};

const save: CliCommand = {
  path: ['brainstem', 'save'],
  summary: 'Create a BrainSTEM record, or change one with --id; field errors are listed per field.',
  usage: 'carrel brainstem save MODEL [--id ID] --data JSON|@FILE.json|@-',
  examples: [
    'carrel brainstem save session --data \'{"name": "Day 3", "projects": ["8d2e…"]}\'',
    'carrel brainstem save session --id 4f0c…e21a --data \'{"description": "Rewarded trials only"}\'',
    'carrel brainstem save subject --data @subject.json --json',
  ],
  options: {
    id: { type: 'string', description: 'Change this record (only the fields given) instead of creating one.' },
    data: { type: 'string', description: 'The fields as a JSON object, @FILE to read it from a file, @- from standard input.' },
    replace: { type: 'boolean', description: 'With --id: replace the whole record (PUT) instead of changing the fields given.' },
    connection: connectionOption,
  },
  positionals: model,
  run: runSave,
};

const remove: CliCommand = {
  path: ['brainstem', 'delete'],
  summary: 'Delete a BrainSTEM record (asks first on a terminal unless --yes).',
  usage: 'carrel brainstem delete MODEL --id ID [--yes]',
  examples: ['carrel brainstem delete session --id 4f0c…e21a', 'carrel brainstem delete behavior --id 1b7a…90cc --yes'],
  options: {
    id: { type: 'string', description: 'The record to delete.' },
    yes: { type: 'boolean', description: 'Do not ask; required when not on a terminal.' },
    connection: connectionOption,
  },
  positionals: model,
  run: runDelete,
};

export const brainstemCommands: CliCommand[] = [load, save, remove];
