import { resolve as resolvePath } from 'node:path';
import { AppError } from '../../../../shared/contract/errors.ts';
import type { ConnectionSummary } from '../../../../shared/contract/connections.ts';
import type { BrainstemSignInEvent } from '../../../../shared/contract/brainstem.ts';
import type { Core } from '../../../ipc/core.ts';
import { UsageError } from '../cli-args.ts';
import { call, resolveConnection, stringValue, tokenEnv } from '../cli-calls.ts';
import { confirm } from '../cli-secret.ts';
import { exitCodes, type CliCommand, type CliRunContext } from '../cli-types.ts';

function describe(c: ConnectionSummary): string {
  const where = c.project ? `${c.project.title} (project ${c.project.id})` : c.brim ? `Brim project ${c.brim.projectName ?? c.brim.projectId}` : c.brainstem ? `${c.brainstem.portal} portal${c.brainstem.signedIn ? `, signed in${c.brainstem.account ? ` as ${c.brainstem.account}` : ''}` : ', not signed in'}` : '';
  const token = c.kind === 'brainstem' ? '' : c.hasToken ? ` token ${c.tokenHint ?? 'stored'}` : ' no token stored';
  const cached = c.cached ? `${c.cached.records.toLocaleString('en-US')} records cached, synced ${c.cached.lastSyncedAt}` : 'never synced';
  return `${c.id}  ${c.name}  [${c.kind}]  ${c.url}\n    ${where}${where ? ';' : ''}${token}; ${cached}`;
}

const list: CliCommand = {
  path: ['connections', 'list'],
  summary: 'List saved connections (the desktop app\'s too), without tokens.',
  usage: 'carrel connections list [--json]',
  examples: ['carrel connections list', 'carrel connections list --json | jq -r ".[].name"'],
  options: {},
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx) {
    const connections = await call(await ctx.core(), 'connections.list', {});
    ctx.out.result(connections, () => (connections.length ? connections.map(describe).join('\n') : 'No connections yet. Add one with `carrel connections add`.'));
    return exitCodes.ok;
  },
};

/** Waits for the end of a BrainSTEM browser sign-in, printing where to approve it. */
async function deviceSignIn(ctx: CliRunContext, core: Core, connectionId: string): Promise<void> {
  let flowId: string | null = null;
  const early: BrainstemSignInEvent[] = [];
  let settle: (event: BrainstemSignInEvent) => void = (event) => early.push(event);
  const stop = core.subscribe((name, payload) => {
    const event = payload as BrainstemSignInEvent;
    if (name === 'brainstem.signIn' && event.connectionId === connectionId && event.state !== 'pending') settle(event);
  });
  try {
    const started = await call(core, 'brainstem.signIn.deviceStart', { connectionId });
    flowId = started.flowId;
    if (!started.browserOpened) ctx.out.note(`Open this page in a browser (on any computer): ${started.verificationUriComplete ?? started.verificationUri}`);
    ctx.out.note(`Check that it shows the code ${started.userCode}, and approve. Waiting until ${started.expiresAt}… (Ctrl+C stops)`);
    const ended = await new Promise<BrainstemSignInEvent>((resolve) => {
      const mine = early.find((e) => e.flowId === flowId);
      if (mine) resolve(mine);
      settle = (event) => {
        if (event.flowId === flowId) resolve(event);
      };
      process.once('SIGINT', () => void call(core, 'brainstem.signIn.deviceCancel', { flowId: flowId! }).catch(() => undefined));
    });
    if (ended.state !== 'approved') throw new AppError(ended.state === 'cancelled' ? 'CANCELLED' : 'AUTH_FAILED', ended.message ?? `The sign-in ended: ${ended.state}.`);
  } finally {
    stop();
  }
}

