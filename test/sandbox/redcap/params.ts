// REDCap reads its parameters through PHP's $_POST, so a parameter can arrive as a plain value, as
// a comma-separated list, or in PHP array syntax (`name[]`, `name[0]`, `name[1]`). Clients use
// every one of those shapes (reference §1.1), so the sandbox accepts them all.

const INDEXED_KEY = /^([^[\]]+)\[(\d*)\]$/;

export class RequestParams {
  readonly #scalars = new Map<string, string>();
  readonly #arrays = new Map<string, Map<string, string>>();
  readonly #count: number;

  constructor(entries: ReadonlyArray<readonly [string, string]>) {
    this.#count = entries.length;
    for (const [key, value] of entries) {
      const indexed = INDEXED_KEY.exec(key);
      if (indexed === null) {
        // PHP keeps the last of repeated plain keys.
        this.#scalars.set(key, value);
        continue;
      }
      const [, name = '', index = ''] = indexed;
      let slots = this.#arrays.get(name);
      if (slots === undefined) {
        slots = new Map();
        this.#arrays.set(name, slots);
      }
      // `name[]` appends; `name[3]` sets (and overwrites) slot 3, both in arrival order like PHP.
      slots.set(index === '' ? `append:${slots.size}` : index, value);
    }
  }

  /** True when the request carried no parameters at all (REDCap answers 501). */
  get isEmpty(): boolean {
    return this.#count === 0;
  }

  get(name: string): string | undefined {
    return this.#scalars.get(name);
  }

  /** A lower-cased enum-like value, or undefined when absent or blank. */
  choice(name: string): string | undefined {
    const value = this.#scalars.get(name)?.trim().toLowerCase();
    return value === undefined || value === '' ? undefined : value;
  }

  /** `true`/`false` in any case, and `1`/`0`; anything else falls back to `fallback`. */
  bool(name: string, fallback = false): boolean {
    const value = this.choice(name);
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    return fallback;
  }

  /** Every value of an array parameter in any of its four encodings, blanks dropped. */
  list(name: string): string[] {
    const values: string[] = [];
    const plain = this.#scalars.get(name);
    if (plain !== undefined) values.push(...plain.split(','));
    const slots = this.#arrays.get(name);
    if (slots !== undefined) values.push(...slots.values());
    return values.map((value) => value.trim()).filter((value) => value !== '');
  }
}
