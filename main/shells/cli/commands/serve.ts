import { existsSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { join } from 'node:path';
import { sessionOnlyNotice } from '../../../services/vault/vault.ts';
import { UsageError } from '../cli-args.ts';
import { stringValue } from '../cli-calls.ts';
import { exitCodes, type CliCommand } from '../cli-types.ts';
import { packageRoot, packageVersion } from '../package-root.ts';

export const serveCommand: CliCommand = {
  path: ['serve'],
  summary: 'Serve the Carrel window to a browser on 127.0.0.1, e.g. through an SSH tunnel from your laptop.',
  usage: 'carrel serve [--port P]',
  examples: ['carrel serve --port 8765', 'ssh -L 8765:127.0.0.1:8765 you@workstation   # on your laptop, then open the printed address'],
  options: { port: { type: 'string', short: 'p', description: 'port to listen on (default: a free one)' } },
  positionals: { min: 0, max: 0, names: [] },
  async run(ctx) {
    const portText = stringValue(ctx.values.port) ?? '0';
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError('--port must be a number between 0 and 65535.');
    const staticDir = join(packageRoot(), 'dist', 'renderer');
    if (!existsSync(join(staticDir, 'index.html'))) {
      ctx.out.note('The user interface has not been built: run `npm run build` in the Carrel folder first.');
      return exitCodes.failure;
    }
    // The web shell's own pieces, loaded only here: the other commands never need a server.
    const [{ DownloadDesk }, { webPorts }, { startWebServer }, { createNodeCore }] = await Promise.all([
      import('../../web/downloads.ts'),
      import('../../web/web-ports.ts'),
      import('../../web/web-server.ts'),
      import('../../node-core.ts'),
    ]);
    const { userData, sessionOnly, verbose } = ctx.globals;
    const downloads = new DownloadDesk(userData);
    const { core, log } = await createNodeCore({ userDataDir: userData, ports: webPorts(downloads), sessionOnlyReason: sessionOnly ? sessionOnlyNotice : undefined, verbose, version: packageVersion() });
    const server = await startWebServer({ core, staticDir, downloads, log, port });
    const tunnel = `ssh -N -L ${server.port}:127.0.0.1:${server.port} ${userInfo().username}@${hostname()}`;
    // The address carries this run's session key after '#': it goes to stdout only, never to the log.
    ctx.out.result({ url: server.url, port: server.port, tunnel }, () =>
      `Carrel is serving on 127.0.0.1:${server.port}. Open this address in a browser:\n\n  ${server.url}\n\nFrom another computer, first open a tunnel there:\n\n  ${tunnel}\n\nPress Ctrl+C to stop.`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await server.close();
    await core.shutdown();
    downloads.clear();
    return exitCodes.ok;
  },
};
