export type FetchRows = (offset: number, limit: number) => Promise<string[][]>;

const maxBlocks = 80;

/**
 * Rows of one open view, fetched from main in blocks as the user scrolls. Only the blocks near what is
 * on screen are kept; nothing like the whole table ever sits in the renderer.
 */
export class RowCache {
  private readonly blocks = new Map<number, string[][]>();
  private readonly loading = new Map<number, Promise<void>>();
  private readonly listeners = new Set<() => void>();
  private readonly fetchRows: FetchRows;
  private readonly total: number;
  readonly blockSize: number;
  error: unknown = null;

  constructor(fetchRows: FetchRows, total: number, blockSize = 200) {
    this.fetchRows = fetchRows;
    this.total = total;
    this.blockSize = blockSize;
  }

  get(row: number): string[] | undefined {
    const block = this.blocks.get(Math.floor(row / this.blockSize));
    return block?.[row % this.blockSize];
  }

  /** Starts fetching whatever blocks `from … to` needs; listeners hear when rows arrive. */
  ensure(from: number, to: number): void {
    const first = Math.max(0, Math.floor(from / this.blockSize));
    const last = Math.min(Math.floor((this.total - 1) / this.blockSize), Math.floor(to / this.blockSize));
    for (let block = first; block <= last; block++) void this.load(block);
  }

  /** All rows in `from … to` (inclusive), fetching what is missing; for copying a selection. */
  async range(from: number, to: number): Promise<string[][]> {
    const first = Math.floor(from / this.blockSize);
    const last = Math.floor(to / this.blockSize);
    const out: string[][] = [];
    for (let block = first; block <= last; block++) {
      const rows = this.blocks.get(block) ?? (await this.fetchBlock(block, false));
      const start = block === first ? from - block * this.blockSize : 0;
      const end = block === last ? to - block * this.blockSize + 1 : rows.length;
      out.push(...rows.slice(start, end));
    }
    return out;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private load(block: number): Promise<void> {
    if (this.blocks.has(block)) return Promise.resolve();
    const pending = this.loading.get(block);
    if (pending) return pending;
    const promise = this.fetchBlock(block, true)
      .then(() => undefined)
      .catch((error: unknown) => {
        this.error = error;
        this.notify();
      })
      .finally(() => this.loading.delete(block));
    this.loading.set(block, promise);
    return promise;
  }

  private async fetchBlock(block: number, keep: boolean): Promise<string[][]> {
    const rows = await this.fetchRows(block * this.blockSize, this.blockSize);
    if (keep || this.blocks.size < maxBlocks) {
      this.blocks.set(block, rows);
      while (this.blocks.size > maxBlocks) {
        const oldest = this.blocks.keys().next().value;
        if (oldest === undefined) break;
        this.blocks.delete(oldest);
      }
      this.notify();
    }
    return rows;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
