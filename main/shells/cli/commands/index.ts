import type { CliCommand } from '../cli-types.ts';
import { connectionCommands } from './connections.ts';
import { exportCommand } from './export.ts';
import { fileCommands } from './files.ts';
import { importCommand, importsListCommand } from './import.ts';
import { jobCommands } from './jobs.ts';
import { serveCommand } from './serve.ts';
import { syncCommand } from './sync.ts';
import { brainstemCommands } from './brainstem.ts';
import { brimCommands } from './brim.ts';

/** Every `carrel` command, in the order `carrel help` lists them. */
export const cliCommands: readonly CliCommand[] = [
  ...connectionCommands,
  syncCommand,
  exportCommand,
  importCommand,
  importsListCommand,
  ...fileCommands,
  ...jobCommands,
  serveCommand,
  ...brainstemCommands,
  ...brimCommands,
];
