import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * "Install Command-Line Tool": a small `carrel` shell script on the PATH that runs the installed app
 * with `--cli` (the desktop shell then runs the command-line interface instead of opening a window).
 * A script rather than a symlink, because the app's executable needs that flag, and because an
 * AppImage's executable lives in a mount that changes on every run. macOS and Linux only.
 */
const marker = '# Carrel command-line launcher';

export interface CliLauncherTarget {
  /** The installed app's executable (macOS: …/Carrel.app/Contents/MacOS/Carrel; Linux: the AppImage or /opt/Carrel/carrel). */
  executable: string;
  /** Development runs only: the app folder Electron must be given before `--cli`. */
  appPath?: string;
}

export interface CliInstallOptions extends CliLauncherTarget {
  home: string;
  /** The PATH the user's shells have, to say whether `carrel` will be found. */
  pathEnv: string;
  /** Folders tried in order; the first writable one wins. */
  folders?: string[];
}

export interface CliInstallResult {
  path: string;
  /** False: the folder is not on PATH; the user must add it (the message says how). */
  onPath: boolean;
}

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export function cliLauncherScript(target: CliLauncherTarget): string {
  const command = [target.executable, ...(target.appPath ? [target.appPath] : [])].map(shellQuote).join(' ');
  return `#!/bin/sh\n${marker} (written by Carrel's Install Command-Line Tool; safe to delete).\nexec ${command} --cli "$@"\n`;
}

export function defaultCliFolders(home: string): string[] {
  return ['/usr/local/bin', join(home, '.local', 'bin')];
}

function isOurs(path: string): boolean | null {
  try {
    const stat = lstatSync(path);
    if (!stat.isFile()) return false;
    return readFileSync(path, 'utf8').includes(marker);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Writes (or replaces an earlier) launcher into the first folder that takes it. Never overwrites a
 * `carrel` that is not ours: another tool of that name must not silently vanish.
 */
export function installCliLauncher(options: CliInstallOptions): CliInstallResult {
  const folders = options.folders ?? defaultCliFolders(options.home);
  const script = cliLauncherScript(options);
  const refused: string[] = [];
  for (const folder of folders) {
    const path = join(folder, 'carrel');
    if (isOurs(path) === false) throw new Error(`${path} already exists and is not Carrel's launcher. Remove or rename it, then choose Install Command-Line Tool again.`);
    const temporary = `${path}.${process.pid}.tmp`;
    try {
      if (folder.startsWith(options.home)) mkdirSync(folder, { recursive: true, mode: 0o755 });
      writeFileSync(temporary, script, { mode: 0o755 });
      chmodSync(temporary, 0o755);
      renameSync(temporary, path);
      const onPath = options.pathEnv.split(delimiter).some((entry) => entry.replace(/\/+$/, '') === folder.replace(/\/+$/, ''));
      return { path, onPath };
    } catch (error) {
      rmSync(temporary, { force: true });
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EACCES' && code !== 'EPERM' && code !== 'ENOENT' && code !== 'EROFS') throw error;
      refused.push(folder);
    }
  }
  throw new Error(`Carrel could not write the carrel command into ${refused.join(' or ')}: no permission. Create ~/.local/bin, or run Carrel as an administrator once.`);
}
