// Which connection a `brainstem …` or `brim …` command works on: `--connection NAME|ID`, else the only
// connection of that service (several is a usage error that lists them). Where no keychain keeps
// sign-ins (a headless server, --session-only), a BrainSTEM token may come from the environment.

import type { ConnectionSummary } from '../../../../shared/contract/connections.ts';
import type { Core } from '../../../ipc/core.ts';
import { UsageError } from '../cli-args.ts';
import { call, resolveConnection, tokenEnv } from '../cli-calls.ts';
import type { CliOption } from '../cli-types.ts';

const serviceWords = { brainstem: 'BrainSTEM', brim: 'Brim' } as const;

export const connectionOption: CliOption = {
  type: 'string',
  description: 'The connection to use, by name or id (default: the only one of this service).',
};

/** Ours first, then the official tools' own variables, so their users' scripts carry over. */
const brainstemTokenEnvs = [tokenEnv, 'BRAINSTEM_TOKEN', 'BRAINSTEM_API_TOKEN'];

/**
 * A private-portal BrainSTEM connection with no stored sign-in, on a machine whose sign-ins last one run:
 * the token in the environment is checked with the server and kept for this run (and this server) only.
 */
async function signInFromEnv(core: Core, connection: ConnectionSummary, env: Readonly<Record<string, string | undefined>>): Promise<ConnectionSummary> {
  const info = connection.brainstem;
  if (!info || info.signedIn || info.portal !== 'private' || core.services.vault.status().persistent) return connection;
  const token = brainstemTokenEnvs.map((name) => env[name]?.trim()).find((value) => value !== undefined && value !== '');
  if (token === undefined) return connection;
  return call(core, 'brainstem.signIn.token', { connectionId: connection.id, token });
}

export async function pickConnection(core: Core, kind: 'brainstem' | 'brim', wanted: string | undefined, env: Readonly<Record<string, string | undefined>>): Promise<ConnectionSummary> {
  const word = serviceWords[kind];
  const listing = (list: ConnectionSummary[]): string => list.map((c) => `  ${c.name}  (${c.id}, ${c.url})`).join('\n');
  const all = (await call(core, 'connections.list', {})).filter((c) => c.kind === kind);
  if (wanted === undefined || wanted.trim() === '') {
    if (all.length === 0) throw new UsageError(`There is no ${word} connection yet. Add one with: carrel connections add --kind ${kind} --url URL`);
    if (all.length > 1) throw new UsageError(`There are ${all.length} ${word} connections; say which with --connection NAME or ID:\n${listing(all)}`);
    // By id through the shared resolver, so a token from the environment applies here as in every command.
    const only = await resolveConnection(core, all[0]!.id, env);
    return kind === 'brainstem' ? signInFromEnv(core, only, env) : only;
  }
  const connection = await resolveConnection(core, wanted, env);
  if (connection.kind !== kind) throw new UsageError(`"${wanted}" is a ${connection.kind} connection, not a ${word} one.${all.length ? ` ${word} connections:\n${listing(all)}` : ''}`);
  return kind === 'brainstem' ? signInFromEnv(core, connection, env) : connection;
}
