import Conf from 'conf';
import type { KeyValueStore } from './store.ts';

/** Settings for Node shells and tests: conf, electron-store's own engine, writing `<dir>/settings.json`. */
export function openConfStore(dir: string): KeyValueStore {
  const conf = new Conf<Record<string, unknown>>({
    cwd: dir,
    configName: 'settings',
    projectName: 'carrel',
    clearInvalidConfig: false,
  });
  return {
    get: (key) => conf.get(key),
    set: (key, value) => conf.set(key, value),
    delete: (key) => conf.delete(key),
    get path() {
      return conf.path;
    },
  };
}
