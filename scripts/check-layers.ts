import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Enforces the arrows of DESIGN.md on every import (static, dynamic, require, `import type` included):
 *   shared ← main/services ← main/ipc ← main/platform, main/shells;  renderer ← shared;  preload ← shared.
 * Only main/platform and main/shells/desktop* may import electron; the web shell and the CLI stay
 * runnable in plain Node. Exits 1 and lists every violation.
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const sourceRoots = ['shared', 'main', 'preload', 'renderer'];

type Layer = 'shared' | 'services' | 'ipc' | 'platform' | 'shell-desktop' | 'shell-node' | 'preload' | 'renderer';

interface Rule {
  /** Project layers this layer may import. */
  layers: Layer[];
  nodeBuiltins: boolean;
  /** npm packages: 'any', or an explicit list. */
  packages: 'any' | string[];
  /** packages refused even when `packages` is 'any'. */
  deniedPackages?: string[];
}

const electronPackages = ['electron', 'electron-store', '@electron/remote'];

const rules: Record<Layer, Rule> = {
  shared: { layers: ['shared'], nodeBuiltins: false, packages: ['zod'] },
  services: { layers: ['shared', 'services'], nodeBuiltins: true, packages: 'any', deniedPackages: [...electronPackages, 'react', 'react-dom'] },
  ipc: { layers: ['shared', 'services', 'ipc'], nodeBuiltins: true, packages: 'any', deniedPackages: [...electronPackages, 'react', 'react-dom'] },
  platform: { layers: ['shared', 'services', 'ipc', 'platform'], nodeBuiltins: true, packages: 'any' },
  'shell-desktop': { layers: ['shared', 'services', 'ipc', 'platform', 'shell-desktop', 'shell-node'], nodeBuiltins: true, packages: 'any' },
  'shell-node': { layers: ['shared', 'services', 'ipc', 'shell-node'], nodeBuiltins: true, packages: 'any', deniedPackages: electronPackages },
  preload: { layers: ['shared'], nodeBuiltins: false, packages: ['electron'] },
  renderer: { layers: ['shared', 'renderer'], nodeBuiltins: false, packages: 'any', deniedPackages: [...electronPackages, 'ws', 'conf', '@napi-rs/keyring'] },
};

export function layerOf(path: string): Layer | null {
  const p = path.split(sep).join('/');
  if (p.startsWith('shared/')) return 'shared';
  if (p.startsWith('main/services/')) return 'services';
  if (p.startsWith('main/ipc/')) return 'ipc';
  if (p.startsWith('main/platform/')) return 'platform';
  if (/^main\/shells\/desktop[^/]*\//.test(p)) return 'shell-desktop';
  if (p.startsWith('main/shells/')) return 'shell-node';
  if (p.startsWith('preload/')) return 'preload';
  if (p.startsWith('renderer/')) return 'renderer';
  return null;
}

const importPattern = /(?:^|[^\w$.])(?:import|export)\s+(?:type\s+)?(?:[\w*${}\s,]+\s+from\s+)?['"]([^'"]+)['"]|(?:^|[^\w$.])import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[^\w$.])require\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(source: string): Array<{ specifier: string; line: number }> {
  const found: Array<{ specifier: string; line: number }> = [];
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' ')).replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  for (const match of withoutComments.matchAll(importPattern)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (!specifier) continue;
    const line = withoutComments.slice(0, match.index).split('\n').length;
    found.push({ specifier, line });
  }
  return found;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

export function checkImport(file: string, specifier: string): string | null {
  const from = layerOf(file);
  if (!from) return null;
  const rule = rules[from];
  if (specifier.startsWith('.')) {
    if (/\.css$/.test(specifier) && from === 'renderer') return null;
    const target = relative(root, resolve(root, dirname(file), specifier));
    const to = layerOf(target);
    if (!to) return `imports ${specifier}, outside the application's source folders`;
    return rule.layers.includes(to) ? null : `${from} may not import ${to} (${specifier})`;
  }
  if (specifier.startsWith('node:')) return rule.nodeBuiltins ? null : `${from} may not import Node built-ins (${specifier})`;
  const name = packageName(specifier);
  if (rule.deniedPackages?.includes(name)) return `${from} may not import ${name}`;
  if (rule.packages !== 'any' && !rule.packages.includes(name)) return `${from} may only import ${rule.packages.join(', ')} among packages, not ${name}`;
  return null;
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(ts|tsx|mts|cts)$/.test(name)) out.push(path);
  }
}

function main(): void {
  const files: string[] = [];
  for (const dir of sourceRoots) walk(join(root, dir), files);
  const violations: string[] = [];
  for (const absolute of files) {
    const file = relative(root, absolute);
    for (const { specifier, line } of importsOf(readFileSync(absolute, 'utf8'))) {
      const problem = checkImport(file, specifier);
      if (problem) violations.push(`${file}:${line}: ${problem}`);
    }
  }
  if (violations.length > 0) {
    process.stderr.write(`Layering check failed (${violations.length}):\n${violations.map((v) => `  ${v}`).join('\n')}\n`);
    process.exit(1);
  }
  process.stdout.write(`Layering check passed: ${files.length} files, every import follows DESIGN.md's arrows.\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
