import Store from 'electron-store';
import type { KeyValueStore } from '../services/settings/store.ts';

/** electron-store in the desktop app; it writes the same `settings.json` the Node shells read with conf. */
export function openElectronStore(): KeyValueStore {
  const store = new Store<Record<string, unknown>>({ name: 'settings', clearInvalidConfig: false });
  return {
    get: (key) => store.get(key),
    set: (key, value) => store.set(key, value),
    delete: (key) => store.delete(key),
    get path() {
      return store.path;
    },
  };
}
