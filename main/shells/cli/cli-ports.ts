import { join, resolve } from 'node:path';
import type { PlatformPorts } from '../../ipc/ports.ts';

export interface CliPorts extends PlatformPorts {
  /** Where the next file the core saves goes (`--out`); the core's suggested name in the working folder otherwise. */
  savePath: string | null;
}

/**
 * The CLI's side of the platform: no dialogs and no windows. A save goes where `--out` said, a finished file
 * stays where it was written, and a page to open (a BrainSTEM sign-in) is printed for the user to open,
 * possibly on another computer than this headless one.
 */
export function cliPorts(options: { cwd: string; print: (line: string) => void }): CliPorts {
  const ports: CliPorts = {
    // The services treat the CLI like the desktop app: files are read and written by path on this computer.
    shell: 'desktop',
    savePath: null,
    chooseSavePath: async (suggestedName) => {
      const path = ports.savePath ?? join(options.cwd, suggestedName);
      ports.savePath = null;
      return resolve(options.cwd, path);
    },
    deliverFile: async () => ({ url: null }),
    openExternal: async (url) => {
      options.print(`Open this page in a browser (on any computer): ${url}`);
      return true;
    },
  };
  return ports;
}

/** Tells the CLI's ports where the core's next save goes. */
export function setSavePath(core: { services: { ports: PlatformPorts } }, path: string): void {
  const ports = core.services.ports as Partial<CliPorts>;
  if (!('savePath' in ports)) throw new Error('the core was not started with the command line\'s ports');
  ports.savePath = path;
}
