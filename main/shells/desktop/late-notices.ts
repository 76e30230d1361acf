import { basename } from 'node:path';
import type { EventPayload } from '../../../shared/contract/index.ts';

type Notice = EventPayload<'app.notice'>;

/**
 * Notices that can arise before the window listens (a file given at launch, an update found at
 * start). They wait until the renderer's first call (app.info, made once it subscribed to events),
 * then go out in order; later ones go out at once.
 */
export class LateNotices {
  private pending: Notice[] | null = [];
  private readonly emit: (notice: Notice) => void;

  constructor(emit: (notice: Notice) => void) {
    this.emit = emit;
  }

  push(notice: Notice): void {
    if (this.pending) this.pending.push(notice);
    else this.emit(notice);
  }

  /** The window is listening: deliver what waited. Safe to call more than once. */
  ready(): void {
    const waiting = this.pending;
    if (!waiting) return;
    this.pending = null;
    for (const notice of waiting) this.emit(notice);
  }
}

/** The .csv files among the arguments a launch (or a second launch) was given by the OS. */
export function csvArguments(argv: readonly string[]): string[] {
  return argv.filter((arg) => !arg.startsWith('-') && /\.csv$/i.test(arg));
}

/** Carrel cannot guess which project a CSV belongs to, so it says where the import starts. */
export function openedCsvNotice(path: string): Notice {
  return {
    level: 'info',
    message: `Carrel was asked to open ${basename(path)}. To import it, open a REDCap or BrainSTEM connection and choose Import CSV, then pick this file.`,
  };
}
