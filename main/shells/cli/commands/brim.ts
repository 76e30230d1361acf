// `carrel brim upload|generate|status|results`: Brim's notes upload (with the app's pre-flight),
// generation, task status and results, on the same jobs and task history as the desktop app.

import type { CliCommand } from '../cli-types.ts';
import { connectionOption } from './brainstem-connection.ts';
import { runResults } from './brim-results.ts';
import { runGenerate, runStatus } from './brim-tasks.ts';
import { runUpload } from './brim-upload.ts';

const upload: CliCommand = {
  path: ['brim', 'upload'],
  summary: 'Check a notes CSV (pre-flight), then upload it to the Brim project and follow Brim\'s task.',
  usage: 'carrel brim upload FILE [--fix] [--generate] [--connection NAME|ID]',
  examples: [
    'carrel brim upload notes.csv',
    'carrel brim upload notes.csv --fix --generate',
    'carrel brim upload notes.csv --json > upload.json',
  ],
  options: {
    fix: { type: 'boolean', description: 'When every problem is fixable (dates, empty titles, encoding), upload a corrected copy; your file is never changed.' },
    generate: { type: 'boolean', description: 'Start label generation when the upload is processed.' },
    connection: connectionOption,
  },
  positionals: { min: 1, max: 1, names: ['FILE'] },
  run: runUpload,
};

const generate: CliCommand = {
  path: ['brim', 'generate'],
  summary: 'Start label generation in the Brim project and print its task (or follow it to the end with --wait).',
  usage: 'carrel brim generate [--wait] [--patients ID,…] [--connection NAME|ID]',
  examples: ['carrel brim generate', 'carrel brim generate --wait', 'carrel brim generate --patients P001,P002 --wait --json'],
  options: {
    wait: { type: 'boolean', description: 'Follow the generation until Brim finishes it (exit 1 if it fails). Without it, the command waits up to 30 s for Brim to report the task, prints it and leaves Brim working.' },
    patients: { type: 'string', multiple: true, description: 'Only these patients (PERSON_IDs, comma-separated or repeated).' },
    connection: connectionOption,
  },
  positionals: { min: 0, max: 0, names: [] },
  run: runGenerate,
};

const status: CliCommand = {
  path: ['brim', 'status'],
  summary: 'The Brim tasks Carrel started or watched, or one task\'s state now (exit 0 complete or still running, 1 error or stopped; --watch follows it to the end).',
  usage: 'carrel brim status [TASK] [--watch] [--connection NAME|ID]',
  examples: ['carrel brim status', 'carrel brim status 5f2c9a   # exit 0: complete or still waiting/running (the state is printed); 1: error or stopped', 'carrel brim status 5f2c9a --watch', 'carrel brim status --json'],
  options: {
    watch: { type: 'boolean', description: 'Follow the task (or the running one) until it ends; exit 0 when complete, 1 otherwise.' },
    connection: connectionOption,
  },
  positionals: { min: 0, max: 1, names: ['TASK'] },
  run: runStatus,
};

const results: CliCommand = {
  path: ['brim', 'results'],
  summary: 'Fetch the project\'s results from Brim and write them to a CSV or Excel file.',
  usage: 'carrel brim results --out FILE [--detailed] [--format csv|xlsx] [--task TASK] [--connection NAME|ID]',
  examples: [
    'carrel brim results --out labels.csv',
    'carrel brim results --detailed --out labels-detailed.xlsx',
    'carrel brim results --task 5f2c9a --out batch3.csv --json',
  ],
  options: {
    out: { type: 'string', description: 'The file to write (overwritten if it exists).' },
    detailed: { type: 'boolean', description: 'One row per label with its evidence, instead of one row per patient.' },
    format: { type: 'string', description: 'csv or xlsx (default: from the --out extension, else csv).' },
    task: { type: 'string', description: 'Only the documents of this upload or generation task.' },
    'skip-empty': { type: 'boolean', description: 'Leave out variables Brim found no value for.' },
    connection: connectionOption,
  },
  positionals: { min: 0, max: 0, names: [] },
  run: runResults,
};

export const brimCommands: CliCommand[] = [upload, generate, status, results];
