import Store from 'electron-store';
import { keyValueStore, type KeyValueStore } from '../services/settings/store.ts';

/** electron-store in the desktop app; it writes the same `settings.json` the Node shells read with conf. */
export function openElectronStore(): KeyValueStore {
  return keyValueStore(new Store<Record<string, unknown>>({ name: 'settings', clearInvalidConfig: false }));
}
