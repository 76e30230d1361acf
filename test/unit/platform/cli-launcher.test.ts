import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installCliLauncher } from '../../../main/platform/cli-launcher.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'carrel-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(process.platform === 'win32')('Install Command-Line Tool', () => {
  it('writes a carrel script that runs the app with --cli and passes every argument through', () => {
    // A stand-in "app" that prints what it was started with.
    const app = join(dir, "My Apps", "Carrel's app");
    mkdirSync(join(dir, 'My Apps'));
    writeFileSync(app, '#!/bin/sh\nfor a in "$@"; do echo "[$a]"; done\n', { mode: 0o755 });
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const result = installCliLauncher({ executable: app, home: dir, pathEnv: `/usr/bin:${bin}`, folders: [bin] });
    expect(result).toEqual({ path: join(bin, 'carrel'), onPath: true });
    expect(statSync(result.path).mode & 0o111).not.toBe(0);
    expect(execFileSync(result.path, ['export', '--format', 'two words'], { encoding: 'utf8' })).toBe('[--cli]\n[export]\n[--format]\n[two words]\n');
  });

  it('falls back to ~/.local/bin when the system folder is not writable, and says when it is not on PATH', () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const local = join(dir, '.local', 'bin');
    try {
      const result = installCliLauncher({ executable: '/opt/Carrel/carrel', home: dir, pathEnv: '/usr/bin', folders: [locked, local] });
      // root can write anywhere: then the first folder is used, which is right too.
      expect([join(locked, 'carrel'), join(local, 'carrel')]).toContain(result.path);
      expect(result.onPath).toBe(false);
      expect(readFileSync(result.path, 'utf8')).toContain("exec '/opt/Carrel/carrel' --cli \"$@\"");
    } finally {
      chmodSync(locked, 0o755);
    }
  });

  it('replaces its own earlier launcher but never someone else\'s carrel', () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    installCliLauncher({ executable: '/old/Carrel', home: dir, pathEnv: '', folders: [bin] });
    installCliLauncher({ executable: '/new/Carrel', home: dir, pathEnv: '', folders: [bin] });
    expect(readFileSync(join(bin, 'carrel'), 'utf8')).toContain('/new/Carrel');
    writeFileSync(join(bin, 'carrel'), '#!/bin/sh\necho another tool\n');
    expect(() => installCliLauncher({ executable: '/new/Carrel', home: dir, pathEnv: '', folders: [bin] })).toThrow(/not Carrel's launcher/);
    expect(readFileSync(join(bin, 'carrel'), 'utf8')).toContain('another tool');
  });
});
