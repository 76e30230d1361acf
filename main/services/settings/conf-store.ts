import Conf from 'conf';
import { keyValueStore, type KeyValueStore } from './store.ts';

/** Settings for Node shells and tests: conf, electron-store's own engine, writing `<dir>/settings.json`. */
export function openConfStore(dir: string): KeyValueStore {
  return keyValueStore(new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings', projectName: 'carrel', clearInvalidConfig: false }));
}
