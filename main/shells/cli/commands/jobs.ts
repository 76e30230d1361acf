import { AppError } from '../../../../shared/contract/errors.ts';
import type { ImportEntryView } from '../../../../shared/contract/imports.ts';
import type { Core } from '../../../ipc/core.ts';
import { UsageError } from '../cli-args.ts';
import { call } from '../cli-calls.ts';
import { exitCodes, type CliCommand } from '../cli-types.ts';

// Carrel's job runner keeps jobs in memory: a job lives as long as the process that started it (the app,
// `carrel serve`, or one `carrel` command, where Ctrl+C cancels it). What outlives a process is the
// import journal, so these commands show the running process's jobs together with every connection's
// journaled imports.

const scope = 'Jobs run inside the command that started them (Ctrl+C there cancels); across runs, Carrel keeps the journals of imports and undos, shown here for every connection.';

type JournalEntry = ImportEntryView & { connectionId: string; connection: string };

async function journals(core: Core): Promise<JournalEntry[]> {
  const out: JournalEntry[] = [];
  for (const connection of await call(core, 'connections.list', {})) {
    if (connection.kind === 'brim') continue;
    const entries = await call(core, 'imports.list', { connectionId: connection.id }).catch(() => []);
    out.push(...entries.map((entry) => ({ ...entry, connectionId: connection.id, connection: connection.name })));
  }
  return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

function describe(entry: JournalEntry): string {
  return `${entry.importId}  ${entry.kind}${entry.undoOf ? ` of ${entry.undoOf}` : ''}  ${entry.state}  ${entry.connection}  ${entry.createdAt}  ${entry.confirmedRows}/${entry.rows} rows${entry.state === 'interrupted' ? `  (resume: carrel import ${JSON.stringify(entry.connection)} --resume ${entry.importId})` : ''}`;
}

/** Why `jobs cancel` cannot act on a journaled import or undo, and what the user can do instead. */
function stopAdvice(entry: JournalEntry): string {
  const what = `${entry.kind === 'undo' ? 'Undo' : 'Import'} ${entry.importId}`;
  const command = `carrel import ${JSON.stringify(entry.connection)}`;
  if (entry.state === 'running') return `${what} is being sent by another Carrel process (the app, \`carrel serve\` or a \`carrel import\`): stop it there (Ctrl+C for a command). It can then be resumed with \`${command} --resume ${entry.importId}\` or undone with \`${command} --undo ${entry.importId}\`.`;
  const next =
    entry.state === 'interrupted' || entry.state === 'ready'
      ? `Resume it with \`${command} --resume ${entry.importId}\`${entry.kind === 'import' ? ` or revert what it sent with \`${command} --undo ${entry.importId}\`` : ''}.`
      : entry.kind === 'import' && entry.state !== 'undone'
        ? `Revert it with \`${command} --undo ${entry.importId}\`.`
        : 'There is nothing left to stop or revert.';
  return `${what} is ${entry.state}; nothing is running. ${next}`;
}

const list: CliCommand = {
  path: ['jobs', 'list'],
  summary: 'The imports and undos of every connection, newest first (interrupted ones can be resumed).',
  usage: 'carrel jobs list',
  examples: ['carrel jobs list', 'carrel jobs list --json | jq \'.imports[] | select(.state == "interrupted")\''],
  options: {},
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx) {
    const core = await ctx.core();
    const imports = await journals(core);
    const jobs = await call(core, 'jobs.list', {});
    ctx.out.result({ jobs, imports, note: scope }, () => (imports.length ? ['Imports and undos, newest first:', ...imports.map(describe)].join('\n') : 'No imports or undos yet.'));
    return exitCodes.ok;
  },
};

const show: CliCommand = {
  path: ['jobs', 'show'],
  summary: 'One import or undo: its state, and how many rows the server confirmed.',
  usage: 'carrel jobs show IMPORT_ID',
  examples: ['carrel jobs show 20260301-0930-ab12', 'carrel jobs show 20260301-0930-ab12 --json'],
  options: {},
  positionals: { min: 1, max: 1, names: ['IMPORT_ID'] },
  async run(ctx) {
    const core = await ctx.core();
    const id = ctx.positionals[0]!;
    const entry = (await journals(core)).find((e) => e.importId === id);
    if (!entry) throw new AppError('NOT_FOUND', `No import or undo has the id ${id}. \`carrel jobs list\` shows them.`);
    ctx.out.result(entry, () => `${describe(entry)}${entry.error ? `\n  ${entry.error.message}` : ''}`);
    return exitCodes.ok;
  },
};

const cancel: CliCommand = {
  path: ['jobs', 'cancel'],
  summary: 'Cannot stop an import from here (exit 2): explains how to stop, resume or undo it where it runs.',
  usage: 'carrel jobs cancel IMPORT_ID',
  examples: ['carrel jobs cancel 20260301-0930-ab12'],
  options: {},
  positionals: { min: 1, max: 1, names: ['IMPORT_ID'] },
  async run(ctx) {
    const core = await ctx.core();
    const id = ctx.positionals[0]!;
    if (core.services.jobs.get(id)) {
      const result = await call(core, 'jobs.cancel', { jobId: id });
      ctx.out.result(result, () => (result.cancelled ? 'Cancelled.' : 'That job had already finished.'));
      return exitCodes.ok;
    }
    const entry = (await journals(core)).find((e) => e.importId === id);
    const what = entry ? stopAdvice(entry) : `No running job has the id ${id} in this process. ${scope}`;
    // Not a failure of the work but a request the command line cannot carry out by design: a usage error.
    throw new UsageError(what);
  },
};

export const jobCommands: CliCommand[] = [list, show, cancel];
