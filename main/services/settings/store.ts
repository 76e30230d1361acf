/**
 * The part of electron-store / conf that Carrel uses. electron-store can only load inside Electron, so
 * the desktop shell passes an electron-store instance and everything else passes a conf instance; both
 * write atomically (temp file + rename) to `settings.json` in the user-data folder.
 */
export interface KeyValueStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  readonly path: string;
}

/** What conf and electron-store (a subclass of conf) have in common. */
export interface ConfLike {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
  readonly path: string;
}

export function keyValueStore(conf: ConfLike): KeyValueStore {
  return {
    get: (key) => conf.get(key),
    set: (key, value) => conf.set(key, value),
    delete: (key) => conf.delete(key),
    get path() {
      return conf.path;
    },
  };
}

export class MemoryStore implements KeyValueStore {
  readonly path = ':memory:';
  private readonly data = new Map<string, unknown>();
  get(key: string): unknown {
    return structuredClone(this.data.get(key));
  }
  set(key: string, value: unknown): void {
    this.data.set(key, structuredClone(value));
  }
  delete(key: string): void {
    this.data.delete(key);
  }
}
