import { redactForLog } from './redact.ts';

/** What a support request needs to know, gathered by the caller; nothing here is secret by construction. */
export interface DiagnosticsFacts {
  app: { name: string; version: string; shell: string; demo: boolean };
  /** process.versions: node always; electron and chrome in the desktop app. */
  versions: Readonly<Record<string, string | undefined>>;
  os: { platform: string; release: string; arch: string };
  tokenStorage: string;
  preferences: Readonly<Record<string, unknown>>;
  connections: ReadonlyArray<{ name: string; kind: string; url: string; synced: string | null; cacheBytes: number }>;
  logsFolder: string | null;
  recentErrors: readonly string[];
  generatedAt: Date;
}

// A setting whose name says it holds a credential is left out even if one is added later by mistake.
const secretLooking = /token|secret|password|credential|key/i;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(unreadable address)';
  }
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * The text behind "Copy diagnostics": versions, settings without secrets (connections by name, kind and
 * server host only — never tokens, paths or addresses with queries), cache sizes and the newest error and warning lines.
 * The whole text goes through the log scrubber once more, so a secret that slipped into a name or an
 * error line is caught here too.
 */
export function diagnosticsText(facts: DiagnosticsFacts): string {
  const lines: string[] = [];
  lines.push(`${facts.app.name} ${facts.app.version} — diagnostics, ${facts.generatedAt.toISOString()}`);
  lines.push('');
  lines.push('## Versions');
  lines.push(`shell: ${facts.app.shell}${facts.app.demo ? ' (demo data)' : ''}`);
  for (const name of ['electron', 'chrome', 'node', 'v8']) {
    const version = facts.versions[name];
    if (version) lines.push(`${name}: ${version}`);
  }
  lines.push(`os: ${facts.os.platform} ${facts.os.release} (${facts.os.arch})`);
  lines.push(`tokens kept in: ${facts.tokenStorage}`);
  lines.push('');
  lines.push('## Settings');
  for (const [key, value] of Object.entries(facts.preferences)) {
    if (secretLooking.test(key)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') lines.push(`${key}: ${String(value)}`);
  }
  lines.push('');
  lines.push(`## Connections (${facts.connections.length})`);
  let total = 0;
  for (const c of facts.connections) {
    total += c.cacheBytes;
    lines.push(`- ${c.name} · ${c.kind} · ${hostOf(c.url)} · ${c.synced ? `synced ${c.synced}` : 'not synced'} · cache ${size(c.cacheBytes)}`);
  }
  lines.push(`offline caches in all: ${size(total)}`);
  lines.push('');
  lines.push(`## Recent errors and warnings (${facts.recentErrors.length}, newest last)`);
  if (facts.recentErrors.length === 0) lines.push('none');
  else lines.push(...facts.recentErrors);
  lines.push('');
  lines.push(`logs folder: ${facts.logsFolder ?? 'none (this shell keeps no log files)'}`);
  return redactForLog(lines.join('\n')) + '\n';
}