const add: CliCommand = {
  path: ['connections', 'add'],
  summary: 'Add a REDCap project, a BrainSTEM server or a Brim project (tested first; the token goes to the keychain).',
  usage: 'carrel connections add --kind redcap|brainstem|brim --url URL [--name NAME] [--ca-file PATH] [--no-offline-cache] [options]',
  examples: [
    'CARREL_TOKEN=… carrel connections add --kind redcap --url https://redcap.example.org/api/ --name "Cohort study"',
    'pass show redcap/cohort | carrel connections add --kind redcap --url https://redcap.example.org/api/',
    'carrel connections add --kind brainstem --url https://www.brainstem.org --device',
    'carrel connections add --kind brim --url https://brim.example.org --project-id 12 --token-env BRIM_TOKEN',
  ],
  options: {
    kind: { type: 'string', description: 'redcap, brainstem or brim' },
    url: { type: 'string', description: 'the API address (REDCap: …/api/)' },
    name: { type: 'string', description: 'a name to call the connection by (default: the project\'s title)' },
    'token-env': { type: 'string', description: `environment variable holding the token (default ${tokenEnv}); else stdin when piped, else a hidden prompt` },
    portal: { type: 'string', description: 'BrainSTEM: private (default, needs a sign-in) or public' },
    device: { type: 'boolean', description: 'BrainSTEM: sign in in a browser (prints the page and a code to check; works on headless machines)' },
    'project-id': { type: 'string', description: 'Brim: the project number' },
    'project-name': { type: 'string', description: 'Brim: reuse the project of this name, or create it' },
    'ca-file': { type: 'string', description: 'a PEM file of your institution\'s certificate authority, trusted for this server (checked before anything is saved)' },
    'no-offline-cache': { type: 'boolean', description: 'keep synced data only while Carrel runs, never on disk' },
  },
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx) {
    const kind = stringValue(ctx.values.kind);
    const url = stringValue(ctx.values.url);
    const name = stringValue(ctx.values.name);
    if (kind !== 'redcap' && kind !== 'brainstem' && kind !== 'brim') throw new UsageError('--kind must be redcap, brainstem or brim.');
    if (!url) throw new UsageError('--url is required.');
    const envName = stringValue(ctx.values['token-env']) ?? tokenEnv;
    const named = name ? { name } : {};
    // The same local settings for every kind; a relative CA path is taken from the current folder.
    const caFile = stringValue(ctx.values['ca-file']);
    const local = { ...(caFile ? { caFile: resolvePath(caFile) } : {}), ...(ctx.values['no-offline-cache'] ? { offlineCache: false } : {}) };
    let summary: ConnectionSummary;
    if (kind === 'redcap') {
      const token = await ctx.readSecret('REDCap API token: ', envName);
      summary = await call(await ctx.core(), 'connections.add', { kind, url, token, ...named, ...local });
    } else if (kind === 'brim') {
      const projectId = stringValue(ctx.values['project-id']);
      const projectName = stringValue(ctx.values['project-name']);
      if (!projectId && !projectName) throw new UsageError('Give --project-id, or --project-name to reuse or create a project.');
      if (projectId !== undefined && !/^\d+$/.test(projectId)) throw new UsageError('--project-id must be a number.');
      const token = await ctx.readSecret('Brim API token: ', envName);
      summary = await call(await ctx.core(), 'brim.connect', { url, token, ...(projectId ? { projectId: Number(projectId) } : {}), ...(projectName ? { projectName } : {}), ...named, ...local });
    } else {
      const portal = stringValue(ctx.values.portal) ?? 'private';
      if (portal !== 'private' && portal !== 'public') throw new UsageError('--portal must be private or public.');
      // Read the token before saving anything, so that a missing token leaves no half-added connection.
      const token = portal === 'private' && !ctx.values.device ? await ctx.readSecret('BrainSTEM personal access token: ', envName) : null;
      const core = await ctx.core();
      summary = await call(core, 'brainstem.connect', { url, portal, ...named, ...local });
      if (ctx.values.device) await deviceSignIn(ctx, core, summary.id);
      else if (token) summary = await call(core, 'brainstem.signIn.token', { connectionId: summary.id, token });
      summary = (await call(core, 'connections.list', {})).find((c) => c.id === summary.id) ?? summary;
    }
    const status = (await ctx.core()).services.vault.status();
    if (!status.persistent && kind !== 'brainstem') ctx.out.note(`${status.notice ?? 'Tokens are kept for this run only.'} Later commands read the token from $${tokenEnv}.`);
    ctx.out.result(summary, () => `Added ${summary.name} (${summary.id}).\n${describe(summary)}`);
    return exitCodes.ok;
  },
};

const remove: CliCommand = {
  path: ['connections', 'remove'],
  summary: 'Forget a connection, its token and its offline cache (in the desktop app too).',
  usage: 'carrel connections remove CONNECTION [--yes]',
  examples: ['carrel connections remove "Cohort study"', 'carrel connections remove k3J9x2 --yes'],
  options: { yes: { type: 'boolean', short: 'y', description: 'do not ask (required when not run in a terminal)' } },
  positionals: { min: 1, max: 1, names: ['CONNECTION'] },
  async run(ctx) {
    const core = await ctx.core();
    const connection = await resolveConnection(core, ctx.positionals[0]!, ctx.io.env);
    if (!ctx.values.yes) {
      if (!ctx.io.stdinIsTTY) throw new UsageError('Add --yes to remove a connection without being asked.');
      if (!(await confirm(ctx.io, `Remove "${connection.name}", its token and its cached data?`))) {
        ctx.out.note('Nothing removed.');
        return exitCodes.failure;
      }
    }
    const result = await call(core, 'connections.remove', { connectionId: connection.id });
    ctx.out.result({ id: connection.id, ...result }, () => `Removed ${connection.name}.`);
    return exitCodes.ok;
  },
};

const test: CliCommand = {
  path: ['connections', 'test'],
  summary: 'Check that a connection\'s server answers and accepts its token (exit 1 when not).',
  usage: 'carrel connections test CONNECTION',
  examples: ['carrel connections test "Cohort study"', 'carrel connections test k3J9x2 --json'],
  options: {},
  positionals: { min: 1, max: 1, names: ['CONNECTION'] },
  async run(ctx) {
    const core = await ctx.core();
    const connection = await resolveConnection(core, ctx.positionals[0]!, ctx.io.env);
    const status = await call(core, 'connections.ping', { connectionId: connection.id });
    // A BrainSTEM note (e.g. "public portal only") is information; for the others a message is a problem.
    const ok = status.online && (status.message === undefined || connection.kind === 'brainstem');
    ctx.out.result({ ...status, ok }, () => (ok ? `${connection.name}: the server answers${status.message ? ` (${status.message})` : ''}.` : `${connection.name}: ${status.message ?? 'the server does not answer.'}`));
    return ok ? exitCodes.ok : exitCodes.failure;
  },
};

export const connectionCommands: CliCommand[] = [list, add, remove, test];
