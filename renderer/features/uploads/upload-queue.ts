// The upload queue's state machine, free of React so it can be tested as plain logic: checks before
// sending, at most `concurrency` files in flight, per-file state and progress, retry and cancel, and
// a summary that stays until dismissed.

export type UploadState = 'waiting' | 'staging' | 'sending' | 'done' | 'failed' | 'skipped';

/** What the queue needs of a file (a DOM File satisfies it; tests pass plain objects). */
export interface QueueFile {
  name: string;
  size: number;
}

export interface UploadItem<F extends QueueFile = QueueFile> {
  id: string;
  file: F;
  state: UploadState;
  /** Why it failed or was skipped; what Brim said of a finished task. */
  message: string | null;
  /** Bytes done of total while the transport reports them; null total = indeterminate. */
  progress: { done: number; total: number | null };
}

export interface UploadRules {
  /** Files larger than this are refused before anything is sent. */
  maxBytes: number;
  /** Lower-case extensions without the dot; absent = any type. */
  allowedExtensions?: readonly string[];
  /** Named in messages: "the file repository", "Brim". */
  targetLabel: string;
}

/** One file's trip: stage it, then send it. `report` moves the phase and progress along. */
export type SendFile<F extends QueueFile> = (
  file: F,
  report: (update: { state?: 'staging' | 'sending'; done?: number; total?: number | null }) => void,
) => Promise<string | null | void>;

export interface Summary {
  done: number;
  failed: number;
  skipped: number;
  active: number;
}

export const defaultConcurrency = 3;

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`;
}

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Why a file of one drop must not be sent, or null when it may go. `seen` holds the names earlier in the drop. */
export function refusal(file: QueueFile, rules: UploadRules, seen: ReadonlySet<string>): string | null {
  if (file.size === 0) return 'The file is empty (0 bytes); there is nothing to upload.';
  if (file.size > rules.maxBytes) return `The file is larger than ${megabytes(rules.maxBytes)}, the most ${rules.targetLabel} takes.`;
  if (rules.allowedExtensions && !rules.allowedExtensions.includes(extensionOf(file.name))) {
    return `Only ${rules.allowedExtensions.map((e) => e.toUpperCase()).join(', ')} files can be sent to ${rules.targetLabel}.`;
  }
  if (seen.has(file.name.toLowerCase())) return `Another file named ${file.name} is in this drop; only the first is sent. Rename one and upload it again.`;
  return null;
}

/** "7 uploaded, 1 failed, 1 skipped" — the parts that are not zero, plus what is still going. */
export function summaryText(summary: Summary): string {
  const parts: string[] = [];
  if (summary.done > 0) parts.push(`${summary.done} uploaded`);
  if (summary.failed > 0) parts.push(`${summary.failed} failed`);
  if (summary.skipped > 0) parts.push(`${summary.skipped} skipped`);
  if (summary.active > 0) parts.push(`${summary.active} to go`);
  return parts.length > 0 ? parts.join(', ') : 'Nothing to upload';
}

export class UploadQueue<F extends QueueFile = QueueFile> {
  #items: Array<UploadItem<F>> = [];
  #running = 0;
  #nextId = 1;
  #listeners = new Set<() => void>();
  #doneSinceSettled = 0;
  readonly #send: SendFile<F>;
  readonly #rules: UploadRules;
  readonly #concurrency: number;
  readonly #onSettled: (uploaded: number) => void;

  constructor(options: { send: SendFile<F>; rules: UploadRules; concurrency?: number; onSettled?: (uploaded: number) => void }) {
    this.#send = options.send;
    this.#rules = options.rules;
    this.#concurrency = options.concurrency ?? defaultConcurrency;
    this.#onSettled = options.onSettled ?? (() => undefined);
  }

  /** The current items; a new array after every change (React compares it by reference). */
  get items(): ReadonlyArray<UploadItem<F>> {
    return this.#items;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Adds one drop: each file is checked, the ones that pass wait their turn. */
  add(files: readonly F[]): void {
    const seen = new Set<string>();
    const added = files.map((file): UploadItem<F> => {
      const why = refusal(file, this.#rules, seen);
      seen.add(file.name.toLowerCase());
      return { id: `u${this.#nextId++}`, file, state: why ? 'skipped' : 'waiting', message: why, progress: { done: 0, total: null } };
    });
    this.#items = [...this.#items, ...added];
    this.#changed();
    this.#pump();
  }

  retry(id: string): void {
    this.#update(id, (item) => (item.state === 'failed' ? { ...item, state: 'waiting', message: null, progress: { done: 0, total: null } } : item));
    this.#pump();
  }

  retryFailed(): void {
    this.#items = this.#items.map((item) => (item.state === 'failed' ? { ...item, state: 'waiting', message: null, progress: { done: 0, total: null } } : item));
    this.#changed();
    this.#pump();
  }

  /** Files not yet started are skipped; ones already on their way finish (a half-sent file helps no one). */
  cancelWaiting(): void {
    this.#items = this.#items.map((item) => (item.state === 'waiting' ? { ...item, state: 'skipped', message: 'Cancelled before it was sent.' } : item));
    this.#changed();
    this.#maybeSettled();
  }

  /** Clears the finished files and their summary; files still on their way stay. */
  dismiss(): void {
    this.#items = this.#items.filter((item) => item.state === 'waiting' || item.state === 'staging' || item.state === 'sending');
    this.#changed();
  }

  summary(): Summary {
    const count = (...states: UploadState[]) => this.#items.filter((item) => states.includes(item.state)).length;
    return { done: count('done'), failed: count('failed'), skipped: count('skipped'), active: count('waiting', 'staging', 'sending') };
  }

  #pump(): void {
    while (this.#running < this.#concurrency) {
      const next = this.#items.find((item) => item.state === 'waiting');
      if (!next) break;
      this.#running++;
      void this.#run(next.id, next.file);
    }
    this.#maybeSettled();
  }

  async #run(id: string, file: F): Promise<void> {
    this.#update(id, (item) => ({ ...item, state: 'staging', progress: { done: 0, total: null } }));
    try {
      const note = await this.#send(file, (update) =>
        this.#update(id, (item) => ({
          ...item,
          state: update.state ?? item.state,
          progress: { done: update.done ?? item.progress.done, total: update.total === undefined ? item.progress.total : update.total },
        })),
      );
      this.#doneSinceSettled++;
      this.#update(id, (item) => ({ ...item, state: 'done', message: note ?? null }));
    } catch (error) {
      this.#update(id, (item) => ({ ...item, state: 'failed', message: error instanceof Error ? error.message : String(error) }));
    } finally {
      this.#running--;
      this.#pump();
    }
  }

  /** Tells the owner once when the queue has nothing more to do and something was uploaded. */
  #maybeSettled(): void {
    if (this.#running > 0 || this.#items.some((item) => item.state === 'waiting')) return;
    if (this.#doneSinceSettled === 0) return;
    const uploaded = this.#doneSinceSettled;
    this.#doneSinceSettled = 0;
    this.#onSettled(uploaded);
  }

  #update(id: string, change: (item: UploadItem<F>) => UploadItem<F>): void {
    this.#items = this.#items.map((item) => (item.id === id ? change(item) : item));
    this.#changed();
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }
}
