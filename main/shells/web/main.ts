import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultUserDataDir } from '../../services/paths.ts';
import { demoNotice, readSandboxInfo, seedDemoConnections } from '../../services/demo/seed-demo.ts';
import { createNodeCore } from '../node-core.ts';
import { sessionOnlyNotice } from '../../services/vault/vault.ts';
import { DownloadDesk } from './downloads.ts';
import { startWebServer } from './web-server.ts';
import { webPorts } from './web-ports.ts';

const usage = `Usage: npm run web -- [options]

Serves Carrel to a browser on 127.0.0.1 (for headless machines reached over SSH, and for tests).
Open the printed address; it carries this run's session key after '#'.

Options:
  --port P            port to listen on (default: a free port)
  --user-data DIR     folder for settings, cache and logs (default: the desktop app's folder)
  --session-only      keep tokens for this run only, not in the system keychain
  --demo-info FILE    add and sync the sandbox projects described in FILE (see npm run sandbox --info)
  --json              print {"url": …} as one JSON line instead of a sentence
  --verbose           also write the log to stderr
  --help              this text
`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'user-data': { type: 'string' },
        'session-only': { type: 'boolean', default: false },
        'demo-info': { type: 'string' },
        json: { type: 'boolean', default: false },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(usage);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a number between 0 and 65535\n`);
    process.exit(2);
  }
  const staticDir = fileURLToPath(new URL('../../../dist/renderer', import.meta.url));
  if (!existsSync(`${staticDir}/index.html`)) {
    process.stderr.write('The user interface has not been built yet. Run `npm run build` first (npm start and npm run demo do it for you).\n');
    process.exit(1);
  }

  const userDataDir = values['user-data'] ?? defaultUserDataDir();
  const downloads = new DownloadDesk(userDataDir);
  const demo = values['demo-info'] !== undefined;
  const { core, log } = await createNodeCore({
    userDataDir,
    ports: webPorts(downloads),
    sessionOnlyReason: demo ? demoNotice : values['session-only'] ? sessionOnlyNotice : undefined,
    demo,
    verbose: values.verbose,
  });
  if (values['demo-info']) await seedDemoConnections(core.services, readSandboxInfo(values['demo-info']));
  const server = await startWebServer({ core, staticDir, downloads, log, port });
  log.info('web shell started', { port: server.port });
  process.stdout.write(values.json ? `${JSON.stringify({ url: server.url, port: server.port })}\n` : `Carrel is running. Open this address in a browser on this computer:\n\n  ${server.url}\n\nPress Ctrl+C to stop.\n`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await core.shutdown();
    downloads.clear();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

await main();
