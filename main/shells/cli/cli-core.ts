import type { Core } from '../../ipc/core.ts';
import { sessionOnlyNotice } from '../../services/vault/vault.ts';
import { createNodeCore } from '../node-core.ts';
import { cliPorts, type CliPorts } from './cli-ports.ts';
import { packageVersion } from './package-root.ts';
import type { CliGlobals } from './cli-types.ts';

export interface CliCore {
  core: Core;
  ports: CliPorts;
}

/** The desktop app's services over the desktop app's user-data folder, with the CLI's platform ports. */
export async function startCliCore(globals: CliGlobals, print: (line: string) => void): Promise<CliCore> {
  const ports = cliPorts({ cwd: process.cwd(), print });
  const { core } = await createNodeCore({
    userDataDir: globals.userData,
    ports,
    sessionOnlyReason: globals.sessionOnly ? sessionOnlyNotice : undefined,
    verbose: globals.verbose,
    version: packageVersion(),
    // Scripts export and import; they never type into a filter box.
    deferSearch: true,
  });
  return { core, ports };
}
