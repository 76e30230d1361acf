import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

const ticketLifetimeMs = 5 * 60 * 1000;

/**
 * The browser cannot show a save dialog for main, so web-shell exports are written to a folder of
 * their own and handed over through one-time download URLs. The folder is emptied at start and at exit:
 * exported research data should not pile up out of the user's sight.
 */
export class DownloadDesk {
  readonly dir: string;
  private readonly tickets = new Map<string, { path: string; expires: number }>();

  constructor(userDataDir: string) {
    this.dir = join(userDataDir, 'web-downloads');
    this.clear();
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  /** A path for a new export that does not overwrite an earlier one. */
  pathFor(suggestedName: string): string {
    const safe = basename(suggestedName).replace(/[^A-Za-z0-9._-]/g, '_') || 'export.csv';
    const extension = extname(safe);
    const stem = safe.slice(0, safe.length - extension.length);
    let candidate = join(this.dir, safe);
    for (let n = 2; existsSync(candidate); n++) candidate = join(this.dir, `${stem} (${n})${extension}`);
    return candidate;
  }

  issue(path: string): string {
    const ticket = randomBytes(24).toString('base64url');
    this.tickets.set(ticket, { path, expires: Date.now() + ticketLifetimeMs });
    return `/download/${ticket}`;
  }

  /** The file behind a ticket, once; null for unknown, used or expired tickets. */
  redeem(ticket: string): string | null {
    const entry = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (!entry || entry.expires < Date.now()) return null;
    return entry.path;
  }

  clear(): void {
    if (!existsSync(this.dir)) return;
    for (const name of readdirSync(this.dir)) rmSync(join(this.dir, name), { force: true, recursive: true });
  }
}
