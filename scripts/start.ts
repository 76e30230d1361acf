import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildAll } from './build.ts';
import { electronBinary, missingElectronLine } from './electron-binary.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

/** `npm start`: build, then the desktop app; without an Electron binary, the web shell. */
await buildAll({ quiet: true });
const electron = electronBinary();
const child = electron
  ? spawn(electron, ['.'], { cwd: root, stdio: 'inherit' })
  : (process.stdout.write(`${missingElectronLine}\n`), spawn(process.execPath, ['--disable-warning=ExperimentalWarning', 'main/shells/web/main.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' }));
const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
